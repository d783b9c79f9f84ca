/**
 * A loopback mock of "Orbit", a small webinar platform that no code connector knows:
 * the fourth API of the declarative-connector "stranger test". OAuth2 client
 * credentials at `POST /oauth/token` (form-encoded; `invalid_client` for wrong
 * credentials), bearer tokens that expire, and cursor paging in the body
 * (`meta.next_cursor`, sent back as `?cursor=`), with `updated_since` filtering.
 *
 * @example
 * ```ts
 * const mock = await startOrbitMock({ clientId: 'id', clientSecret: 'secret', contacts: 25 });
 * // POST mock.url/oauth/token → { access_token, expires_in }; GET /v1/contacts?limit=10
 * await mock.close();
 * ```
 */
import { MockServer, bearerToken, type MockRequest, type VendorWire, type WireError } from '../kit/mock-server.js';

export interface OrbitContact {
  readonly id: string;
  readonly email: string;
  readonly first_name: string;
  readonly last_name: string;
  readonly phone: string | null;
  readonly company: string;
  readonly updated_at: string;
}

export interface OrbitWebinar {
  readonly id: string;
  readonly title: string;
  readonly starts_at: string;
  readonly attendee_ids: readonly string[];
}

export interface OrbitMockOptions {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly contacts?: number;
  readonly webinars?: number;
  readonly port?: number;
}

export interface OrbitMock {
  readonly url: string;
  readonly server: MockServer;
  readonly contacts: OrbitContact[];
  readonly webinars: OrbitWebinar[];
  /** Tokens handed out so far. */
  readonly tokensIssued: () => number;
  close(): Promise<void>;
}

const FIRST = ['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara', 'Ken', 'Radia', 'Donald'];
const LAST = ['Lovelace', 'Hopper', 'Turing', 'Dijkstra', 'Liskov', 'Thompson', 'Perlman', 'Knuth'];
const MAX_LIMIT = 50;

function orbitError(status: number, code: string, message: string): WireError {
  return { status, body: { error: { code, message } } };
}

export async function startOrbitMock(options: OrbitMockOptions): Promise<OrbitMock> {
  const contacts: OrbitContact[] = Array.from({ length: options.contacts ?? 25 }, (_, i) => ({
    id: `ct_${String(i + 1).padStart(4, '0')}`,
    email: `${FIRST[i % 8]!.toLowerCase()}.${LAST[(i * 3) % 8]!.toLowerCase()}${i}@orbit-example.com`,
    first_name: FIRST[i % 8]!,
    last_name: LAST[(i * 3) % 8]!,
    phone: i % 3 === 0 ? `+1415555${String(1000 + i)}` : null,
    company: `Company ${i % 5}`,
    updated_at: new Date(Date.UTC(2026, 0, 1 + i)).toISOString(),
  }));
  const webinars: OrbitWebinar[] = Array.from({ length: options.webinars ?? 3 }, (_, i) => ({
    id: `wb_${i + 1}`,
    title: `Webinar ${i + 1}`,
    starts_at: new Date(Date.UTC(2026, 1, 1 + i * 7, 16)).toISOString(),
    attendee_ids: contacts.filter((_, j) => j % (i + 2) === 0).map((c) => c.id),
  }));
  const issued = new Set<string>();
  let counter = 0;

  const wire: VendorWire = {
    name: 'Orbit mock',
    authorize(req: MockRequest) {
      if (req.path === '/oauth/token') return undefined;
      const token = bearerToken(req);
      return token !== undefined && issued.has(token) ? undefined : orbitError(401, 'unauthorized', 'missing, expired or unknown access token');
    },
    fault(kind) {
      if (kind === 'rate_limit') return { status: 429, headers: { 'retry-after': '1' }, body: { error: { code: 'rate_limited', message: 'slow down' } } };
      if (kind === 'expired_token') return orbitError(401, 'unauthorized', 'access token expired');
      return orbitError(503, 'unavailable', 'try again later');
    },
    notFound: (req) => orbitError(404, 'not_found', `no route ${req.method} ${req.path}`),
  };

  /** Cursor paging over `items`: the cursor is the index of the next item, opaque to clients. */
  const page = <T>(items: readonly T[], req: MockRequest) => {
    const limit = Math.min(Number(req.query.get('limit') ?? 20) || 20, MAX_LIMIT);
    const start = Number(Buffer.from(req.query.get('cursor') ?? '', 'base64url').toString() || '0');
    const data = items.slice(start, start + limit);
    const next = start + limit < items.length ? Buffer.from(String(start + limit)).toString('base64url') : null;
    return { json: { data, meta: { next_cursor: next, total: items.length } } };
  };

  const server = await MockServer.start(
    wire,
    [
      {
        method: 'POST',
        path: '/oauth/token',
        handler: (req) => {
          const form = new URLSearchParams(typeof req.body === 'string' ? req.body : '');
          if (form.get('grant_type') !== 'client_credentials') return { status: 400, json: { error: 'unsupported_grant_type' } };
          if (form.get('client_id') !== options.clientId || form.get('client_secret') !== options.clientSecret) {
            return { status: 401, json: { error: 'invalid_client', error_description: 'client authentication failed' } };
          }
          const token = `orb_at_${++counter}_${Math.random().toString(36).slice(2)}`;
          issued.add(token);
          return { json: { access_token: token, token_type: 'Bearer', expires_in: 3600 } };
        },
      },
      {
        method: 'GET',
        path: '/v1/contacts',
        handler: (req) => {
          const since = req.query.get('updated_since');
          if (since !== null && Number.isNaN(Date.parse(since))) return { status: 400, json: { error: { code: 'invalid_parameter', message: 'updated_since must be ISO 8601' } } };
          return page(since ? contacts.filter((c) => c.updated_at >= since) : contacts, req);
        },
      },
      { method: 'GET', path: '/v1/webinars', handler: (req) => page(webinars.map(({ attendee_ids: _a, ...w }) => w), req) },
      {
        method: 'GET',
        path: '/v1/webinars/:id/attendees',
        handler: (req) => {
          const webinar = webinars.find((w) => w.id === req.params.id);
          if (!webinar) return { status: 404, json: { error: { code: 'not_found', message: 'no such webinar' } } };
          const rows = webinar.attendee_ids.map((id, i) => {
            const c = contacts.find((x) => x.id === id)!;
            return { registration_id: `${webinar.id}_${id}`, contact_id: id, email: c.email, attended: i % 2 === 0, minutes_watched: (i * 7) % 60 };
          });
          return page(rows, req);
        },
      },
    ],
    options.port ?? 0,
  );
  return { url: server.url, server, contacts, webinars, tokensIssued: () => counter, close: () => server.close() };
}
