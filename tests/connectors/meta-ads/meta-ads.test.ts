import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuthError, QuotaExhaustedError, SourceUnavailableError } from '../../../connectors/sdk/index.js';
import type { MockServer } from '../../../sandbox/kit/mock-server.js';
import { createMetaAdsConnector, metaAdsConnector } from '../../../connectors/meta-ads/index.js';
import { metaAdsFixturesFromPopulation, restateInsight, type MetaAdsFixtures } from '../../../sandbox/meta-ads/fixtures.js';
import { startMetaAdsMock } from '../../../sandbox/meta-ads/server.js';
import { TOKEN, allRecords, captureLogger, httpFor, lastState, parseConfig, runStream, tinyPopulation } from './helpers.js';

let fixtures: MetaAdsFixtures;
let mock: MockServer;

beforeEach(async () => {
  fixtures = metaAdsFixturesFromPopulation(tinyPopulation());
  mock = await startMetaAdsMock({ fixtures, accessToken: TOKEN });
});
afterEach(async () => {
  await mock.close();
});

const insightQueries = () =>
  mock.requests.filter((r) => r.path.endsWith('/insights') && r.status === 200).map((r) => new URLSearchParams(r.query));

describe('meta-ads config', () => {
  it('normalises account ids and fills defaults', () => {
    const c = metaAdsConnector.configSchema.parse({ access_token: 't0ken', account_ids: ['123', 'act_456', 123], start_date: '2026-01-01' });
    expect(c.account_ids).toEqual(['act_123', 'act_456']);
    expect(c).toMatchObject({ base_url: 'https://graph.facebook.com', api_version: 'v21.0', insights_lookback_days: 28, page_size: 100 });
    expect(c.end_date).toBeUndefined();
  });

  it.each([
    [{ account_ids: [] }, 'account_ids'],
    [{ account_ids: ['act_12x'] }, 'account_ids'],
    [{ start_date: '2026-13-01' }, 'start_date'],
    [{ end_date: '2025-12-31' }, 'end_date'],
    [{ api_version: '21' }, 'api_version'],
    [{ unknown_key: 1 }, ''],
  ])('rejects %j', (patch, path) => {
    const result = metaAdsConnector.configSchema.safeParse({ access_token: 't0ken', account_ids: ['1'], start_date: '2026-01-01', ...patch });
    expect(result.success).toBe(false);
    if (path) expect(result.error!.issues.some((i) => i.path.join('.').startsWith(path))).toBe(true);
  });
});

describe('meta-ads campaigns', () => {
  it('reads every campaign of every account, archived included, as Graph returns it', async () => {
    const config = parseConfig(metaAdsConnector, mock.url, { page_size: 2 });
    const { batches, error } = await runStream(metaAdsConnector, 'campaigns', config, undefined);
    expect(error).toBeUndefined();
    const records = allRecords(batches);
    expect(records.map((r) => r.id).sort()).toEqual(['120200000000101', '120200000000102', '120200000000103', '120200000000201']);
    const archived = records.find((r) => r.id === '120200000000102')!;
    expect(archived).toEqual({
      id: '120200000000102',
      name: 'winter_clearance | lookalike_1pct | traffic',
      account_id: '111',
      objective: 'OUTCOME_TRAFFIC',
      status: 'ARCHIVED',
      effective_status: 'ARCHIVED',
      daily_budget: '4250',
      lifetime_budget: '0',
      created_time: '2025-12-20T09:30:00+0000',
      updated_time: '2026-01-05T12:00:00+0000',
      start_time: '2026-01-01T00:00:00+0000',
      stop_time: '2026-02-01T00:00:00+0000',
    });
    for (const r of records) expect(metaAdsConnector.streams[0]!.schema.safeParse(r).success).toBe(true);
    // act_111 has 3 campaigns at page size 2: two pages; act_222 one page.
    expect(mock.count('/act_111/campaigns')).toBe(2);
    expect(mock.count('/act_222/campaigns')).toBe(1);
    expect(batches).toHaveLength(3);
  });

  it('sends the token only in the Authorization header', async () => {
    const config = parseConfig(metaAdsConnector, mock.url);
    await runStream(metaAdsConnector, 'campaigns', config, undefined);
    expect(mock.requests.length).toBeGreaterThan(0);
    for (const r of mock.requests) expect(r.query).not.toContain(TOKEN);
  });
});

