/**
 * Bulk API 2.0 query jobs, for queries too large for queryMore pages: create the job
 * (`POST jobs/query`, operation queryAll so recycle-bin rows arrive as with REST), poll
 * its state until JobComplete, then page its CSV results ourselves with `maxRecords` and
 * the `Sforce-Locator` each page names (`null` after the last).
 *
 * Results come in no promised order, so no page may advance the cursor: every page is
 * checkpointed at the cursor the job started from, and only the last carries the
 * greatest SystemModstamp of the whole job. A run stopped halfway re-runs the job next
 * time; the landing finds the records it already has unchanged.
 */
import { MalformedResponseError, SourceUnavailableError, sleep, type JsonRecord, type ReadContext } from '../sdk/index.js';
import type { SalesforceSession } from './client.js';
import type { SalesforceConfig } from './config.js';
import { parseBulkCsv } from './csv.js';
import { CURSOR_FIELD, fieldKind, toIsoInstant, toRecord } from './records.js';

const POLL_MAX_MS = 30_000;

interface JobInfo {
  readonly id?: unknown;
  readonly state?: unknown;
  readonly errorMessage?: unknown;
}

/** One page of a job's results, as records in the REST shape. */
export interface BulkPage {
  readonly records: JsonRecord[];
  /** The greatest SystemModstamp on this page (ISO), or undefined for an empty page. */
  readonly maxCursor: string | undefined;
}

export async function* bulkQuery(
  session: SalesforceSession,
  sobject: string,
  fields: readonly string[],
  soql: string,
  ctx: Pick<ReadContext<SalesforceConfig>, 'config' | 'log' | 'signal'>,
): AsyncGenerator<BulkPage> {
  const base = `/services/data/v${ctx.config.api_version}/jobs/query`;
  const created = parseJson(sobject, (await session.rest('POST', base, { operation: 'queryAll', query: soql })).body) as JobInfo;
  if (typeof created.id !== 'string' || !/^[A-Za-z0-9]{15,18}$/.test(created.id)) {
    throw new MalformedResponseError('salesforce', `${sobject} Bulk API job was created without an id`);
  }
  const job = created.id;
  ctx.log.info('salesforce bulk query job created', { sobject, job });
  let wait = ctx.config.bulk_poll_ms;
  for (;;) {
    const info = parseJson(sobject, (await session.rest('GET', `${base}/${job}`)).body) as JobInfo;
    if (info.state === 'JobComplete') break;
    if (info.state === 'Failed' || info.state === 'Aborted') {
      throw new SourceUnavailableError('salesforce', `salesforce: ${sobject} Bulk API job ${job} ${String(info.state).toLowerCase()}: ${String(info.errorMessage ?? 'no reason given')}`, {
        hint: 'the run can be repeated; the job is created anew from the last checkpoint',
      });
    }
    await sleep(wait, ctx.signal);
    wait = Math.min(wait * 2, POLL_MAX_MS);
  }
  let locator: string | undefined;
  for (;;) {
    const query = `maxRecords=${ctx.config.page_size}${locator === undefined ? '' : `&locator=${encodeURIComponent(locator)}`}`;
    const res = await session.rest('GET', `${base}/${job}/results?${query}`);
    const rows = parseBulkCsv(res.body);
    const announced = Number(res.headers['sforce-numberofrecords']);
    if (Number.isFinite(announced) && announced !== rows.length) {
      throw new MalformedResponseError('salesforce', `${sobject} Bulk API result page has ${rows.length} records, Sforce-NumberOfRecords says ${announced}`);
    }
    let maxCursor: string | undefined;
    const records = rows.map((row) => {
      const record = toRecord(sobject, restShaped(row, fields), fields);
      const at = toIsoInstant(record[CURSOR_FIELD])!;
      if (maxCursor === undefined || at > maxCursor) maxCursor = at;
      return record;
    });
    yield { records, maxCursor };
    const next = res.headers['sforce-locator'];
    if (next === undefined || next === '' || next === 'null') return;
    locator = next;
  }
}

function parseJson(sobject: string, body: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    throw new MalformedResponseError('salesforce', `${sobject} Bulk API answered without JSON`);
  }
}

/**
 * A CSV row typed the way the REST API sends the same record (numbers, booleans,
 * datetimes as `….000+0000`), so that a record read once each way is one version.
 */
function restShaped(row: Record<string, string | null>, fields: readonly string[]): Record<string, string | number | boolean | null> {
  const out: Record<string, string | number | boolean | null> = {};
  for (const f of fields) {
    const v = row[f] ?? null;
    if (v === null) {
      out[f] = f === 'IsDeleted' ? false : null;
      continue;
    }
    switch (fieldKind(f)) {
      case 'number':
        out[f] = Number(v);
        break;
      case 'boolean':
        out[f] = v === 'true';
        break;
      case 'datetime': {
        const iso = toIsoInstant(v);
        out[f] = iso === undefined ? v : iso.replace(/Z$/, '+0000');
        break;
      }
      default:
        out[f] = v;
    }
  }
  return out;
}
