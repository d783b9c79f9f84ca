/**
 * A loopback Google Analytics Data API for the GA4 connector: the service-account
 * token endpoint (a JWT-bearer assertion, RS256-verified against the account's public
 * key), `POST /v1beta/properties/{id}:runReport` with dimension/metric headers, string
 * values, `rowCount`, `limit`/`offset` paging and `propertyQuota` when asked, token
 * buckets that really drain, and Google's error bodies (`{ error: { code, message,
 * status } }`) for faults.
 *
 * @example
 * ```ts
 * const mock = await startGa4Mock({ fixtures: ga4FixturesFromPopulation(pop), serviceAccount });
 * // config: { base_url: mock.url, token_uri: `${mock.url}/token`, client_email, private_key }
 * ```
 */
import { createVerify, randomBytes, type KeyObject } from 'node:crypto';
import { MockServer, bearerToken, type MockReply, type MockRequest, type VendorWire, type WireError } from '../kit/mock-server.js';
import type { Ga4Fixtures, Ga4TrafficRow } from './fixtures.js';

export interface Ga4ServiceAccount {
  readonly clientEmail: string;
  readonly publicKey: KeyObject | string;
}

export interface Ga4MockOptions {
  readonly fixtures: Ga4Fixtures;
  readonly serviceAccount: Ga4ServiceAccount;
  readonly port?: number;
}

const STATUS_OF: Record<number, string> = { 400: 'INVALID_ARGUMENT', 401: 'UNAUTHENTICATED', 403: 'PERMISSION_DENIED', 404: 'NOT_FOUND', 429: 'RESOURCE_EXHAUSTED', 500: 'INTERNAL', 503: 'UNAVAILABLE' };

function googleError(code: number, message: string, headers: Record<string, string> = {}): WireError {
  return { status: code, headers, body: { error: { code, message, status: STATUS_OF[code] ?? 'UNKNOWN' } } };
}

const asReply = (e: WireError): MockReply => ({ status: e.status, json: e.body, headers: e.headers ?? {} });

const METRIC_TYPES: Record<string, string> = { sessions: 'TYPE_INTEGER', engagedSessions: 'TYPE_INTEGER', conversions: 'TYPE_INTEGER', totalRevenue: 'TYPE_CURRENCY' };
const KNOWN_DIMENSIONS = new Set(['date', 'sessionCampaignName', 'sessionSourceMedium']);

function ga4Wire(tokens: Set<string>): VendorWire {
  return {
    name: 'GA4 Data API mock',
    authorize(req) {
      if (req.path === '/token') return undefined;
      const token = bearerToken(req);
      if (token === undefined) return googleError(401, 'Request is missing required authentication credential. Expected OAuth 2 access token.');
      if (!tokens.has(token)) return googleError(401, 'Request had invalid authentication credentials. Expected OAuth 2 access token.');
      return undefined;
    },
    fault(kind, spec) {
      switch (kind) {
        case 'rate_limit':
          return googleError(429, 'Too many requests, please retry.', { 'retry-after': String(spec.retryAfterSeconds ?? 1) });
        case 'quota_exhausted':
          return googleError(429, 'Exhausted property tokens per day for this property.');
        case 'expired_token':
          // Every token issued so far stops working, as when Google's hour runs out.
          tokens.clear();
          return googleError(401, 'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.');
        case 'server_error':
          return googleError(spec.status ?? 500, spec.status === 503 ? 'The service is currently unavailable.' : 'Internal error encountered.');
      }
    },
    notFound(req) {
      return googleError(404, `Method not found: ${req.method} ${req.path}`);
    },
  };
}

/** Checks an RS256 JWT-bearer assertion the way Google's token endpoint does (signature, issuer, audience, expiry). */
function verifyAssertion(assertion: string, account: Ga4ServiceAccount, audience: string): string | undefined {
  const parts = assertion.split('.');
  if (parts.length !== 3) return 'malformed assertion';
  const [header, claims, signature] = parts as [string, string, string];
  const ok = createVerify('RSA-SHA256').update(`${header}.${claims}`).verify(account.publicKey, signature, 'base64url');
  if (!ok) return 'Invalid JWT Signature.';
  let c: { iss?: string; aud?: string; exp?: number; scope?: string };
  try {
    c = JSON.parse(Buffer.from(claims, 'base64url').toString('utf8')) as typeof c;
  } catch {
    return 'malformed claims';
  }
  if (c.iss !== account.clientEmail) return 'Invalid issuer';
  if (c.aud !== audience) return 'Invalid JWT: audience';
  if (typeof c.exp !== 'number' || c.exp * 1000 < Date.now()) return 'Invalid JWT: Token must be a short-lived token and in a reasonable timeframe.';
  if (!c.scope?.includes('analytics')) return 'Invalid scope';
  return undefined;
}

const ymd = (iso: string): string => iso.replaceAll('-', '');
const isoDay = (s: string): string | undefined => (/^\d{4}-\d{2}-\d{2}$/.test(s) ? s : undefined);

