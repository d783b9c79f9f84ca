/**
 * Mailchimp connector config (snake_case, as written in tributary.yml).
 *
 * A Mailchimp API key carries its datacenter after the last dash
 * (`0123…cdef-us21` → `https://us21.api.mailchimp.com`); without it the host cannot
 * be derived, so the key is rejected unless `base_url` says where to go (mocks, proxies).
 *
 * @example
 * ```ts
 * const config = mailchimpConfigSchema.parse({ api_key: process.env.MAILCHIMP_API_KEY });
 * mailchimpBaseUrl(config); // 'https://us21.api.mailchimp.com'
 * ```
 */
import { z } from 'zod';

/** Mailchimp's largest allowed `count` per page. */
export const MAILCHIMP_MAX_PAGE_SIZE = 1000;

const DATACENTER = /-([a-z]+\d+)$/i;

export const mailchimpConfigSchema = z
  .strictObject({
    api_key: z.string().min(1, 'api_key is empty'),
    base_url: z.url().optional(),
    page_size: z.int().min(1).max(MAILCHIMP_MAX_PAGE_SIZE).default(MAILCHIMP_MAX_PAGE_SIZE),
    start_date: z.union([z.iso.datetime({ offset: true }), z.iso.date()]).optional(),
  })
  .superRefine((config, ctx) => {
    if (config.base_url === undefined && datacenterOf(config.api_key) === undefined) {
      // Never echo the key itself: zod issues end up in logs and terminal output.
      ctx.addIssue({
        code: 'custom',
        path: ['api_key'],
        message:
          'Mailchimp API key has no datacenter suffix: it must end in "-<dc>" (for example "-us21"). ' +
          'Copy the whole key from Mailchimp (Profile → Extras → API keys), or set base_url.',
      });
    }
  });

export type MailchimpConfig = z.output<typeof mailchimpConfigSchema>;

/** The datacenter (`us21`) at the end of an API key, or undefined. */
export function datacenterOf(apiKey: string): string | undefined {
  return DATACENTER.exec(apiKey.trim())?.[1]?.toLowerCase();
}

/** Base URL without trailing slash: `base_url`, else the key's datacenter host. */
export function mailchimpBaseUrl(config: MailchimpConfig): string {
  if (config.base_url !== undefined) return config.base_url.replace(/\/+$/, '');
  const dc = datacenterOf(config.api_key);
  if (dc === undefined) throw new Error('Mailchimp api_key has no datacenter suffix and no base_url is set');
  return `https://${dc}.api.mailchimp.com`;
}

/** `start_date` in the form Mailchimp's `since*` parameters take (`2026-10-01T00:00:00+00:00`). */
export function startCursor(config: MailchimpConfig): string | undefined {
  return config.start_date === undefined ? undefined : toMailchimpTime(config.start_date);
}

/** Any ISO-8601 instant → Mailchimp's own format, second precision, `+00:00`. */
export function toMailchimpTime(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new RangeError(`not an ISO-8601 time: ${iso}`);
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+00:00');
}
