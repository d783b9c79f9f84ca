/**
 * The Mailchimp streams: audiences (`lists`), their `members`, `campaigns`, campaign
 * `reports`, per-action `email_activity` and per-recipient `sent_to`.
 *
 * Records keep Mailchimp's Marketing API 3.0 field names and nesting (the landing
 * step flattens `merge_fields.FNAME` to `merge_fields__fname`); only `_links`
 * (hypermedia) is dropped. One batch per page.
 *
 * Incremental streams keep one cursor per parent, because Mailchimp filters per
 * parent: `{ lists: { [listId]: last_changed } }` and
 * `{ campaigns: { [campaignId]: timestamp } }`. Cursors are Mailchimp's own time
 * strings, compared as instants, and passed back unchanged. `sent_to`, which Mailchimp
 * cannot filter by time, keeps `{ campaigns: { [campaignId]: report fingerprint } }`
 * and skips campaigns whose report has not moved.
 *
 * Not read yet: archived members (`status=archived`) and deleted members, which the
 * members endpoint leaves out; they should become tombstones.
 */
import type { Batch, JsonRecord, JsonValue, ReadContext, Stream, StreamState } from '../sdk/index.js';
import { startCursor, type MailchimpConfig } from './config.js';
import { pages } from './paging.js';
import { campaignSchema, emailActivitySchema, listSchema, memberSchema, reportSchema, sentToSchema } from './schemas.js';

type Ctx = ReadContext<MailchimpConfig>;
type Cursors = Record<string, string>;

/** Full refresh of one top-level listing, a batch per page. */
async function* listing(ctx: Ctx, path: string, itemsKey: string, params: Record<string, string> = {}): AsyncGenerator<Batch> {
  for await (const page of pages(ctx, { path, itemsKey, pageSize: ctx.config.page_size, params })) {
    if (page.items.length > 0) yield { records: page.items, state: {} };
  }
}

/** Ids of a parent listing (lists, sent campaigns), fetched with a field filter to keep pages small. */
async function parentIds(ctx: Ctx, path: string, itemsKey: string, params: Record<string, string>): Promise<string[]> {
  const ids: string[] = [];
  for await (const page of pages(ctx, { path, itemsKey, pageSize: ctx.config.page_size, params })) {
    for (const item of page.items) if (typeof item.id === 'string') ids.push(item.id);
  }
  return ids;
}

const listIds = (ctx: Ctx) => parentIds(ctx, '/3.0/lists', 'lists', { fields: 'lists.id,total_items' });

/** Only sent campaigns have reports; oldest first, so a long first sync checkpoints early campaigns first. */
const sentCampaignIds = (ctx: Ctx) =>
  parentIds(ctx, '/3.0/campaigns', 'campaigns', {
    status: 'sent',
    sort_field: 'send_time',
    sort_dir: 'ASC',
    fields: 'campaigns.id,total_items',
  });

/** The per-parent cursor map stored under `key`, ignoring anything malformed. */
/**
 * Mailchimp's `since_last_changed` / `since` return changes strictly *after* a time of
 * whole seconds. Members changed in the cursor's own second but not landed yet (a crash
 * between two pages of that second) would be skipped for ever; resuming one second
 * earlier re-reads that second instead, and the landing's record hash absorbs repeats.
 */
function oneSecondBefore(cursor: string): string {
  const ms = Date.parse(cursor);
  return Number.isNaN(ms) ? cursor : new Date(ms - 1000).toISOString().replace('.000Z', '+00:00');
}

function cursorsFrom(state: StreamState | undefined, key: string): Cursors {
  const map = state?.[key];
  const out: Cursors = {};
  if (map && typeof map === 'object' && !Array.isArray(map)) {
    for (const [id, value] of Object.entries(map)) if (typeof value === 'string') out[id] = value;
  }
  return out;
}

/** The latest of `current` and the records' `field`, compared as instants, kept in the source's spelling. */
function latest(records: readonly JsonRecord[], field: string, current: string | undefined): string | undefined {
  let best = current;
  let bestMs = current === undefined ? -Infinity : Date.parse(current);
  for (const record of records) {
    const value = record[field];
    if (typeof value !== 'string') continue;
    const ms = Date.parse(value);
    if (ms > bestMs) {
      best = value;
      bestMs = ms;
    }
  }
  return best;
}

const str = (value: JsonValue | undefined): JsonValue => (value === undefined ? null : value);

/**
 * A parent's pages as batches whose state moves on only with the last one: each page is
 * held back until the next arrives, so a crash between two pages of a campaign re-reads
 * that campaign instead of skipping its tail. `finish` gives the state after the parent
 * (called once every page is in); earlier batches carry `before`.
 */
async function* committedWithLastPage(
  recordPages: AsyncIterable<readonly JsonRecord[]>,
  before: StreamState,
  finish: () => StreamState,
): AsyncGenerator<Batch> {
  let held: readonly JsonRecord[] | undefined;
  for await (const records of recordPages) {
    if (records.length === 0) continue;
    if (held) yield { records: held, state: before };
    held = records;
  }
  if (held) yield { records: held, state: finish() };
}

