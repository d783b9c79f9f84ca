/**
 * Mailchimp (Marketing API 3.0): audiences, members, campaigns, reports, email
 * activity and recipients.
 *
 * Auth is HTTP Basic with any user name and the API key as password. Mailchimp
 * allows at most 10 simultaneous connections per key and answers a burst beyond
 * that with 429, so the client keeps 4 in flight and about 10 requests a second.
 *
 * @example
 * ```yaml
 * sources:
 *   newsletter:
 *     type: mailchimp
 *     api_key: ${MAILCHIMP_API_KEY}   # 0123…cdef-us21
 *     start_date: 2026-01-01
 * ```
 */
import type { Connector, HttpProfile } from '../sdk/index.js';
import { mailchimpBaseUrl, mailchimpConfigSchema, type MailchimpConfig } from './config.js';
import { mailchimpStreams } from './streams.js';

export { mailchimpConfigSchema, type MailchimpConfig } from './config.js';

export const mailchimpConnector: Connector<MailchimpConfig> = {
  type: 'mailchimp',
  tablePrefix: 'mailchimp',
  description: 'Mailchimp Marketing API 3.0: lists, members, campaigns, reports, email activity, sent-to.',
  configSchema: mailchimpConfigSchema,
  secretKeys: ['api_key'],
  streams: mailchimpStreams,
  http(config): HttpProfile {
    const basic = Buffer.from(`anystring:${config.api_key}`).toString('base64');
    return {
      baseURL: mailchimpBaseUrl(config),
      headers: { Authorization: `Basic ${basic}`, Accept: 'application/json' },
      rate: { requests: 10, perMs: 1000 },
      concurrency: 4,
      // Pages of 1000 members are a few MB; Mailchimp can take a while to build them.
      timeoutMs: 120_000,
    };
  },
};
