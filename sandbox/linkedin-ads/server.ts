/**
 * A loopback LinkedIn Marketing API (versioned `/rest` endpoints) in its wire format:
 * an OAuth2 refresh-token grant at `POST /oauth/v2/accessToken` (form-encoded, as
 * www.linkedin.com answers it), bearer tokens; every request needs the `LinkedIn-Version`
 * header (400 VERSION_MISSING) and `X-Restli-Protocol-Version: 2.0.0`; ad campaigns
 * by account with `q=search` and `pageSize`/`pageToken` paging (`metadata.nextPageToken`);
 * `adAnalytics` with `q=analytics&pivot=CAMPAIGN&timeGranularity=DAILY`, a Rest.li
 * `dateRange=(start:(year:…,month:…,day:…))` and an `accounts=` or `campaigns=List(urn%3Ali%3A…)` facet, its
 * elements keyed by `pivotValues` and `dateRange`. Errors are LinkedIn's
 * `{ status, serviceErrorCode, code, message }`; throttling is a 429 without Retry-After.
 *
 * @example
 * ```ts
 * const mock = await startLinkedinAdsMock({ slice, atMs, credentials });
 * // POST mock.url/oauth/v2/accessToken, then GET mock.url/rest/adAccounts/508123456/adCampaigns?q=search
 * ```
 */
import { randomBytes } from 'node:crypto';
import { MockServer, type MockRequest, type VendorWire, type WireError } from '../kit/mock-server.js';
import { LINKEDIN_ACCOUNT_ID, type LinkedinSlice } from '../world/linkedin.js';
import { isoDate } from '../world/time.js';

export interface LinkedinCredentials {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly refreshToken: string;
}

export interface LinkedinAdsMockOptions {
  readonly slice: LinkedinSlice;
  /** Analytics are served for days before this instant, campaigns created before it. */
  readonly atMs: number;
  readonly credentials: LinkedinCredentials;
  readonly port?: number;
}

function linkedinError(status: number, code: string, message: string, serviceErrorCode = 0): WireError {
  return { status, body: { status, serviceErrorCode, code, message } };
}