/** Sent campaigns' reports (GET /3.0/reports lists sent campaigns only), trimmed to what sent_to depends on. */
async function sentReports(ctx: Ctx): Promise<JsonRecord[]> {
  const reports: JsonRecord[] = [];
  const params = { fields: 'reports.id,reports.emails_sent,reports.opens,reports.bounces,total_items' };
  for await (const page of pages(ctx, { path: '/3.0/reports', itemsKey: 'reports', pageSize: ctx.config.page_size, params })) {
    for (const report of page.items) if (typeof report.id === 'string') reports.push(report);
  }
  return reports;
}

/**
 * What a campaign's sent-to rows are made of, as its report counts it: recipients
 * (emails_sent), opens (open_count, last_open) and bounces (status). Equal fingerprints
 * mean an unchanged sent-to list, so a settled campaign costs no request.
 */
function sentToFingerprint(report: JsonRecord): string {
  const part = (key: string) => (report[key] !== null && typeof report[key] === 'object' ? (report[key] as Record<string, JsonValue>) : {});
  const opens = part('opens');
  const bounces = part('bounces');
  return JSON.stringify([
    report.emails_sent ?? null,
    opens.opens_total ?? null,
    opens.last_open ?? null,
    bounces.hard_bounces ?? null,
    bounces.soft_bounces ?? null,
    bounces.syntax_errors ?? null,
  ]);
}

/** One record per activity action, like Airbyte's source-mailchimp. Exported for bench/identity.ts. */
export function flattenActivity(emails: readonly JsonRecord[], campaignId: string): JsonRecord[] {
  const out: JsonRecord[] = [];
  for (const email of emails) {
    const activity = Array.isArray(email.activity) ? email.activity : [];
    for (const action of activity) {
      if (action === null || typeof action !== 'object' || Array.isArray(action)) continue;
      out.push({
        campaign_id: typeof email.campaign_id === 'string' ? email.campaign_id : campaignId,
        list_id: str(email.list_id),
        list_is_active: str(email.list_is_active),
        email_id: str(email.email_id),
        email_address: str(email.email_address),
        action: str(action.action),
        timestamp: str(action.timestamp),
        url: str(action.url),
        ip: str(action.ip),
      });
    }
  }
  return out;
}

export const listsStream: Stream<MailchimpConfig> = {
  name: 'lists',
  description: 'Audiences (lists) with their stats, as GET /3.0/lists returns them.',
  primaryKey: ['id'],
  schema: listSchema,
  pii: {},
  read: (_state, ctx) => listing(ctx, '/3.0/lists', 'lists', { sort_field: 'date_created', sort_dir: 'ASC' }),
};

export const membersStream: Stream<MailchimpConfig> = {
  name: 'members',
  description: 'Audience members, read per list by since_last_changed (oldest change first).',
  primaryKey: ['list_id', 'id'],
  cursorField: 'last_changed',
  schema: memberSchema,
  pii: {
    // Mailchimp's member id is md5 of the lower-cased address: anyone holding the address
    // computes it, so it is governed as the email it derives from (and email_id below).
    id: 'email',
    email_address: 'email',
    full_name: 'name',
    'merge_fields.FNAME': 'name',
    'merge_fields.LNAME': 'name',
    'merge_fields.PHONE': 'phone',
    'merge_fields.BIRTHDAY': 'date_of_birth',
    // A country alone is not an address (as for HubSpot and Salesforce).
    'merge_fields.ADDRESS.addr1': 'address',
    'merge_fields.ADDRESS.addr2': 'address',
    'merge_fields.ADDRESS.city': 'address',
    'merge_fields.ADDRESS.state': 'address',
    'merge_fields.ADDRESS.zip': 'address',
    ip_signup: 'ip_address',
    ip_opt: 'ip_address',
    'location.latitude': 'address',
    'location.longitude': 'address',
  },
  async *read(state, ctx) {
    const cursors = cursorsFrom(state, 'lists');
    const start = startCursor(ctx.config);
    for (const listId of await listIds(ctx)) {
      const saved = cursors[listId];
      const since = saved !== undefined ? oneSecondBefore(saved) : start;
      const params: Record<string, string> = { sort_field: 'last_changed', sort_dir: 'ASC' };
      if (since !== undefined) params.since_last_changed = since;
      const path = `/3.0/lists/${encodeURIComponent(listId)}/members`;
      for await (const page of pages(ctx, { path, itemsKey: 'members', pageSize: ctx.config.page_size, params })) {
        if (page.items.length === 0) continue;
        const records = page.items.map((m) => withAddressOrNull(typeof m.list_id === 'string' ? m : { ...m, list_id: listId }));
        // Pages come in last_changed order, so the cursor may advance after every page.
        const cursor = latest(records, 'last_changed', cursors[listId]);
        if (cursor !== undefined) cursors[listId] = cursor;
        yield { records, state: { lists: { ...cursors } } };
      }
    }
  },
};