/** Starts the mock on 127.0.0.1. The report is computed from `fixtures` per request. */
export async function startGa4Mock(options: Ga4MockOptions): Promise<MockServer> {
  const { fixtures, serviceAccount } = options;
  const tokens = new Set<string>();
  let server: MockServer | undefined;
  server = await MockServer.start(
    ga4Wire(tokens),
    [
      {
        method: 'POST',
        path: '/token',
        handler(req) {
          const form = new URLSearchParams(typeof req.body === 'string' ? req.body : '');
          if (form.get('grant_type') !== 'urn:ietf:params:oauth:grant-type:jwt-bearer') {
            return { status: 400, json: { error: 'unsupported_grant_type', error_description: 'Invalid grant_type' } };
          }
          const why = verifyAssertion(form.get('assertion') ?? '', serviceAccount, `${server?.url ?? ''}/token`);
          if (why) return { status: 400, json: { error: 'invalid_grant', error_description: why } };
          const token = `ya29.mock-${randomBytes(12).toString('hex')}`;
          tokens.add(token);
          return { json: { access_token: token, expires_in: 3599, token_type: 'Bearer' } };
        },
      },
      {
        method: 'POST',
        path: '/v1beta/properties/:call',
        handler(req) {
          const m = /^(\d+):runReport$/.exec(req.params.call ?? '');
          if (!m) return asReply(googleError(404, `Method not found: ${req.path}`));
          if (m[1] !== fixtures.propertyId) return asReply(googleError(403, 'User does not have sufficient permissions for this property.'));
          return runReport(req, fixtures);
        },
      },
    ],
    options.port,
  );
  return server;
}

function runReport(req: MockRequest, fixtures: Ga4Fixtures): MockReply {
  const body = (req.body && typeof req.body === 'object' ? req.body : {}) as Record<string, unknown>;
  const ranges = Array.isArray(body.dateRanges) ? (body.dateRanges as { startDate?: string; endDate?: string }[]) : [];
  const range = ranges[0];
  const start = isoDay(range?.startDate ?? '');
  const end = isoDay(range?.endDate ?? '');
  if (ranges.length !== 1 || !start || !end || start > end) return asReply(googleError(400, 'mock supports exactly one dateRange with startDate <= endDate as YYYY-MM-DD'));
  const dims = (Array.isArray(body.dimensions) ? body.dimensions : []).map((d) => String((d as { name?: unknown }).name));
  const mets = (Array.isArray(body.metrics) ? body.metrics : []).map((d) => String((d as { name?: unknown }).name));
  const unknown = [...dims.filter((d) => !KNOWN_DIMENSIONS.has(d)), ...mets.filter((x) => !(x in METRIC_TYPES))];
  if (unknown.length > 0) return asReply(googleError(400, `Field ${unknown[0]} is not a valid dimension or metric.`));
  const limit = body.limit === undefined ? 10_000 : Number(body.limit);
  const offset = body.offset === undefined ? 0 : Number(body.offset);
  if (!Number.isInteger(limit) || limit < 1 || limit > 250_000 || !Number.isInteger(offset) || offset < 0) return asReply(googleError(400, 'limit must be 1..250000 and offset >= 0'));

  const q = fixtures.quota;
  if (q.consumedToday + q.tokensPerRequest > q.tokensPerDay) return asReply(googleError(429, 'Exhausted property tokens per day for this property.'));
  if (q.consumedThisHour + q.tokensPerRequest > q.tokensPerHour) return asReply(googleError(429, 'Exhausted property tokens per hour for this property.'));
  q.consumedToday += q.tokensPerRequest;
  q.consumedThisHour += q.tokensPerRequest;

  const all = fixtures.rows
    .filter((r) => r.date >= start && r.date <= end)
    .sort((a, b) => a.date.localeCompare(b.date) || a.sessionCampaignName.localeCompare(b.sessionCampaignName) || a.sessionSourceMedium.localeCompare(b.sessionSourceMedium));
  const page = all.slice(offset, offset + limit);
  const cell = (r: Ga4TrafficRow, name: string): string => (name === 'date' ? ymd(r.date) : String((r as unknown as Record<string, string | number>)[name]));
  const json: Record<string, unknown> = {
    dimensionHeaders: dims.map((name) => ({ name })),
    metricHeaders: mets.map((name) => ({ name, type: METRIC_TYPES[name] })),
    // Like the API: no `rows` key at all when the page is empty.
    ...(page.length > 0 ? { rows: page.map((r) => ({ dimensionValues: dims.map((d) => ({ value: cell(r, d) })), metricValues: mets.map((x) => ({ value: cell(r, x) })) })) } : {}),
    rowCount: all.length,
    metadata: { currencyCode: 'USD', timeZone: 'Etc/UTC' },
    kind: 'analyticsData#runReport',
  };
  if (body.returnPropertyQuota === true) {
    json.propertyQuota = {
      tokensPerDay: { consumed: q.tokensPerRequest, remaining: q.tokensPerDay - q.consumedToday },
      tokensPerHour: { consumed: q.tokensPerRequest, remaining: q.tokensPerHour - q.consumedThisHour },
      concurrentRequests: { consumed: 0, remaining: 10 },
      serverErrorsPerProjectPerHour: { consumed: 0, remaining: 10 },
      potentiallyThresholdedRequestsPerHour: { consumed: 0, remaining: 120 },
      tokensPerProjectPerHour: { consumed: q.tokensPerRequest, remaining: Math.floor(q.tokensPerHour * 0.35) - q.consumedThisHour },
    };
  }
  return { json };
}
