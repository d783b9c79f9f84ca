/**
 * A loopback Klaviyo in its JSON:API wire format: `Authorization: Klaviyo-API-Key`,
 * the `revision` header (400 without it), `data[]` of `{ type, id, attributes,
 * relationships }`, `links.next` full URLs carrying `page[cursor]`, `greater-than(…)`
 * filters on updated/datetime, and JSON:API `errors[]` bodies (401
 * not_authenticated, 429 throttled with Retry-After).
 *
 * @example
 * ```ts
 * const mock = await startKlaviyoMock({ apiKey: 'pk_test', profiles: 30 });
 * // GET mock.url/api/profiles/?page[size]=10 with the two headers
 * ```
 */
import { MockServer, type MockRequest, type VendorWire, type WireError } from '../kit/mock-server.js';
import { klaviyoSampleFixtures, type KlaviyoFixtures, type KlaviyoResource } from './fixtures.js';

export interface KlaviyoMockOptions {
  readonly apiKey: string;
  /** What to serve (default: `klaviyoSampleFixtures(profiles)`). */
  readonly fixtures?: KlaviyoFixtures;
  /** Size of the default sample. */
  readonly profiles?: number;
  readonly port?: number;
}

export interface KlaviyoMock {
  /** Base URL to configure (`…/api`). */
  readonly url: string;
  readonly server: MockServer;
  readonly profiles: { id: string; email: string; updated: string }[];
  close(): Promise<void>;
}

let errorId = 0;
function jsonApiError(status: number, code: string, title: string, detail: string, headers: Record<string, string> = {}): WireError {
  return { status, headers, body: { errors: [{ id: `err-${++errorId}`, status, code, title, detail, source: { pointer: '/data/' } }] } };
}

export async function startKlaviyoMock(options: KlaviyoMockOptions): Promise<KlaviyoMock> {
  const { profiles, lists, metrics, campaigns, events } = options.fixtures ?? klaviyoSampleFixtures(options.profiles ?? 30);
  const attr = (r: KlaviyoResource, key: string) => String(r.attributes[key]);

  const wire: VendorWire = {
    name: 'Klaviyo mock',
    authorize(req: MockRequest) {
      if (req.headers.authorization !== `Klaviyo-API-Key ${options.apiKey}`) {
        return jsonApiError(401, 'not_authenticated', 'Authentication credentials were not provided.', 'Missing or invalid private key.');
      }
      if (typeof req.headers.revision !== 'string') return jsonApiError(400, 'invalid', 'Invalid input.', 'The `revision` header is required.');
      return undefined;
    },
    fault(kind, spec) {
      if (kind === 'rate_limit') {
        const s = spec.retryAfterSeconds ?? 1;
        return jsonApiError(429, 'throttled', 'Request was throttled.', `Request was throttled. Expected available in ${s} second.`, { 'retry-after': String(s) });
      }
      if (kind === 'expired_token') return jsonApiError(401, 'not_authenticated', 'Authentication credentials were not provided.', 'Invalid API key.');
      // Klaviyo publishes no daily quota; a key throttled for its steady window is told to come back much later.
      if (kind === 'quota_exhausted') {
        const s = spec.retryAfterSeconds ?? 3600;
        return jsonApiError(429, 'throttled', 'Request was throttled.', `Request was throttled. Expected available in ${s} seconds.`, { 'retry-after': String(s) });
      }
      return jsonApiError(503, 'service_unavailable', 'Service unavailable.', 'Try again later.');
    },
    notFound: (req) => jsonApiError(404, 'not_found', 'Not found.', `No route ${req.path}.`),
  };

  /** `greater-than(field,iso)` as Klaviyo writes it; other filters pass everything. */
  const after = (filter: string | null, field: string): string | undefined => {
    const m = filter ? new RegExp(`^greater-than\\(${field},([^)]+)\\)$`).exec(filter) : null;
    return m?.[1];
  };
  let server: MockServer;
  // Klaviyo's page sizes: profiles 20 by default (up to 100), events 200, lists 10.
  const page = <T>(items: readonly T[], req: MockRequest, path: string, max = 100, byDefault = 20) => {
    const size = Math.min(Number(req.query.get('page[size]') ?? byDefault) || byDefault, max);
    const start = Number(req.query.get('page[cursor]') ?? '0') || 0;
    const next = new URLSearchParams(req.query);
    next.set('page[cursor]', String(start + size));
    return {
      json: {
        data: items.slice(start, start + size),
        links: { self: `${server.url}${path}?${req.query.toString()}`, next: start + size < items.length ? `${server.url}${path}?${next.toString()}` : null, prev: null },
      },
    };
  };
  const since = (iso: string | undefined, value: string) => iso === undefined || Date.parse(value) > Date.parse(iso);
  server = await MockServer.start(
    wire,
    [
      {
        method: 'GET',
        path: '/api/profiles',
        handler: (req) => page(profiles.filter((p) => since(after(req.query.get('filter'), 'updated'), attr(p, 'updated'))), req, '/api/profiles/'),
      },
      { method: 'GET', path: '/api/lists', handler: (req) => page(lists, req, '/api/lists/', 10, 10) },
      { method: 'GET', path: '/api/metrics', handler: (req) => page(metrics, req, '/api/metrics/', 200, 200) },
      {
        method: 'GET',
        path: '/api/campaigns',
        handler: (req) =>
          req.query.get('filter')?.includes('messages.channel')
            ? page(campaigns, req, '/api/campaigns/')
            : { status: 400, json: { errors: [{ id: 'e', status: 400, code: 'invalid', title: 'Invalid input.', detail: 'A channel filter is required.' }] } },
      },
      {
        method: 'GET',
        path: '/api/events',
        handler: (req) => page(events.filter((e) => since(after(req.query.get('filter'), 'datetime'), attr(e, 'datetime'))), req, '/api/events/', 200, 200),
      },
    ],
    options.port ?? 0,
  );
  return {
    url: `${server.url}/api`,
    server,
    profiles: profiles.map((p) => ({ id: p.id, email: attr(p, 'email'), updated: attr(p, 'updated') })),
    close: () => server.close(),
  };
}
