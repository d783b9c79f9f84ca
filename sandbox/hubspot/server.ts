/**
 * A loopback HubSpot CRM: the v3 search and list endpoints for contacts, companies
 * and deals, the v3 batch read (with `propertiesWithHistory`), the associations v4 batch read, Bearer auth, and HubSpot's own error
 * bodies and rate-limit headers for injected faults. Every response is computed from
 * the (mutable) fixture store at request time, so edits between syncs show up.
 *
 * @example
 * ```ts
 * const mock = await startHubspotMock({ fixtures, accessToken: 'pat-test', searchResultCap: 25 });
 * mock.faults.inject({ kind: 'rate_limit', times: 1, retryAfterSeconds: 1 });
 * // … point `base_url` at mock.url …
 * await mock.close();
 * ```
 */
import { randomUUID } from 'node:crypto';
import {
  MockServer,
  bearerToken,
  type VendorFaultKind,
  type FaultSpec,
  type MockHandler,
  type MockReply,
  type MockRequest,
  type VendorWire,
  type WireError,
} from '../kit/mock-server.js';
import type { HubspotFixtures, HubspotObjectType } from './fixtures.js';
import {
  DEFAULT_PROPERTIES,
  ValidationProblem,
  matchesFilterGroups,
  parseSorts,
  searchProperties,
  sortObjects,
  toWire,
  validateFilter,
  type WireFilter,
} from './query.js';

export interface HubspotMockOptions {
  readonly fixtures: HubspotFixtures;
  readonly accessToken: string;
  readonly port?: number;
  /** Results one search query may page through (HubSpot: 10,000). */
  readonly searchResultCap?: number;
  /** Enforce a request rate with real 429s (sliding window), like HubSpot's ten-second limit. */
  readonly rateLimit?: { readonly requests: number; readonly perMs: number };
}

const OBJECT_TYPES = new Set<string>(['contacts', 'companies', 'deals']);
const SEARCH_LIMIT_MAX = 200;
const LIST_LIMIT_MAX = 100;
const BATCH_INPUTS_MAX = 1000;
/** The objects batch read takes 100 ids, and 50 when property histories are asked for. */
const BATCH_READ_MAX = 100;
const BATCH_READ_WITH_HISTORY_MAX = 50;
const DAILY_LIMIT = 250_000;
/** Association type ids HubSpot defines between deals and contacts. */
const ASSOCIATION_TYPE_ID = { 'deals/contacts': 3, 'contacts/deals': 4 } as const;

