/**
 * A loopback Graph API for organic social: a Page's `/{page-id}/posts`, an Instagram
 * business account's `/{ig-user-id}/media`, and `/{object-id}/insights` for either,
 * versioned paths (`/v21.0/…`), `fields=` selection, `since=` filtering, paging with
 * `paging.cursors.{before,after}` and a full `paging.next` URL (absent on the last
 * page), the usage headers Graph sends on every answer (`x-app-usage`,
 * `x-business-use-case-usage`), and Graph's error bodies — `{ error: { message, type,
 * code, error_subcode, fbtrace_id } }` — for faults: throttling as HTTP 400 with code
 * 32 (Page) or 4 (app), an expired token as code 190, a transient code 2 as HTTP 500.
 *
 * @example
 * ```ts
 * const mock = await startOrganicSocialMock({ fixtures: organicSocialFixturesFromPopulation(pop), accessToken: 'EAAG-test' });
 * mock.server.faults.inject({ kind: 'rate_limit', times: 1, path: '/insights' });
 * await mock.close();
 * ```
 */
import { MockServer, bearerToken, type MockReply, type MockRequest, type VendorWire, type WireError } from '../kit/mock-server.js';
import { grownFor, type OrganicMedia, type OrganicPost, type OrganicSocialFixtures } from './fixtures.js';

export interface OrganicSocialMockOptions {
  readonly fixtures: OrganicSocialFixtures;
  readonly accessToken: string;
  readonly port?: number;
}

export interface OrganicSocialMock {
  readonly url: string;
  readonly server: MockServer;
  readonly fixtures: OrganicSocialFixtures;
  close(): Promise<void>;
}

const MAX_LIMIT = 100;
/** What an edge returns without `fields=` (Graph's defaults). */
const DEFAULT_FIELDS = { posts: ['id', 'created_time', 'message'], media: ['id'] } as const;
const POST_METRICS = ['post_impressions', 'post_impressions_unique', 'post_reactions_by_type_total', 'post_clicks'] as const;
const MEDIA_METRICS = ['reach', 'impressions', 'likes', 'comments', 'shares', 'saved'] as const;

let trace = 0;
const fbtraceId = (): string => `Aorg${(++trace).toString(36).padStart(7, '0')}`;

function graphError(status: number, code: number, message: string, extra: { subcode?: number; type?: string; headers?: Record<string, string> } = {}): WireError {
  return {
    status,
    headers: { 'x-fb-trace-id': fbtraceId(), ...extra.headers },
    body: { error: { message, type: extra.type ?? 'OAuthException', code, ...(extra.subcode === undefined ? {} : { error_subcode: extra.subcode }), fbtrace_id: fbtraceId() } },
  };
}

