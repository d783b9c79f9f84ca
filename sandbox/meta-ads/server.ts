/**
 * A loopback Graph API for the Meta Ads connector: the campaigns and insights edges
 * of an ad account, cursor paging with full `next` URLs, the usage headers Meta sends
 * on every response, and Graph's error bodies (`{ error: { message, type, code,
 * error_subcode, fbtrace_id } }`) for faults — throttling as HTTP 400 code 17/80004,
 * expired tokens as code 190 subcode 463.
 *
 * @example
 * ```ts
 * const mock = await startMetaAdsMock({ fixtures: metaAdsFixturesFromPopulation(pop), accessToken: 'EAAB-test' });
 * mock.faults.inject({ kind: 'rate_limit', times: 1, path: '/insights' });
 * // config: { base_url: mock.url, access_token: 'EAAB-test', … }
 * await mock.close();
 * ```
 */
import {
  MockServer,
  bearerToken,
  type FaultSpec,
  type MockReply,
  type MockRequest,
  type VendorWire,
  type WireError,
} from '../kit/mock-server.js';
import type { MetaCampaignAppearance, MetaInsightAppearance } from '../world/types.js';
import { knownAccounts, type MetaAdsFixtures } from './fixtures.js';

export interface MetaAdsMockOptions {
  readonly fixtures: MetaAdsFixtures;
  readonly accessToken: string;
  readonly port?: number;
}

let traceCounter = 0;
/** Graph's fbtrace_id: an opaque support id; deterministic here. */
const fbtraceId = (): string => `Amock${(++traceCounter).toString(36).padStart(6, '0')}`;

function graphError(
  status: number,
  code: number,
  message: string,
  extra: { subcode?: number; type?: string; transient?: boolean; headers?: Record<string, string> } = {},
): WireError {
  return {
    status,
    headers: extra.headers ?? {},
    body: {
      error: {
        message,
        type: extra.type ?? 'OAuthException',
        code,
        ...(extra.subcode !== undefined ? { error_subcode: extra.subcode } : {}),
        ...(extra.transient ? { is_transient: true } : {}),
        fbtrace_id: fbtraceId(),
      },
    },
  };
}

/** The three usage headers, from the store's meters (optionally overridden for a throttling reply). */
function usageHeaders(fixtures: MetaAdsFixtures, type: string, override?: { pct: number; regainMinutes: number }): Record<string, string> {
  const u = fixtures.usage;
  const callCount = override?.pct ?? u.callCount;
  return {
    'x-business-use-case-usage': JSON.stringify({
      [fixtures.businessId]: [
        {
          type,
          call_count: callCount,
          total_cputime: override ? Math.max(u.totalCputime, 1) : u.totalCputime,
          total_time: override ? Math.max(u.totalTime, 1) : u.totalTime,
          estimated_time_to_regain_access: override?.regainMinutes ?? u.estimatedTimeToRegainAccess,
          ads_api_access_tier: 'standard_access',
        },
      ],
    }),
    'x-app-usage': JSON.stringify({ call_count: u.appCallCount, total_cputime: 1, total_time: 1 }),
    'x-ad-account-usage': JSON.stringify({ acc_id_util_pct: u.accountUtilPct, reset_time_duration: 0, ads_api_access_tier: 'standard_access' }),
    'x-fb-trace-id': fbtraceId(),
  };
}

