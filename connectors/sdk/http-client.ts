/**
 * The one HTTP client every connector uses. It owns what no connector should write
 * again: retries with jittered backoff, Retry-After, a per-source request budget,
 * p-limit concurrency, error classification, request counting and redaction.
 *
 * Connectors built on a vendor SDK (HubSpot's official client) route each call
 * through `call()`, so the same policy applies to requests we do not send ourselves.
 *
 * @example
 * ```ts
 * const http = createHttpClient({ source: 'mailchimp', profile: { baseURL, rate: { requests: 10, perMs: 1000 } } });
 * const res = await http.get<ListsPage>('/3.0/lists', { params: { count: 1000, offset: 0 } });
 * ```
 */
import axios, { type AxiosInstance, type AxiosRequestConfig, type AxiosResponse } from 'axios';
import pLimit, { type LimitFunction } from 'p-limit';
import { TributaryError } from '../../core/errors.js';
import { AuthError, HttpStatusError, MalformedResponseError, QuotaExhaustedError, SourceUnavailableError, SourceUnreachableError } from './errors.js';
import { silentLogger, type Logger } from '../../core/logger.js';
import { RateBudget } from './rate-budget.js';
import { SecretRedactor } from '../../core/redact.js';
import { DEFAULT_RETRY_POLICY, backoffDelayMs, parseRetryAfterMs, sleep, type RetryPolicy } from './retry.js';
import type { HttpProfile } from './types.js';

/** How a failed attempt should be handled. */
export type FailureKind = 'retry' | 'auth' | 'quota' | 'fatal';

/** A failed attempt reduced to what classification needs (from axios or a vendor SDK). */
export interface AttemptFailure {
  readonly status?: number;
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly body?: unknown;
  /** Network-level code (ECONNRESET, ECONNABORTED, ETIMEDOUT, ERR_BAD_RESPONSE …). */
  readonly code?: string;
  readonly message: string;
}

/**
 * Vendor-specific classification, consulted before the defaults. Return undefined
 * to fall through (e.g. Meta reports throttling as HTTP 400 with error code 17).
 */
export type Classifier = (failure: AttemptFailure) => FailureKind | undefined;

export interface HttpClientOptions {
  /** Source id used in messages and metrics. */
  readonly source: string;
  readonly profile: HttpProfile;
  readonly retry?: Partial<RetryPolicy>;
  readonly classify?: Classifier;
  /** Extracts the vendor's human message from an error body. */
  readonly describe?: (body: unknown) => string | undefined;
  readonly redactor?: SecretRedactor;
  readonly log?: Logger;
  readonly signal?: AbortSignal;
  /** For tests: deterministic jitter. */
  readonly random?: () => number;
}

export interface HttpStats {
  requests: number;
  retries: number;
  rateLimited: number;
  failures: number;
  byStatus: Record<string, number>;
}

const RETRYABLE_CODES = new Set([
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'ERR_BAD_RESPONSE',
  'ECONNREFUSED',
  // An unknown host or a dead route is usually a wrong base_url, but networks flap:
  // retried like the rest, then reported as unreachable (never as a malformed response).
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ERR_STREAM_PREMATURE_CLOSE',
  'UND_ERR_SOCKET',
]);

/** Connection-level failures where nothing answered: retried, then reported as unreachable. */
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

export class HttpClient {
  readonly source: string;
  readonly stats: HttpStats = { requests: 0, retries: 0, rateLimited: 0, failures: 0, byStatus: {} };
  readonly #axios: AxiosInstance;
  readonly #policy: RetryPolicy;
  readonly #limit: LimitFunction;
  readonly #budget: RateBudget | undefined;
  readonly #options: HttpClientOptions;
  readonly #redactor: SecretRedactor;
  readonly #log: Logger;

