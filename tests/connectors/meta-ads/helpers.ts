/** Shared fixtures for the Meta Ads tests: a tiny hand-built population and a stream runner. */
import { type Logger } from '../../../core/index.js';
import { createHttpClient, type Batch, type HttpClient, type StreamState } from '../../../connectors/sdk/index.js';
import { metaAdsClassifier, metaAdsDescribe, type MetaAdsConfig, type MetaAdsConnector } from '../../../connectors/meta-ads/index.js';
import type { MetaCampaignAppearance, MetaInsightAppearance, Population } from '../../../sandbox/world/types.js';

export const TOKEN = 'EAABtestToken1234567890secret';

function addDays(date: string, n: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

function campaign(id: string, accountId: string, utm: string, status: MetaCampaignAppearance['status'], stopTime: string | null): MetaCampaignAppearance {
  return {
    metaCampaignId: id,
    campaignId: `cmp_${id.slice(-3)}`,
    accountId,
    name: `${utm} | lookalike_1pct | traffic`,
    objective: 'OUTCOME_TRAFFIC',
    status,
    dailyBudget: 42.5,
    createdTime: '2025-12-20T09:30:00.000Z',
    updatedTime: '2026-01-05T12:00:00.000Z',
    startTime: '2026-01-01T00:00:00.000Z',
    stopTime,
  };
}

/** Insights for every campaign of the account on every day of [from, to]; numbers derived from the day index. */
function insights(c: MetaCampaignAppearance, from: string, to: string): MetaInsightAppearance[] {
  const out: MetaInsightAppearance[] = [];
  for (let d = from, i = 0; d <= to; d = addDays(d, 1), i++) {
    const impressions = 1000 + i * 10;
    const clicks = i % 7 === 0 ? 0 : 20 + (i % 5);
    out.push({ metaCampaignId: c.metaCampaignId, accountId: c.accountId, date: d, impressions, clicks, reach: 800 + i, spend: Math.round((10 + i * 0.37) * 100) / 100 });
  }
  return out;
}

/** Two ad accounts: three campaigns (one archived) on act_111, one on act_222; daily insights 2026-01-01 … 2026-03-10. */
export function tinyPopulation(): Pick<Population, 'metaAds'> {
  const campaigns = [
    campaign('120200000000101', 'act_111', 'spring_sale_2026', 'ACTIVE', null),
    campaign('120200000000102', 'act_111', 'winter_clearance', 'ARCHIVED', '2026-02-01T00:00:00.000Z'),
    campaign('120200000000103', 'act_111', 'brand_awareness', 'PAUSED', null),
    campaign('120200000000201', 'act_222', 'webinar_march', 'ACTIVE', null),
  ];
  return {
    metaAds: {
      campaigns,
      insights: [
        ...insights(campaigns[0]!, '2026-01-01', '2026-03-10'),
        ...insights(campaigns[1]!, '2026-01-01', '2026-02-01'),
        ...insights(campaigns[2]!, '2026-02-10', '2026-03-10'),
        ...insights(campaigns[3]!, '2026-03-01', '2026-03-10'),
      ],
    },
  };
}

export interface LogLine {
  readonly level: 'debug' | 'info' | 'warn' | 'error';
  readonly msg: string;
  readonly fields: Record<string, unknown> | undefined;
}

export function captureLogger(): { log: Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const make = (): Logger => ({
    debug: (msg, fields) => lines.push({ level: 'debug', msg, fields }),
    info: (msg, fields) => lines.push({ level: 'info', msg, fields }),
    warn: (msg, fields) => lines.push({ level: 'warn', msg, fields }),
    error: (msg, fields) => lines.push({ level: 'error', msg, fields }),
    child: () => make(),
  });
  return { log: make(), lines };
}

export function parseConfig(connector: MetaAdsConnector, baseUrl: string, extra: Record<string, unknown> = {}): MetaAdsConfig {
  return connector.configSchema.parse({
    access_token: TOKEN,
    account_ids: ['111', 'act_222'],
    base_url: baseUrl,
    start_date: '2026-01-01',
    end_date: '2026-03-10',
    page_size: 50,
    ...extra,
  });
}

export function httpFor(connector: MetaAdsConnector, config: MetaAdsConfig, log?: Logger): HttpClient {
  return createHttpClient({
    source: 'meta-ads',
    profile: { ...connector.http!(config), rate: undefined },
    classify: metaAdsClassifier,
    describe: metaAdsDescribe,
    retry: { baseDelayMs: 10, maxDelayMs: 50 },
    ...(log ? { log } : {}),
  });
}

/** Reads one stream to the end (or to the first error, returned alongside the batches read before it). */
export async function runStream(
  connector: MetaAdsConnector,
  streamName: string,
  config: MetaAdsConfig,
  state: StreamState | undefined,
  options: { http?: HttpClient; log?: Logger; batchSize?: number } = {},
): Promise<{ batches: Batch[]; error: unknown; http: HttpClient }> {
  const stream = connector.streams.find((s) => s.name === streamName)!;
  const log = options.log ?? captureLogger().log;
  const http = options.http ?? httpFor(connector, config);
  const batches: Batch[] = [];
  let error: unknown;
  try {
    for await (const b of stream.read(state, { config, http, log, signal: new AbortController().signal, batchSize: options.batchSize ?? 500 })) {
      batches.push(b);
    }
  } catch (e) {
    error = e;
  }
  return { batches, error, http };
}

export const allRecords = (batches: readonly Batch[]) => batches.flatMap((b) => b.records);
export const lastState = (batches: readonly Batch[]) => batches.at(-1)?.state;
