/**
 * The HubSpot streams: contacts, companies and deals, each read incrementally through
 * the windowed CRM search (see search.ts), followed by the archived objects as
 * tombstones. Deals carry their associated contact ids (associations v4); contacts carry
 * every lifecycle stage they held and since when (a v3 batch read with
 * `propertiesWithHistory=lifecyclestage`: the search API does not return histories).
 *
 * State is `{ cursor: '<greatest updatedAt landed so far, ISO>' }`; the next run
 * searches `hs_lastmodifieddate >= cursor`, so the boundary record is re-read and
 * deduplicated by the landing rather than risked.
 */
import { resumeIsoCursor, type Batch, type FieldPii, type JsonRecord, type ReadContext, type Stream, type StreamState } from '../sdk/index.js';
import { createHubspotApi, hubspotCall, type CrmObject, type CrmObjectType, type HubspotApi } from './client.js';
import { startCursorIso, type HubspotConfig } from './config.js';
import {
  COMPANY_PROPERTIES,
  CONTACT_HISTORY_PROPERTIES,
  CONTACT_PROPERTIES,
  DEAL_PROPERTIES,
  companyRecordSchema,
  contactRecordSchema,
  dealRecordSchema,
  toIso,
  toObjectRecord,
  toTombstone,
} from './records.js';
import { windowedSearch } from './search.js';

/** HubSpot's list endpoint (used for archived objects) returns at most 100 per page. */
const LIST_PAGE_MAX = 100;

type Ctx = ReadContext<HubspotConfig>;

interface CrmStreamSpec {
  readonly objectType: CrmObjectType;
  readonly description: string;
  readonly properties: readonly string[];
  readonly schema: Stream['schema'];
  readonly pii: FieldPii;
  /** Adds fields to a page of records (deals: associated contacts). */
  readonly enrich?: (api: HubspotApi, ctx: Ctx, records: JsonRecord[]) => Promise<JsonRecord[]>;
}

function crmStream(spec: CrmStreamSpec): Stream<HubspotConfig> {
  return {
    name: spec.objectType,
    description: spec.description,
    primaryKey: ['id'],
    cursorField: 'updatedAt',
    schema: spec.schema,
    pii: spec.pii,
    read: (state, ctx) => readCrmObjects(spec, state, ctx),
  };
}

async function* readCrmObjects(spec: CrmStreamSpec, state: StreamState | undefined, ctx: Ctx): AsyncGenerator<Batch> {
  const api = createHubspotApi(ctx.config);
  let cursor = resumeIsoCursor('hubspot', state, startCursorIso(ctx.config));
  // Only a saved cursor gets the lookback: a first run starts exactly at start_date.
  const lookbackMs = state?.cursor ? ctx.config.lookback_minutes * 60_000 : 0;
  const pages = windowedSearch(api, ctx, {
    objectType: spec.objectType,
    properties: spec.properties,
    pageSize: ctx.config.page_size,
    fromMs: Date.parse(cursor) - lookbackMs,
  });
  for await (const page of pages) {
    let records = page.map((obj) => toObjectRecord(obj, spec.properties));
    if (spec.enrich) records = await spec.enrich(api, ctx, records);
    for (const record of records) {
      // ISO-8601 UTC strings of one format compare correctly as strings.
      if ((record.updatedAt as string) > cursor) cursor = record.updatedAt as string;
    }
    yield { records, state: { cursor } };
  }
  for await (const archived of listArchived(api, ctx, spec.objectType)) {
    yield { records: [], deleted: archived.map(toTombstone), state: { cursor } };
  }
}

/** Every archived object, a page at a time (the list endpoint cannot filter by date). */
async function* listArchived(api: HubspotApi, ctx: Ctx, objectType: CrmObjectType): AsyncGenerator<readonly CrmObject[]> {
  const basicApi = api.objects[objectType].basicApi;
  const limit = Math.min(ctx.config.page_size, LIST_PAGE_MAX);
  let after: string | undefined;
  for (;;) {
    const cursor = after;
    const page = await hubspotCall(ctx, `GET /crm/v3/objects/${objectType}`, (options) =>
      basicApi.getPage(limit, cursor, undefined, undefined, undefined, true, options),
    );
    if (page.results.length > 0) yield page.results;
    after = page.paging?.next?.after;
    if (after === undefined || page.results.length === 0) return;
  }
}


