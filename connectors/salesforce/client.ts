/**
 * A jsforce 3 Connection per source run, with the SDK transport (transport.ts) and a
 * token refresh that cannot loop: an operation that meets a 401 refreshes at most once
 * and is retried once; a second 401 is an AuthError. jsforce's own refresh delegate is
 * never installed (no OAuth2 client id is given to the Connection), because with a
 * persistently rejected session it refreshes and resends without end.
 *
 * Also how Salesforce failures are classified (`REQUEST_LIMIT_EXCEEDED` is quota, its
 * concurrent-request variant a wait) and described (error bodies are arrays).
 */
import { createRequire } from 'node:module';
import type * as Jsforce from 'jsforce';
import type { Connection, OAuth2 } from 'jsforce';
import { AuthError, MalformedResponseError, type Classifier, type HttpClient, type ReadContext } from '../sdk/index.js';
import { canRefresh, type SalesforceConfig } from './config.js';
import { createSdkTransport, type ApiUsage } from './transport.js';

// CommonJS: `require` resolves the same way under Node's ESM loader and vitest. Loaded on
// first use, so that loading a config (every command does) does not load jsforce.
let jsforceModule: typeof Jsforce | undefined;
const jsforce = (): typeof Jsforce => (jsforceModule ??= createRequire(import.meta.url)('jsforce') as typeof Jsforce);

type Ctx = Pick<ReadContext<SalesforceConfig>, 'config' | 'http' | 'log' | 'signal'>;

/** One source run's jsforce connection and what it knows about the org's quota. */
export class SalesforceSession {
  readonly conn: Connection;
  readonly usage: { current?: ApiUsage } = {};
  readonly #oauth2: OAuth2 | undefined;
  readonly #config: SalesforceConfig;
  readonly #ctx: Ctx;
  /** The refresh in flight, shared by concurrent operations that met the same 401. */
  #refreshing: Promise<void> | undefined;
  /** Token requests made (for tests and logs). */
  refreshes = 0;
  /** jsforce fills a default instance URL of its own; only config or a token response count. */
  #instanceKnown: boolean;

  constructor(ctx: Ctx) {
    const { config } = ctx;
    this.#config = config;
    this.#ctx = ctx;
    this.#instanceKnown = config.instance_url !== undefined;
    this.conn = new (jsforce().Connection)({
      ...(config.instance_url === undefined ? {} : { instanceUrl: config.instance_url }),
      ...(config.access_token === undefined ? {} : { accessToken: config.access_token }),
      version: config.api_version,
    });
    this.conn._transport = createSdkTransport({
      http: ctx.http,
      signal: ctx.signal,
      usage: this.usage,
      reserve: config.quota_reserve,
    });
    if (canRefresh(config)) {
      this.#oauth2 = new (jsforce().OAuth2)({ loginUrl: config.login_url, clientId: config.client_id!, clientSecret: config.client_secret! });
      // The token endpoint carries no Sforce-Limit-Info and does not count against it.
      this.#oauth2._transport = createSdkTransport({ http: ctx.http, signal: ctx.signal });
    }
  }