export async function startOrganicSocialMock(options: OrganicSocialMockOptions): Promise<OrganicSocialMock> {
  const fx = options.fixtures;
  const usage = (pct?: number): Record<string, string> => ({
    'x-app-usage': JSON.stringify({ call_count: pct ?? fx.appCallCount, total_cputime: 1, total_time: 1 }),
    'x-business-use-case-usage': JSON.stringify({
      [fx.pageId]: [{ type: 'pages', call_count: pct ?? fx.appCallCount, total_cputime: 1, total_time: 1, estimated_time_to_regain_access: 0 }],
    }),
    'x-fb-trace-id': fbtraceId(),
  });

  const wire: VendorWire = {
    name: 'Graph API (organic social) mock',
    authorize(req: MockRequest) {
      const token = bearerToken(req) ?? req.query.get('access_token') ?? undefined;
      if (token === undefined) return graphError(400, 2500, 'An active access token must be used to query information about the current user.');
      return token === options.accessToken ? undefined : graphError(400, 190, 'Invalid OAuth access token - Cannot parse access token');
    },
    fault(kind) {
      if (kind === 'rate_limit') return graphError(400, 32, 'Page request limit reached', { headers: usage(100) });
      if (kind === 'quota_exhausted') return graphError(400, 4, 'Application request limit reached', { headers: usage(100) });
      if (kind === 'expired_token') return graphError(400, 190, 'Error validating access token: Session has expired.', { subcode: 463 });
      return { ...graphError(500, 2, 'An unexpected error has occurred. Please retry your request later.'), status: 500 };
    },
    notFound: (req) => graphError(400, 100, `Unsupported get request. Object with ID '${req.path.split('/')[2] ?? ''}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`, { type: 'GraphMethodException' }),
  };

  const now = (): number => Date.parse(fx.asOf);
  const published = (at: string): boolean => Date.parse(at) <= now();

  /** An edge page: `limit`, `after`, `since` (ISO or unix seconds); `next` repeats the query with the new cursor. */
  const edge = <T>(req: MockRequest, items: readonly T[], time: (item: T) => string, json: (item: T) => Record<string, unknown>): MockReply => {
    const since = sinceMs(req.query.get('since'));
    if (since === 'invalid') return errorReply(graphError(400, 100, '(#100) The parameter since must be a valid unix timestamp or strtotime string'));
    const limit = Math.min(Number(req.query.get('limit') ?? 25) || 25, MAX_LIMIT);
    // Newest first, as Graph lists them; `since` filters on publish time.
    const all = items
      .filter((item) => published(time(item)) && (since === undefined || Date.parse(time(item)) >= since))
      .sort((a, b) => Date.parse(time(b)) - Date.parse(time(a)));
    const start = decodeCursor(req.query.get('after'));
    const data = all.slice(start, start + limit).map(json);
    const paging =
      data.length === 0
        ? undefined
        : {
            cursors: { before: encodeCursor(start), after: encodeCursor(start + data.length) },
            ...(start + data.length < all.length ? { next: nextUrl(server.url, req, encodeCursor(start + data.length)) } : {}),
          };
    return { json: { data, ...(paging ? { paging } : {}) }, headers: usage() };
  };

  const server = await MockServer.start(
    wire,
    [
      {
        method: 'GET',
        path: '/:version/:objectId/posts',
        handler: (req) => {
          if (req.params.objectId !== fx.pageId) return errorReply(wire.notFound!(req));
          const fields = fieldsOf(req, DEFAULT_FIELDS.posts);
          return edge(req, fx.posts, (p) => p.created_time, (p) => postJson(p, fields, now()));
        },
      },
      {
        method: 'GET',
        path: '/:version/:objectId/media',
        handler: (req) => {
          if (req.params.objectId !== fx.igUserId) return errorReply(wire.notFound!(req));
          const fields = fieldsOf(req, DEFAULT_FIELDS.media);
          return edge(req, fx.media, (m) => m.timestamp, (m) => mediaJson(m, fields, now()));
        },
      },
      {
        method: 'GET',
        path: '/:version/:objectId/insights',
        handler: (req) => {
          const id = req.params.objectId!;
          const post = fx.posts.find((p) => p.id === id);
          const media = post ? undefined : fx.media.find((m) => m.id === id);
          if (!post && !media) return errorReply(wire.notFound!(req));
          const known: readonly string[] = post ? POST_METRICS : MEDIA_METRICS;
          const asked = (req.query.get('metric') ?? '').split(',').map((m) => m.trim()).filter(Boolean);
          const bad = asked.find((m) => !known.includes(m));
          if (asked.length === 0 || bad !== undefined) {
            return errorReply(graphError(400, 100, `(#100) The value must be a valid insights metric${bad ? ` (got ${bad})` : ''}`));
          }
          const period = req.query.get('period') ?? 'lifetime';
          const data = asked.map((name) => ({
            name,
            period,
            values: [{ value: post ? postMetric(post, name, now()) : mediaMetric(media!, name, now()) }],
            title: titleOf(name),
            description: `Lifetime ${titleOf(name).toLowerCase()}`,
            id: `${id}/insights/${name}/${period}`,
          }));
          return { json: { data }, headers: usage() };
        },
      },
    ],
    options.port ?? 0,
  );
  return { url: server.url, server, fixtures: fx, close: () => server.close() };
}

