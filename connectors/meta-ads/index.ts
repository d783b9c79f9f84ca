/**
 * Meta Ads (Facebook/Instagram paid social) through the Graph Marketing API.
 *
 * The pipeline builds the HTTP client from `http(config)`; it must also pass
 * `classify: metaAdsClassifier` and `describe: metaAdsDescribe`, because Graph reports
 * throttling and expired tokens as HTTP 400 bodies the SDK defaults call fatal. The
 * connector object carries both as `classify`/`describe` too, so a registry can pick
 * them up generically.
 *
 * @example
 * ```ts
 * const config = metaAdsConnector.configSchema.parse(raw);
 * const http = createHttpClient({
 *   source: 'meta-ads', profile: metaAdsConnector.http!(config),
 *   classify: metaAdsClassifier, describe: metaAdsDescribe,
 * });
 * ```
 */
import type { Classifier, Connector, HttpProfile } from '../sdk/index.js';
import { metaAdsConfigSchema, type MetaAdsConfig } from './config.js';
import { metaAdsClassifier, metaAdsDescribe } from './graph.js';
import { buildMetaAdsStreams, type MetaAdsStreamOptions } from './streams.js';

export { metaAdsConfigSchema, type MetaAdsConfig } from './config.js';
export { metaAdsClassifier, metaAdsDescribe, parseUsageHeaders, type GraphUsage, type PacingOptions } from './graph.js';
export { insightsStartDate, type InsightsState, type MetaAdsStreamOptions } from './streams.js';

/** A connector plus the Graph-specific error handling its HTTP client needs. */
export type MetaAdsConnector = Connector<MetaAdsConfig> & {
  readonly classify: Classifier;
  readonly describe: (body: unknown) => string | undefined;
};

/**
 * Builds the connector; options exist for tests (short usage pauses, captured sleeps).
 * Production code uses `metaAdsConnector`.
 */
export function createMetaAdsConnector(options: MetaAdsStreamOptions = {}): MetaAdsConnector {
  return Object.freeze({
    type: 'meta-ads',
    tablePrefix: 'meta_ads',
    description: 'Meta Ads (Graph Marketing API): campaigns and campaign-level daily insights.',
    configSchema: metaAdsConfigSchema,
    secretKeys: ['access_token'],
    streams: buildMetaAdsStreams(options),
    classify: metaAdsClassifier,
    describe: metaAdsDescribe,
    http(config: MetaAdsConfig): HttpProfile {
      return {
        baseURL: config.base_url,
        // In a header, never in the query string: URLs end up in logs and proxies.
        headers: { Authorization: `Bearer ${config.access_token}`, Accept: 'application/json' },
        // Graph's real limits are the usage meters (paced in graph.ts); this only keeps bursts polite.
        concurrency: 2,
        rate: { requests: 10, perMs: 2_000 },
        // Insights requests over a 30-day window can take a while to compute.
        timeoutMs: 90_000,
      };
    },
  });
}

/** The Meta Ads connector (`type: meta-ads`, raw tables `raw.meta_ads_*`). */
export const metaAdsConnector: MetaAdsConnector = createMetaAdsConnector();
