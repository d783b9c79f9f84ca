/**
 * The official `@hubspot/api-client`, tamed: its own retry is switched off (it ignores
 * Retry-After and its configuration is global across clients), and every call goes
 * through the SDK's `HttpClient.call()` so our retry policy, request budget,
 * concurrency limit, deadline and error classification apply to requests the client
 * sends.
 *
 * The client takes neither a timeout nor an abort signal, only an http.Agent, and only
 * through middleware given with each call (v13 ignores the middleware of its
 * configuration). So every attempt passes `CallOptions` of its own: its agent, destroyed
 * when the attempt ends or its deadline fires — a server that hangs or drips bytes
 * loses the socket and nothing of the attempt outlives it — and a check that a 200 is
 * JSON, so a web page at base_url fails as what it is instead of reaching the streams
 * as a string.
 */
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { createRequire } from 'node:module';
import type { Client as HubspotClient } from '@hubspot/api-client';
import { RateBudget, flattenHeaders, parseJsonBody, type AttemptFailure, type Classifier, type HttpClient, type ReadContext } from '../sdk/index.js';
import type { HubspotConfig } from './config.js';

/** HubSpot's search endpoints allow about 4–5 requests per second per account. */
export const SEARCH_RATE = { requests: 4, perMs: 1000 } as const;

/** A HubSpot request that has not answered in full in this long is abandoned and retried (unless configured). */
export const REQUEST_TIMEOUT_MS = 30_000;

/** The client's per-call options (its PromiseConfigurationOptions), as far as we use them. */
export interface CallOptions {
  readonly middleware: { pre(context: any): Promise<any>; post(context: any): Promise<any> }[];
  readonly middlewareMergeStrategy: 'append';
}

/** The client's request context (what our middleware touches). */
interface ClientRequest {
  setAgent(agent: HttpAgent | HttpsAgent): void;
}

/** The client's response context: status, headers and a `{ text(), binary() }` body. */
interface ClientResponse {
  readonly httpStatusCode: number;
  readonly headers: Record<string, string>;
  body: { text(): Promise<string>; binary(): Promise<Buffer> };
}

/**
 * One attempt's call options: send through `agent`, and read the body inside the attempt
 * (under its deadline), failing a 2xx that is not JSON.
 */
function callOptions(agent: HttpAgent | HttpsAgent): CallOptions {
  return {
    middlewareMergeStrategy: 'append',
    middleware: [
      {
        async pre(context: ClientRequest) {
          context.setAgent(agent);
          return context;
        },
        async post(context: ClientResponse) {
          const buffer = await context.body.binary();
          const text = buffer.toString('utf8');
          parseJsonBody(context.httpStatusCode, flattenHeaders(context.headers), text);
          context.body = { text: async () => text, binary: async () => buffer };
          return context;
        },
      },
    ],
  };
}

export type CrmObjectType = 'contacts' | 'companies' | 'deals';

/** A CRM object as the client returns it (dates already turned into Date objects). */
export interface CrmObject {
  readonly id: string;
  readonly properties: { readonly [name: string]: string | null };
  readonly createdAt: Date | string;
  readonly updatedAt: Date | string;
  readonly archived?: boolean;
  readonly archivedAt?: Date | string;
  /** Every value of each property asked for, newest first (batch read with `propertiesWithHistory`). */
  readonly propertiesWithHistory?: { readonly [name: string]: readonly PropertyVersion[] };
}

/** HubSpot's ValueWithTimestamp (the client turns `timestamp` into a Date). */
export interface PropertyVersion {
  readonly value: string;
  readonly timestamp: Date | string;
  readonly sourceType?: string;
}

export interface CrmPage {
  readonly total?: number;
  readonly results: readonly CrmObject[];
  readonly paging?: { readonly next?: { readonly after: string } };
}

export interface SearchFilter {
  readonly propertyName: string;
  readonly operator: string;
  readonly value?: string;
}

/** The search request body (`sorts` as HubSpot's `{ propertyName, direction }` objects). */
export interface SearchRequest {
  readonly filterGroups?: { readonly filters: readonly SearchFilter[] }[];
  readonly sorts?: unknown[];
  readonly properties?: string[];
  readonly limit?: number;
  readonly after?: string;
}

/** What the connector needs of one object type's discovery (contacts, companies, deals share it). */
export interface CrmObjectApi {
  readonly searchApi: { doSearch(request: SearchRequest, options?: CallOptions): Promise<CrmPage> };
  readonly basicApi: {
    getPage(
      limit?: number,
      after?: string,
      properties?: string[],
      propertiesWithHistory?: string[],
      associations?: string[],
      archived?: boolean,
      options?: CallOptions,
    ): Promise<CrmPage>;
  };
  readonly batchApi: {
    read(
      body: { inputs: { id: string }[]; properties: string[]; propertiesWithHistory: string[] },
      archived?: boolean,
      options?: CallOptions,
    ): Promise<{ readonly results: readonly CrmObject[] }>;
  };
}

/** One row of an associations v4 batch read (`from` is renamed `_from` by the client). */
export interface AssociationRow {
  readonly _from: { readonly id: string };
  readonly to: readonly { readonly toObjectId: string | number }[];
}

export interface AssociationsV4Api {
  readonly batchApi: {
    getPage(fromObjectType: string, toObjectType: string, body: { inputs: { id: string }[] }, options?: CallOptions): Promise<{ readonly results: readonly AssociationRow[] }>;
  };
}

/** The API objects the connector uses, captured right after the client is built. */
export interface HubspotApi {
  readonly objects: { readonly [T in CrmObjectType]: CrmObjectApi };
  readonly associationsV4: AssociationsV4Api;
}