function metaWire(fixtures: MetaAdsFixtures, accessToken: string): VendorWire {
  const useCase = (spec: FaultSpec): string => (typeof spec.path === 'string' && spec.path.includes('campaigns') ? 'ads_management' : 'ads_insights');
  return {
    name: 'Meta Graph API mock',
    authorize(req) {
      const token = bearerToken(req) ?? req.query.get('access_token') ?? undefined;
      if (token === undefined) return graphError(400, 104, 'An access token is required to request this resource.');
      if (token !== accessToken) return graphError(400, 190, 'Invalid OAuth access token - Cannot parse access token');
      return undefined;
    },
    fault(kind, spec) {
      switch (kind) {
        case 'rate_limit': {
          if (spec.status === 429) {
            // The plain-HTTP variant: the wait is in Retry-After, the meters only say "full".
            const headers = usageHeaders(fixtures, useCase(spec), { pct: 100, regainMinutes: 0 });
            return graphError(429, 17, 'User request limit reached', {
              subcode: 2446079,
              headers: { ...headers, 'retry-after': String(spec.retryAfterSeconds ?? 1) },
            });
          }
          // Graph's own way: HTTP 400, code 17, the wait (if any) in the usage header, in minutes.
          const regainMinutes = Math.ceil((spec.retryAfterSeconds ?? 0) / 60);
          const headers = usageHeaders(fixtures, useCase(spec), { pct: 100, regainMinutes });
          return graphError(spec.status ?? 400, 17, 'User request limit reached', { subcode: 2446079, headers });
        }
        case 'quota_exhausted': {
          const regainMinutes = spec.retryAfterSeconds !== undefined ? Math.ceil(spec.retryAfterSeconds / 60) : 60;
          return graphError(
            spec.status ?? 400,
            80004,
            'There have been too many calls to this ad-account. Wait a bit and try again. For more info, please refer to https://developers.facebook.com/docs/graph-api/overview/rate-limiting#ads-management.',
            { subcode: 2446079, headers: usageHeaders(fixtures, useCase(spec), { pct: 100, regainMinutes }) },
          );
        }
        case 'expired_token': {
          const message =
            'Error validating access token: Session has expired on Saturday, 31-Oct-26 10:00:00 PDT. The current time is Sunday, 01-Nov-26 09:00:00 PST.';
          return graphError(spec.status ?? 400, 190, message, {
            subcode: 463,
            headers: { 'www-authenticate': `OAuth "Facebook Platform" "invalid_token" "${message}"` },
          });
        }
        case 'server_error': {
          const status = spec.status ?? 500;
          return status === 503
            ? graphError(status, 2, 'Service temporarily unavailable', { transient: true })
            : graphError(status, 1, 'An unknown error occurred', { subcode: 99, transient: true });
        }
      }
    },
    notFound(req) {
      return unsupportedGet(req.path.split('/').filter(Boolean).slice(1).join('/') || req.path);
    },
  };
}

function unsupportedGet(id: string): WireError {
  return graphError(
    400,
    100,
    `Unsupported get request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`,
    { subcode: 33, type: 'GraphMethodException' },
  );
}

function invalidParam(message: string): WireError {
  return graphError(400, 100, `(#100) ${message}`, { type: 'OAuthException' });
}

const asReply = (e: WireError): MockReply => ({ status: e.status, json: e.body, headers: e.headers ?? {} });

/** Graph times look like `2026-01-01T10:00:00+0000`. */
const graphTime = (iso: string): string => iso.replace(/(\.\d+)?Z$/, '+0000');
const bareAccount = (act: string): string => act.replace(/^act_/, '');

function campaignJson(c: MetaCampaignAppearance): Record<string, string> {
  return {
    id: c.metaCampaignId,
    name: c.name,
    account_id: bareAccount(c.accountId),
    objective: c.objective,
    status: c.status,
    effective_status: c.status,
    // Graph budgets are strings in the currency's minor unit (cents).
    daily_budget: String(Math.round(c.dailyBudget * 100)),
    lifetime_budget: '0',
    created_time: graphTime(c.createdTime),
    updated_time: graphTime(c.updatedTime),
    start_time: graphTime(c.startTime),
    // Graph leaves unset fields out rather than sending null.
    ...(c.stopTime ? { stop_time: graphTime(c.stopTime) } : {}),
  };
}

/** Graph's ratio formatting: up to 6 decimals, no trailing zeros. */
const ratio = (n: number): string => String(Math.round(n * 1e6) / 1e6);

function insightJson(i: MetaInsightAppearance, campaignName: string | undefined): Record<string, string> {
  return {
    account_id: bareAccount(i.accountId),
    campaign_id: i.metaCampaignId,
    campaign_name: campaignName ?? '',
    impressions: String(i.impressions),
    clicks: String(i.clicks),
    spend: String(Math.round(i.spend * 100) / 100),
    reach: String(i.reach),
    // Graph omits ratios it cannot compute (no clicks → no cpc).
    ...(i.clicks > 0 ? { cpc: ratio(i.spend / i.clicks) } : {}),
    ...(i.impressions > 0 ? { ctr: ratio((i.clicks / i.impressions) * 100) } : {}),
    date_start: i.date,
    date_stop: i.date,
  };
}

function pick(row: Record<string, string>, fields: readonly string[], always: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of [...fields, ...always]) if (row[f] !== undefined) out[f] = row[f];
  return out;
}

const encodeCursor = (offset: number): string => Buffer.from(`mock:${offset}`).toString('base64url');
function decodeCursor(cursor: string): number | undefined {
  const m = /^mock:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  return m ? Number(m[1]) : undefined;
}

