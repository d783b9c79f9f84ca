import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBInstance, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import type { Manifest } from '../../engine/index.js';
import { buildModels, compileProject } from './build.js';
import { createRawTables, land } from './raw-fixtures.js';
import { aliceMemberId, campaignIdOf, customerIdOf, landBaseline, LIST, UTM } from './scenario.js';

const PROJECT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dbt-like-models');

const ALICE = customerIdOf('hubspot:contacts:hubspot:101');
const BOB = customerIdOf('hubspot:contacts:hubspot:201');
const DAVE = customerIdOf('web:anonymous_id:web:anon-d');
const ERIN_BROWSER = customerIdOf('web:anonymous_id:web:anon-e');
const ERIN_CRM = customerIdOf('hubspot:contacts:hubspot:401');

type Row = Record<string, unknown>;

let instance: DuckDBInstance;
let conn: DuckDBConnection;
let models: Manifest;

async function rows(sql: string, params: DuckDBValue[] = []): Promise<Row[]> {
  const reader = await conn.runAndReadAll(sql, params);
  return reader.getRowObjectsJson() as Row[];
}

async function customerOf(source: string, kind: string, recordId: string): Promise<unknown> {
  const r = await rows(
    'select customer_id from customer_identities where source = $1 and source_kind = $2 and source_record_id = $3',
    [source, kind, recordId],
  );
  return r[0]?.customer_id ?? null;
}

beforeAll(async () => {
  instance = await DuckDBInstance.create(':memory:');
  conn = await instance.connect();
  // Dates in the marts are UTC by construction; a non-UTC session proves it.
  await conn.run("set TimeZone = 'America/Los_Angeles'");
  await createRawTables(conn);
  await landBaseline(conn);
  models = await compileProject(PROJECT_DIR);
  await buildModels(conn, models);
});

afterAll(() => {
  conn?.closeSync();
  instance?.closeSync();
});

describe('staging', () => {
  it('keeps the latest version of each record and drops tombstones', async () => {
    const contacts = await rows('select contact_id, last_name, email, email_normalized from stg_hubspot__contacts order by contact_id');
    expect(contacts.map((c) => c.contact_id)).toEqual(['101', '102', '201']);
    expect(contacts.find((c) => c.contact_id === '201')?.last_name).toBe('Builder');
    expect(contacts[0]).toMatchObject({ email: ' Alice@Example.com ', email_normalized: 'alice@example.com' });
  });

  it('casts types and derives utm values', async () => {
    const [meta] = await rows('select utm_campaign, audience, daily_budget::double as budget from stg_meta_ads__campaigns');
    expect(meta).toEqual({ utm_campaign: UTM, audience: 'lookalike', budget: 50 });
    const [deal] = await rows("select amount::double as amount, is_closed_won, contact_ids from stg_hubspot__deals where deal_id = 'd1'");
    expect(deal).toEqual({ amount: 1500, is_closed_won: true, contact_ids: ['101', '102'] });
    const dealContacts = await rows('select deal_id, contact_id from stg_hubspot__deal_contacts order by all');
    expect(dealContacts.map((r) => `${r.deal_id}:${r.contact_id}`)).toEqual(['d1:101', 'd1:102', 'd2:201', 'd2:301']);
    const [member] = await rows('select signed_up_at, is_subscribed, member_key from stg_mailchimp__members where member_id = $1', [aliceMemberId]);
    expect(member).toEqual({ signed_up_at: null, is_subscribed: true, member_key: `${LIST}:${aliceMemberId}` });
    const [order] = await rows("select revenue::double as revenue, utm_campaign from stg_web__events where event_id = 'w-a4'");
    expect(order).toEqual({ revenue: 120.5, utm_campaign: UTM });
  });

  it('counts a restated Meta day once, with its latest numbers', async () => {
    const insights = await rows('select date_day::varchar as d, impressions::int as i, spend::double as s from stg_meta_ads__insights order by 1');
    expect(insights).toEqual([{ d: '2026-04-01', i: 120, s: 12.5 }, { d: '2026-04-02', i: 200, s: 20 }]);
  });
});

