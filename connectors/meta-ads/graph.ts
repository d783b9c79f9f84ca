/**
 * Graph API wire facts shared by the Meta Ads streams: error classification (Graph
 * reports throttling as HTTP 400/403 with an error code, not as 429), usage-header
 * pacing, and cursor paging.
 */
import {
  MalformedResponseError,
  QuotaExhaustedError,
  flattenHeaders,
  sleep as sdkSleep,
  type AttemptFailure,
  type Classifier,
  type FailureKind,
  type JsonRecord,
  type Logger,
  type ReadContext,
} from '../sdk/index.js';

/** `{ error: { message, type, code, error_subcode, fbtrace_id } }`, Graph's error body. */
export interface GraphErrorBody {
  readonly error?: {
    readonly message?: string;
    readonly type?: string;
    readonly code?: number;
    readonly error_subcode?: number;
    readonly error_user_title?: string;
    readonly error_user_msg?: string;
    readonly is_transient?: boolean;
    readonly fbtrace_id?: string;
  };
}

/** One page of an edge: `{ data, paging: { cursors: { before, after }, next } }`. */
export interface GraphPage<T> {
  readonly data: T[];
  readonly paging?: {
    readonly cursors?: { readonly before?: string; readonly after?: string };
    readonly next?: string;
    readonly previous?: string;
  };
}

/** Application (4), user (17), page (32), custom (613) and ads-API business-use-case (80000–80014) throttling. */
const THROTTLE_CODES = new Set([4, 17, 32, 613]);
const isThrottleCode = (code: number): boolean => THROTTLE_CODES.has(code) || (code >= 80000 && code <= 80014);

/**
 * Meta names the wait in whole minutes, and the SDK's retries (no Retry-After from
 * Graph, so jittered backoff of a few seconds) cannot wait that long: retrying would
 * only hammer a throttled account. So any announced wait stops the stream cleanly
 * (QuotaExhaustedError: committed batches stay, the next run resumes); throttling
 * without an announced wait is retried with backoff.
 */
export const QUOTA_THRESHOLD_MINUTES = 1;

function graphError(body: unknown): GraphErrorBody['error'] | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const err = (body as GraphErrorBody).error;
  return err && typeof err === 'object' ? err : undefined;
}

/**
 * Classifies a failed Graph request for the SDK HTTP client (`classify` option).
 * Throttling codes retry unless the usage header says access comes back only after
 * `QUOTA_THRESHOLD_MINUTES` or more (then 'quota': stop cleanly, resume next run);
 * 190 (invalid/expired token), 102 (session) and permission errors (10, 200–299) are
 * 'auth'; 1 and 2 (unknown / temporarily unavailable) retry. Anything else falls
 * through to the SDK defaults.
 *
 * @example
 * ```ts
 * createHttpClient({ source: 'meta-ads', profile, classify: metaAdsClassifier, describe: metaAdsDescribe });
 * ```
 */
export const metaAdsClassifier: Classifier = (failure: AttemptFailure): FailureKind | undefined => {
  const err = graphError(failure.body);
  const code = typeof err?.code === 'number' ? err.code : undefined;
  if (code === undefined) return undefined;
  if (code === 190 || code === 102 || code === 10 || (code >= 200 && code <= 299)) return 'auth';
  if (isThrottleCode(code)) {
    const usage = parseUsageHeaders(failure.headers);
    return usage.regainMinutes >= QUOTA_THRESHOLD_MINUTES ? 'quota' : 'retry';
  }
  if (code === 1 || code === 2 || err?.is_transient === true) return 'retry';
  return undefined;
};

/**
 * The operator-facing part of a Graph error body: message plus code, subcode and
 * fbtrace_id (what Meta support asks for). Never includes request data.
 */
export function metaAdsDescribe(body: unknown): string | undefined {
  const err = graphError(body);
  if (!err) return undefined;
  const parts = [
    typeof err.code === 'number' ? `code ${err.code}` : undefined,
    typeof err.error_subcode === 'number' ? `subcode ${err.error_subcode}` : undefined,
    err.fbtrace_id ? `fbtrace_id ${err.fbtrace_id}` : undefined,
  ].filter(Boolean);
  const message = err.message ?? err.type ?? 'Graph API error';
  return parts.length > 0 ? `${message} [${parts.join(', ')}]` : message;
}

/** What the usage headers say: the highest percentage of any meter, and minutes until access returns. */
export interface GraphUsage {
  readonly maxPct: number;
  readonly regainMinutes: number;
  /** Which meter was highest (for the log line). */
  readonly meter: string | undefined;
}

function parseJsonHeader(value: string | undefined): unknown {
  if (!value) return undefined;
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : 0);

/**
 * Reads `x-business-use-case-usage` (`{ "<business_id>": [{ type, call_count, total_cputime,
 * total_time, estimated_time_to_regain_access }] }`), `x-app-usage` (`{ call_count,
 * total_cputime, total_time }`) and `x-ad-account-usage` (`{ acc_id_util_pct,
 * reset_time_duration }`). Garbled or absent headers count as 0 %.
 */