describe('meta-ads ads_insights', () => {
  it('reads all campaign-days in 30-day windows, paging each window', async () => {
    const config = parseConfig(metaAdsConnector, mock.url);
    const { batches, error } = await runStream(metaAdsConnector, 'ads_insights', config, undefined);
    expect(error).toBeUndefined();
    const records = allRecords(batches);
    expect(records).toHaveLength(fixtures.insights.length);
    const keys = new Set(records.map((r) => `${r.account_id}|${r.campaign_id}|${r.date_start}`));
    expect(keys.size).toBe(records.length);

    const sample = records.find((r) => r.campaign_id === '120200000000101' && r.date_start === '2026-01-02')!;
    expect(sample).toEqual({
      account_id: '111',
      campaign_id: '120200000000101',
      campaign_name: 'spring_sale_2026 | lookalike_1pct | traffic',
      date_start: '2026-01-02',
      date_stop: '2026-01-02',
      impressions: '1010',
      clicks: '21',
      spend: '10.37',
      reach: '801',
      cpc: '0.49381',
      ctr: '2.079208',
    });
    // A day without clicks has no cpc, like Graph.
    expect(records.find((r) => r.campaign_id === '120200000000101' && r.date_start === '2026-01-01')!.cpc).toBeUndefined();

    const ranges = insightQueries().map((q) => JSON.parse(q.get('time_range')!) as { since: string; until: string });
    const firstPages = insightQueries().filter((q) => !q.has('after') && q.get('time_range')!.includes('"since":"2026-01-01"'));
    expect(firstPages).toHaveLength(2); // both accounts start there
    expect(new Set(ranges.map((r) => `${r.since}..${r.until}`))).toEqual(
      new Set(['2026-01-01..2026-01-30', '2026-01-31..2026-03-01', '2026-03-02..2026-03-10']),
    );
    // Window 2 of act_111 holds 60 rows: two pages at page_size 50, followed by cursor.
    expect(insightQueries().some((q) => q.has('after'))).toBe(true);
    for (const q of insightQueries()) expect(q.get('level')).toBe('campaign');
    expect(lastState(batches)).toEqual({ accounts: { act_111: '2026-03-10', act_222: '2026-03-10' } });
  });

  it('never moves an account cursor before its window is fully read', async () => {
    const config = parseConfig(metaAdsConnector, mock.url, { account_ids: ['111'], page_size: 10 });
    const { batches } = await runStream(metaAdsConnector, 'ads_insights', config, undefined);
    const cursors = batches.map((b) => (b.state as { accounts: Record<string, string> }).accounts.act_111 ?? null);
    // Monotonic, and only ever a window end.
    expect(cursors.filter((c, i) => i > 0 && c !== cursors[i - 1])).toEqual(['2026-01-30', '2026-03-01', '2026-03-10']);
    expect(cursors[0]).toBeNull();
  });

  it('re-reads the lookback window on the next run and picks up restated days', async () => {
    const first = await runStream(metaAdsConnector, 'ads_insights', parseConfig(metaAdsConnector, mock.url, { end_date: '2026-03-08' }), undefined);
    expect(lastState(first.batches)).toEqual({ accounts: { act_111: '2026-03-08', act_222: '2026-03-08' } });

    restateInsight(fixtures, { metaCampaignId: '120200000000101', date: '2026-02-20' }, { spend: 999.99, clicks: 100 });
    restateInsight(fixtures, { metaCampaignId: '120200000000101', date: '2026-01-15' }, { spend: 1.23 }); // outside the window
    mock.requests.length = 0;

    const config = parseConfig(metaAdsConnector, mock.url, { end_date: '2026-03-10', insights_lookback_days: 28 });
    const second = await runStream(metaAdsConnector, 'ads_insights', config, lastState(first.batches));
    expect(second.error).toBeUndefined();
    const sinces = insightQueries().map((q) => (JSON.parse(q.get('time_range')!) as { since: string }).since);
    expect(new Set(sinces)).toEqual(new Set(['2026-02-10'])); // min(2026-03-09, 2026-03-10 - 28 days)
    const records = allRecords(second.batches);
    expect(records.find((r) => r.campaign_id === '120200000000101' && r.date_start === '2026-02-20')).toMatchObject({ spend: '999.99', clicks: '100' });
    expect(records.some((r) => r.date_start === '2026-01-15')).toBe(false);
    expect(records.some((r) => r.date_start === '2026-03-10')).toBe(true);
    expect(lastState(second.batches)).toEqual({ accounts: { act_111: '2026-03-10', act_222: '2026-03-10' } });
  });

  it('reads from start_date for an account new to the state and ignores unreadable cursors', async () => {
    const config = parseConfig(metaAdsConnector, mock.url, { insights_lookback_days: 0 });
    const { batches } = await runStream(metaAdsConnector, 'ads_insights', config, { accounts: { act_111: '2026-03-10', act_222: 'yesterday' } });
    const sinces = insightQueries().map((q) => (JSON.parse(q.get('time_range')!) as { since: string }).since);
    expect(sinces).toContain('2026-03-10'); // act_111: lookback 0 still re-reads the last day
    expect(sinces).toContain('2026-01-01'); // act_222: garbage cursor → from start_date
    expect(lastState(batches)).toEqual({ accounts: { act_111: '2026-03-10', act_222: '2026-03-10' } });
  });
});

