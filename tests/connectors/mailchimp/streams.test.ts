import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { mailchimpConnector } from '../../../connectors/mailchimp/index.js';
import { addEvent, addMember, updateMember } from '../../../sandbox/mailchimp/fixtures.js';
import {
  CAMPAIGN_1,
  CAMPAIGN_2,
  CAMPAIGN_FUTURE,
  LIST_A,
  LIST_B,
  lastState,
  records,
  startHarness,
  type Harness,
} from './helpers.js';

const md5 = (s: string) => createHash('md5').update(s).digest('hex');

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('mailchimp streams: full read', () => {
  it('declares the six streams with their keys', () => {
    const shape = Object.fromEntries(mailchimpConnector.streams.map((s) => [s.name, [s.primaryKey.join(','), s.cursorField ?? '']]));
    expect(shape).toEqual({
      lists: ['id', ''],
      members: ['list_id,id', 'last_changed'],
      campaigns: ['id', ''],
      reports: ['id', ''],
      email_activity: ['campaign_id,email_id,action,timestamp', 'timestamp'],
      sent_to: ['campaign_id,email_id', ''],
    });
  });

  it('every record of every stream satisfies its schema', async () => {
    h = await startHarness();
    for (const stream of mailchimpConnector.streams) {
      const rows = records(await h.read(stream.name));
      expect(rows.length, stream.name).toBeGreaterThan(0);
      for (const row of rows) expect(stream.schema.safeParse(row).success, `${stream.name} ${JSON.stringify(row)}`).toBe(true);
      for (const row of rows) expect(row).not.toHaveProperty('_links');
    }
  });

  it('lists: as GET /3.0/lists returns them, with stats computed from the members', async () => {
    h = await startHarness();
    const lists = records(await h.read('lists'));
    expect(lists.map((l) => l.id)).toEqual([LIST_A, LIST_B]);
    const a = lists[0]!;
    expect(a).toMatchObject({ id: LIST_A, name: 'Newsletter', date_created: '2025-01-01T00:00:00+00:00' });
    expect(a.web_id).toEqual(expect.any(Number));
    expect(a.stats).toMatchObject({ member_count: 5, unsubscribe_count: 1, cleaned_count: 1, campaign_count: 1, campaign_last_sent: '2026-10-10T09:00:00+00:00' });
  });

  it('members: Mailchimp member records with md5 ids and per-list cursors', async () => {
    h = await startHarness();
    const batches = await h.read('members');
    const members = records(batches);
    expect(members).toHaveLength(10);
    const ada = members.find((m) => m.list_id === LIST_A && m.id === md5('ada.lovelace@example.com'))!;
    expect(ada).toMatchObject({
      email_address: ' Ada.Lovelace@Example.com',
      full_name: 'First1 Last1',
      status: 'subscribed',
      merge_fields: { FNAME: 'First1', LNAME: 'Last1', PHONE: '' },
      last_changed: '2026-10-01T08:00:00+00:00',
      location: { country_code: 'US', timezone: 'America/New_York' },
      tags_count: 0,
      tags: [],
    });
    expect(Object.keys(ada).sort()).toEqual(
      [
        'id', 'email_address', 'unique_email_id', 'contact_id', 'full_name', 'email_type', 'status', 'merge_fields', 'stats',
        'ip_signup', 'timestamp_signup', 'ip_opt', 'timestamp_opt', 'member_rating', 'last_changed', 'language', 'vip',
        'location', 'source', 'tags_count', 'tags', 'list_id',
      ].sort(),
    );
    // Same person in two lists: two records, same id, different list_id.
    expect(members.filter((m) => m.id === ada.id).map((m) => m.list_id).sort()).toEqual([LIST_A, LIST_B].sort());
    // Oldest change first within a list.
    const aChanges = members.filter((m) => m.list_id === LIST_A).map((m) => Date.parse(m.last_changed as string));
    expect(aChanges).toEqual([...aChanges].sort((x, y) => x - y));
    expect(lastState(batches)).toEqual({
      lists: { [LIST_A]: '2026-10-07T08:00:00+00:00', [LIST_B]: '2026-10-10T08:00:00+00:00' },
    });
    expect(mailchimpConnector.streams.find((s) => s.name === 'members')!.pii['merge_fields.PHONE']).toBe('phone');
  });

  it('members: the ADDRESS and BIRTHDAY merge fields, an unset address as null rather than ""', async () => {
    h = await startHarness();
    addMember(
      h.fixtures,
      {
        listId: LIST_B, emailAddress: 'mary@example.com', firstName: 'Mary', birthday: '12/09',
        address: { addr1: '1 Main St', addr2: 'Apt 2', city: 'Springfield', state: 'IL', zip: '62701', country: 'US' },
      },
      '2026-11-02T10:00:00Z',
    );
    const members = records(await h.read('members'));
    expect(members.find((m) => m.email_address === 'mary@example.com')!.merge_fields).toEqual({
      FNAME: 'Mary', LNAME: '', PHONE: '', BIRTHDAY: '12/09',
      ADDRESS: { addr1: '1 Main St', addr2: 'Apt 2', city: 'Springfield', state: 'IL', zip: '62701', country: 'US' },
    });
    expect(members.find((m) => m.email_address === 'grace@example.com')!.merge_fields).toMatchObject({ ADDRESS: null, BIRTHDAY: '' });
    const { pii } = mailchimpConnector.streams.find((s) => s.name === 'members')!;
    expect(pii).toMatchObject({ 'merge_fields.BIRTHDAY': 'date_of_birth', 'merge_fields.ADDRESS.addr1': 'address', 'merge_fields.ADDRESS.zip': 'address' });
  });

  it('campaigns: recipients, settings and the utm slug in tracking.google_analytics', async () => {
    h = await startHarness();
    const campaigns = records(await h.read('campaigns'));
    expect(campaigns.map((c) => c.id)).toEqual([CAMPAIGN_1, CAMPAIGN_2, CAMPAIGN_FUTURE]);
    expect(campaigns[0]).toMatchObject({
      type: 'regular',
      status: 'sent',
      emails_sent: 7,
      send_time: '2026-10-10T09:00:00+00:00',
      recipients: { list_id: LIST_A, list_name: 'Newsletter', recipient_count: 7 },
      settings: { subject_line: 'Autumn sale starts now', title: 'Autumn Sale 2026' },
      tracking: { opens: true, html_clicks: true, google_analytics: 'autumn_sale_2026' },
    });
    expect(campaigns[2]).toMatchObject({ status: 'schedule', emails_sent: 0 });
  });

  it('reports: aggregated from the activity', async () => {
    h = await startHarness();
    const reports = records(await h.read('reports'));
    expect(reports.map((r) => r.id)).toEqual([CAMPAIGN_1, CAMPAIGN_2]);
    expect(reports[0]).toMatchObject({
      campaign_title: 'Autumn Sale 2026',
      list_id: LIST_A,
      emails_sent: 7,
      opens: { opens_total: 4, unique_opens: 3, open_rate: 0.5, last_open: '2026-10-12T11:00:00+00:00' },
      clicks: { clicks_total: 1, unique_clicks: 1, unique_subscriber_clicks: 1, last_click: '2026-10-11T10:01:00+00:00' },
      bounces: { hard_bounces: 1, soft_bounces: 0, syntax_errors: 0 },
      unsubscribed: 0,
    });
  });

  it('email_activity: one record per action, sent campaigns only, cursor per campaign', async () => {
    h = await startHarness();
    const batches = await h.read('email_activity');
    const rows = records(batches);
    expect(rows).toHaveLength(7);
    expect(new Set(rows.map((r) => r.campaign_id))).toEqual(new Set([CAMPAIGN_1, CAMPAIGN_2]));
    const click = rows.find((r) => r.action === 'click')!;
    expect(click).toEqual({
      campaign_id: CAMPAIGN_1,
      list_id: LIST_A,
      list_is_active: true,
      email_id: md5('ada.lovelace@example.com'),
      email_address: ' Ada.Lovelace@Example.com',
      action: 'click',
      timestamp: '2026-10-11T10:01:00+00:00',
      url: 'https://shop.example.com/?utm_campaign=autumn_sale_2026',
      ip: expect.stringMatching(/^\d+\.\d+\.\d+\.\d+$/),
    });
    expect(rows.find((r) => r.action === 'bounce')).toMatchObject({ url: null, ip: null });
    expect(lastState(batches)).toEqual({
      campaigns: { [CAMPAIGN_1]: '2026-10-12T11:00:00+00:00', [CAMPAIGN_2]: '2026-10-20T12:00:00+00:00' },
    });
    expect(h.mock.count(`/3.0/reports/${CAMPAIGN_FUTURE}`)).toBe(0);
  });

  it('sent_to: every recipient with open count and bounce status', async () => {
    h = await startHarness();
    const rows = records(await h.read('sent_to'));
    expect(rows).toHaveLength(10);
    const ada = rows.find((r) => r.campaign_id === CAMPAIGN_1 && r.email_id === md5('ada.lovelace@example.com'))!;
    expect(ada).toEqual({
      email_id: md5('ada.lovelace@example.com'),
      email_address: ' Ada.Lovelace@Example.com',
      merge_fields: { FNAME: 'First1', LNAME: 'Last1' },
      vip: expect.any(Boolean),
      status: 'sent',
      open_count: 2,
      last_open: '2026-10-11T10:00:00+00:00',
      absplit_group: '',
      gmt_offset: -5,
      campaign_id: CAMPAIGN_1,
      list_id: LIST_A,
      list_is_active: true,
    });
    expect(rows.find((r) => r.email_address === 'edsger@example.com')).toMatchObject({ status: 'hard', open_count: 0, last_open: '' });
  });
});

