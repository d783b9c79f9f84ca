/**
 * A definition's `auth:` as request decoration. Static credentials (bearer, API key in
 * a header, basic) go into the source's default headers once; an API key in the query
 * and OAuth2 tokens are added per request. OAuth2 tokens come from the token endpoint
 * through the source's own HTTP client (same retries, budget and redaction), are
 * reused until shortly before they expire, and are fetched again once when the API
 * rejects one (a token revoked or expired early).
 */
import { Buffer } from 'node:buffer';
import { AuthError, MalformedResponseError, type HttpClient } from '../sdk/index.js';
import type { AuthDefinition } from './definition-schema.js';
import { renderString } from './template.js';

type Config = Readonly<Record<string, unknown>>;

/** Headers every request of the source carries (static credentials included). */
export function staticAuthHeaders(auth: AuthDefinition, config: Config): Record<string, string> {
  switch (auth.type) {
    case 'bearer':
      return { Authorization: `Bearer ${renderString(auth.token, { config })}` };
    case 'api_key':
      return auth.in === 'header' ? { [auth.name]: `${auth.prefix}${renderString(auth.value, { config })}` } : {};
    case 'basic':
      return { Authorization: basic(renderString(auth.username, { config }), renderString(auth.password, { config })) };
    default:
      return {};
  }
}

/** Query parameters every request carries (an API key sent as `?api_key=`). */
export function authParams(auth: AuthDefinition, config: Config): Record<string, string> {
  return auth.type === 'api_key' && auth.in === 'query' ? { [auth.name]: renderString(auth.value, { config }) } : {};
}

function basic(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

interface Token {
  readonly value: string;
  readonly expiresAt: number;
}

/** Refresh this long before the token endpoint's `expires_in` runs out. */
const EXPIRY_MARGIN_MS = 60_000;

// One token per source run: the pipeline builds one HttpClient per source and run.
const tokens = new WeakMap<HttpClient, Promise<Token>>();

/**
 * Runs `send` with the OAuth2 access token in its headers (or just runs it for other
 * auth types); a 401 gets one retry with a freshly fetched token.
 */
export async function withAuth<T>(
  auth: AuthDefinition,
  config: Config,
  http: HttpClient,
  send: (headers: Record<string, string>) => Promise<T>,
): Promise<T> {
  if (auth.type !== 'oauth2') return send({});
  const first = await token(auth, config, http, false);
  try {
    return await send({ Authorization: `Bearer ${first.value}` });
  } catch (error) {
    if (!(error instanceof AuthError)) throw error;
    const fresh = await token(auth, config, http, true);
    return send({ Authorization: `Bearer ${fresh.value}` });
  }
}

async function token(auth: Extract<AuthDefinition, { type: 'oauth2' }>, config: Config, http: HttpClient, force: boolean): Promise<Token> {
  const cached = tokens.get(http);
  if (cached && !force) {
    const t = await cached;
    if (t.expiresAt - EXPIRY_MARGIN_MS > Date.now()) return t;
  }
  const pending = fetchToken(auth, config, http);
  tokens.set(http, pending);
  pending.catch(() => tokens.delete(http));
  return pending;
}

async function fetchToken(auth: Extract<AuthDefinition, { type: 'oauth2' }>, config: Config, http: HttpClient): Promise<Token> {
  const scope = { config };
  const form = new URLSearchParams({ grant_type: auth.grant });
  const clientId = renderString(auth.client_id, scope);
  const clientSecret = renderString(auth.client_secret, scope);
  const headers: Record<string, string> = { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' };
  if (auth.client_auth === 'basic') headers.Authorization = basic(clientId, clientSecret);
  else {
    form.set('client_id', clientId);
    form.set('client_secret', clientSecret);
  }
  if (auth.grant === 'refresh_token' && auth.refresh_token !== undefined) form.set('refresh_token', renderString(auth.refresh_token, scope));
  if (auth.scope !== undefined) form.set('scope', renderString(auth.scope, scope));
  const url = renderString(auth.token_url, scope);
  const res = await http.request<{ access_token?: unknown; expires_in?: unknown }>({ method: 'POST', url, data: form.toString(), headers });
  const value = res.data?.access_token;
  if (typeof value !== 'string' || value === '') {
    throw new MalformedResponseError(http.source, `the token endpoint ${stripQuery(url)} answered without an access_token`, {
      hint: 'check auth.token_url in the connector definition: it should answer an OAuth2 token response',
    });
  }
  const expiresIn = Number(res.data.expires_in);
  return { value, expiresAt: Date.now() + (Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn * 1000 : 3_600_000) };
}

function stripQuery(url: string): string {
  const i = url.indexOf('?');
  return i < 0 ? url : url.slice(0, i);
}
