/**
 * A loopback Mailchimp Marketing API 3.0: Basic auth with the API key as password,
 * `count`/`offset` paging capped at 1000 with `total_items` and `_links`, the
 * `since_last_changed` / `since` filters, and errors in Mailchimp's problem+json
 * shape (`{ type, title, status, detail, instance }`). More than `maxConcurrent`
 * requests in flight get the real 429 Mailchimp sends past 10 connections.
 *
 * Every response is computed from the (mutable) fixtures when it is requested.
 *
 * @example
 * ```ts
 * const mock = await startMailchimpMock({ fixtures, apiKey: 'f00d-us21' });
 * mock.faults.inject({ kind: 'rate_limit', retryAfterSeconds: 1 });
 * const config = { api_key: 'f00d-us21', base_url: mock.url, page_size: 100 };
 * ```
 */
import { randomUUID } from 'node:crypto';
import {
  MockServer,
  type MockHandler,
  type MockReply,
  type MockRequest,
  type MockRoute,
  type VendorWire,
  type WireError,
} from '../kit/mock-server.js';
import { MAILCHIMP_MAX_PAGE_SIZE } from '../../connectors/mailchimp/config.js';
import type { MailchimpFixtures, MockCampaign, MockMember } from './fixtures.js';
import {
  FixtureIndex,
  renderCampaign,
  renderEmailActivity,
  renderList,
  renderMember,
  renderReport,
  renderSentTo,
} from './render.js';

export interface MailchimpMockOptions {
  readonly fixtures: MailchimpFixtures;
  /** The only key accepted (as the Basic-auth password, or as a Bearer token). */
  readonly apiKey: string;
  readonly port?: number;
  /** Simultaneous requests allowed before 429 (Mailchimp: 10). */
  readonly maxConcurrent?: number;
  /** Time each request takes (lets concurrency limits bite in tests); default 0. */
  readonly latencyMs?: number;
}

const ERROR_DOCS = 'https://mailchimp.com/developer/marketing/docs/errors/';
const PROBLEM_JSON = 'application/problem+json; charset=utf-8';

/** A Mailchimp error body with its content type. */
export function problem(status: number, title: string, detail: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}): WireError {
  return {
    status,
    headers: { 'content-type': PROBLEM_JSON, ...headers },
    body: { type: ERROR_DOCS, title, status, detail, instance: randomUUID(), ...extra },
  };
}

const asReply = (e: WireError): MockReply => ({ status: e.status, json: e.body, headers: e.headers ?? {} });
const notFound = () => problem(404, 'Resource Not Found', 'The requested resource could not be found.');
const invalid = (field: string, message: string) =>
  problem(400, 'Invalid Resource', "The resource submitted could not be validated. For field-specific details, see the 'errors' array.", {
    errors: [{ field, message }],
  });

function mailchimpWire(apiKey: string): VendorWire {
  return {
    name: 'Mailchimp mock',
    authorize(req) {
      const key = credential(req);
      if (key === undefined) return problem(401, 'API Key Missing', 'Your request did not include an API key.');
      if (key !== apiKey) return problem(401, 'API Key Invalid', "Your API key may be invalid, or you've attempted to access the wrong datacenter.");
      return undefined;
    },
    fault(kind, spec) {
      switch (kind) {
        case 'rate_limit':
          return problem(429, 'Too Many Requests', 'You have exceeded the limit of 10 simultaneous connections.', {}, {
            'retry-after': String(spec.retryAfterSeconds ?? 1),
          });
        case 'server_error': {
          const status = spec.status ?? 500;
          if (status === 503) return problem(503, 'Service Unavailable', 'The service is temporarily unavailable. Please try again later.');
          if (status === 502) return problem(502, 'Bad Gateway', 'The server received an invalid response from an upstream server.');
          return problem(status, 'Internal Server Error', 'An unexpected internal error has occurred. Please contact Support for more information.');
        }
        case 'expired_token':
          return problem(401, 'API Key Invalid', "Your API key may be invalid, or you've attempted to access the wrong datacenter.");
        case 'quota_exhausted':
          // Mailchimp has no published daily quota; a throttled account is told to come back
          // much later. A Retry-After beyond the client's patience ends the run cleanly.
          if (spec.status === 403) return problem(403, 'Forbidden', 'This account has exceeded its API request allowance for this period.');
          return problem(429, 'Too Many Requests', 'You have exceeded the limit of API requests for this period.', {}, {
            'retry-after': String(spec.retryAfterSeconds ?? 3600),
          });
      }
    },
    notFound: () => notFound(),
  };
}

