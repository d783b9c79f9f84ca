/**
 * jsforce's HTTP, replaced. jsforce 3 sends requests through a `Transport` object of
 * its own (node-fetch, with a built-in retry that ignores Retry-After, never retries
 * POST, follows HTTP(S)_PROXY but not NO_PROXY). Every Connection and OAuth2 instance
 * here gets this transport instead, which sends through axios under the SDK's
 * `HttpClient.call()`: our retries, backoff, Retry-After, concurrency limit, request
 * counts, error classes and redaction apply to every request jsforce makes.
 *
 * Non-2xx answers never reach jsforce: they become SDK errors here. That is also what
 * keeps jsforce's own session-refresh loop (a 401 refreshes and resends, forever) out of
 * play; `session.ts` refreshes at most once per operation instead.
 */
import { createRequire } from 'node:module';
import { PassThrough } from 'node:stream';
import type { AxiosInstance, AxiosStatic as Axios } from 'axios';
import type { HttpRequest, HttpResponse } from 'jsforce';
import type * as TransportModule from 'jsforce/lib/transport.js';
import type * as PromiseModule from 'jsforce/lib/util/promise.js';
import { AttemptFailureError, QuotaExhaustedError, flattenHeaders, parseJsonBody, type AttemptFailure, type HttpClient } from '../sdk/index.js';
import { describeReserve, reservedRequests, type QuotaReserve } from './config.js';

/** SOQL over large objects can take a while; a request not answered in full in this long is retried (unless configured). */
export const REQUEST_TIMEOUT_MS = 120_000;

/** The org's daily API request usage, from the last `Sforce-Limit-Info` header seen. */
export interface ApiUsage {
  used: number;
  max: number;
}

export interface TransportOptions {
  readonly http: HttpClient;
  readonly signal?: AbortSignal;
  /** Shared usage record (one per source run); undefined for the token endpoint. */
  readonly usage?: { current?: ApiUsage };
  /** What of the daily limit to leave unspent (`quota_reserve`); undefined for the token endpoint. */
  readonly reserve?: QuotaReserve;
}

/** `api-usage=18/15000` (ignoring `per-app-api-usage=…`), or undefined. */
export function parseLimitInfo(header: string | undefined): ApiUsage | undefined {
  const m = header === undefined ? null : /(?:^|[\s,;])api-usage=(\d+)\/(\d+)/.exec(header);
  return m ? { used: Number(m[1]), max: Number(m[2]) } : undefined;
}

/** What a quota stop says besides its cause: where usage stands and what happens next. */
const RESUMES = 'what was fetched is committed and the next run resumes from there';

// jsforce is CommonJS; `require` gives the same classes under Node's ESM loader and vitest's
// (whose default-import interop differs for modules marked __esModule).
// The class extends jsforce's Transport, so it is defined when the first session needs
// it (see createSdkTransport), not when the connector registry loads.
let sdkTransport: ReturnType<typeof defineSdkTransport> | undefined;

/** jsforce's transport, sending through the SDK's HttpClient (retries, budget, deadline, redaction). */
export function createSdkTransport(options: TransportOptions): InstanceType<ReturnType<typeof defineSdkTransport>> {
  sdkTransport ??= defineSdkTransport();
  return new sdkTransport(options);
}

