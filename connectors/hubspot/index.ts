/**
 * HubSpot CRM source: contacts, companies and deals through the official
 * `@hubspot/api-client`, with every request under the SDK's retry policy and
 * HubSpot's published limits (190 requests / 10 s for private apps, ~4 searches / s).
 *
 * @example
 * ```ts
 * const config = hubspotConnector.configSchema.parse({ access_token: process.env.HUBSPOT_TOKEN });
 * const http = createHttpClient({ source: 'hubspot', profile: hubspotConnector.http!(config) });
 * for await (const batch of contactsStream.read(undefined, { config, http, log, signal, batchSize: 1000 })) { … }
 * ```
 */
import type { Connector, HttpProfile } from '../sdk/index.js';
import { hubspotConfigSchema, type HubspotConfig } from './config.js';
import { hubspotStreams } from './streams.js';
import { REQUEST_TIMEOUT_MS, hubspotClassify } from './client.js';

export { hubspotConfigSchema, type HubspotConfig } from './config.js';
export { contactsStream, companiesStream, dealsStream, hubspotStreams } from './streams.js';
export { hubspotClassify, toFailure, useSearchBudget } from './client.js';

/** HubSpot private apps: 190 requests per rolling 10 seconds. */
export const HUBSPOT_RATE = { requests: 190, perMs: 10_000 } as const;

export const hubspotConnector: Connector<HubspotConfig> = {
  type: 'hubspot',
  tablePrefix: 'hubspot',
  description: 'HubSpot CRM: contacts (with their lifecycle stage history), companies and deals (with contact associations), incremental, archived records as tombstones.',
  configSchema: hubspotConfigSchema,
  secretKeys: ['access_token'],
  streams: hubspotStreams,
  classify: hubspotClassify,
  http(config: HubspotConfig): HttpProfile {
    return {
      baseURL: config.base_url,
      headers: { Authorization: `Bearer ${config.access_token}` },
      rate: HUBSPOT_RATE,
      concurrency: 4,
      timeoutMs: REQUEST_TIMEOUT_MS,
    };
  },
};