describe('customers and identities', () => {
  it('has one customer per person; anonymous-only browsers and tombstoned contacts are not customers', async () => {
    const customers = await rows('select customer_id from customers order by customer_id');
    expect(customers.map((c) => c.customer_id).sort()).toEqual([ALICE, BOB, DAVE].sort());
    expect(await customerOf('web', 'anonymous_id', 'anon-x')).toBeNull();
    expect(await customerOf('hubspot', 'contacts', '301')).toBeNull();
    const [visitor] = await rows("select customer_id from int_identity__components where identity_key = 'web:anonymous_id:web:anon-x'");
    expect(visitor).toEqual({ customer_id: null });
  });

  it('stitches Alice across HubSpot duplicates, Mailchimp and her identified browser', async () => {
    const identities = await rows(
      'select source, source_kind, source_record_id, match_rule, is_anchor from customer_identities where customer_id = $1 order by identity_key',
      [ALICE],
    );
    expect(identities).toEqual([
      { source: 'hubspot', source_kind: 'contacts', source_record_id: '101', match_rule: 'email', is_anchor: true },
      { source: 'hubspot', source_kind: 'contacts', source_record_id: '102', match_rule: 'email', is_anchor: false },
      { source: 'mailchimp', source_kind: 'members', source_record_id: `${LIST}:${aliceMemberId}`, match_rule: 'email', is_anchor: false },
      { source: 'web', source_kind: 'anonymous_id', source_record_id: 'anon-a1', match_rule: 'web_identify', is_anchor: false },
      { source: 'web', source_kind: 'user_id', source_record_id: 'u-alice', match_rule: 'web_identify', is_anchor: false },
    ]);
    const [alice] = await rows(
      `select email, first_name, last_name, phone, company, country, lifecycle_stage, email_subscribed,
              first_seen_at::varchar as first_seen, source_systems, identity_count::int as n
       from customers where customer_id = $1`,
      [ALICE],
    );
    expect(alice).toMatchObject({
      email: 'alice@example.com', first_name: 'Alice', last_name: 'Adams', phone: '+14155550100', company: 'Acme',
      country: 'United States', lifecycle_stage: 'customer', email_subscribed: true, source_systems: ['hubspot', 'mailchimp', 'web'], n: 5,
    });
    // first seen by the browser in December, though the ID comes from the CRM contact
    expect(String(alice?.first_seen)).toMatch(/^2025-12-01 04:00:00/);
  });

  it('gives single-source people their own attributes and rule', async () => {
    const [bob] = await rows('select last_name, email_subscribed, source_systems from customers where customer_id = $1', [BOB]);
    expect(bob).toEqual({ last_name: 'Builder', email_subscribed: false, source_systems: ['hubspot', 'mailchimp'] });
    const [dave] = await rows(
      'select c.email, c.email_subscribed, i.match_rule from customers c join customer_identities i using (customer_id) where customer_id = $1',
      [DAVE],
    );
    expect(dave).toEqual({ email: 'dave@example.com', email_subscribed: null, match_rule: 'self' });
  });
});