export function parseUsageHeaders(headers: Readonly<Record<string, string | undefined>>): GraphUsage {
  let maxPct = 0;
  let regainMinutes = 0;
  let meter: string | undefined;
  const see = (pct: number, name: string) => {
    if (pct > maxPct) {
      maxPct = pct;
      meter = name;
    }
  };
  const buc = parseJsonHeader(headers['x-business-use-case-usage']);
  if (buc && typeof buc === 'object') {
    for (const [business, entries] of Object.entries(buc as Record<string, unknown>)) {
      if (!Array.isArray(entries)) continue;
      for (const e of entries as Record<string, unknown>[]) {
        if (!e || typeof e !== 'object') continue;
        const type = typeof e.type === 'string' ? e.type : 'unknown';
        for (const k of ['call_count', 'total_cputime', 'total_time'] as const) see(num(e[k]), `business ${business} ${type} ${k}`);
        regainMinutes = Math.max(regainMinutes, num(e.estimated_time_to_regain_access));
      }
    }
  }
  const app = parseJsonHeader(headers['x-app-usage']);
  if (app && typeof app === 'object') {
    const a = app as Record<string, unknown>;
    for (const k of ['call_count', 'total_cputime', 'total_time'] as const) see(num(a[k]), `app ${k}`);
  }
  const account = parseJsonHeader(headers['x-ad-account-usage']);
  if (account && typeof account === 'object') {
    const a = account as Record<string, unknown>;
    see(num(a.acc_id_util_pct), 'ad account acc_id_util_pct');
    // reset_time_duration is in seconds; only meaningful once the account is at its limit.
    if (num(a.acc_id_util_pct) >= 100) regainMinutes = Math.max(regainMinutes, num(a.reset_time_duration) / 60);
  }
  return { maxPct, regainMinutes, meter };
}

/** Knobs for pacing on usage headers; tests shrink the pauses and capture the sleeps. */
export interface PacingOptions {
  /** Usage percentage above which requests are spaced out (Meta throttles at 100). */
  readonly slowDownAbovePct?: number;
  /** Pause before the next request when a meter reads 100 %; scaled down quadratically below. */
  readonly maxPauseMs?: number;
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/**
 * Spaces requests out as Meta's meters fill. The pause grows with the square of how
 * far usage is past the threshold (75 % → 0, 90 % → ~36 % of max, 100 % → max), so a
 * run that brushes the threshold barely slows while one near the limit backs off hard
 * before Graph starts answering with code 17/80004.
 */
export class UsagePacer {
  readonly #threshold: number;
  readonly #maxPauseMs: number;
  readonly #sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly #log: Logger;
  #last: GraphUsage = { maxPct: 0, regainMinutes: 0, meter: undefined };
  /** Total time paused, for the stream's summary log. */
  pausedMs = 0;

  constructor(log: Logger, options: PacingOptions = {}) {
    this.#threshold = options.slowDownAbovePct ?? 75;
    this.#maxPauseMs = options.maxPauseMs ?? 120_000;
    this.#sleep = options.sleep ?? sdkSleep;
    this.#log = log;
  }

  observe(headers: Readonly<Record<string, string | undefined>>): void {
    this.#last = parseUsageHeaders(headers);
  }

  /** Milliseconds to wait before the next request given the last usage seen. */
  pauseMs(): number {
    const { maxPct, regainMinutes } = this.#last;
    if (maxPct <= this.#threshold) return 0;
    const share = Math.min(1, (maxPct - this.#threshold) / (100 - this.#threshold));
    const scaled = Math.round(this.#maxPauseMs * share * share);
    return Math.min(this.#maxPauseMs, Math.max(scaled, regainMinutes * 60_000));
  }

  async beforeRequest(signal: AbortSignal): Promise<void> {
    const { maxPct, regainMinutes, meter } = this.#last;
    if (maxPct >= 100 && regainMinutes * 60_000 > this.#maxPauseMs) {
      throw new QuotaExhaustedError(
        'meta-ads',
        `Meta usage is at ${round1(maxPct)}% (${meter ?? 'unknown meter'}); access returns in about ${Math.ceil(regainMinutes)} minutes`,
      );
    }
    const pause = this.pauseMs();
    if (pause <= 0) return;
    this.#log.warn('Meta API usage high, pausing before next request', { usagePct: round1(maxPct), meter, pauseMs: pause });
    this.pausedMs += pause;
    // The pause is spent once: the next response's headers decide the one after.
    this.#last = { maxPct: 0, regainMinutes: 0, meter: undefined };
    await this.#sleep(pause, signal);
  }
}

const round1 = (n: number): number => Math.round(n * 10) / 10;

/**
 * Follows an edge's cursor paging: `after` cursors until the page has no `next`.
 * The `next` URL itself is never fetched — it may carry an access_token when Graph
 * built it, and it names Graph's host rather than the configured base URL.
 */
export async function* graphPages(
  ctx: ReadContext<unknown>,
  pacer: UsagePacer,
  path: string,
  params: Readonly<Record<string, string | number>>,
): AsyncGenerator<JsonRecord[]> {
  let after: string | undefined;
  const seen = new Set<string>();
  for (;;) {
    await pacer.beforeRequest(ctx.signal);
    const res = await ctx.http.get<GraphPage<JsonRecord>>(path, { params: after === undefined ? params : { ...params, after } });
    pacer.observe(flattenHeaders(res.headers));
    const body = res.data as unknown;
    if (!body || typeof body !== 'object' || !Array.isArray((body as GraphPage<unknown>).data)) {
      throw new MalformedResponseError('meta-ads', `GET ${path} returned no "data" array`);
    }
    const page = body as GraphPage<JsonRecord>;
    yield page.data;
    const cursor = page.paging?.cursors?.after;
    if (!page.paging?.next || !cursor) return;
    if (seen.has(cursor)) throw new MalformedResponseError('meta-ads', `GET ${path} repeated paging cursor ${cursor}`);
    seen.add(cursor);
    after = cursor;
  }
}
