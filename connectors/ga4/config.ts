/**
 * GA4 (Google Analytics Data API) source config. Credentials are a service account's,
 * the way Google issues them: its `client_email` and PEM `private_key` (from the key
 * file; the key arrives resolved from `${GA4_PRIVATE_KEY}`, with `\n` escapes as in the
 * JSON key file) sign a JWT that `token_uri` exchanges for a short-lived bearer token.
 *
 * @example
 * ```yaml
 * ga4:
 *   type: ga4
 *   property_id: '123456789'
 *   client_email: tributary@my-project.iam.gserviceaccount.com
 *   private_key: ${GA4_PRIVATE_KEY}
 *   start_date: 2026-01-01
 * ```
 */
import { z } from 'zod';

const isoDate = z.iso.date({ message: 'expected an ISO date (YYYY-MM-DD)' });
const url = z
  .url()
  .transform((u) => u.replace(/\/+$/, ''));

export const ga4ConfigSchema = z
  .strictObject({
    /** The numeric GA4 property id (Admin → Property details), with or without `properties/`. */
    property_id: z
      .union([z.string(), z.number().int().nonnegative()])
      .transform((v) => String(v).trim().replace(/^properties\//, ''))
      .refine((v) => /^\d+$/.test(v), { message: 'expected a numeric GA4 property id such as 123456789' }),
    client_email: z.string().min(3, 'client_email is empty').refine((v) => v.includes('@'), { message: 'expected the service account e-mail (…@….iam.gserviceaccount.com)' }),
    private_key: z
      .string()
      .min(1, 'private_key is empty')
      // Key files and env vars carry the PEM's newlines as `\n`: restore them.
      .transform((k) => k.replace(/\\n/g, '\n'))
      .refine((k) => k.includes('-----BEGIN') && k.includes('PRIVATE KEY-----'), { message: 'expected a PEM private key (-----BEGIN PRIVATE KEY----- …)' }),
    token_uri: url.default('https://oauth2.googleapis.com/token'),
    base_url: url.default('https://analyticsdata.googleapis.com'),
    start_date: isoDate,
    /** Last day to report; today (UTC) when absent. */
    end_date: isoDate.optional(),
    /** GA4 keeps processing a day for up to 48 hours: re-read this many days before the cursor each run. */
    restate_days: z.number().int().min(0).max(30).default(2),
    /** Rows per runReport page (the API allows up to 250,000). */
    page_size: z.number().int().min(1).max(250_000).default(10_000),
    /** Days per runReport request, so a long backfill commits its progress as it goes. */
    window_days: z.number().int().min(1).max(366).default(31),
  })
  .refine((c) => c.end_date === undefined || c.end_date >= c.start_date, {
    message: 'end_date is before start_date',
    path: ['end_date'],
  });

export type Ga4Config = z.output<typeof ga4ConfigSchema>;
