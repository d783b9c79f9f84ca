/**
 * The one HTTP client every connector uses. It owns what no connector should write
 * again: retries with jittered backoff, Retry-After, a per-source request budget,
 * p-limit concurrency, a total deadline per attempt, error classification, request
 * counting and redaction.
 *
 * Connectors built on a vendor SDK (HubSpot's official client, jsforce) route each call
 * through `call()`, so the same policy applies to requests we do not send ourselves;
 * the attempt gets an AbortSignal that fires at its deadline and must close its socket.
 *
 * @example
 * ```ts
 * const http = createHttpClient({ source: 'mailchimp', profile: { baseURL, rate: { requests: 10, perMs: 1000 } } });
 * const res = await http.get<ListsPage>('/3.0/lists', { params: { count: 1000, offset: 0 } });
 * ```
 */
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { createRequire } from 'node:module';
import type { AxiosInstance, AxiosRequestConfig, AxiosResponse, AxiosStatic } from 'axios';
import pLimit, { type LimitFunction } from 'p-limit';
import { TributaryError } from '../../core/errors.js';

// axios (and its dependencies) loads with the first client, not with the connector registry
// that every command's config loading imports.
let axiosModule: AxiosStatic | undefined;
const loadAxios = (): AxiosStatic => (axiosModule ??= createRequire(import.meta.url)('axios') as AxiosStatic);
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
  /** Network-level code (ECONNRESET, ECONNABORTED, ETIMEDOUT, ERR_BAD_RESPONSE, ERR_NOT_JSON …). */
  readonly code?: string;
  readonly message: string;
  /** Set when the attempt was cut off by its deadline (ms): it got no complete answer in time. */
  readonly deadlineMs?: number;
}

/**
 * Thrown inside an attempt to report an already classified failure (a non-2xx answer,
 * a body that is not the JSON it should be); `call()` takes its `failure` as is.
 */
export class AttemptFailureError extends Error {
  readonly failure: AttemptFailure;
  constructor(failure: AttemptFailure) {
    super(failure.message);
    this.failure = failure;
  }
}

/**
 * A request gets this long, from connecting to the last byte of its body, before it is
 * aborted (and retried) — unless the connector's profile or tributary.yml says otherwise.
 */
