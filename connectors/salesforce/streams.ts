/**
 * The Salesforce streams: Contact, Lead, Account, Opportunity, OpportunityContactRole,
 * Campaign and CampaignMember, each read
 * incrementally by `SystemModstamp` through SOQL queryAll (so records in the recycle bin
 * arrive, as tombstones), paged with `queryMore` by hand: one Batch per page, the cursor
 * in the same batch. jsforce's autoFetch is never used — it stops silently at its
 * `maxFetch` (10,000 records by default).
 *
 * State is `{ cursor: '<greatest SystemModstamp landed, ISO>', deleted_through: '<ISO>' }`;
 * the next run queries `SystemModstamp >= cursor`, re-reading the boundary (deduped by the
 * landing) rather than risking records that share its second, and asks getDeleted for
 * what was deleted since `deleted_through` (records purged past the recycle bin, which
 * queryAll no longer sees). A locator Salesforce dropped mid-query restarts the query
 * from the cursor.
 */
import type { QueryOptions, QueryResult, Record as SfRecord } from 'jsforce';
import { HttpStatusError, MalformedResponseError, SourceUnavailableError, resumeIsoCursor, type Batch, type FieldPii, type JsonRecord, type ReadContext, type Stream, type StreamState } from '../sdk/index.js';
import { bulkQuery } from './bulk-query.js';
import { salesforceSession } from './client.js';
import { startCursorIso, type SalesforceConfig } from './config.js';
import {
  ACCOUNT_FIELDS,
  CAMPAIGN_FIELDS,
  CAMPAIGN_MEMBER_FIELDS,
  CONTACT_FIELDS,
  CURSOR_FIELD,
  LEAD_FIELDS,
  OPPORTUNITY_CONTACT_ROLE_FIELDS,
  OPPORTUNITY_FIELDS,
  buildIncrementalSoql,
  recordSchema,
  toIsoInstant,
  toRecord,
  toTombstone,
} from './records.js';

type Ctx = ReadContext<SalesforceConfig>;

interface ObjectStreamSpec {
  readonly name: string;
  readonly sobject: string;
  readonly description: string;
  readonly fields: readonly string[];
  readonly pii: FieldPii;
}

function objectStream(spec: ObjectStreamSpec): Stream<SalesforceConfig> {
  return {
    name: spec.name,
    description: spec.description,
    primaryKey: ['Id'],
    cursorField: CURSOR_FIELD,
    schema: recordSchema(spec.fields),
    pii: spec.pii,
    read: (state, ctx) => readObject(spec, state, ctx),
  };
}

