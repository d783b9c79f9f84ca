/**
 * The `hubspot` source's configuration, as written under `sources:` in tributary.yml.
 *
 * @example
 * ```yaml
 * sources:
 *   crm:
 *     type: hubspot
 *     access_token: ${HUBSPOT_TOKEN}
 *     start_date: 2025-01-01
 * ```
 */
import { z } from 'zod';

export const DEFAULT_BASE_URL = 'https://api.hubapi.com';

/** The epoch: where a first run starts when no `start_date` is configured. */
export const EPOCH_ISO = '1970-01-01T00:00:00.000Z';

export const hubspotConfigSchema = z.strictObject({
  /** Private-app access token (or an OAuth access token). Secret. */
  access_token: z.string().min(1, 'access_token must not be empty'),
  /** API root; the official client rejects a trailing slash, so it is stripped here. */
  base_url: z
    .url({ protocol: /^https?$/, error: 'base_url must be an http(s) URL' })
    .default(DEFAULT_BASE_URL)
    .transform((url) => url.replace(/\/+$/, '')),
  /** Earliest modification to read on the first run (ISO date or datetime). */
  start_date: z.union([z.iso.date(), z.iso.datetime({ offset: true })]).optional(),
  /** Objects per page (HubSpot's list endpoints allow 100; search allows 200). */
  page_size: z.number().int().min(1).max(100).default(100),
  /**
   * Search API requests per second. HubSpot allows about 4-5 per account; lower it when
   * other tools share the account's allowance.
   */
  search_requests_per_second: z.number().min(0.1).max(100).default(4),
  /**
   * Each run re-reads this far behind its saved cursor. HubSpot's search index lags
   * writes by seconds, so a record saved just before a run can appear after the cursor
   * has passed it; re-read records hash the same and are not landed twice.
   */
  lookback_minutes: z.number().min(0).max(24 * 60).default(5),
});

export type HubspotConfig = z.output<typeof hubspotConfigSchema>;

/** `start_date` as an ISO timestamp (a bare date means midnight UTC), or the epoch. */
export function startCursorIso(config: HubspotConfig): string {
  if (config.start_date === undefined) return EPOCH_ISO;
  return new Date(config.start_date.length === 10 ? `${config.start_date}T00:00:00Z` : config.start_date).toISOString();
}