/**
 * Builds a client for one read. The client applies its retry/limiter "decorators"
 * from a process-wide singleton at the moment each API object is created, so the
 * objects are created here, synchronously after our `numberOfApiCallRetries: 0`
 * configuration was installed — another client built later elsewhere (with retries
 * on) cannot sneak its retry loop under ours.
 */
export function createHubspotApi(config: HubspotConfig): HubspotApi {
  // Loaded when a sync reads HubSpot, not when a config is loaded: read-only commands
  // (query, lineage, pii) never pay for the client and its dependencies.
  const { Client } = createRequire(import.meta.url)('@hubspot/api-client') as { Client: typeof HubspotClient };
  const client = new Client({ accessToken: config.access_token, basePath: config.base_url, numberOfApiCallRetries: 0 });
  return {
    objects: { contacts: client.crm.contacts, companies: client.crm.companies, deals: client.crm.deals },
    associationsV4: client.crm.associations.v4,
  };
}

// One search budget per source run: keyed by the run's HttpClient (not a global cache),
// so concurrent streams of one HubSpot account share the account's search allowance.
const searchBudgets = new WeakMap<HttpClient, RateBudget>();

/**
 * Makes `http`'s HubSpot searches draw from `budget` instead of a fresh 4/s budget:
 * for several sources on one HubSpot account (the limit is per account), or for tests.
 */
export function useSearchBudget(http: HttpClient, budget: RateBudget): void {
  searchBudgets.set(http, budget);
}

function searchBudget(http: HttpClient, perSecond: number | undefined): RateBudget {
  let budget = searchBudgets.get(http);
  if (!budget) {
    // Whole requests per window: 4/s stays 4 per 1000 ms; 0.5/s becomes 1 per 2000 ms.
    budget =
      perSecond === undefined
        ? new RateBudget(SEARCH_RATE.requests, SEARCH_RATE.perMs)
        : perSecond >= 1
          ? new RateBudget(Math.floor(perSecond), 1000)
          : new RateBudget(1, Math.round(1000 / perSecond));
    searchBudgets.set(http, budget);
  }
  return budget;
}

/**
 * Runs one client call under the SDK's policy; `attempt` must pass the options it is
 * given to the client method. `search: true` additionally waits for the search budget
 * before every attempt (retries included), outside the attempt's deadline.
 */
export function hubspotCall<T>(
  ctx: Pick<ReadContext<unknown>, 'http' | 'signal'> & { readonly config?: unknown },
  label: string,
  attempt: (options: CallOptions) => Promise<T>,
  options: { search?: boolean } = {},
): Promise<T> {
  const budget = options.search
    ? searchBudget(ctx.http, (ctx.config as { search_requests_per_second?: number } | undefined)?.search_requests_per_second)
    : undefined;
  const baseUrl = (ctx.config as { base_url?: string } | undefined)?.base_url ?? '';
  return ctx.http.call(
    label,
    async (signal) => {
      const agent = baseUrl.startsWith('https:') ? new HttpsAgent({ keepAlive: false }) : new HttpAgent({ keepAlive: false });
      const cut = () => agent.destroy();
      signal.addEventListener('abort', cut, { once: true });
      try {
        return await attempt(callOptions(agent));
      } finally {
        signal.removeEventListener('abort', cut);
        agent.destroy();
      }
    },
    toFailure,
    budget ? { budget } : {},
  );
}

/**
 * Maps what the official client throws to an AttemptFailure:
 * - `ApiException` (`code` = HTTP status, `body` = HubSpot's error JSON, `headers`);
 * - node-fetch's `FetchError` (`code` = ECONNRESET, ECONNREFUSED …);
 * - a `SyntaxError` from parsing a truncated body (retryable, like axios' ERR_BAD_RESPONSE).
 *
 * The request's own headers (with the token) are never copied.
 */
export function toFailure(error: unknown): AttemptFailure {
  const e = (error ?? {}) as { code?: unknown; body?: unknown; headers?: unknown; message?: unknown; name?: unknown };
  if (typeof e.code === 'number') {
    const headers = flattenHeaders(e.headers);
    const body = parseMaybeJson(e.body);
    return { status: e.code, headers, body, message: `HTTP ${e.code}` };
  }
  const message = typeof e.message === 'string' ? e.message : String(error);
  if (error instanceof SyntaxError) return { headers: {}, code: 'ERR_BAD_RESPONSE', message: `unparseable response body: ${message}` };
  if (typeof e.code === 'string') return { headers: {}, code: e.code, message };
  return { headers: {}, code: 'UNKNOWN', message };
}

/**
 * HubSpot's daily limit answers 429 like the ten-second one, but waiting cannot help: it
 * resets at midnight in the account's time zone. Classified as quota — stop cleanly,
 * resume next run — instead of retrying into a wall.
 */
export const hubspotClassify: Classifier = (failure) =>
  failure.status === 429 && isDailyLimit(failure.headers, failure.body) ? 'quota' : undefined;

/** The client drops unknown fields of error bodies (policyName), so look at headers and message too. */
function isDailyLimit(headers: Readonly<Record<string, string | undefined>>, body: unknown): boolean {
  if (headers['x-hubspot-ratelimit-daily-remaining'] === '0') return true;
  const b = body as { policyName?: unknown; message?: unknown } | undefined;
  if (b?.policyName === 'DAILY') return true;
  return typeof b?.message === 'string' && /daily limit/i.test(b.message);
}

function parseMaybeJson(body: unknown): unknown {
  if (typeof body !== 'string') return body;
  try {
    return JSON.parse(body);
  } catch {
    return body;
  }
}