  constructor(options: HttpClientOptions) {
    this.#options = options;
    this.source = options.source;
    this.#policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.#limit = pLimit(options.profile.concurrency ?? 4);
    this.#budget = options.profile.rate ? new RateBudget(options.profile.rate.requests, options.profile.rate.perMs) : undefined;
    this.#redactor = options.redactor ?? new SecretRedactor();
    this.#log = options.log ?? silentLogger();
    this.#axios = axios.create({
      baseURL: options.profile.baseURL,
      headers: { ...options.profile.headers },
      timeout: options.profile.timeoutMs ?? 30_000,
      // A truncated JSON body must fail (and be retried), not silently become a string.
      transitional: { silentJSONParsing: false, forcedJSONParsing: true, clarifyTimeoutError: true },
      responseType: 'json',
      // Never follow proxies from the environment: sources are addressed directly.
      proxy: false,
      validateStatus: () => true,
    });
  }

  get<T>(url: string, config: AxiosRequestConfig = {}): Promise<AxiosResponse<T>> {
    return this.request<T>({ ...config, method: 'GET', url });
  }

  post<T>(url: string, data: unknown, config: AxiosRequestConfig = {}): Promise<AxiosResponse<T>> {
    return this.request<T>({ ...config, method: 'POST', url, data });
  }

  /** Sends a request through axios under the full policy; resolves only on 2xx. */
  request<T>(config: AxiosRequestConfig): Promise<AxiosResponse<T>> {
    const label = `${(config.method ?? 'GET').toUpperCase()} ${stripQuery(config.url ?? '')}`;
    return this.call(label, async () => {
      const res = await this.#axios.request<T>({ ...config, signal: this.#options.signal });
      if (res.status >= 200 && res.status < 300) return res;
      throw new ResponseFailure({ status: res.status, headers: flattenHeaders(res.headers), body: res.data, message: `HTTP ${res.status}` });
    });
  }

  /**
   * Runs `attempt` under the budget, concurrency limit and retry policy. `toFailure`
   * turns whatever the attempt threw into an AttemptFailure (for vendor SDK errors).
   */
  call<T>(label: string, attempt: () => Promise<T>, toFailure: (error: unknown) => AttemptFailure = fromAnyError): Promise<T> {
    return this.#limit(async () => {
      for (let n = 1; ; n++) {
        const release = await this.#budget?.acquire(this.#options.signal);
        this.stats.requests++;
        try {
          const result = await attempt();
          release?.();
          this.#count('2xx');
          return result;
        } catch (error) {
          release?.();
          if (error instanceof TributaryError) throw error;
          if (this.#options.signal?.aborted) throw this.#options.signal.reason ?? error;
          const failure = error instanceof ResponseFailure ? error.failure : toFailure(error);
          this.#count(failure.status === undefined ? (failure.code ?? 'network') : String(failure.status));
          const kind = this.#options.classify?.(failure) ?? defaultClassify(failure);
          const retryAfterMs = parseRetryAfterMs(failure.headers['retry-after']);
          if (failure.status === 429) this.stats.rateLimited++;
          if (kind === 'retry' && retryAfterMs !== undefined && retryAfterMs > this.#policy.maxRetryAfterMs) {
            throw this.#toError('quota', label, failure, n);
          }
          if (kind !== 'retry' || n >= this.#policy.maxAttempts) {
            this.stats.failures++;
            throw this.#toError(kind, label, failure, n);
          }
          const delay = retryAfterMs ?? backoffDelayMs(n, this.#policy, this.#options.random);
          if (retryAfterMs !== undefined) this.#budget?.penalize(Date.now() + retryAfterMs);
          this.stats.retries++;
          this.#log.warn('retrying request', {
            source: this.source,
            request: label,
            attempt: n,
            status: failure.status,
            code: failure.code,
            delayMs: delay,
          });
          await sleep(delay, this.#options.signal);
        }
      }
    });
  }

  #count(key: string): void {
    this.stats.byStatus[key] = (this.stats.byStatus[key] ?? 0) + 1;
  }

  #toError(kind: FailureKind, label: string, failure: AttemptFailure, attempts: number): TributaryError {
    // Never quote a 2xx body: a failed parse of a data page would copy records (emails…) into the message.
    const errorBody = failure.status !== undefined && failure.status < 300 ? undefined : failure.body;
    const vendor = this.#options.describe?.(errorBody) ?? describeBody(errorBody);
    const what = failure.status !== undefined ? `HTTP ${failure.status}` : (failure.code ?? failure.message);
    const detail = this.#redactor.scrub(`${this.source}: ${label} failed with ${what}${vendor ? ` (${vendor})` : ''}`);
    switch (kind) {
      case 'auth':
        return new AuthError(this.source, detail);
      case 'quota':
        return new QuotaExhaustedError(this.source, detail);
      case 'retry':
        // No answer at all (as opposed to a 5xx or a reset): the address itself is wrong or down.
        return failure.status === undefined && failure.code !== undefined && UNREACHABLE_CODES.has(failure.code)
          ? new SourceUnreachableError(this.source, `${detail} after ${attempts} attempts`, this.#redactor.scrub(this.#options.profile.baseURL))
          : new SourceUnavailableError(this.source, `${detail} after ${attempts} attempts`);
      case 'fatal':
        return failure.status !== undefined
          ? new HttpStatusError(this.source, failure.status, detail)
          : new MalformedResponseError(this.source, detail);
    }
  }
}