  /**
   * Runs `op` (a fresh jsforce call each time) with a valid session: gets a first token
   * when the config has none, and on an AuthError refreshes once and retries once.
   */
  async run<T>(op: (conn: Connection) => Promise<T>): Promise<T> {
    if (!this.conn.accessToken || !this.#instanceKnown) await this.#refresh();
    const tokenUsed = this.conn.accessToken;
    try {
      return await op(this.conn);
    } catch (error) {
      if (!(error instanceof AuthError) || this.#oauth2 === undefined) throw error;
      // Another operation may already have refreshed past the token this one used.
      if (this.conn.accessToken === tokenUsed) await this.#refresh();
      return await op(this.conn);
    }
  }

  /**
   * A REST call jsforce has no helper for (the Bulk API's jobs), through the same transport,
   * session and refresh: its status, headers and body text.
   */
  rest(method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ headers: Record<string, string>; body: string }> {
    return this.run(async (conn) => {
      const res = await conn._transport.httpRequest({
        method,
        url: `${conn.instanceUrl}${path}`,
        headers: {
          Authorization: `Bearer ${conn.accessToken}`,
          Accept: path.endsWith('/results') || path.includes('/results?') ? 'text/csv' : 'application/json',
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { headers: res.headers as Record<string, string>, body: typeof res.body === 'string' ? res.body : String(res.body ?? '') };
    });
  }

  #refresh(): Promise<void> {
    this.#refreshing ??= this.#doRefresh().finally(() => {
      this.#refreshing = undefined;
    });
    return this.#refreshing;
  }

  async #doRefresh(): Promise<void> {
    if (this.#oauth2 === undefined) {
      throw new AuthError(this.#ctx.http.source, `${this.#ctx.http.source}: no access token, and no refresh flow configured`);
    }
    this.refreshes++;
    const res = (await this.#oauth2.refreshToken(this.#config.refresh_token!)) as { access_token?: unknown; instance_url?: unknown };
    if (typeof res?.access_token !== 'string' || typeof res.instance_url !== 'string' || !/^https?:\/\//.test(res.instance_url)) {
      throw new MalformedResponseError(this.#ctx.http.source, 'the token endpoint answered without access_token and instance_url');
    }
    this.conn.accessToken = res.access_token;
    this.conn.instanceUrl = res.instance_url.replace(/\/+$/, '');
    this.#instanceKnown = true;
    this.#ctx.log.info('salesforce session refreshed', { source: this.#ctx.http.source });
  }
}

// One session per source run (keyed by the run's HttpClient, not a global cache), so the
// streams of a source share a token, its refreshes and the org's quota reading.
const sessions = new WeakMap<HttpClient, SalesforceSession>();

/** The session of this run's source, created on first use. */
export function salesforceSession(ctx: Ctx): SalesforceSession {
  let session = sessions.get(ctx.http);
  if (!session) {
    session = new SalesforceSession(ctx);
    sessions.set(ctx.http, session);
  }
  return session;
}

/** The first `{ errorCode, message }` of a Salesforce error body (REST bodies are arrays). */
function firstError(body: unknown): { errorCode?: string; message?: string; error?: string; error_description?: string } | undefined {
  const item = Array.isArray(body) ? body[0] : body;
  return item && typeof item === 'object' ? (item as Record<string, string>) : undefined;
}

/** OAuth errors of the token endpoint that no retry can cure. */
const OAUTH_AUTH_ERRORS = new Set(['invalid_grant', 'invalid_client', 'invalid_client_id', 'unauthorized_client', 'inactive_user', 'inactive_org']);

/** Errors that mean "these credentials may not use the API", whatever the status. */
const AUTH_ERROR_CODES = new Set(['INVALID_SESSION_ID', 'INVALID_AUTH_HEADER', 'API_DISABLED_FOR_ORG', 'API_CURRENTLY_DISABLED']);

/**
 * Salesforce answers a spent daily quota with 403 REQUEST_LIMIT_EXCEEDED ("TotalRequests
 * Limit exceeded."): quota, stop and resume next run. The same code for too many
 * concurrent long requests ("ConcurrentPerOrgLongTxn") passes: retried with backoff.
 */
export const salesforceClassify: Classifier = (failure) => {
  const e = firstError(failure.body);
  if (e?.errorCode === 'REQUEST_LIMIT_EXCEEDED') return /concurrent/i.test(e.message ?? '') ? 'retry' : 'quota';
  if (e?.errorCode !== undefined && AUTH_ERROR_CODES.has(e.errorCode)) return 'auth';
  if (failure.status === 400 && e?.error !== undefined && OAUTH_AUTH_ERRORS.has(e.error)) return 'auth';
  if (e?.errorCode === 'SERVER_UNAVAILABLE') return 'retry';
  return undefined;
};

/** `MALFORMED_QUERY: unexpected token…` from an error body, or the OAuth error. */
export function describeSalesforceError(body: unknown): string | undefined {
  const e = firstError(body);
  if (e?.errorCode !== undefined) return `${e.errorCode}${e.message ? `: ${e.message}` : ''}`;
  if (e?.error !== undefined) return `${e.error}${e.error_description ? `: ${e.error_description}` : ''}`;
  return undefined;
}