describe('meta-ads throttling and errors', () => {
  it('retries Graph throttling (HTTP 400, code 17) and loses nothing', async () => {
    mock.faults.inject({ kind: 'rate_limit', times: 2, path: '/insights', after: 1 });
    const config = parseConfig(metaAdsConnector, mock.url);
    const { batches, error, http } = await runStream(metaAdsConnector, 'ads_insights', config, undefined);
    expect(error).toBeUndefined();
    expect(http.stats.retries).toBe(2);
    expect(http.stats.byStatus['400']).toBe(2);
    expect(allRecords(batches)).toHaveLength(fixtures.insights.length);
  });

  it('retries the 429 + Retry-After variant and 5xx', async () => {
    mock.faults.inject({ kind: 'rate_limit', status: 429, retryAfterSeconds: 0, times: 1, path: '/campaigns' });
    mock.faults.inject({ kind: 'server_error', status: 503, times: 1, path: '/campaigns' });
    const { batches, error, http } = await runStream(metaAdsConnector, 'campaigns', parseConfig(metaAdsConnector, mock.url), undefined);
    expect(error).toBeUndefined();
    expect(http.stats.retries).toBe(2);
    expect(allRecords(batches)).toHaveLength(4);
  });

  it('stops with QuotaExhaustedError when access returns only after a long wait, keeping earlier batches', async () => {
    mock.faults.inject({ kind: 'quota_exhausted', times: Infinity, path: '/act_222/insights' });
    const { batches, error, http } = await runStream(metaAdsConnector, 'ads_insights', parseConfig(metaAdsConnector, mock.url), undefined);
    expect(error).toBeInstanceOf(QuotaExhaustedError);
    expect(String((error as Error).message)).toContain('80004');
    expect(http.stats.retries).toBe(0);
    expect(lastState(batches)).toEqual({ accounts: { act_111: '2026-03-10' } });
  });

  it('gives up on a persistent server error with SourceUnavailableError', async () => {
    mock.faults.inject({ kind: 'server_error', times: Infinity });
    const { error } = await runStream(metaAdsConnector, 'campaigns', parseConfig(metaAdsConnector, mock.url), undefined);
    expect(error).toBeInstanceOf(SourceUnavailableError);
  });

  it('turns code 190 (expired token) into AuthError without the token in the message', async () => {
    mock.faults.inject({ kind: 'expired_token', times: Infinity });
    const { log, lines } = captureLogger();
    const config = parseConfig(metaAdsConnector, mock.url);
    const { error, http } = await runStream(metaAdsConnector, 'campaigns', config, undefined, { http: httpFor(metaAdsConnector, config, log), log });
    expect(error).toBeInstanceOf(AuthError);
    const message = (error as AuthError).message;
    expect(message).toContain('code 190');
    expect(message).toContain('subcode 463');
    expect(message).not.toContain(TOKEN);
    expect(JSON.stringify(lines)).not.toContain(TOKEN);
    expect(http.stats.retries).toBe(0);
  });

  it('treats a wrong token as AuthError too', async () => {
    const config = parseConfig(metaAdsConnector, mock.url, { access_token: 'EAABwrongToken000' });
    const { error } = await runStream(metaAdsConnector, 'campaigns', config, undefined);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as Error).message).not.toContain('EAABwrongToken000');
  });

  it('slows down when the usage headers pass 75 %', async () => {
    const sleeps: number[] = [];
    const connector = createMetaAdsConnector({ pacing: { maxPauseMs: 1000, sleep: async (ms) => void sleeps.push(ms) } });
    fixtures.usage.callCount = 90;
    const { log, lines } = captureLogger();
    const config = parseConfig(connector, mock.url, { page_size: 2 });
    const { error } = await runStream(connector, 'campaigns', config, undefined, { log });
    expect(error).toBeUndefined();
    // Three requests; a pause before each one after the first.
    expect(sleeps).toEqual([360, 360]);
    expect(lines.filter((l) => l.level === 'warn' && l.msg.includes('usage high'))).toHaveLength(2);

    sleeps.length = 0;
    fixtures.usage.callCount = 10;
    await runStream(connector, 'campaigns', config, undefined);
    expect(sleeps).toEqual([]);
  });

  it('stops before the next request when the headers say access returns only much later', async () => {
    const sleeps: number[] = [];
    const connector = createMetaAdsConnector({ pacing: { maxPauseMs: 1000, sleep: async (ms) => void sleeps.push(ms) } });
    fixtures.usage.callCount = 100;
    fixtures.usage.estimatedTimeToRegainAccess = 30;
    const { batches, error } = await runStream(connector, 'campaigns', parseConfig(connector, mock.url, { page_size: 2 }), undefined);
    expect(error).toBeInstanceOf(QuotaExhaustedError);
    expect(batches).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });
});
