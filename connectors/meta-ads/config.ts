/**
 * Meta Ads (Graph API) source config: what `tributary.yml` says under a `meta-ads`
 * source. Keys are snake_case like the rest of the file; the token arrives already
 * resolved from `${META_ACCESS_TOKEN}` and is registered as a secret by the pipeline.
 *
 * @example
 * ```yaml
 * - name: meta
 *   type: meta-ads
 *   access_token: ${META_ACCESS_TOKEN}
 *   account_ids: [act_1234567890]
 *   start_date: 2026-01-01
 * ```
 */
import { z } from 'zod';

/** Graph ad account ids are `act_<digits>`; users paste them with or without the prefix. */
const accountId = z
  .union([z.string(), z.number().int().nonnegative()])
  .transform((v) => String(v).trim())
  .refine((v) => /^(act_)?\d+$/.test(v), { message: 'expected an ad account id such as act_1234567890 or 1234567890' })
  .transform((v) => (v.startsWith('act_') ? v : `act_${v}`));

const isoDate = z.iso.date({ message: 'expected an ISO date (YYYY-MM-DD)' });

export const metaAdsConfigSchema = z
  .strictObject({
    access_token: z.string().min(1, 'access_token is empty'),
    account_ids: z
      .array(accountId)
      .min(1, 'at least one ad account id is needed')
      .transform((ids) => [...new Set(ids)]),
    base_url: z
      .url()
      .default('https://graph.facebook.com')
      .transform((u) => u.replace(/\/+$/, '')),
    api_version: z
      .string()
      .regex(/^v\d+\.\d+$/, 'expected a Graph API version such as v21.0')
      .default('v21.0'),
    start_date: isoDate,
    /** Last day to read insights for; today (UTC) when absent. */
    end_date: isoDate.optional(),
    /** Meta restates conversions and spend inside the attribution window: re-read this many days each run. */
    insights_lookback_days: z.number().int().min(0).max(365).default(28),
    page_size: z.number().int().min(1).max(5000).default(100),
  })
  .refine((c) => c.end_date === undefined || c.end_date >= c.start_date, {
    message: 'end_date is before start_date',
    path: ['end_date'],
  });

export type MetaAdsConfig = z.output<typeof metaAdsConfigSchema>;