function defineSdkTransport() {
  const require = createRequire(import.meta.url);
  const { Transport } = require('jsforce/lib/transport') as typeof TransportModule;
  const { StreamPromise } = require('jsforce/lib/util/promise') as typeof PromiseModule;
  const axios = require('axios') as Axios;

  return class SdkTransport extends Transport {
    readonly #options: TransportOptions;
    readonly #axios: AxiosInstance;

    constructor(options: TransportOptions) {
      super();
      this.#options = options;
      this.#axios = axios.create({
        // The deadline is the HttpClient's, per attempt, over connect, first byte and body.
        timeout: 0,
        // The source's agents: closing the HttpClient closes every socket jsforce opened.
        ...options.http.agents(),
        // jsforce parses bodies itself; we hand it text.
        responseType: 'text',
        transformResponse: [(data: unknown) => data],
        // Sources are addressed directly: no HTTP(S)_PROXY without its NO_PROXY.
        proxy: false,
        maxRedirects: 0,
        validateStatus: () => true,
      });
    }

    override httpRequest(req: HttpRequest): ReturnType<InstanceType<typeof Transport>['httpRequest']> {
      return StreamPromise.create(() => {
        const stream = new PassThrough();
        const promise = this.#send(req).then((res) => {
          stream.end(res.body);
          return res;
        });
        // The error travels through the promise; an 'error' event nobody listens to would crash.
        promise.catch(() => stream.destroy());
        return { stream, promise };
      });
    }

    async #send(req: HttpRequest): Promise<HttpResponse> {
      this.#checkReserve();
      try {
        return await this.#call(req);
      } catch (error) {
        // The org's quota was spent by someone else (or the header was not seen in time):
        // Salesforce's 403 says "TotalRequests Limit exceeded"; say where usage stands too.
        const usage = this.#options.usage?.current;
        if (!(error instanceof QuotaExhaustedError) || usage === undefined) throw error;
        throw new QuotaExhaustedError(error.source, `${error.message}; daily API usage api-usage=${usage.used}/${usage.max}; ${RESUMES}`);
      }
    }

    #call(req: HttpRequest): Promise<HttpResponse> {
      const { http } = this.#options;
      const label = `${req.method} ${pathOf(req.url)}`;
      return http.call(
        label,
        async (signal) => {
          const res = await this.#axios.request<string>({
            method: req.method,
            url: req.url,
            headers: { ...req.headers },
            ...(req.body === undefined ? {} : { data: req.body }),
            // The attempt's signal: aborts (socket included) at its deadline or when the run stops.
            signal,
          });
          const headers = flattenHeaders(res.headers) as Record<string, string>;
          const usage = parseLimitInfo(headers['sforce-limit-info']);
          if (usage && this.#options.usage) this.#options.usage.current = usage;
          const body = typeof res.data === 'string' ? res.data : String(res.data ?? '');
          // A cut-off JSON body (jsforce would hand it back as a string) is retried; a web
          // page where JSON was expected fails as what it is.
          // Bulk API results are CSV by design; everything else is JSON.
          const csv = res.status < 300 && /^text\/csv\b/i.test(headers['content-type'] ?? '');
          const parsed = csv ? body : parseJsonBody(res.status, headers, body);
          if (res.status < 200 || res.status >= 300) {
            throw new AttemptFailureError({ status: res.status, headers, body: parsed, message: `HTTP ${res.status}` });
          }
          return { statusCode: res.status, headers, body };
        },
        toFailure,
      );
    }

    /** Stops before a request that would eat into the daily quota's reserve (`quota_reserve`). */
    #checkReserve(): void {
      const { usage: known, reserve, http } = this.#options;
      const usage = known?.current;
      if (!usage || reserve === undefined) return;
      const kept = reservedRequests(usage.max, reserve);
      if (usage.used + 1 > usage.max - kept) {
        throw new QuotaExhaustedError(
          http.source,
          `${http.source}: daily API quota nearly spent (api-usage=${usage.used}/${usage.max}); stopped to keep quota_reserve ` +
            `${describeReserve(reserve)} (${kept} requests) for the org's other integrations; ${RESUMES}`,
        );
      }
    }
  };
}

/** What went wrong in one attempt — never the request's config, headers or body (tokens, secrets). */
export function toFailure(error: unknown): AttemptFailure {
  if (error instanceof AttemptFailureError) return error.failure;
  // axios.isAxiosError's own test, without loading axios here.
  if ((error as { isAxiosError?: unknown } | null)?.isAxiosError === true) {
    const e = error as { code?: string; message: string };
    return { headers: {}, code: e.code ?? 'UNKNOWN', message: e.message };
  }
  const e = error as { code?: unknown; message?: unknown };
  return {
    headers: {},
    code: typeof e?.code === 'string' ? e.code : 'UNKNOWN',
    message: typeof e?.message === 'string' ? e.message : String(error),
  };
}

/** The path of a URL, without host or query (labels and logs carry no SOQL and no token). */
function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url.split('?')[0] ?? url;
  }
}