async function* readObject(spec: ObjectStreamSpec, state: StreamState | undefined, ctx: Ctx): AsyncGenerator<Batch> {
  const session = salesforceSession(ctx);
  let cursor = resumeIsoCursor('salesforce', state, startCursorIso(ctx.config));
  // Where a first run's deletion window starts: before its query, by more than this
  // machine's clock may be off Salesforce's (a deletion in the overlap is listed once more,
  // as the tombstone the landing already has or of a record never landed).
  const queriedAt = new Date(Date.now() - CLOCK_SKEW_MS).toISOString();
  // Until this run's getDeleted answers, every batch keeps the previous window's end.
  const deletedThrough = typeof state?.deleted_through === 'string' ? state.deleted_through : undefined;
  const stateOf = (c: string, through: string | undefined): StreamState => ({ cursor: c, ...(through === undefined ? {} : { deleted_through: through }) });
  const options: QueryOptions = {
    // batchSize is a suggestion Salesforce may shrink (wide rows), never grow past 2,000.
    headers: { 'Sforce-Query-Options': `batchSize=${ctx.config.page_size}` },
    scanAll: true,
    // One page per call, always: autoFetch would stop silently at maxFetch.
    autoFetch: false,
    maxFetch: Number.MAX_SAFE_INTEGER,
    responseTarget: 'QueryResult',
  };
  const check = checkPage(spec.sobject);
  const query = (from: string) => session.run(async (conn) => check(await conn.query<SfRecord>(buildIncrementalSoql(spec.sobject, spec.fields, from), options)));
  let page = await query(cursor);
  /** Where the query last (re)started: a locator that expires again before the cursor moves means no progress. */
  let restartedAt: string | undefined;
  // Too many records for queryMore pages: a Bulk API job reads them all again (the first
  // page is dropped, its records come with the job's).
  const bulk = !page.done && (page.totalSize ?? 0) > ctx.config.bulk_threshold;
  if (bulk) {
    const from = cursor;
    let pending: Batch | undefined;
    for await (const p of bulkQuery(session, spec.sobject, spec.fields, buildIncrementalSoql(spec.sobject, spec.fields, from), ctx)) {
      if (p.maxCursor !== undefined && p.maxCursor > cursor) cursor = p.maxCursor;
      if (pending) yield pending;
      // Checkpointed at the job's start: results come in no order (bulk-query.ts).
      pending = { records: p.records.filter((r) => r.IsDeleted !== true), deleted: p.records.filter((r) => r.IsDeleted === true).map(toTombstone), state: stateOf(from, deletedThrough) };
    }
    if (pending) yield { ...pending, state: stateOf(cursor, deletedThrough) };
  }
  while (!bulk) {
    const records: JsonRecord[] = [];
    const deleted: JsonRecord[] = [];
    for (const raw of page.records) {
      const record = toRecord(spec.sobject, raw, spec.fields);
      const modified = toIsoInstant(record[CURSOR_FIELD])!;
      // ISO-8601 UTC strings of one format compare correctly as strings.
      if (modified > cursor) cursor = modified;
      if (record.IsDeleted === true) deleted.push(toTombstone(record));
      else records.push(record);
    }
    if (records.length + deleted.length > 0) yield { records, deleted, state: stateOf(cursor, deletedThrough) };
    if (page.done) break;
    const next = page.nextRecordsUrl!;
    try {
      // queryMore follows `/query/<locator>` for queryAll cursors too (the locator knows its scope).
      page = await session.run(async (conn) => check(await conn.queryMore<SfRecord>(next, options)));
    } catch (error) {
      if (!isExpiredLocator(error)) throw error;
      // Salesforce drops a locator after 15 minutes unused, or when the user opens more than
      // its limit of cursors. Every page so far is landed with its cursor: the same query
      // from there re-reads only the records of the cursor's second, which the landing
      // finds unchanged, so nothing is lost or landed twice.
      if (restartedAt === cursor) {
        throw new SourceUnavailableError('salesforce', `salesforce: ${spec.sobject} query locator expired twice at ${cursor} without progress`, {
          hint: 'the org drops query cursors (15 minutes unused, or too many open for this user); the run can be repeated and resumes from the last checkpoint',
        });
      }
      restartedAt = cursor;
      ctx.log.info('salesforce query locator expired; query restarted from the cursor', { stream: spec.name, cursor });
      page = await query(cursor);
    }
  }
  // A first run read everything there is: deletions before it concern nothing landed.
  if (deletedThrough === undefined) {
    yield { records: [], deleted: [], state: stateOf(cursor, queriedAt) };
    return;
  }
  yield await purgedSince(spec, deletedThrough, ctx, (through, tombstones) => ({ records: [], deleted: tombstones, state: stateOf(cursor, through) }));
}

const CLOCK_SKEW_MS = 10 * 60_000;

/** getDeleted reaches back 30 days; a window starting earlier is refused (INVALID_REPLICATION_DATE). */
const DELETED_REACH_MS = 30 * 86_400_000;

/**
 * Records deleted since `from` (getDeleted, `sobjects/<type>/deleted/?start=&end=`) as
 * tombstones. queryAll sees a deleted record only while it is in the recycle bin (15
 * days, or until it is emptied or the record is hard-deleted); getDeleted lists it for 30
 * days whatever happened to it. A record seen both ways gives the same tombstone (its
 * SystemModstamp is its deletion), which the landing finds unchanged.
 */
async function purgedSince(
  spec: ObjectStreamSpec,
  from: string,
  ctx: Ctx,
  batch: (through: string, tombstones: JsonRecord[]) => Batch,
): Promise<Batch> {
  const now = Date.now();
  let start = Date.parse(from);
  if (Number.isNaN(start)) start = now - DELETED_REACH_MS;
  if (start < now - DELETED_REACH_MS + 60_000) {
    // Not synced for a month: deletions older than getDeleted keeps may be missed.
    ctx.log.warn('salesforce getDeleted reaches back 30 days only; older deletions are not seen (a full refresh of the stream finds them)', { stream: spec.name, since: from });
    start = now - DELETED_REACH_MS + 60_000;
  }
  // getDeleted counts whole minutes; a window shorter than one is empty, so wait for the next run.
  if (now - start < 60_000) return batch(from, []);
  const info = (await salesforceSession(ctx).run((conn) => conn.sobject(spec.sobject).deleted(new Date(start), new Date(now)))) as unknown;
  const answer = info as { deletedRecords?: unknown; latestDateCovered?: unknown } | undefined;
  if (!answer || !Array.isArray(answer.deletedRecords)) {
    throw new MalformedResponseError('salesforce', `${spec.sobject} getDeleted answered without a deletedRecords array`);
  }
  const tombstones: JsonRecord[] = [];
  for (const d of answer.deletedRecords as unknown[]) {
    const { id, deletedDate } = (d ?? {}) as { id?: unknown; deletedDate?: unknown };
    if (typeof id !== 'string' || toIsoInstant(deletedDate) === undefined) {
      throw new MalformedResponseError('salesforce', `${spec.sobject} getDeleted listed a record without id or deletedDate`);
    }
    tombstones.push(toTombstone({ Id: id, [CURSOR_FIELD]: deletedDate as string }));
  }
  // The next window starts where Salesforce says this one's coverage ended.
  const covered = toIsoInstant(answer.latestDateCovered) ?? new Date(now).toISOString();
  return batch(covered, tombstones);
}