function errorReply(e: WireError): MockReply {
  return { status: e.status, json: e.body, headers: e.headers ?? {} };
}

function sinceMs(since: string | null): number | undefined | 'invalid' {
  if (since === null || since === '') return undefined;
  const t = /^\d+$/.test(since) ? Number(since) * 1000 : Date.parse(since);
  return Number.isNaN(t) ? 'invalid' : t;
}

const encodeCursor = (i: number): string => Buffer.from(`cursor:${i}`).toString('base64url');
function decodeCursor(c: string | null): number {
  if (!c) return 0;
  const m = /^cursor:(\d+)$/.exec(Buffer.from(c, 'base64url').toString());
  return m ? Number(m[1]) : 0;
}

function nextUrl(base: string, req: MockRequest, after: string): string {
  const url = new URL(req.path, base);
  for (const [k, v] of req.query) if (k !== 'after') url.searchParams.set(k, v);
  url.searchParams.set('after', after);
  return url.toString();
}

/** Top-level names of a `fields=` list (`a,b{c,d},e.summary(true)` → a, b, e). */
function fieldsOf(req: MockRequest, defaults: readonly string[]): Set<string> {
  const raw = req.query.get('fields');
  if (!raw) return new Set(defaults);
  const names: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of raw) {
    if (ch === '{' || ch === '(') depth++;
    if (ch === '}' || ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      names.push(current);
      current = '';
    } else current += ch;
  }
  names.push(current);
  return new Set(names.map((n) => n.split(/[.{(]/)[0]!.trim()).filter(Boolean));
}

function pick(fields: Set<string>, full: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(full).filter(([k, v]) => fields.has(k) && v !== undefined));
}

function grown(n: number, publishedAt: string, nowMs: number): number {
  return Math.round(n * grownFor(nowMs - Date.parse(publishedAt)));
}

function postJson(p: OrganicPost, fields: Set<string>, nowMs: number): Record<string, unknown> {
  return pick(fields, {
    id: p.id,
    message: p.message,
    created_time: p.created_time,
    updated_time: p.updated_time,
    permalink_url: `https://www.facebook.com/${p.id.replace('_', '/posts/')}`,
    status_type: p.link ? 'shared_story' : 'mobile_status_update',
    attachments: p.link ? { data: [{ type: 'share', unshimmed_url: p.link }] } : undefined,
    shares: { count: grown(p.full.shares, p.created_time, nowMs) },
    comments: { data: [], summary: { order: 'ranked', total_count: grown(p.full.comments, p.created_time, nowMs), can_comment: true } },
  });
}

function mediaJson(m: OrganicMedia, fields: Set<string>, nowMs: number): Record<string, unknown> {
  return pick(fields, {
    id: m.id,
    caption: m.caption,
    media_type: m.media_type,
    media_product_type: m.media_product_type,
    permalink: `https://www.instagram.com/p/${Buffer.from(m.id).toString('base64url').slice(0, 11)}/`,
    timestamp: m.timestamp,
    like_count: grown(m.full.likes, m.timestamp, nowMs),
    comments_count: grown(m.full.comments, m.timestamp, nowMs),
  });
}

function postMetric(p: OrganicPost, name: string, nowMs: number): number | Record<string, number> {
  const g = (n: number) => grown(n, p.created_time, nowMs);
  switch (name) {
    case 'post_impressions':
      return g(p.full.impressions);
    case 'post_impressions_unique':
      return g(p.full.reach);
    case 'post_clicks':
      return g(p.full.clicks);
    default:
      return Object.fromEntries(Object.entries(p.full.reactions).map(([k, v]) => [k, g(v)]).filter(([, v]) => (v as number) > 0));
  }
}

function mediaMetric(m: OrganicMedia, name: string, nowMs: number): number {
  return grown(m.full[name as keyof OrganicMedia['full']], m.timestamp, nowMs);
}

function titleOf(metric: string): string {
  const words = metric.replace(/^post_/, '').replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
