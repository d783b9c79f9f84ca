/**
 * The Data API's `runReport` wire facts: the request body, reading rows by their
 * headers' names (never by position: a report that adds or reorders a column still
 * maps), `limit`/`offset` paging up to `rowCount`, Google's error body, and the
 * property token quota the API reports when asked (`returnPropertyQuota: true`).
 */
import {
  AuthError,
  MalformedResponseError,
  QuotaExhaustedError,
  type AttemptFailure,
  type Classifier,
  type FailureKind,
  type JsonRecord,
  type Logger,
  type ReadContext,
} from '../sdk/index.js';
import type { ServiceAccountToken } from './auth.js';
import type { Ga4Config } from './config.js';

/** What the stream asks for: dimension and metric API names as the Data API spells them. */
export const DIMENSIONS = ['date', 'sessionCampaignName', 'sessionSourceMedium'] as const;
export const METRICS = ['sessions', 'engagedSessions', 'conversions', 'totalRevenue'] as const;

interface QuotaStatus {
  readonly consumed?: number;
  readonly remaining?: number;
}

/** `propertyQuota` of a response: the token buckets a request draws on, and its concurrency slots. */
export interface PropertyQuota {
  readonly tokensPerDay?: QuotaStatus;
  readonly tokensPerHour?: QuotaStatus;
  readonly concurrentRequests?: QuotaStatus;
  readonly tokensPerProjectPerHour?: QuotaStatus;
  readonly serverErrorsPerProjectPerHour?: QuotaStatus;
  readonly potentiallyThresholdedRequestsPerHour?: QuotaStatus;
}

interface RunReportResponse {
  readonly dimensionHeaders?: readonly { readonly name?: string }[];
  readonly metricHeaders?: readonly { readonly name?: string; readonly type?: string }[];
  readonly rows?: readonly {
    readonly dimensionValues?: readonly { readonly value?: string }[];
    readonly metricValues?: readonly { readonly value?: string }[];
  }[];
  readonly rowCount?: number;
  readonly propertyQuota?: PropertyQuota;
}

/** `{ error: { code, message, status } }`, Google's JSON error body. */
function googleError(body: unknown): { code?: number; message?: string; status?: string } | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const err = (body as { error?: unknown }).error;
  return err && typeof err === 'object' ? (err as { code?: number; message?: string; status?: string }) : undefined;
}

/**
 * A 429 `RESOURCE_EXHAUSTED` that names the property's token buckets is a spent
 * quota, not throttling: retrying only spends the next hour's tokens, so stop and resume
 * next run. `UNAUTHENTICATED` (an expired token) is 'auth', which the stream answers by
 * minting one new token, once.
 */
export const ga4Classifier: Classifier = (failure: AttemptFailure): FailureKind | undefined => {
  const err = googleError(failure.body);
  if (!err) return undefined;
  if (err.status === 'RESOURCE_EXHAUSTED' && /tokens/i.test(err.message ?? '')) return 'quota';
  if (err.status === 'UNAUTHENTICATED') return 'auth';
  return undefined;
};

export function ga4Describe(body: unknown): string | undefined {
  const err = googleError(body);
  if (!err) return undefined;
  return [err.status, err.message].filter(Boolean).join(': ') || undefined;
}

/**
 * Tokens a request may still draw before the property runs dry: the smaller of the
 * hourly and daily buckets. Undefined when the response carried no quota.
 */
export function tokensLeft(quota: PropertyQuota | undefined): number | undefined {
  const left = [quota?.tokensPerHour?.remaining, quota?.tokensPerDay?.remaining].filter((n): n is number => typeof n === 'number');
  return left.length === 0 ? undefined : Math.min(...left);
}

/** The running tally of what requests cost, to judge whether the next one still fits. */
export class QuotaGuard {
  #lastLeft: number | undefined;
  #maxCost = 0;
  #previous: number | undefined;

  observe(quota: PropertyQuota | undefined): void {
    const left = tokensLeft(quota);
    if (left === undefined) return;
    const perRequest = [quota?.tokensPerHour?.consumed, quota?.tokensPerDay?.consumed].filter((n): n is number => typeof n === 'number');
    // `consumed` is what this request cost; fall back on the drop since the previous answer.
    const cost = perRequest.length > 0 ? Math.max(...perRequest) : this.#previous !== undefined ? this.#previous - left : 0;
    this.#maxCost = Math.max(this.#maxCost, cost);
    this.#previous = left;
    this.#lastLeft = left;
  }