describe('campaigns, touchpoints and performance', () => {
  it('has one campaign across channels', async () => {
    const campaigns = await rows(
      `select campaign_id, campaign_name, channels, mailchimp_campaign_ids, meta_campaign_ids,
              first_activity_date::varchar as first, last_activity_date::varchar as last from campaigns`,
    );
    expect(campaigns).toEqual([{
      campaign_id: campaignIdOf(UTM), campaign_name: 'Spring Sale 2026', channels: ['crm', 'email', 'paid_social', 'web'],
      mailchimp_campaign_ids: ['mc1'], meta_campaign_ids: ['9001'], first: '2026-03-28', last: '2026-04-03',
    }]);
  });

  it('attaches touchpoints to the right customer and campaign', async () => {
    const tps = await rows(
      `select customer_id, campaign_id, channel, touchpoint_type, source_record_id, revenue::double as revenue
       from touchpoints order by customer_id, occurred_at, touchpoint_type`,
    );
    const cmp = campaignIdOf(UTM);
    const summary = (id: string) => tps.filter((t) => t.customer_id === id).map((t) => `${t.touchpoint_type}/${t.channel}/${t.campaign_id === cmp ? 'cmp' : t.campaign_id}/${t.revenue}`);
    expect(summary(ALICE).sort()).toEqual([
      'conversion/web/cmp/120.5',
      'deal_created/crm/cmp/1500',
      'email_click/email/cmp/null',
      'email_open/email/cmp/null',
      'email_sent/email/cmp/null',
      'web_visit/web/cmp/null',
      'web_visit/web/null/null', // the December visit, before the browser was identified
    ]);
    expect(summary(BOB).sort()).toEqual(['deal_created/crm/null/null', 'email_bounce/email/cmp/null', 'email_sent/email/cmp/null']);
    // both events came from a Meta ad (utm_source=facebook, utm_medium=paid_social)
    expect(summary(DAVE).sort()).toEqual(['form_fill/paid_social/cmp/null', 'web_visit/paid_social/cmp/null']);
    expect(tps).toHaveLength(12);
    const ids = await rows('select count(distinct touchpoint_id)::int as n from touchpoints');
    expect(ids[0]?.n).toBe(12);
  });

  it('reports per campaign and day', async () => {
    const perf = await rows(
      `select "date"::varchar as d, impressions::int as impressions, clicks::int as clicks, spend::double as spend, sends::int as sends,
              opens::int as opens, email_clicks::int as email_clicks, sessions::int as sessions, conversions::int as conversions,
              revenue::double as revenue
       from campaign_performance where campaign_id = $1 order by 1`,
      [campaignIdOf(UTM)],
    );
    expect(perf).toEqual([
      { d: '2026-04-01', impressions: 120, clicks: 6, spend: 12.5, sends: 2, opens: 1, email_clicks: 1, sessions: 2, conversions: 1, revenue: 120.5 },
      { d: '2026-04-02', impressions: 200, clicks: 10, spend: 20, sends: 0, opens: 0, email_clicks: 0, sessions: 2, conversions: 1, revenue: 0 },
    ]);
  });
});

describe('organic social', () => {
  it('stages posts and media with their latest lifetime insights and a campaign from the link or a hashtag', async () => {
    const posts = await rows('select post_id, utm_campaign, reach::int as reach, impressions::int as impressions, reactions::int as reactions, engagements::int as engagements from stg_organic_social__facebook_posts order by 1');
    expect(posts).toEqual([
      { post_id: 'p_1', utm_campaign: UTM, reach: 900, impressions: 1200, reactions: 25, engagements: 32 },
      { post_id: 'p_2', utm_campaign: null, reach: 300, impressions: 0, reactions: 0, engagements: 1 },
    ]);
    const media = await rows('select media_id, campaign_tags, reach::int as reach, engagements::int as engagements from stg_organic_social__instagram_media');
    expect(media).toEqual([{ media_id: 'm_1', campaign_tags: ['northwind', UTM], reach: 400, engagements: 45 }]);
  });

  it('puts organic reach and engagement beside paid numbers in campaign_performance, on the day the posts were published', async () => {
    const perf = await rows(
      `select "date"::varchar as d, impressions::int as paid_impressions, organic_posts::int as posts, organic_impressions::int as impressions,
              organic_reach::int as reach, organic_engagements::int as engagements
       from campaign_performance where campaign_id = $1 order by 1`,
      [campaignIdOf(UTM)],
    );
    expect(perf).toEqual([
      { d: '2026-04-01', paid_impressions: 120, posts: 2, impressions: 1850, reach: 1300, engagements: 77 },
      { d: '2026-04-02', paid_impressions: 200, posts: 0, impressions: 0, reach: 0, engagements: 0 },
    ]);
  });
});

