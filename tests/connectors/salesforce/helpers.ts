/**
 * Test helpers for the Salesforce connector: a mock org started on seeded fixtures, the
 * connector's config pointed at it, and a driver that reads a stream the way the
 * pipeline would — the real jsforce talking HTTP to 127.0.0.1.
 */
import { silentLogger, type Logger } from '../../../core/index.js';
import { createHttpClient, type HttpClient, type JsonRecord, type Stream, type StreamState } from '../../../connectors/sdk/index.js';
import { salesforceConnector, type SalesforceConfig } from '../../../connectors/salesforce/index.js';
import { buildSalesforceFixtures, type FixtureSizes, type SalesforceFixtures } from '../../../sandbox/salesforce/fixtures.js';
import { startSalesforceMock, type SalesforceMock, type SalesforceMockOptions } from '../../../sandbox/salesforce/server.js';
import { readAll, type ReadResult } from '../../helpers/read-stream.js';


export const TOKEN = 'test-salesforce-session-token-0123456789';
export const OAUTH = Object.freeze({
  clientId: '3MVG9testConsumerKey.0123456789',
  clientSecret: 'sf-client-secret-0123456789ABCDEF',
  refreshToken: '5Aep861testRefreshToken0123456789',
});

// jsforce reads HTTP(S)_PROXY (never NO_PROXY) when it is imported; nothing here may leave loopback.
for (const k of ['HTTP_PROXY', 'HTTPS_PROXY', 'http_proxy', 'https_proxy']) delete process.env[k];

export interface Harness {
  readonly mock: SalesforceMock;
  readonly fixtures: SalesforceFixtures;
  readonly config: SalesforceConfig;
  close(): Promise<void>;
}

export interface HarnessOptions extends Partial<Omit<SalesforceMockOptions, 'fixtures'>> {
  readonly sizes?: FixtureSizes;
  /** `token` = access token + instance_url; `refresh` = OAuth2 refresh flow only; `both`. */
  readonly auth?: 'token' | 'refresh' | 'both';
  readonly pageSize?: number;
  /** `quota_reserve` as written in tributary.yml (`5%`, 500). */
  readonly reserve?: string | number;
  readonly config?: Record<string, unknown>;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const fixtures = buildSalesforceFixtures(options.sizes ?? {});
  const auth = options.auth ?? 'token';
  const mock = await startSalesforceMock({
    ...(auth === 'refresh' ? {} : { accessToken: TOKEN }),
    oauth: OAUTH,
    ...options,
    fixtures,
  });
  const config = salesforceConnector.configSchema.parse({
    ...(auth === 'refresh' ? {} : { instance_url: mock.url, access_token: TOKEN }),
    ...(auth === 'token' ? {} : { login_url: mock.url, client_id: OAUTH.clientId, client_secret: OAUTH.clientSecret, refresh_token: OAUTH.refreshToken }),
    page_size: options.pageSize ?? 200,
    ...(options.reserve === undefined ? {} : { quota_reserve: options.reserve }),
    ...options.config,
  });
  return { mock, fixtures, config, close: () => mock.close() };
}

/** Reads a stream to its end, as the pipeline would (state = the last batch's). */
export function readStream(
  stream: Stream<SalesforceConfig>,
  config: SalesforceConfig,
  state?: StreamState,
  http: HttpClient = makeHttp(config),
  log: Logger = silentLogger(),
): Promise<ReadResult> {
  return readAll(stream, config, http, state, log);
}

/** The HttpClient the pipeline would build (fast backoff for tests). */
export function makeHttp(config: SalesforceConfig, options: { maxAttempts?: number; log?: Logger } = {}): HttpClient {
  return createHttpClient({
    source: 'salesforce',
    profile: salesforceConnector.http!(config),
    classify: salesforceConnector.classify!,
    describe: salesforceConnector.describe!,
    retry: { baseDelayMs: 10, ...(options.maxAttempts === undefined ? {} : { maxAttempts: options.maxAttempts }) },
    ...(options.log ? { log: options.log } : {}),
  });
}

export const ids = (records: readonly JsonRecord[]): string[] => [...new Set(records.map((r) => r.Id as string))].sort();