  /**
   * Throws before a request that could exhaust the property: GA4 answers an exhausted
   * bucket with errors for the whole property (every other report reading it too), so
   * the stream stops while a request's worth of tokens (twice the dearest seen) is left.
   */
  beforeRequest(source: string): void {
    if (this.#lastLeft === undefined || this.#maxCost === 0) return;
    if (this.#lastLeft < 2 * this.#maxCost) {
      throw new QuotaExhaustedError(
        source,
        `${source}: GA4 property tokens nearly spent (${this.#lastLeft} left, a request costs up to ${this.#maxCost}); stopped before exhausting them`,
      );
    }
  }
}

/** One report row as a flat record keyed by the API names, with the property it came from. */
function toRecord(property: string, dims: readonly string[], mets: readonly string[], row: NonNullable<RunReportResponse['rows']>[number]): JsonRecord {
  const rec: JsonRecord = { property_id: property };
  dims.forEach((name, i) => (rec[name] = row.dimensionValues?.[i]?.value ?? null));
  mets.forEach((name, i) => (rec[name] = row.metricValues?.[i]?.value ?? null));
  return rec;
}

export interface ReportContext {
  readonly ctx: ReadContext<Ga4Config>;
  readonly token: ServiceAccountToken;
  readonly quota: QuotaGuard;
  readonly log: Logger;
}

/**
 * Pages through one date range's report: `offset` advances by the rows received until
 * `rowCount` is reached. Yields each page's records.
 */
export async function* reportPages(rc: ReportContext, source: string, startDate: string, endDate: string): AsyncGenerator<JsonRecord[]> {
  const { ctx } = rc;
  const { config } = ctx;
  const path = `/v1beta/properties/${config.property_id}:runReport`;
  for (let offset = 0; ; ) {
    rc.quota.beforeRequest(source);
    const body = {
      dateRanges: [{ startDate, endDate }],
      dimensions: DIMENSIONS.map((name) => ({ name })),
      metrics: METRICS.map((name) => ({ name })),
      // A stable order makes offset paging deterministic across pages.
      orderBys: DIMENSIONS.map((name) => ({ dimension: { dimensionName: name } })),
      limit: config.page_size,
      offset,
      keepEmptyRows: false,
      returnPropertyQuota: true,
    };
    const res = await authorized(rc, source, (bearer) => ctx.http.post<RunReportResponse>(path, body, { headers: { Authorization: `Bearer ${bearer}` } }));
    const data = res.data as unknown;
    if (!data || typeof data !== 'object' || Array.isArray(data)) throw new MalformedResponseError(source, `POST ${path} returned no report object`);
    const report = data as RunReportResponse;
    rc.quota.observe(report.propertyQuota);
    const dims = (report.dimensionHeaders ?? []).map((h) => h.name ?? '');
    const mets = (report.metricHeaders ?? []).map((h) => h.name ?? '');
    if (!dims.includes('date')) throw new MalformedResponseError(source, `POST ${path} returned a report without the date dimension`);
    const rows = report.rows ?? [];
    const rowCount = typeof report.rowCount === 'number' ? report.rowCount : 0;
    yield rows.map((r) => toRecord(config.property_id, dims, mets, r));
    offset += rows.length;
    // An empty page before rowCount would page forever: the report shrank under us, stop.
    if (rows.length === 0 || offset >= rowCount) return;
  }
}

/**
 * Sends with the current token; when the API calls it expired, mints one new token and
 * tries once more. A second rejection is the credentials' fault and fails the source.
 */
async function authorized<T>(rc: ReportContext, source: string, send: (bearer: string) => Promise<T>): Promise<T> {
  try {
    return await send(await rc.token.get());
  } catch (error) {
    if (!(error instanceof AuthError)) throw error;
    rc.log.warn('GA4 rejected the access token; minting a new one once', { source });
    rc.token.invalidate();
    return send(await rc.token.get());
  }
}
