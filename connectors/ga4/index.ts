/**
 * GA4 (Google Analytics 4) through the Data API's `runReport`: web sessions, engaged
 * sessions, conversions and revenue by day, session campaign (utm_campaign) and
 * source/medium, so web analytics joins the campaigns by UTM. Authenticates as a
 * service account (auth.ts) and watches the property's token quota (report.ts).
 */
import type { Connector, HttpProfile } from '../sdk/index.js';
import { ga4ConfigSchema, type Ga4Config } from './config.js';
import { ga4Classifier, ga4Describe } from './report.js';
import { buildGa4Streams, type Ga4StreamOptions } from './streams.js';

export { ga4ConfigSchema, type Ga4Config } from './config.js';
export { GA4_SCOPE, serviceAccountAssertion } from './auth.js';
export { DIMENSIONS, METRICS, QuotaGuard, tokensLeft, type PropertyQuota } from './report.js';
export { restateFrom, type Ga4StreamOptions } from './streams.js';

/** Builds the connector; options exist for tests (a pinned "today"). Production code uses `ga4Connector`. */
export function createGa4Connector(options: Ga4StreamOptions = {}): Connector<Ga4Config> {
  return Object.freeze({
    type: 'ga4',
    tablePrefix: 'ga4',
    description: 'Google Analytics 4 (Data API runReport): daily sessions, engaged sessions, conversions and revenue by session campaign and source/medium.',
    configSchema: ga4ConfigSchema,
    secretKeys: ['private_key'],
    streams: buildGa4Streams(options),
    classify: ga4Classifier,
    describe: ga4Describe,
    http(config: Ga4Config): HttpProfile {
      return {
        baseURL: config.base_url,
        // The bearer is minted per run (auth.ts) and set on each request, never in config.
        headers: { Accept: 'application/json' },
        // GA4's standard property allows 10 concurrent requests; one stream needs only one at a time.
        concurrency: 2,
        // Core reporting's real limit is the token quota (report.ts); this keeps bursts polite.
        rate: { requests: 10, perMs: 1_000 },
        timeoutMs: 60_000,
      };
    },
  });
}

/** The GA4 connector (`type: ga4`, raw table `raw.ga4_traffic_by_campaign`). */
export const ga4Connector: Connector<Ga4Config> = createGa4Connector();