const DATE_RANGE = /^\(start:\(year:(\d{4}),month:(\d{1,2}),day:(\d{1,2})\)(?:,end:\(year:(\d{4}),month:(\d{1,2}),day:(\d{1,2})\))?\)$/;
const ymd = (y: string, m: string, d: string) => `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
const dateParts = (iso: string) => ({ year: Number(iso.slice(0, 4)), month: Number(iso.slice(5, 7)), day: Number(iso.slice(8, 10)) });

export async function startLinkedinAdsMock(options: LinkedinAdsMockOptions): Promise<MockServer> {
  const issued = new Set<string>();
  const account = `urn:li:sponsoredAccount:${LINKEDIN_ACCOUNT_ID}`;
  const today = isoDate(options.atMs);
  const campaigns = options.slice.campaigns
    .filter((c) => c.createdMs <= options.atMs)
    .map((c) => ({
      id: c.id, name: c.name, account, campaignGroup: `urn:li:sponsoredCampaignGroup:${600_000_000 + (c.id % 1000)}`,
      status: c.status, type: 'SPONSORED_UPDATES', costType: 'CPM', objectiveType: c.objectiveType,
      dailyBudget: { currencyCode: 'USD', amount: c.dailyBudget.toFixed(2) },
      runSchedule: { start: c.startMs, end: c.endMs },
      changeAuditStamps: { created: { time: c.createdMs }, lastModified: { time: c.lastModifiedMs } },
    }));
  const analytics = options.slice.analytics.filter((a) => a.date < today);
  // two creatives per campaign (a single-image ad and a video ad), ids derived from the campaign's
  const creatives = campaigns.flatMap((c) =>
    [1, 2].map((k) => ({
      id: `urn:li:sponsoredCreative:${c.id * 10 + k}`,
      campaign: `urn:li:sponsoredCampaign:${c.id}`,
      account,
      intendedStatus: c.status === 'ACTIVE' ? 'ACTIVE' : 'PAUSED',
      isServing: c.status === 'ACTIVE',
      isTest: false,
      servingHoldReasons: c.status === 'ACTIVE' ? [] : ['CAMPAIGN_STOPPED'],
      content: { reference: `urn:li:${k === 1 ? 'share' : 'ugcPost'}:${7_100_000_000 + c.id * 10 + k}` },
      createdAt: c.changeAuditStamps.created.time,
      lastModifiedAt: c.changeAuditStamps.lastModified.time,
    })),
  );

  const wire: VendorWire = {
    name: 'LinkedIn Ads mock',
    authorize(req: MockRequest) {
      if (req.path === '/oauth/v2/accessToken') return undefined;
      const auth = req.headers.authorization;
      const token = typeof auth === 'string' && auth.startsWith('Bearer ') ? auth.slice(7) : undefined;
      if (token === undefined || !issued.has(token)) return linkedinError(401, 'INVALID_ACCESS_TOKEN', 'Invalid access token', 65600);
      if (typeof req.headers['linkedin-version'] !== 'string') {
        return linkedinError(400, 'VERSION_MISSING', 'A version must be present. Please specify a version by adding the LinkedIn-Version header.');
      }
      if (req.headers['x-restli-protocol-version'] !== '2.0.0') return linkedinError(400, 'ILLEGAL_ARGUMENT', 'Rest.li protocol 2.0.0 query syntax expected');
      return undefined;
    },
    fault(kind) {
      // A short throttle: a 429 with no Retry-After that names no DAY limit (that one is the quota below).
      if (kind === 'rate_limit') return linkedinError(429, 'TOO_MANY_REQUESTS', 'Too many requests: slow down and retry.');
      if (kind === 'expired_token') return linkedinError(401, 'EXPIRED_ACCESS_TOKEN', 'The token used in the request has expired', 65601);
      // The daily application quota: LinkedIn's 429 names the DAY limit and, like its other throttles, has no Retry-After.
      if (kind === 'quota_exhausted') return linkedinError(429, 'TOO_MANY_REQUESTS', 'Resource level throttle APPLICATION DAY limit for calls to this resource is reached.');
      return linkedinError(503, 'SERVICE_UNAVAILABLE', 'Service unavailable');
    },
    notFound: (req) => linkedinError(404, 'NOT_FOUND', `No virtual resource found for ${req.path}`),
  };

  return MockServer.start(
    wire,
    [
      {
        method: 'POST',
        path: '/oauth/v2/accessToken',
        handler: (req) => {
          const form = new URLSearchParams(typeof req.body === 'string' ? req.body : '');
          if (form.get('grant_type') !== 'refresh_token') return { status: 400, json: { error: 'unsupported_grant_type', error_description: 'grant_type must be refresh_token' } };
          const { clientId, clientSecret, refreshToken } = options.credentials;
          if (form.get('client_id') !== clientId || form.get('client_secret') !== clientSecret) {
            return { status: 401, json: { error: 'invalid_client', error_description: 'Client authentication failed' } };
          }
          if (form.get('refresh_token') !== refreshToken) return { status: 400, json: { error: 'invalid_grant', error_description: 'The provided authorization grant or refresh token is invalid, expired or revoked' } };
          const token = `AQV${randomBytes(24).toString('base64url')}`;
          issued.add(token);
          return { json: { access_token: token, expires_in: 5_184_000, refresh_token: refreshToken, refresh_token_expires_in: 31_536_000 } };
        },
      },
      {
        method: 'GET',
        path: '/rest/adAccounts/:accountId/adCampaigns',
        handler: (req) => {
          if (req.params.accountId !== String(LINKEDIN_ACCOUNT_ID)) return { status: 403, json: { status: 403, serviceErrorCode: 100, code: 'ACCESS_DENIED', message: `Not enough permissions to access: adAccounts ${req.params.accountId}` } };
          if (req.query.get('q') !== 'search') return { status: 400, json: { status: 400, code: 'ILLEGAL_ARGUMENT', message: 'q=search is required' } };
          const size = Math.min(Number(req.query.get('pageSize') ?? 100) || 100, 1000);
          const start = Number(Buffer.from(req.query.get('pageToken') ?? '', 'base64url').toString() || '0');
          const next = start + size < campaigns.length ? Buffer.from(String(start + size)).toString('base64url') : undefined;
          return { json: { elements: campaigns.slice(start, start + size), metadata: next === undefined ? {} : { nextPageToken: next }, paging: { start: 0, count: size, links: [] } } };
        },
      },
      {
        method: 'GET',
        path: '/rest/adAccounts/:accountId/creatives',
        handler: (req) => {
          if (req.params.accountId !== String(LINKEDIN_ACCOUNT_ID)) return { status: 403, json: { status: 403, serviceErrorCode: 100, code: 'ACCESS_DENIED', message: `Not enough permissions to access: adAccounts ${req.params.accountId}` } };
          if (req.query.get('q') !== 'criteria') return { status: 400, json: { status: 400, code: 'ILLEGAL_ARGUMENT', message: 'q=criteria is required' } };
          const size = Math.min(Number(req.query.get('pageSize') ?? 100) || 100, 100);
          const start = Number(Buffer.from(req.query.get('pageToken') ?? '', 'base64url').toString() || '0');
          const next = start + size < creatives.length ? Buffer.from(String(start + size)).toString('base64url') : undefined;
          return { json: { elements: creatives.slice(start, start + size), metadata: next === undefined ? {} : { nextPageToken: next }, paging: { start: 0, count: size, links: [] } } };
        },
      },
      {
        method: 'GET',
        path: '/rest/adAnalytics',
        handler: (req) => {
          const q = req.query;
          if (q.get('q') !== 'analytics' || q.get('pivot') !== 'CAMPAIGN' || q.get('timeGranularity') !== 'DAILY') {
            return { status: 400, json: { status: 400, code: 'ILLEGAL_ARGUMENT', message: 'this mock serves q=analytics&pivot=CAMPAIGN&timeGranularity=DAILY' } };
          }
          const range = DATE_RANGE.exec(q.get('dateRange') ?? '');
          if (!range) return { status: 400, json: { status: 400, code: 'ILLEGAL_ARGUMENT', message: 'Invalid param dateRange: expected (start:(year:YYYY,month:M,day:D))' } };
          // a facet is required: the account's campaigns, or the campaigns named
          const named = /^List\((.*)\)$/.exec(q.get('campaigns') ?? '')?.[1]?.split(',');
          if (named === undefined && q.get('accounts') !== `List(${account})`) {
            return { status: 400, json: { status: 400, code: 'ILLEGAL_ARGUMENT', message: 'a facet is required: accounts=List(urn%3Ali%3AsponsoredAccount%3A…) or campaigns=List(…)' } };
          }
          const wanted = named === undefined ? undefined : new Set(named);
          const from = ymd(range[1]!, range[2]!, range[3]!);
          const to = range[4] === undefined ? '9999-12-31' : ymd(range[4], range[5]!, range[6]!);
          const elements = analytics
            .filter((a) => a.date >= from && a.date <= to && (wanted === undefined || wanted.has(`urn:li:sponsoredCampaign:${a.campaignId}`)))
            .map((a) => ({
              dateRange: { start: dateParts(a.date), end: dateParts(a.date) },
              pivotValues: [`urn:li:sponsoredCampaign:${a.campaignId}`],
              impressions: a.impressions,
              clicks: a.clicks,
              costInLocalCurrency: a.costInLocalCurrency.toFixed(2),
            }));
          return { json: { elements, paging: { start: 0, count: 10, links: [] } } };
        },
      },
    ],
    options.port ?? 0,
  );
}