describe('mailchimp streams: paging', () => {
  it('pages by count/offset up to total_items, one batch per page', async () => {
    h = await startHarness({ pageSize: 2 });
    const batches = await h.read('members');
    expect(batches.map((b) => b.records.length)).toEqual([2, 2, 2, 1, 2, 1]);
    expect(new Set(records(batches).map((m) => `${m.list_id}:${m.id}`)).size).toBe(10);
    const offsets = h.mock.requests
      .filter((r) => r.path === `/3.0/lists/${LIST_A}/members`)
      .map((r) => new URLSearchParams(r.query).get('offset'))
      .sort();
    expect(offsets).toEqual(['0', '2', '4', '6']);
    // Cursor state advances with every page (pages are in last_changed order).
    expect(batches[0]!.state).toEqual({ lists: { [LIST_A]: '2026-10-02T08:00:00+00:00' } });
  });

  it('pages email activity without moving the campaign cursor before its last page', async () => {
    h = await startHarness({ pageSize: 1 });
    const batches = await h.read('email_activity');
    expect(records(batches)).toHaveLength(7);
    const campaign1Batches = batches.filter((b) => b.records[0]!.campaign_id === CAMPAIGN_1);
    expect(campaign1Batches.length).toBe(4);
    for (const b of campaign1Batches.slice(0, -1)) expect(b.state).toEqual({ campaigns: {} });
    expect(campaign1Batches.at(-1)!.state).toEqual({ campaigns: { [CAMPAIGN_1]: '2026-10-12T11:00:00+00:00' } });
  });
});

