/**
 * The Salesforce streams: Contact, Lead, Account, Opportunity and Campaign, each read
 * incrementally by `SystemModstamp` through SOQL queryAll (so records in the recycle bin
 * arrive, as tombstones), paged with `queryMore` by hand: one Batch per page, the cursor
 * in the same batch. jsforce's autoFetch is never used — it stops silently at its
 * `maxFetch` (10,000 records by default).
 *
 * State is `{ cursor: '<greatest SystemModstamp landed, ISO>' }`; the next run queries
 * `SystemModstamp >= cursor`, re-reading the boundary (deduped by the landing) rather
 * than risking records that share its second.
 */
import type { QueryOptions, QueryResult, Record as SfRecord } from 'jsforce';
import { MalformedResponseError, resumeIsoCursor, type Batch, type FieldPii, type JsonRecord, type ReadContext, type Stream, type StreamState } from '../sdk/index.js';
import { salesforceSession } from './client.js';
import { startCursorIso, type SalesforceConfig } from './config.js';
import {
  ACCOUNT_FIELDS,
  CAMPAIGN_FIELDS,
  CONTACT_FIELDS,
  CURSOR_FIELD,
  LEAD_FIELDS,
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
  const soql = buildIncrementalSoql(spec.sobject, spec.fields, cursor);
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
  let page = await session.run(async (conn) => check(await conn.query<SfRecord>(soql, options)));
  for (;;) {
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
    if (records.length + deleted.length > 0) yield { records, deleted, state: { cursor } };
    if (page.done) return;
    const next = page.nextRecordsUrl!;
    // queryMore follows `/query/<locator>` for queryAll cursors too (the locator knows its scope).
    page = await session.run(async (conn) => check(await conn.queryMore<SfRecord>(next, options)));
  }
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

export const salesforceStreams: readonly Stream<SalesforceConfig>[] = [
  contactsStream,
  leadsStream,
  accountsStream,
  opportunitiesStream,
  campaignsStream,
];
