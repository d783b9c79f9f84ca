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

export interface KlaviyoMockOptions {
  readonly apiKey: string;
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

const METRICS = [
  { id: 'MtRcvd', name: 'Received Email' },
  { id: 'MtOpen', name: 'Opened Email' },
  { id: 'MtClck', name: 'Clicked Email' },
];

export async function startKlaviyoMock(options: KlaviyoMockOptions): Promise<KlaviyoMock> {
  const n = options.profiles ?? 30;
  const profiles = Array.from({ length: n }, (_, i) => {
    const updated = new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString().replace('.000Z', '+00:00');
    return {
      type: 'profile',
      id: `01HK${String(i).padStart(22, '0')}`,
      attributes: {
        email: `shopper${i}@klaviyo-example.com`,
        phone_number: i % 4 === 0 ? `+1202555${String(1000 + i)}` : null,
        external_id: null,
        first_name: `Shopper${i}`,
        last_name: 'Example',
        organization: null,
        location: { city: 'Boston', country: 'United States', zip: '02110' },
        properties: { source: 'popup' },
        created: updated,
        updated,
      },
    };
  });
  const lists = [{ type: 'list', id: 'Xy12Ab', attributes: { name: 'Newsletter', created: '2025-06-01T00:00:00+00:00', updated: '2025-06-01T00:00:00+00:00' } }];
  const campaigns = [
    { type: 'campaign', id: '01HKCAMP0001', attributes: { name: 'spring_sale', status: 'Sent', send_time: '2026-01-10T15:00:00+00:00', created_at: '2026-01-05T00:00:00+00:00', updated_at: '2026-01-10T15:00:00+00:00' } },
  ];
  const events = profiles.flatMap((p, i) =>
    METRICS.slice(0, 1 + (i % 3)).map((m, k) => ({
      type: 'event',
      id: `ev_${i}_${k}`,
      attributes: {
        datetime: new Date(Date.UTC(2026, 0, 10, 15, i, k)).toISOString().replace('.000Z', '+00:00'),
        timestamp: Math.floor(Date.UTC(2026, 0, 10, 15, i, k) / 1000),
        event_properties: { 'Campaign Name': 'spring_sale', $message: '01HKCAMP0001' },
      },
      relationships: { profile: { data: { type: 'profile', id: p.id } }, metric: { data: { type: 'metric', id: m.id } } },
    })),
  );

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
  const page = <T>(items: readonly T[], req: MockRequest, path: string, max = 100) => {
    const size = Math.min(Number(req.query.get('page[size]') ?? 20) || 20, max);
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
        handler: (req) => page(profiles.filter((p) => since(after(req.query.get('filter'), 'updated'), p.attributes.updated)), req, '/api/profiles/'),
      },
      { method: 'GET', path: '/api/lists', handler: (req) => page(lists, req, '/api/lists/', 10) },
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
        handler: (req) => page(events.filter((e) => since(after(req.query.get('filter'), 'datetime'), e.attributes.datetime)), req, '/api/events/', 200),
      },
    ],
    options.port ?? 0,
  );
  return {
    url: `${server.url}/api`,
    server,
    profiles: profiles.map((p) => ({ id: p.id, email: p.attributes.email, updated: p.attributes.updated })),
    close: () => server.close(),
  };
}