export const DEFAULT_REQUEST_TIMEOUT_MS = 60_000;

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
  readonly #deadlineMs: number;
  // Our own agents, so close() can destroy every socket this source opened: a server
  // that keeps a connection open must not keep the process alive after the run.
  readonly #httpAgent = new HttpAgent({ keepAlive: true });
  readonly #httpsAgent = new HttpsAgent({ keepAlive: true });

  constructor(options: HttpClientOptions) {
    this.#options = options;
    this.source = options.source;
    this.#policy = { ...DEFAULT_RETRY_POLICY, ...options.retry, ...options.profile.retry };
    this.#limit = pLimit(options.profile.concurrency ?? 4);
    this.#budget = options.profile.rate ? new RateBudget(options.profile.rate.requests, options.profile.rate.perMs) : undefined;
    this.#redactor = options.redactor ?? new SecretRedactor();
    this.#log = options.log ?? silentLogger();
    this.#deadlineMs = options.profile.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    this.#axios = loadAxios().create({
      baseURL: options.profile.baseURL,
      headers: { ...options.profile.headers },
      // No idle timeout of axios' own: the attempt's deadline (call()) covers connect,
      // first byte and the whole body, where axios' timeout lets a dripping body run forever.
      timeout: 0,
      // The body is parsed by parseJsonBody(): a truncated body is retried, a web page
      // where JSON was expected is reported as what it is.
      responseType: 'text',
      transformResponse: [(data: unknown) => data],
      // Never follow proxies from the environment: sources are addressed directly.
      proxy: false,
      validateStatus: () => true,
      ...this.agents(),
    });
  }

  /** The agents to send this source's requests through (for connectors with their own axios). */
  agents(): { httpAgent: HttpAgent; httpsAgent: HttpsAgent } {
    return { httpAgent: this.#httpAgent, httpsAgent: this.#httpsAgent };
  }

  /** The total deadline of one attempt, in ms. */
  get deadlineMs(): number {
    return this.#deadlineMs;
  }

  /** Closes every socket the client holds (call it when the source's run is over). */
  close(): void {
    this.#httpAgent.destroy();
    this.#httpsAgent.destroy();
  }

  get<T>(url: string, config: AxiosRequestConfig = {}): Promise<AxiosResponse<T>> {
    return this.request<T>({ ...config, method: 'GET', url });
  }

  post<T>(url: string, data: unknown, config: AxiosRequestConfig = {}): Promise<AxiosResponse<T>> {
    return this.request<T>({ ...config, method: 'POST', url, data });
  }

  /** Sends a request through axios under the full policy; resolves only on 2xx, with the parsed JSON body. */
  request<T>(config: AxiosRequestConfig): Promise<AxiosResponse<T>> {
    const label = `${(config.method ?? 'GET').toUpperCase()} ${stripQuery(config.url ?? '')}`;
    return this.call(label, async (signal) => {
      const res = await this.#axios.request<string>({ ...config, responseType: 'text', signal });
      const headers = flattenHeaders(res.headers);
      const data = parseJsonBody(res.status, headers, res.data);
      if (res.status >= 200 && res.status < 300) return { ...res, data: data as T };
      throw new AttemptFailureError({ status: res.status, headers, body: data, message: `HTTP ${res.status}` });
    });
  }

  /**
   * Runs `attempt` under the budget, concurrency limit, deadline and retry policy.
   * `attempt` gets a signal that aborts at the attempt's deadline (or when the run is
   * stopped) and must abort its request, socket included, when it fires; the attempt is
   * abandoned then either way. `toFailure` turns whatever the attempt threw into an
   * AttemptFailure (for vendor SDK errors). `budget` is an extra rate budget every
   * attempt waits for (HubSpot's search allowance) before its deadline starts.
   */
  call<T>(
    label: string,
    attempt: (signal: AbortSignal) => Promise<T>,
    toFailure: (error: unknown) => AttemptFailure = fromAnyError,
    options: { budget?: RateBudget } = {},
  ): Promise<T> {
    return this.#limit(async () => {
      for (let n = 1; ; n++) {
        const releaseOwn = await this.#budget?.acquire(this.#options.signal);
        const releaseExtra = await options.budget?.acquire(this.#options.signal);
        const release = () => {
          releaseExtra?.();
          releaseOwn?.();
        };
        this.stats.requests++;
        const deadline = attemptDeadline(this.#deadlineMs, this.#options.signal);
        try {
          const result = await untilAborted(attempt, deadline.signal);
          deadline.clear();
          release();
          this.#count('2xx');
          return result;
        } catch (error) {
          deadline.clear();
          release();
          if (this.#options.signal?.aborted) throw this.#options.signal.reason ?? error;
          const timedOut = deadline.timedOut();
          if (!timedOut && error instanceof TributaryError) throw error;
          const failure: AttemptFailure = timedOut
            ? { headers: {}, code: 'ETIMEDOUT', message: `no complete response within ${this.#deadlineMs} ms`, deadlineMs: this.#deadlineMs }
            : error instanceof AttemptFailureError
              ? error.failure
              : toFailure(error);
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
    const failed = `${label} failed with ${what}${vendor ? ` (${vendor})` : ''}`;
    const detail = this.#redactor.scrub(`${this.source}: ${failed}`);
    const baseURL = this.#redactor.scrub(this.#options.profile.baseURL);
    switch (kind) {
      case 'auth':
        return new AuthError(this.source, detail);
      case 'quota':
        return new QuotaExhaustedError(this.source, detail);
      case 'retry':
        if (failure.deadlineMs !== undefined) {
          return new SourceUnavailableError(
            this.source,
            this.#redactor.scrub(`${this.source}: ${label} gave no complete response within ${failure.deadlineMs} ms (${attempts} attempt${attempts === 1 ? '' : 's'})`),
            {
              code: 'source_timeout',
              hint: `${baseURL} accepted the request but did not answer in time; if the source is only slow, raise sync.request_timeout_ms (or sources.${this.source}.request_timeout_ms); committed batches are kept`,
            },
          );
        }
        // No answer at all (as opposed to a 5xx or a reset): the address itself is wrong or down.
        return failure.status === undefined && failure.code !== undefined && UNREACHABLE_CODES.has(failure.code)
          ? new SourceUnreachableError(this.source, `${detail} after ${attempts} attempts`, baseURL)
          : new SourceUnavailableError(this.source, `${detail} after ${attempts} attempts`);
      case 'fatal':
        if (failure.code === 'ERR_NOT_JSON') {
          return new MalformedResponseError(this.source, this.#redactor.scrub(`${label} answered HTTP ${failure.status ?? '?'} with ${failure.message}`), {
            hint: `check that ${baseURL} is the API's address (not a web page, a proxy or a login portal)`,
          });
        }
        return failure.status !== undefined && failure.status >= 300
          ? new HttpStatusError(this.source, failure.status, detail)
          : new MalformedResponseError(this.source, this.#redactor.scrub(failed));
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

/** Why an attempt's signal fired: its deadline (as opposed to the run being stopped). */
class DeadlineExceeded extends Error {}

/** One attempt's signal: aborted at `ms` or when the run's signal aborts, whichever comes first. */
function attemptDeadline(ms: number, run: AbortSignal | undefined): { signal: AbortSignal; timedOut(): boolean; clear(): void } {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DeadlineExceeded(`no complete response within ${ms} ms`)), ms);
  const onRunAbort = () => controller.abort(run?.reason);
  if (run?.aborted) onRunAbort();
  else run?.addEventListener('abort', onRunAbort, { once: true });
  return {
    signal: controller.signal,
    timedOut: () => controller.signal.aborted && controller.signal.reason instanceof DeadlineExceeded,
    clear() {
      clearTimeout(timer);
      run?.removeEventListener('abort', onRunAbort);
    },
  };
}

/**
 * Runs the attempt and settles when it does or when `signal` aborts, whichever is
 * first: an attempt that ignores its signal (a vendor client) is abandoned, not awaited.
 */
function untilAborted<T>(attempt: (signal: AbortSignal) => Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    const running = (async () => attempt(signal))();
    running.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/**
 * The JSON of a response body. A 2xx body that does not parse is a truncated answer
 * (retried, ERR_BAD_RESPONSE) when it was announced as JSON, and otherwise something
 * that is not the API at all — an HTML page, a proxy's notice (ERR_NOT_JSON, not
 * retried: the same address gives the same page). An error body that does not parse
 * is kept as text, for the message. The body itself is never quoted for a 2xx: it may
 * carry records.
 */
export function parseJsonBody(status: number, headers: Readonly<Record<string, string | undefined>>, text: unknown): unknown {
  if (typeof text !== 'string') return text;
  if (text.trim() === '') return text;
  try {
    return JSON.parse(text);
  } catch {
    if (status < 200 || status >= 300) return text;
    const type = headers['content-type']?.split(';')[0]?.trim().toLowerCase();
    const announcedJson = type === undefined ? !text.trimStart().startsWith('<') : /[/+]json$/.test(type);
    if (announcedJson) throw new AttemptFailureError({ status, headers, code: 'ERR_BAD_RESPONSE', message: 'unparseable JSON body (cut off?)' });
    throw new AttemptFailureError({
      status,
      headers,
      code: 'ERR_NOT_JSON',
      message: `${type ?? 'a body without a content type'} (${Buffer.byteLength(text)} bytes) where JSON was expected`,
    });
  }
}

/** Reduce an axios (or other) error to its classifiable parts — never its config or headers sent. */
function fromAnyError(error: unknown): AttemptFailure {
  // axios is loaded by now: the failing request was this client's.
  if (axiosModule?.isAxiosError(error)) {
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
