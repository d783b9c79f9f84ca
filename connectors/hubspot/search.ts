/**
 * Incremental reads through the CRM search API, windowed around its 10,000-result cap.
 *
 * One query is `hs_lastmodifieddate >= lower`, sorted ascending, paged with `after`.
 * HubSpot answers 400 when a query pages past 10,000 results, so when a query nears
 * the cap a new one starts at the greatest `hs_lastmodifieddate` seen (records on
 * that boundary are read twice; the landing dedupes identical records by hash).
 * Ascending order by modification also makes the read safe against edits during the
 * sync: an edited record moves behind the read position, so it is read again, never skipped.
 *
 * If a whole window shares one millisecond (a bulk import), moving the lower bound
 * cannot progress; that millisecond is then walked by object id (`hs_object_id`).
 */
import { HttpStatusError, type ReadContext } from '../sdk/index.js';
import { hubspotCall, type CrmObject, type CrmObjectType, type HubspotApi, type SearchFilter } from './client.js';
import { MODIFIED_PROPERTY, modifiedMs } from './records.js';

/** HubSpot's limit on results one search query may page through. */
export const SEARCH_RESULT_CAP = 10_000;

export interface WindowedSearchOptions {
  readonly objectType: CrmObjectType;
  readonly properties: readonly string[];
  readonly pageSize: number;
  /** Only objects modified at or after this instant (epoch ms). */
  readonly fromMs: number;
  /** Results one query may page through before a new window starts; default 10,000. */
  readonly resultCap?: number;
}

interface ScanResult {
  /** The query was read to its end (false: it stopped at the result cap). */
  readonly complete: boolean;
  readonly maxModifiedMs: number;
  readonly maxId: number;
}

/** Yields one array of objects per search page, oldest modification first. */
export async function* windowedSearch(
  api: HubspotApi,
  ctx: Pick<ReadContext<unknown>, 'http' | 'signal'>,
  options: WindowedSearchOptions,
): AsyncGenerator<readonly CrmObject[], void> {
  const scan = (filters: SearchFilter[], sortBy: string) => scanQuery(api, ctx, options, filters, sortBy);
  let lower: { operator: 'GTE' | 'GT'; ms: number } = { operator: 'GTE', ms: options.fromMs };
  for (;;) {
    const result = yield* scan([{ propertyName: MODIFIED_PROPERTY, operator: lower.operator, value: String(lower.ms) }], MODIFIED_PROPERTY);
    if (result.complete) return;
    if (result.maxModifiedMs > lower.ms) {
      lower = { operator: 'GTE', ms: result.maxModifiedMs };
      continue;
    }
    // Every result of the window carries the same millisecond: walk it by id.
    let afterId = 0;
    for (;;) {
      const tie = yield* scan(
        [
          { propertyName: MODIFIED_PROPERTY, operator: 'EQ', value: String(lower.ms) },
          { propertyName: 'hs_object_id', operator: 'GT', value: String(afterId) },
        ],
        'hs_object_id',
      );
      if (tie.complete) break;
      afterId = tie.maxId;
    }
    lower = { operator: 'GT', ms: lower.ms };
  }
}

async function* scanQuery(
  api: HubspotApi,
  ctx: Pick<ReadContext<unknown>, 'http' | 'signal'>,
  options: WindowedSearchOptions,
  filters: SearchFilter[],
  sortBy: string,
): AsyncGenerator<readonly CrmObject[], ScanResult> {
  const cap = options.resultCap ?? SEARCH_RESULT_CAP;
  const searchApi = api.objects[options.objectType].searchApi;
  let maxModifiedMs = Number.NEGATIVE_INFINITY;
  let maxId = 0;
  let after: string | undefined;
  for (;;) {
    const request = {
      filterGroups: [{ filters }],
      sorts: [{ propertyName: sortBy, direction: 'ASCENDING' }],
      properties: [...options.properties],
      limit: options.pageSize,
      ...(after === undefined ? {} : { after }),
    };
    let page;
    try {
      page = await hubspotCall(ctx, `POST /crm/v3/objects/${options.objectType}/search`, (options) => searchApi.doSearch(request, options), { search: true });
    } catch (error) {
      // Paging past the cap is a 400. Where the cap is lower than we assumed, treat it
      // as the end of this window, not as a failed read.
      if (error instanceof HttpStatusError && error.status === 400 && after !== undefined) {
        return { complete: false, maxModifiedMs, maxId };
      }
      throw error;
    }
    for (const obj of page.results) {
      maxModifiedMs = Math.max(maxModifiedMs, modifiedMs(obj));
      maxId = Math.max(maxId, Number(obj.id));
    }
    if (page.results.length > 0) yield page.results;
    const next = page.paging?.next?.after;
    if (next === undefined || page.results.length === 0) return { complete: true, maxModifiedMs, maxId };
    if (Number(next) + options.pageSize > cap) return { complete: false, maxModifiedMs, maxId };
    after = next;
  }
}