// These mutate raw: they run last, in file order.
describe('customer_id stability', () => {
  it('is the same when the models are rebuilt from the same raw data', async () => {
    const before = await rows('select identity_key, customer_id from customer_identities order by 1');
    const tpBefore = await rows('select touchpoint_id from touchpoints order by 1');
    await buildModels(conn, models);
    expect(await rows('select identity_key, customer_id from customer_identities order by 1')).toEqual(before);
    expect(await rows('select touchpoint_id from touchpoints order by 1')).toEqual(tpBefore);
  });

  it('survives a newer identity joining an existing customer', async () => {
    await land(conn, 'mailchimp_members', {
      id: aliceMemberId, list_id: 'L2', email_address: ' alice@EXAMPLE.com', status: 'subscribed',
      timestamp_opt: '2026-05-01T00:00:00+00:00', last_changed: '2026-05-01T00:00:00+00:00',
    });
    await buildModels(conn, models);
    expect(await customerOf('mailchimp', 'members', `L2:${aliceMemberId}`)).toBe(ALICE);
    const [alice] = await rows('select identity_count::int as n from customers where customer_id = $1', [ALICE]);
    expect(alice?.n).toBe(6);
  });

  it('keeps the older customer_id when two customers merge', async () => {
    // Erin: a browser identified in February, and later a CRM contact under her work email.
    await land(conn, 'web_events', {
      type: 'identify', message_id: 'w-e1', anonymous_id: 'anon-e', timestamp: '2026-02-01T08:00:00.000Z', traits__email: 'erin@example.com',
    });
    await land(conn, 'hubspot_contacts', contact401());
    await buildModels(conn, models);
    expect(await customerOf('web', 'anonymous_id', 'anon-e')).toBe(ERIN_BROWSER);
    expect(await customerOf('hubspot', 'contacts', '401')).toBe(ERIN_CRM);

    // The browser now identifies with the work email: one person, the older ID survives.
    await land(conn, 'web_events', {
      type: 'identify', message_id: 'w-e2', anonymous_id: 'anon-e', timestamp: '2026-06-02T08:00:00.000Z', traits__email: 'Erin@Work.example',
    });
    await buildModels(conn, models);
    expect(await customerOf('hubspot', 'contacts', '401')).toBe(ERIN_BROWSER);
    const erin = await rows("select customer_id, email from customers where customer_id in ($1, $2)", [ERIN_BROWSER, ERIN_CRM]);
    // the CRM email wins as the best address
    expect(erin).toEqual([{ customer_id: ERIN_BROWSER, email: 'erin@work.example' }]);
    // everyone else is unaffected
    expect(await customerOf('hubspot', 'contacts', '101')).toBe(ALICE);
    expect(await customerOf('web', 'anonymous_id', 'anon-d')).toBe(DAVE);
  });
});

describe('two accounts of one vendor', () => {
  it('keeps records with the same id from different sources apart', async () => {
    await land(conn, 'hubspot_contacts', { ...contact401(), id: '101', properties__email: 'frank@example.com' }, { sourceId: 'hubspot-eu' });
    await buildModels(conn, models);
    const frank = await rows("select customer_id, source_id from customer_identities where source_record_id = '101' order by source_id");
    expect(frank).toEqual([
      { customer_id: ALICE, source_id: 'hubspot' },
      { customer_id: customerIdOf('hubspot:contacts:hubspot-eu:101'), source_id: 'hubspot-eu' },
    ]);
  });
});

function contact401() {
  return {
    id: '401', properties__email: 'erin@work.example', properties__firstname: 'Erin', properties__lastname: 'Evans',
    properties__createdate: '2026-05-01T00:00:00.000Z', properties__hs_lastmodifieddate: '2026-05-01T00:00:00.000Z', archived: false,
  };
}