describe('mailchimp streams: incremental', () => {
  it('members: a second read with state returns only what changed since (plus the cursor second, re-read)', async () => {
    h = await startHarness();
    const first = await h.read('members');
    const state = lastState(first)! as { lists: Record<string, string> };
    // Mailchimp's since_last_changed is strict and whole-second: each list's cursor second
    // is re-read (and deduplicated on landing) so a crash inside that second loses nothing.
    const reread = records(await h.read('members', state));
    expect(reread.length).toBeGreaterThan(0);
    for (const m of reread) expect(m.last_changed).toBe(state.lists[m.list_id as string]);

    updateMember(h.fixtures, LIST_A, 'grace@example.com', { status: 'subscribed', lastName: 'Hopper' }, '2026-11-02T09:00:00Z');
    addMember(h.fixtures, { listId: LIST_B, emailAddress: 'Linus@Example.com', firstName: 'Linus' }, '2026-11-02T10:00:00Z');
    const second = await h.read('members', state);
    const changed = records(second).filter((m) => m.last_changed !== state.lists[m.list_id as string]);
    expect(changed.map((m) => [m.list_id, m.email_address, m.status])).toEqual([
      [LIST_A, 'grace@example.com', 'subscribed'],
      [LIST_B, 'Linus@Example.com', 'subscribed'],
    ]);
    expect(changed[0]).toMatchObject({ merge_fields: { LNAME: 'Hopper' }, last_changed: '2026-11-02T09:00:00+00:00' });
    expect(lastState(second)).toEqual({
      lists: { [LIST_A]: '2026-11-02T09:00:00+00:00', [LIST_B]: '2026-11-02T10:00:00+00:00' },
    });
    const sinceParams = h.mock.requests
      .filter((r) => r.path.endsWith('/members'))
      .map((r) => new URLSearchParams(r.query).get('since_last_changed'));
    expect(sinceParams.slice(-2)).toEqual(['2026-10-07T07:59:59+00:00', '2026-10-10T07:59:59+00:00']);
  });

  it('members: start_date bounds the first read', async () => {
    h = await startHarness({ startDate: '2026-10-05T12:00:00Z' });
    const rows = records(await h.read('members'));
    expect(rows.map((m) => m.last_changed)).toEqual([
      '2026-10-06T08:00:00+00:00',
      '2026-10-07T08:00:00+00:00',
      '2026-10-08T08:00:00+00:00',
      '2026-10-09T08:00:00+00:00',
      '2026-10-10T08:00:00+00:00',
    ]);
  });

  it('email_activity: a second read returns only new actions, per campaign', async () => {
    h = await startHarness();
    const state = lastState(await h.read('email_activity'))! as { campaigns: Record<string, string> };
    // Only each campaign's cursor second is re-read (since is strict and whole-second).
    for (const r of records(await h.read('email_activity', state))) expect(r.timestamp).toBe(state.campaigns[r.campaign_id as string]);

    addEvent(h.fixtures, { campaignId: CAMPAIGN_2, listId: LIST_B, emailAddress: 'john@example.com', action: 'open', timestamp: '2026-11-01T07:00:00Z' });
    addEvent(h.fixtures, {
      campaignId: CAMPAIGN_2,
      listId: LIST_B,
      emailAddress: 'john@example.com',
      action: 'click',
      timestamp: '2026-11-01T07:00:30Z',
      url: 'https://shop.example.com/new?utm_campaign=product_news_oct_2026',
    });
    const second = await h.read('email_activity', state);
    const fresh = records(second).filter((r) => r.timestamp !== state.campaigns[r.campaign_id as string]);
    expect(fresh.map((r) => [r.campaign_id, r.email_address, r.action])).toEqual([
      [CAMPAIGN_2, 'john@example.com', 'open'],
      [CAMPAIGN_2, 'john@example.com', 'click'],
    ]);
    expect(lastState(second)).toEqual({
      campaigns: { [CAMPAIGN_1]: '2026-10-12T11:00:00+00:00', [CAMPAIGN_2]: '2026-11-01T07:00:30+00:00' },
    });
    const since = h.mock.requests.filter((r) => r.path.endsWith(`${CAMPAIGN_1}/email-activity`)).map((r) => new URLSearchParams(r.query).get('since'));
    expect(since).toEqual([null, '2026-10-12T10:59:59+00:00', '2026-10-12T10:59:59+00:00']);
  });

  it('sent_to: a second read skips settled campaigns; a new open re-reads only its campaign', async () => {
    h = await startHarness();
    const sentToRequests = (campaign: string) => h!.mock.count(`/3.0/reports/${campaign}/sent-to`);
    const first = await h.read('sent_to');
    const state = lastState(first)! as { campaigns: Record<string, string> };
    expect(Object.keys(state.campaigns).sort()).toEqual([CAMPAIGN_1, CAMPAIGN_2]);

    expect(await h.read('sent_to', state)).toEqual([]);
    expect([sentToRequests(CAMPAIGN_1), sentToRequests(CAMPAIGN_2)]).toEqual([1, 1]);

    addEvent(h.fixtures, { campaignId: CAMPAIGN_2, listId: LIST_B, emailAddress: 'john@example.com', action: 'open', timestamp: '2026-11-01T07:00:00Z' });
    const second = await h.read('sent_to', state);
    expect([sentToRequests(CAMPAIGN_1), sentToRequests(CAMPAIGN_2)]).toEqual([1, 2]);
    expect(records(second).every((r) => r.campaign_id === CAMPAIGN_2)).toBe(true);
    expect(records(second).find((r) => r.email_address === 'john@example.com')).toMatchObject({ open_count: 1, last_open: '2026-11-01T07:00:00+00:00' });
    const after = lastState(second)! as { campaigns: Record<string, string> };
    expect(after.campaigns[CAMPAIGN_1]).toBe(state.campaigns[CAMPAIGN_1]);
    expect(after.campaigns[CAMPAIGN_2]).not.toBe(state.campaigns[CAMPAIGN_2]);
    expect(await h.read('sent_to', after)).toEqual([]);
  });

  it('sent_to: a campaign counts as read only with its last page', async () => {
    h = await startHarness({ pageSize: 1 });
    const batches = await h.read('sent_to');
    const campaign1 = batches.filter((b) => b.records[0]!.campaign_id === CAMPAIGN_1);
    expect(campaign1.length).toBeGreaterThan(1);
    for (const b of campaign1.slice(0, -1)) expect(b.state).toEqual({ campaigns: {} });
    expect(Object.keys((campaign1.at(-1)!.state as { campaigns: object }).campaigns)).toEqual([CAMPAIGN_1]);
  });

  it('reports follow the mutable store', async () => {
    h = await startHarness();
    updateMember(h.fixtures, LIST_A, 'katherine@example.com', { status: 'unsubscribed' }, '2026-10-15T00:00:00Z');
    const report = records(await h.read('reports')).find((r) => r.id === CAMPAIGN_1)!;
    expect(report.unsubscribed).toBe(1);
    expect(records(await h.read('lists'))[0]!.stats).toMatchObject({ member_count: 4, unsubscribe_count: 2 });
  });
});