/**
 * Mailchimp sends an unset ADDRESS merge field as "" and a set one as an object: landed
 * as is, the "" would become a column of its own beside the address's parts.
 */
function withAddressOrNull(member: JsonRecord): JsonRecord {
  const fields = member.merge_fields;
  if (!fields || typeof fields !== 'object' || Array.isArray(fields) || fields.ADDRESS !== '') return member;
  return { ...member, merge_fields: { ...fields, ADDRESS: null } };
}

export const campaignsStream: Stream<MailchimpConfig> = {
  name: 'campaigns',
  description: 'Campaigns with recipients, settings and tracking (tracking.google_analytics is the utm_campaign).',
  primaryKey: ['id'],
  schema: campaignSchema,
  pii: {},
  read: (_state, ctx) => listing(ctx, '/3.0/campaigns', 'campaigns', { sort_field: 'create_time', sort_dir: 'ASC' }),
};

export const reportsStream: Stream<MailchimpConfig> = {
  name: 'reports',
  description: 'Campaign reports: sends, opens, clicks, bounces, unsubscribes.',
  primaryKey: ['id'],
  schema: reportSchema,
  pii: {},
  read: (_state, ctx) => listing(ctx, '/3.0/reports', 'reports'),
};

export const emailActivityStream: Stream<MailchimpConfig> = {
  name: 'email_activity',
  description: 'One row per open, click or bounce of a campaign email, read per sent campaign by `since`.',
  primaryKey: ['campaign_id', 'email_id', 'action', 'timestamp'],
  cursorField: 'timestamp',
  schema: emailActivitySchema,
  pii: { email_id: 'email', email_address: 'email', ip: 'ip_address' },
  async *read(state, ctx) {
    const cursors = cursorsFrom(state, 'campaigns');
    const start = startCursor(ctx.config);
    for (const campaignId of await sentCampaignIds(ctx)) {
      const saved = cursors[campaignId];
      const since = saved !== undefined ? oneSecondBefore(saved) : start;
      const path = `/3.0/reports/${encodeURIComponent(campaignId)}/email-activity`;
      const params: Record<string, string> = since === undefined ? {} : { since };
      // Pages are ordered by recipient, not by time: the campaign's cursor may only
      // advance with its last page.
      let cursor: string | undefined = cursors[campaignId];
      const activityPages = async function* () {
        for await (const page of pages(ctx, { path, itemsKey: 'emails', pageSize: ctx.config.page_size, params })) {
          const records = flattenActivity(page.items, campaignId);
          cursor = latest(records, 'timestamp', cursor);
          yield records;
        }
      };
      yield* committedWithLastPage(activityPages(), { campaigns: { ...cursors } }, () => {
        if (cursor !== undefined) cursors[campaignId] = cursor;
        return { campaigns: { ...cursors } };
      });
    }
  },
};

/**
 * Sent-to has no time filter, and re-reading every campaign ever sent each night grows
 * without bound. State remembers, per campaign, the report fingerprint its sent-to was
 * last read completely under (`{ campaigns: { [id]: fingerprint } }`); a campaign is read
 * again only when its report counts moved. The fingerprint is taken *before* the pages,
 * so opens arriving mid-read make the next run read the campaign again, never less.
 * Member attributes copied into sent-to (merge_fields, vip) are not part of it: they
 * come from the members stream.
 */
export const sentToStream: Stream<MailchimpConfig> = {
  name: 'sent_to',
  description: 'Every recipient of every sent campaign, with open count and bounce status; re-read only when the campaign report changed.',
  primaryKey: ['campaign_id', 'email_id'],
  schema: sentToSchema,
  pii: { email_id: 'email', email_address: 'email', 'merge_fields.FNAME': 'name', 'merge_fields.LNAME': 'name' },
  async *read(state, ctx) {
    const readUnder = cursorsFrom(state, 'campaigns');
    for (const report of await sentReports(ctx)) {
      const campaignId = report.id as string;
      const fingerprint = sentToFingerprint(report);
      if (readUnder[campaignId] === fingerprint) continue;
      const path = `/3.0/reports/${encodeURIComponent(campaignId)}/sent-to`;
      const recipientPages = async function* () {
        for await (const page of pages(ctx, { path, itemsKey: 'sent_to', pageSize: ctx.config.page_size })) {
          yield page.items.map((r) => (typeof r.campaign_id === 'string' ? r : { ...r, campaign_id: campaignId }));
        }
      };
      yield* committedWithLastPage(recipientPages(), { campaigns: { ...readUnder } }, () => {
        readUnder[campaignId] = fingerprint;
        return { campaigns: { ...readUnder } };
      });
    }
  },
};

export const mailchimpStreams: readonly Stream<MailchimpConfig>[] = [
  listsStream,
  membersStream,
  campaignsStream,
  reportsStream,
  emailActivityStream,
  sentToStream,
];
