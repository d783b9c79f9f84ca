/**
 * Service-account OAuth2 for GA4: a JWT signed with the account's private key (RS256)
 * is exchanged at the token endpoint (`grant_type=…jwt-bearer`) for a bearer token that
 * lives about an hour. The token is minted lazily, reused until shortly before it
 * expires, and re-minted once when the API says it expired; a second rejection in a row
 * is an AuthError (never a refresh loop).
 */
import { createSign } from 'node:crypto';
import { AuthError, MalformedResponseError, type HttpClient } from '../sdk/index.js';
import type { Ga4Config } from './config.js';

/** The read-only Analytics scope runReport needs. */
export const GA4_SCOPE = 'https://www.googleapis.com/auth/analytics.readonly';

const b64url = (s: string | Buffer): string => Buffer.from(s).toString('base64url');

/** The signed assertion Google's token endpoint expects (RFC 7523), valid for an hour. */
export function serviceAccountAssertion(config: Pick<Ga4Config, 'client_email' | 'private_key' | 'token_uri'>, nowMs: number): string {
  const iat = Math.floor(nowMs / 1000);
  const header = b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT' }));
  const claims = b64url(JSON.stringify({ iss: config.client_email, scope: GA4_SCOPE, aud: config.token_uri, iat, exp: iat + 3600 }));
  let signature: string;
  try {
    signature = createSign('RSA-SHA256').update(`${header}.${claims}`).sign(config.private_key, 'base64url');
  } catch {
    // The key's own parse error could quote key material: say only what is wrong.
    throw new AuthError('ga4', 'ga4: private_key could not sign the service-account assertion (not a valid RSA private key)');
  }
  return `${header}.${claims}.${signature}`;
}

export class ServiceAccountToken {
  readonly #config: Ga4Config;
  readonly #http: HttpClient;
  readonly #now: () => number;
  #token: string | undefined;
  #expiresAt = 0;

  constructor(config: Ga4Config, http: HttpClient, now: () => number = Date.now) {
    this.#config = config;
    this.#http = http;
    this.#now = now;
  }

  /** A bearer token valid for at least another minute. */
  async get(): Promise<string> {
    if (this.#token !== undefined && this.#now() < this.#expiresAt - 60_000) return this.#token;
    const body = new URLSearchParams({
      grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
      assertion: serviceAccountAssertion(this.#config, this.#now()),
    }).toString();
    const res = await this.#http.post<{ access_token?: unknown; expires_in?: unknown }>(this.#config.token_uri, body, {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    const token = res.data?.access_token;
    if (typeof token !== 'string' || token === '') throw new MalformedResponseError('ga4', `token endpoint ${this.#config.token_uri} returned no access_token`);
    const ttl = typeof res.data.expires_in === 'number' ? res.data.expires_in : 3600;
    this.#token = token;
    this.#expiresAt = this.#now() + ttl * 1000;
    return token;
  }

  /** Forgets the token, so the next `get()` mints a new one. */
  invalidate(): void {
    this.#token = undefined;
    this.#expiresAt = 0;
  }
}