export async function startHubspotMock(options: HubspotMockOptions): Promise<MockServer> {
  const { fixtures } = options;
  const cap = options.searchResultCap ?? 10_000;
  const tenSecondMax = options.rateLimit?.requests ?? 190;
  const intervalMs = options.rateLimit?.perMs ?? 10_000;
  const starts: number[] = [];
  let dailyUsed = 0;

  const rateHeaders = (remaining: number): Record<string, string> => ({
    'X-HubSpot-RateLimit-Daily': String(DAILY_LIMIT),
    'X-HubSpot-RateLimit-Daily-Remaining': String(Math.max(0, DAILY_LIMIT - dailyUsed)),
    'X-HubSpot-RateLimit-Interval-Milliseconds': String(intervalMs),
    'X-HubSpot-RateLimit-Max': String(tenSecondMax),
    'X-HubSpot-RateLimit-Remaining': String(Math.max(0, remaining)),
  });

  /** Counts the request against the windows; answers 429 itself when `rateLimit` is exceeded. */
  const limited = (handler: MockHandler, opts: { search?: boolean } = {}): MockHandler => async (req) => {
    const now = Date.now();
    while (starts.length > 0 && starts[0]! <= now - intervalMs) starts.shift();
    if (options.rateLimit && starts.length >= options.rateLimit.requests) {
      const waitMs = starts[0]! + intervalMs - now;
      const wire = rateLimitError(Math.max(1, Math.ceil(waitMs / 1000)), rateHeaders(0));
      return { status: wire.status, json: wire.body, headers: wire.headers ?? {} };
    }
    starts.push(now);
    dailyUsed++;
    try {
      const reply = await handler(req);
      // HubSpot sends no rate-limit headers on search responses.
      if (opts.search) return reply;
      return { ...reply, headers: { ...rateHeaders(tenSecondMax - starts.length), ...reply.headers } };
    } catch (error) {
      if (error instanceof ValidationProblem) return validationError(error.message);
      throw error;
    }
  };

  const search: MockHandler = (req) => {
    const type = objectType(req.params.type);
    const body = (req.body && typeof req.body === 'object' ? req.body : {}) as Record<string, unknown>;
    const limit = body.limit === undefined ? 10 : Number(body.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > SEARCH_LIMIT_MAX) {
      throw new ValidationProblem(`limit must be between 1 and ${SEARCH_LIMIT_MAX}, got ${String(body.limit)}`);
    }
    const after = body.after === undefined || body.after === null || body.after === '' ? 0 : Number(body.after);
    if (!Number.isInteger(after) || after < 0) throw new ValidationProblem(`after must be a non-negative integer, got ${String(body.after)}`);
    if (after + limit > cap) {
      throw new ValidationProblem(`Search results are limited to ${cap}: after (${after}) + limit (${limit}) exceeds it. Narrow the filters.`);
    }
    const groups = Array.isArray(body.filterGroups) ? (body.filterGroups as { filters?: WireFilter[] }[]) : [];
    for (const g of groups) for (const f of g.filters ?? []) validateFilter(f);
    const matching = sortObjects(
      [...fixtures.objects[type].values()].filter((o) => !o.archived && matchesFilterGroups(o, groups)),
      parseSorts(body.sorts),
    );
    const properties = searchProperties(body.properties, type);
    const page = matching.slice(after, after + limit);
    const next = after + limit < matching.length ? String(after + limit) : undefined;
    return {
      json: {
        total: matching.length,
        results: page.map((o) => toWire(o, properties)),
        ...(next === undefined ? {} : { paging: { next: { after: next, link: `${origin(req)}${req.path}?after=${next}` } } }),
      },
    };
  };

  const list: MockHandler = (req) => {
    const type = objectType(req.params.type);
    const limit = req.query.has('limit') ? Number(req.query.get('limit')) : 10;
    if (!Number.isInteger(limit) || limit < 1 || limit > LIST_LIMIT_MAX) {
      throw new ValidationProblem(`limit must be between 1 and ${LIST_LIMIT_MAX}, got ${req.query.get('limit')}`);
    }
    const archived = req.query.get('archived') === 'true';
    const afterId = req.query.has('after') ? Number(req.query.get('after')) : Number.NEGATIVE_INFINITY;
    const requested = req.query.getAll('properties').flatMap((p) => p.split(',')).filter((p) => p !== '');
    const properties = requested.length > 0 ? requested : [...DEFAULT_PROPERTIES[type]];
    // The list's `after` is the id to continue from, so paging survives archiving mid-read.
    const all = [...fixtures.objects[type].values()]
      .filter((o) => o.archived === archived && Number(o.id) >= afterId)
      .sort((a, b) => Number(a.id) - Number(b.id));
    const page = all.slice(0, limit);
    const next = all[limit]?.id;
    return {
      json: {
        results: page.map((o) => toWire(o, properties)),
        ...(next === undefined
          ? {}
          : { paging: { next: { after: next, link: `${origin(req)}${req.path}?limit=${limit}&after=${next}&archived=${archived}` } } }),
      },
    };
  };

  /**
   * `POST /crm/v3/objects/<type>/batch/read`: the live objects among `inputs`, with
   * `properties` and, per name in `propertiesWithHistory`, every value it held, newest
   * first. Unknown or archived ids are left out (207 with an error, as HubSpot does).
   */
  const batchRead: MockHandler = (req) => {
    const type = objectType(req.params.type);
    const body = (req.body && typeof req.body === 'object' ? req.body : {}) as { inputs?: unknown; properties?: unknown; propertiesWithHistory?: unknown };
    const withHistory = Array.isArray(body.propertiesWithHistory) ? body.propertiesWithHistory.filter((p): p is string => typeof p === 'string') : [];
    const max = withHistory.length > 0 ? BATCH_READ_WITH_HISTORY_MAX : BATCH_READ_MAX;
    if (!Array.isArray(body.inputs) || body.inputs.length > max) {
      throw new ValidationProblem(`inputs must be an array of at most ${max}${withHistory.length > 0 ? ' when propertiesWithHistory is requested' : ''}`);
    }
    const startedAt = new Date().toISOString();
    const properties = searchProperties(body.properties, type);
    const results: unknown[] = [];
    const missing: string[] = [];
    for (const input of body.inputs as { id?: unknown }[]) {
      const id = String(input?.id ?? '');
      const obj = fixtures.objects[type].get(id);
      if (!obj || obj.archived) {
        missing.push(id);
        continue;
      }
      const history = Object.fromEntries(
        withHistory.map((name) => [name, [...(obj.history[name] ?? [])].reverse().map((v) => ({ value: v.value, timestamp: v.timestamp, sourceType: v.sourceType }))]),
      );
      results.push({ ...toWire(obj, properties), ...(withHistory.length > 0 ? { propertiesWithHistory: history } : {}) });
    }
    const errors = missing.length === 0 ? [] : [{ status: 'error', category: 'OBJECT_NOT_FOUND', message: 'Could not get some objects, they may be deleted or not exist.', context: { ids: missing } }];
    return {
      status: errors.length > 0 ? 207 : 200,
      json: { status: 'COMPLETE', results, ...(errors.length > 0 ? { numErrors: errors.length, errors } : {}), startedAt, completedAt: new Date().toISOString() },
    };
  };

  const associations: MockHandler = (req) => {
    const pair = `${req.params.fromType}/${req.params.toType}`;
    if (pair !== 'deals/contacts' && pair !== 'contacts/deals') {
      throw new ValidationProblem(`The mock only knows deal ⇄ contact associations, not ${pair}`);
    }
    const inputs = (req.body as { inputs?: unknown } | undefined)?.inputs;
    if (!Array.isArray(inputs) || inputs.length > BATCH_INPUTS_MAX) throw new ValidationProblem(`inputs must be an array of at most ${BATCH_INPUTS_MAX}`);
    const startedAt = new Date().toISOString();
    const links = pair === 'deals/contacts' ? fixtures.dealContacts : invert(fixtures.dealContacts);
    const from = fixtures.objects[req.params.fromType as HubspotObjectType];
    const to = fixtures.objects[req.params.toType as HubspotObjectType];
    const results: unknown[] = [];
    const errors: unknown[] = [];
    for (const input of inputs as { id?: unknown }[]) {
      const id = String(input?.id ?? '');
      const targets = from.get(id)?.archived === false ? (links.get(id) ?? []).filter((t) => to.get(t)?.archived === false) : [];
      if (targets.length === 0) {
        errors.push({
          status: 'error',
          category: 'OBJECT_NOT_FOUND',
          subCategory: 'crm.associations.NO_ASSOCIATIONS_FOUND',
          context: { fromObjectId: [id] },
          message: `No ${req.params.toType} is associated with ${req.params.fromType.replace(/s$/, '')} ${id}.`,
        });
        continue;
      }
      results.push({
        from: { id },
        to: targets.map((t) => ({
          toObjectId: Number(t),
          associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId: ASSOCIATION_TYPE_ID[pair], label: null }],
        })),
      });
    }
    const json = {
      status: 'COMPLETE',
      results,
      ...(errors.length > 0 ? { numErrors: errors.length, errors } : {}),
      startedAt,
      completedAt: new Date().toISOString(),
    };
    // HubSpot answers 207 Multi-Status when some inputs had no associations.
    return { status: errors.length > 0 ? 207 : 200, json };
  };

  const wire: VendorWire = {
    name: 'HubSpot mock',
    authorize(req: MockRequest): WireError | undefined {
      if (bearerToken(req) === options.accessToken) return undefined;
      return {
        status: 401,
        body: {
          status: 'error',
          message:
            'Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview',
          correlationId: randomUUID(),
          category: 'INVALID_AUTHENTICATION',
        },
      };
    },
    fault(kind: VendorFaultKind, spec: FaultSpec): WireError {
      switch (kind) {
        case 'rate_limit':
          return rateLimitError(spec.retryAfterSeconds ?? 1, rateHeaders(0));
        case 'expired_token':
          return {
            status: 401,
            body: {
              status: 'error',
              message: 'The OAuth token used to make this call expired 2 hour(s) ago.',
              correlationId: randomUUID(),
              category: 'EXPIRED_AUTHENTICATION',
            },
          };
        case 'quota_exhausted':
          return {
            status: 429,
            headers: {
              ...rateHeaders(tenSecondMax),
              'X-HubSpot-RateLimit-Daily-Remaining': '0',
              ...(spec.retryAfterSeconds === undefined ? {} : { 'Retry-After': String(spec.retryAfterSeconds) }),
            },
            body: {
              status: 'error',
              message: 'You have reached your daily limit.',
              errorType: 'RATE_LIMIT',
              correlationId: randomUUID(),
              policyName: 'DAILY',
            },
          };
        case 'server_error': {
          const status = spec.status ?? 502;
          return {
            status,
            body: {
              status: 'error',
              message: status === 500 ? 'internal error' : status === 503 ? 'Service Unavailable' : 'Bad Gateway',
              correlationId: randomUUID(),
              category: status === 500 ? 'INTERNAL_ERROR' : 'SERVICE_UNAVAILABLE',
            },
          };
        }
      }
    },
    notFound(req: MockRequest): WireError {
      return {
        status: 404,
        body: { status: 'error', message: `No route for ${req.method} ${req.path}`, correlationId: randomUUID(), category: 'OBJECT_NOT_FOUND' },
      };
    },
  };

  return MockServer.start(
    wire,
    [
      { method: 'POST', path: '/crm/v3/objects/:type/search', handler: limited(search, { search: true }) },
      { method: 'POST', path: '/crm/v3/objects/:type/batch/read', handler: limited(batchRead) },
      { method: 'GET', path: '/crm/v3/objects/:type', handler: limited(list) },
      { method: 'POST', path: '/crm/v4/associations/:fromType/:toType/batch/read', handler: limited(associations) },
    ],
    options.port ?? 0,
  );
}

function rateLimitError(retryAfterSeconds: number, headers: Record<string, string>): WireError {
  return {
    status: 429,
    headers: { ...headers, 'Retry-After': String(retryAfterSeconds) },
    body: {
      status: 'error',
      message: 'You have reached your ten_secondly_rolling limit.',
      errorType: 'RATE_LIMIT',
      correlationId: randomUUID(),
      policyName: 'TEN_SECONDLY_ROLLING',
    },
  };
}

function validationError(message: string): MockReply {
  return { status: 400, json: { status: 'error', message, correlationId: randomUUID(), category: 'VALIDATION_ERROR' } };
}

function objectType(raw: string | undefined): HubspotObjectType {
  if (raw !== undefined && OBJECT_TYPES.has(raw)) return raw as HubspotObjectType;
  throw new ValidationProblem(`Unable to infer object type from: ${raw}`);
}

function origin(req: MockRequest): string {
  return `http://${req.headers.host ?? '127.0.0.1'}`;
}

function invert(links: Map<string, string[]>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [from, tos] of links) for (const to of tos) out.set(to, [...(out.get(to) ?? []), from]);
  return out;
}