/** Slices `rows` like a Graph edge: `limit`/`after`, cursors, and a full `next` URL while more remain. */
function page(req: MockRequest, rows: readonly Record<string, string>[]): MockReply | WireError {
  const limitRaw = req.query.get('limit');
  const limit = limitRaw === null ? 25 : Number(limitRaw);
  if (!Number.isInteger(limit) || limit < 1) return invalidParam('Param limit must be a positive integer');
  const after = req.query.get('after');
  const offset = after === null ? 0 : decodeCursor(after);
  if (offset === undefined) return invalidParam('Invalid cursor');
  const slice = rows.slice(offset, offset + limit);
  if (slice.length === 0) return { json: { data: [] } };
  const end = offset + slice.length;
  const body: Record<string, unknown> = {
    data: slice,
    paging: { cursors: { before: encodeCursor(offset), after: encodeCursor(end) } },
  };
  if (end < rows.length) {
    const q = new URLSearchParams(req.query);
    q.set('after', encodeCursor(end));
    (body.paging as Record<string, unknown>).next = `http://${req.headers.host ?? '127.0.0.1'}${req.path}?${q.toString()}`;
  }
  return { json: body };
}

function withUsage(reply: MockReply | WireError, headers: Record<string, string>): MockReply {
  if ('body' in reply) return asReply({ ...reply, headers: { ...headers, ...reply.headers } });
  return { ...reply, headers: { ...headers, ...reply.headers } } as MockReply;
}

const parseFields = (req: MockRequest): string[] =>
  (req.query.get('fields') ?? '').split(',').map((f) => f.trim()).filter(Boolean);

/**
 * Starts the mock on 127.0.0.1. Responses are computed from `fixtures` on every
 * request, so mutating the store changes what the next sync sees.
 */
export async function startMetaAdsMock(options: MetaAdsMockOptions): Promise<MockServer> {
  const { fixtures } = options;
  const checkAccount = (req: MockRequest): WireError | undefined => {
    const version = req.params.version ?? '';
    if (!/^v\d+\.\d+$/.test(version)) return unsupportedGet(version);
    const account = req.params.account ?? '';
    if (!account.startsWith('act_') || !knownAccounts(fixtures).has(account)) return unsupportedGet(account);
    return undefined;
  };

  return MockServer.start(
    metaWire(fixtures, options.accessToken),
    [
      {
        method: 'GET',
        path: '/:version/:account/campaigns',
        handler(req) {
          const headers = usageHeaders(fixtures, 'ads_management');
          const bad = checkAccount(req);
          if (bad) return withUsage(bad, headers);
          const fields = parseFields(req);
          const statusParam = req.query.get('effective_status');
          let statuses: string[] | undefined;
          if (statusParam !== null) {
            try {
              statuses = JSON.parse(statusParam) as string[];
            } catch {
              return withUsage(invalidParam('Param effective_status must be an array'), headers);
            }
          }
          const rows = fixtures.campaigns
            .filter((c) => c.accountId === req.params.account)
            // Like Graph: archived (and deleted) campaigns only when asked for by effective_status.
            .filter((c) => (statuses ? statuses.includes(c.status) : c.status !== 'ARCHIVED'))
            .sort((a, b) => a.metaCampaignId.localeCompare(b.metaCampaignId))
            .map((c) => pick(campaignJson(c), fields.length ? fields : ['name'], ['id']));
          return withUsage(page(req, rows), headers);
        },
      },
      {
        method: 'GET',
        path: '/:version/:account/insights',
        handler(req) {
          const headers = usageHeaders(fixtures, 'ads_insights');
          const bad = checkAccount(req);
          if (bad) return withUsage(bad, headers);
          if ((req.query.get('level') ?? 'account') !== 'campaign') return withUsage(invalidParam('mock supports level=campaign only'), headers);
          if (req.query.get('time_increment') !== '1') return withUsage(invalidParam('mock supports time_increment=1 only'), headers);
          let range: { since?: unknown; until?: unknown };
          try {
            range = JSON.parse(req.query.get('time_range') ?? 'null') ?? {};
          } catch {
            return withUsage(invalidParam('Param time_range must be a JSON object'), headers);
          }
          const iso = /^\d{4}-\d{2}-\d{2}$/;
          if (typeof range.since !== 'string' || typeof range.until !== 'string' || !iso.test(range.since) || !iso.test(range.until)) {
            return withUsage(invalidParam('Param time_range must contain since and until as YYYY-MM-DD'), headers);
          }
          const { since, until } = range as { since: string; until: string };
          if (since > until) return withUsage(invalidParam('since must be on or before until'), headers);
          const names = new Map(fixtures.campaigns.map((c) => [c.metaCampaignId, c.name]));
          const fields = parseFields(req);
          const rows = fixtures.insights
            .filter((i) => i.accountId === req.params.account && i.date >= since && i.date <= until)
            .sort((a, b) => a.date.localeCompare(b.date) || a.metaCampaignId.localeCompare(b.metaCampaignId))
            .map((i) => pick(insightJson(i, names.get(i.metaCampaignId)), fields, ['date_start', 'date_stop']));
          return withUsage(page(req, rows), headers);
        },
      },
    ],
    options.port,
  );
}