export function createHttpClient(options: HttpClientOptions): HttpClient {
  return new HttpClient(options);
}

/** Default policy: 429/408/5xx and transient network failures retry; 401 is auth; other 4xx are fatal. */
export function defaultClassify(failure: AttemptFailure): FailureKind {
  const { status, code } = failure;
  // A truncated 2xx body surfaces as a parse error carrying the 200 status: retry it.
  if (code !== undefined && RETRYABLE_CODES.has(code) && (status === undefined || status < 300)) return 'retry';
  if (status === undefined) return code !== undefined && RETRYABLE_CODES.has(code) ? 'retry' : 'fatal';
  if (status === 429 || status === 408 || status >= 500) return 'retry';
  if (status === 401) return 'auth';
  return 'fatal';
}

class ResponseFailure extends Error {
  readonly failure: AttemptFailure;
  constructor(failure: AttemptFailure) {
    super(failure.message);
    this.failure = failure;
  }
}

/** Reduce an axios (or other) error to its classifiable parts — never its config or headers sent. */
function fromAnyError(error: unknown): AttemptFailure {
  if (axios.isAxiosError(error)) {
    const res = error.response;
    return {
      status: res?.status,
      headers: res ? flattenHeaders(res.headers) : {},
      body: res?.data,
      code: error.code,
      message: error.message,
    };
  }
  const e = error as { code?: unknown; message?: unknown };
  return {
    headers: {},
    code: typeof e?.code === 'string' ? e.code : 'UNKNOWN',
    message: typeof e?.message === 'string' ? e.message : String(error),
  };
}

export function flattenHeaders(headers: unknown): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  if (!headers || typeof headers !== 'object') return out;
  const source = typeof (headers as { toJSON?: unknown }).toJSON === 'function'
    ? (headers as { toJSON(): Record<string, unknown> }).toJSON()
    : (headers as Record<string, unknown>);
  for (const [k, v] of Object.entries(source)) {
    out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v === undefined || v === null ? undefined : String(v);
  }
  return out;
}

function describeBody(body: unknown): string | undefined {
  // Plain-text error pages are quoted briefly; structured bodies only by their message fields.
  if (typeof body === 'string') return body.slice(0, 120).replace(/\s+/g, ' ').trim() || undefined;
  if (body && typeof body === 'object') {
    const b = body as Record<string, unknown>;
    for (const key of ['message', 'detail', 'title', 'error_description']) {
      if (typeof b[key] === 'string') return b[key] as string;
    }
    if (b.error && typeof b.error === 'object') return describeBody(b.error);
    if (typeof b.error === 'string') return b.error;
  }
  return undefined;
}

function stripQuery(url: string): string {
  const i = url.indexOf('?');
  return i === -1 ? url : url.slice(0, i);
}
