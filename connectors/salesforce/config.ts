/**
 * The `salesforce` source's configuration, as written under `sources:` in tributary.yml.
 * Two ways to authenticate: an access token with its `instance_url`, or the OAuth2
 * refresh-token flow (`client_id`, `client_secret`, `refresh_token` against `login_url`),
 * whose token response names the instance. Both may be given: the access token is used
 * until it expires, then refreshed.
 *
 * @example
 * ```yaml
 * sources:
 *   crm:
 *     type: salesforce
 *     login_url: https://login.salesforce.com
 *     client_id: ${SF_CLIENT_ID}
 *     client_secret: ${SF_CLIENT_SECRET}
 *     refresh_token: ${SF_REFRESH_TOKEN}
 *     start_date: 2025-01-01
 * ```
 */
import { z } from 'zod';

export const DEFAULT_LOGIN_URL = 'https://login.salesforce.com';
export const DEFAULT_API_VERSION = '59.0';

/** SOQL answers at most 2,000 records per batch; Salesforce will not go below 200. */
export const BATCH_SIZE_MIN = 200;
export const BATCH_SIZE_MAX = 2000;

const httpUrl = (key: string) =>
  z
    .url({ protocol: /^https?$/, error: `${key} must be an http(s) URL` })
    .transform((url) => url.replace(/\/+$/, ''));

/** What `quota_reserve` keeps back: a share of the daily limit or a fixed number of requests. */
export type QuotaReserve = { readonly kind: 'percent'; readonly percent: number } | { readonly kind: 'requests'; readonly requests: number };

/** 5 %: Salesforce's own guidance leaves room for the org's other integrations and its admins. */
export const DEFAULT_QUOTA_RESERVE = '5%';

const quotaReserveSchema = z
  .union([z.string(), z.number()], { error: 'quota_reserve must be a percentage ("5%") or a number of requests (500)' })
  .transform((value, ctx): QuotaReserve => {
    if (typeof value === 'number') {
      if (Number.isInteger(value) && value >= 0) return { kind: 'requests', requests: value };
    } else {
      const m = /^\s*(\d+(?:\.\d+)?)\s*%\s*$/.exec(value);
      if (m && Number(m[1]) <= 90) return { kind: 'percent', percent: Number(m[1]) };
    }
    ctx.addIssue({ code: 'custom', message: `quota_reserve must be a percentage from 0% to 90% ("5%") or a whole number of requests (500), not ${JSON.stringify(value)}` });
    return z.NEVER;
  });

/** Requests the reserve keeps back from a daily `limit` (a percentage rounds up). */
export function reservedRequests(limit: number, reserve: QuotaReserve): number {
  return reserve.kind === 'requests' ? reserve.requests : Math.ceil((limit * reserve.percent) / 100);
}

/** `5%` or `500 requests`, as messages say it. */
export function describeReserve(reserve: QuotaReserve): string {
  return reserve.kind === 'percent' ? `${reserve.percent}%` : `${reserve.requests} requests`;
}

const secret = (key: string) => z.string().min(1, `${key} must not be empty`);

export const salesforceConfigSchema = z
  .strictObject({
    /** The org's API host (`https://acme.my.salesforce.com`); required with `access_token`. */
    instance_url: httpUrl('instance_url').optional(),
    /** A session id / OAuth access token. Secret. */
    access_token: secret('access_token').optional(),
    /** Where the OAuth2 token endpoint lives (`https://test.salesforce.com` for sandboxes). */
    login_url: httpUrl('login_url').default(DEFAULT_LOGIN_URL),
    /** Connected app consumer key (refresh flow). */
    client_id: z.string().min(1, 'client_id must not be empty').optional(),
    /** Connected app consumer secret. Secret. */
    client_secret: secret('client_secret').optional(),
    /** Long-lived OAuth2 refresh token. Secret. */
    refresh_token: secret('refresh_token').optional(),
    /** REST API version, `NN.0`. */
    api_version: z
      .string()
      .regex(/^\d{2,3}\.0$/, 'api_version must look like "59.0"')
      .default(DEFAULT_API_VERSION),
    /** Earliest SystemModstamp to read on the first run (ISO date or datetime). */
    start_date: z.union([z.iso.date(), z.iso.datetime({ offset: true })]).optional(),
    /** Records per query batch (`Sforce-Query-Options: batchSize=`), 200..2000; also a Bulk API result page's `maxRecords`. */
    page_size: z.number().int().min(BATCH_SIZE_MIN).max(BATCH_SIZE_MAX).default(BATCH_SIZE_MAX),
    /**
     * A query matching more records than this runs as a Bulk API 2.0 query job instead of
     * queryMore pages (one request per result page of `page_size`, not per 2,000 records
     * of REST, and no locator that expires).
     */
    bulk_threshold: z.number().int().min(1).default(50_000),
    /** How long to wait between polls of a Bulk API job's state (doubled up to 30 s). */
    bulk_poll_ms: z.number().int().min(10).max(60_000).default(2000),
    /**
     * Daily API requests left unspent for the org's other integrations: `5%` of the limit
     * `Sforce-Limit-Info` reports, or a number of requests (`500`). The sync stops cleanly
     * (what was fetched is committed; the next run resumes) before usage reaches the
     * limit minus this reserve.
     */
    quota_reserve: quotaReserveSchema.prefault(DEFAULT_QUOTA_RESERVE),
  })
  .superRefine((c, ctx) => {
    const refreshKeys = ['client_id', 'client_secret', 'refresh_token'] as const;
    const givenRefresh = refreshKeys.filter((k) => c[k] !== undefined);
    if (givenRefresh.length > 0 && givenRefresh.length < refreshKeys.length) {
      for (const k of refreshKeys.filter((k) => c[k] === undefined)) {
        ctx.addIssue({ code: 'custom', path: [k], message: `${k} is required for the OAuth2 refresh flow (given: ${givenRefresh.join(', ')})` });
      }
      return;
    }
    const canRefresh = givenRefresh.length === refreshKeys.length;
    if (!canRefresh && c.access_token === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['access_token'],
        message: 'access_token (with instance_url) or client_id + client_secret + refresh_token is required',
      });
    } else if (!canRefresh && c.instance_url === undefined) {
      ctx.addIssue({ code: 'custom', path: ['instance_url'], message: 'instance_url is required with access_token (only the refresh flow learns it from login_url)' });
    }
  });

export type SalesforceConfig = z.output<typeof salesforceConfigSchema>;

/** True when the config can obtain new access tokens itself. */
export function canRefresh(config: SalesforceConfig): boolean {
  return config.client_id !== undefined && config.client_secret !== undefined && config.refresh_token !== undefined;
}

/** The epoch: where a first run starts when no `start_date` is configured. */
export const EPOCH_ISO = '1970-01-01T00:00:00.000Z';

/** `start_date` as an ISO instant (a bare date means midnight UTC), or the epoch. */
export function startCursorIso(config: SalesforceConfig): string {
  if (config.start_date === undefined) return EPOCH_ISO;
  return new Date(config.start_date.length === 10 ? `${config.start_date}T00:00:00Z` : config.start_date).toISOString();
}