/** The API key from `Authorization: Basic base64(any:key)` (or `Bearer key` / `apikey key`). */
function credential(req: MockRequest): string | undefined {
  const header = req.headers.authorization;
  if (typeof header !== 'string') return undefined;
  const m = /^(\w+)\s+(.+)$/.exec(header.trim());
  if (!m) return undefined;
  const scheme = m[1]!.toLowerCase();
  if (scheme === 'bearer' || scheme === 'apikey') return m[2];
  if (scheme !== 'basic') return undefined;
  const decoded = Buffer.from(m[2]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon === -1 ? undefined : decoded.slice(colon + 1);
}

/** Slices one page by `count`/`offset` (Mailchimp's default count is 10, its ceiling 1000). */
function paginate<T>(req: MockRequest, items: readonly T[]): { page: T[] } | { error: WireError } {
  const count = intParam(req, 'count', 10);
  const offset = intParam(req, 'offset', 0);
  if (count === undefined || count < 1 || count > MAILCHIMP_MAX_PAGE_SIZE) {
    return { error: invalid('count', `Must be an integer between 1 and ${MAILCHIMP_MAX_PAGE_SIZE}.`) };
  }
  if (offset === undefined || offset < 0) return { error: invalid('offset', 'Must be a non-negative integer.') };
  return { page: items.slice(offset, offset + count) };
}

function intParam(req: MockRequest, name: string, fallback: number): number | undefined {
  const raw = req.query.get(name);
  if (raw === null || raw === '') return fallback;
  return /^\d+$/.test(raw) ? Number(raw) : undefined;
}

/** Parses a `since*` filter; undefined when absent, NaN when garbled. */
function timeParam(req: MockRequest, name: string): number | undefined {
  const raw = req.query.get(name);
  return raw === null || raw === '' ? undefined : Date.parse(raw);
}

function sortBy<T>(items: T[], key: (item: T) => string, req: MockRequest): T[] {
  const dir = req.query.get('sort_dir')?.toUpperCase() === 'DESC' ? -1 : 1;
  return items
    .map((item, i) => ({ item, i, t: Date.parse(key(item)) || 0 }))
    .sort((a, b) => (a.t - b.t) * dir || a.i - b.i)
    .map((x) => x.item);
}

const links = (path: string) => [{ rel: 'self', href: path, method: 'GET' }];

function envelope(req: MockRequest, key: string, all: readonly Record<string, unknown>[], extra: Record<string, unknown> = {}): MockReply {
  const sliced = paginate(req, all);
  if ('error' in sliced) return asReply(sliced.error);
  return { json: { [key]: sliced.page, ...extra, total_items: all.length, _links: links(req.path) } };
}

export async function startMailchimpMock(options: MailchimpMockOptions): Promise<MockServer> {
  const idx = new FixtureIndex(options.fixtures);
  const maxConcurrent = options.maxConcurrent ?? 10;
  const latencyMs = options.latencyMs ?? 0;
  let inFlight = 0;

  /** Mailchimp counts simultaneous connections per key and rejects the 11th with 429. */
  const guarded =
    (handler: MockHandler): MockHandler =>
    async (req) => {
      if (inFlight >= maxConcurrent) {
        return asReply(problem(429, 'Too Many Requests', `You have exceeded the limit of ${maxConcurrent} simultaneous connections.`));
      }
      inFlight++;
      try {
        if (latencyMs > 0) await new Promise((r) => setTimeout(r, latencyMs));
        return await handler(req);
      } finally {
        inFlight--;
      }
    };

  const sentCampaign = (req: MockRequest): MockCampaign | WireError => {
    const c = idx.campaign(req.params.campaignId!);
    return c && idx.isSent(c) ? c : notFound();
  };

  const routes: MockRoute[] = [
    { method: 'GET', path: '/3.0/ping', handler: () => ({ json: { health_status: "Everything's Chimpy!" } }) },
    {
      method: 'GET',
      path: '/3.0/lists',
      handler: (req) => {
        const lists = req.query.get('sort_field') === 'date_created' ? sortBy([...options.fixtures.lists], (l) => l.dateCreated, req) : options.fixtures.lists;
        return envelope(req, 'lists', lists.map((l) => renderList(idx, l)), {
          constraints: { may_create: true, max_instances: 100, current_total_instances: lists.length },
        });
      },
    },
    {
      method: 'GET',
      path: '/3.0/lists/:listId',
      handler: (req) => {
        const list = idx.list(req.params.listId!);
        return list ? { json: renderList(idx, list) } : asReply(notFound());
      },
    },
    {
      method: 'GET',
      path: '/3.0/lists/:listId/members',
      handler: (req) => {
        const listId = req.params.listId!;
        if (!idx.list(listId)) return asReply(notFound());
        const since = timeParam(req, 'since_last_changed');
        const before = timeParam(req, 'before_last_changed');
        if (Number.isNaN(since) || Number.isNaN(before)) return asReply(invalid('since_last_changed', 'Must be an ISO 8601 date-time.'));
        const statuses = req.query.get('status')?.split(',');
        let members: MockMember[] = idx.membersOf(listId).filter(
          (m) =>
            (statuses === undefined || statuses.includes(m.status)) &&
            (since === undefined || Date.parse(m.lastChanged) > since) &&
            (before === undefined || Date.parse(m.lastChanged) < before),
        );
        const sortField = req.query.get('sort_field');
        if (sortField === 'last_changed') members = sortBy(members, (m) => m.lastChanged, req);
        else if (sortField === 'timestamp_opt') members = sortBy(members, (m) => m.optInAt, req);
        return envelope(req, 'members', members.map((m) => renderMember(idx, m)), { list_id: listId });
      },
    },
    {
      method: 'GET',
      path: '/3.0/campaigns',
      handler: (req) => {
        const status = req.query.get('status');
        const listId = req.query.get('list_id');
        let campaigns = options.fixtures.campaigns.filter(
          (c) => (status === null || (idx.isSent(c) ? 'sent' : 'schedule') === status) && (listId === null || c.listId === listId),
        );
        const sortField = req.query.get('sort_field');
        if (sortField === 'create_time') campaigns = sortBy(campaigns, (c) => c.createTime, req);
        else if (sortField === 'send_time') campaigns = sortBy(campaigns, (c) => c.sendTime, req);
        return envelope(req, 'campaigns', campaigns.map((c) => renderCampaign(idx, c)));
      },
    },
    {
      method: 'GET',
      path: '/3.0/reports',
      handler: (req) => {
        const sent = sortBy(options.fixtures.campaigns.filter((c) => idx.isSent(c)), (c) => c.sendTime, req);
        return envelope(req, 'reports', sent.map((c) => renderReport(idx, c)));
      },
    },
    {
      method: 'GET',
      path: '/3.0/reports/:campaignId/email-activity',
      handler: (req) => {
        const c = sentCampaign(req);
        if (!('id' in c)) return asReply(c);
        const since = timeParam(req, 'since');
        if (Number.isNaN(since)) return asReply(invalid('since', 'Must be an ISO 8601 date-time.'));
        return envelope(req, 'emails', renderEmailActivity(idx, c, since), { campaign_id: c.id });
      },
    },
    {
      method: 'GET',
      path: '/3.0/reports/:campaignId/sent-to',
      handler: (req) => {
        const c = sentCampaign(req);
        if (!('id' in c)) return asReply(c);
        return envelope(req, 'sent_to', renderSentTo(idx, c), { campaign_id: c.id });
      },
    },
  ];

  return MockServer.start(
    mailchimpWire(options.apiKey),
    routes.map((r) => ({ ...r, handler: guarded(r.handler) })),
    options.port ?? 0,
  );
}