/**
 * `INVALID_QUERY_LOCATOR`: the queryMore cursor is gone. The SDK's error carries the
 * vendor's description (describeSalesforceError), not its body, hence the code in the message.
 */
function isExpiredLocator(error: unknown): boolean {
  return error instanceof HttpStatusError && error.status === 400 && /\bINVALID_QUERY_LOCATOR\b/.test(error.message);
}

/** A query page must be `{ done, records[] }` with a `nextRecordsUrl` unless done. */
function checkPage(sobject: string) {
  return (page: unknown): QueryResult<SfRecord> => {
    const p = page as Partial<QueryResult<SfRecord>> | undefined;
    if (!p || typeof p !== 'object' || !Array.isArray(p.records)) {
      throw new MalformedResponseError('salesforce', `${sobject} query answered without a records array`);
    }
    const done = p.done ?? p.nextRecordsUrl === undefined;
    if (!done && typeof p.nextRecordsUrl !== 'string') {
      throw new MalformedResponseError('salesforce', `${sobject} query is not done but gave no nextRecordsUrl`);
    }
    return { ...p, done } as QueryResult<SfRecord>;
  };
}


export const contactsStream = objectStream({
  name: 'contacts',
  sobject: 'Contact',
  description: 'Salesforce contacts, incremental by SystemModstamp; deleted contacts arrive as tombstones.',
  fields: CONTACT_FIELDS,
  // A country alone is not an address (as with HubSpot, only finer location fields are
  // tagged); a job title names a role, not a person (HubSpot's jobtitle is untagged too).
  pii: {
    FirstName: 'name', LastName: 'name', Email: 'email', Phone: 'phone', MobilePhone: 'phone', Birthdate: 'date_of_birth',
    MailingStreet: 'address', MailingCity: 'address', MailingState: 'address', MailingPostalCode: 'address',
  },
});

export const leadsStream = objectStream({
  name: 'leads',
  sobject: 'Lead',
  description: 'Salesforce leads (with their converted contact), incremental by SystemModstamp; deleted leads arrive as tombstones.',
  fields: LEAD_FIELDS,
  pii: { FirstName: 'name', LastName: 'name', Email: 'email', Phone: 'phone', Street: 'address', City: 'address', State: 'address', PostalCode: 'address' },
});

export const accountsStream = objectStream({
  name: 'accounts',
  sobject: 'Account',
  description: 'Salesforce accounts (companies), incremental by SystemModstamp; deleted accounts arrive as tombstones.',
  fields: ACCOUNT_FIELDS,
  pii: {},
});

export const opportunitiesStream = objectStream({
  name: 'opportunities',
  sobject: 'Opportunity',
  description: 'Salesforce opportunities (deals) with account and primary campaign, incremental by SystemModstamp; deleted ones arrive as tombstones.',
  fields: OPPORTUNITY_FIELDS,
  pii: {},
});

export const campaignsStream = objectStream({
  name: 'campaigns',
  sobject: 'Campaign',
  description: 'Salesforce campaigns with budgeted and actual cost, incremental by SystemModstamp; deleted ones arrive as tombstones.',
  fields: CAMPAIGN_FIELDS,
  pii: {},
});

// The two junctions carry record ids only (a contact's or lead's Id is the CRM's key, as
// in every other stream), no personal value: nothing to tag.
export const opportunityContactRolesStream = objectStream({
  name: 'opportunity_contact_roles',
  sobject: 'OpportunityContactRole',
  description: 'Salesforce opportunity contact roles (which contacts an opportunity was sold to, the primary one flagged), incremental by SystemModstamp; deleted ones arrive as tombstones.',
  fields: OPPORTUNITY_CONTACT_ROLE_FIELDS,
  pii: {},
});

export const campaignMembersStream = objectStream({
  name: 'campaign_members',
  sobject: 'CampaignMember',
  description: 'Salesforce campaign members (a lead or contact on a campaign: status, responded, first responded date), incremental by SystemModstamp; deleted ones arrive as tombstones.',
  fields: CAMPAIGN_MEMBER_FIELDS,
  pii: {},
});

export const salesforceStreams: readonly Stream<SalesforceConfig>[] = [
  contactsStream,
  leadsStream,
  accountsStream,
  opportunitiesStream,
  opportunityContactRolesStream,
  campaignsStream,
  campaignMembersStream,
];