/** Fills `associations.contacts` with one associations v4 batch read per page of deals. */
async function withDealContacts(api: HubspotApi, ctx: Ctx, records: JsonRecord[]): Promise<JsonRecord[]> {
  if (records.length === 0) return records;
  const inputs = records.map((r) => ({ id: r.id as string }));
  const response = await hubspotCall(ctx, 'POST /crm/v4/associations/deals/contacts/batch/read', (options) =>
    api.associationsV4.batchApi.getPage('deals', 'contacts', { inputs }, options),
  );
  const byDeal = new Map<string, string[]>();
  for (const row of response.results ?? []) {
    const ids = row.to.map((t) => String(t.toObjectId));
    byDeal.set(String(row._from.id), [...(byDeal.get(String(row._from.id)) ?? []), ...ids]);
  }
  return records.map((r) => {
    // Sorted and de-duplicated so an unchanged deal hashes the same on every run.
    const contacts = [...new Set(byDeal.get(r.id as string) ?? [])].sort((a, b) => Number(a) - Number(b) || a.localeCompare(b));
    return { ...r, associations: { contacts } };
  });
}

/** HubSpot's batch read takes at most 50 ids when property histories are asked for. */
const HISTORY_BATCH_MAX = 50;

/**
 * Fills `propertiesWithHistory.lifecyclestage` — every stage the contact held, oldest
 * first, with when and how it was set — by batch reads of the page's contacts. A contact
 * archived between the search and the read has no history (an empty list).
 */
async function withLifecycleHistory(api: HubspotApi, ctx: Ctx, records: JsonRecord[]): Promise<JsonRecord[]> {
  const histories = new Map<string, JsonRecord>();
  for (let i = 0; i < records.length; i += HISTORY_BATCH_MAX) {
    const inputs = records.slice(i, i + HISTORY_BATCH_MAX).map((r) => ({ id: r.id as string }));
    const response = await hubspotCall(ctx, 'POST /crm/v3/objects/contacts/batch/read', (options) =>
      api.objects.contacts.batchApi.read({ inputs, properties: ['lifecyclestage'], propertiesWithHistory: [...CONTACT_HISTORY_PROPERTIES] }, false, options),
    );
    for (const obj of response.results ?? []) {
      const history: JsonRecord = {};
      for (const name of CONTACT_HISTORY_PROPERTIES) {
        // Oldest first, so an unchanged contact lands the same record (and hash) every run.
        history[name] = (obj.propertiesWithHistory?.[name] ?? [])
          .map((v) => ({ value: v.value, timestamp: toIso(v.timestamp), sourceType: v.sourceType ?? null }))
          .sort((a, b) => a.timestamp.localeCompare(b.timestamp) || a.value.localeCompare(b.value));
      }
      histories.set(String(obj.id), history);
    }
  }
  const empty = Object.fromEntries(CONTACT_HISTORY_PROPERTIES.map((name) => [name, []]));
  return records.map((r) => ({ ...r, propertiesWithHistory: histories.get(r.id as string) ?? empty }));
}

export const contactsStream = crmStream({
  objectType: 'contacts',
  description: 'HubSpot contacts (people) with their lifecycle stage history, incremental by last modification; archived contacts arrive as tombstones.',
  properties: CONTACT_PROPERTIES,
  schema: contactRecordSchema,
  enrich: withLifecycleHistory,
  pii: {
    'properties.email': 'email',
    'properties.firstname': 'name',
    'properties.lastname': 'name',
    'properties.phone': 'phone',
    'properties.city': 'address',
    'properties.address': 'address',
    'properties.zip': 'address',
    'properties.state': 'address',
    'properties.date_of_birth': 'date_of_birth',
    'properties.mobilephone': 'phone',
    // HubSpot's own semicolon-separated list of a contact's other addresses
    'properties.hs_additional_emails': 'email',
  },
});

export const companiesStream = crmStream({
  objectType: 'companies',
  description: 'HubSpot companies, incremental by last modification; archived companies arrive as tombstones.',
  properties: COMPANY_PROPERTIES,
  schema: companyRecordSchema,
  pii: {},
});

export const dealsStream = crmStream({
  objectType: 'deals',
  description: 'HubSpot deals with their associated contact ids, incremental by last modification; archived deals arrive as tombstones.',
  properties: DEAL_PROPERTIES,
  schema: dealRecordSchema,
  pii: {},
  enrich: withDealContacts,
});

export const hubspotStreams: readonly Stream<HubspotConfig>[] = [contactsStream, companiesStream, dealsStream];
