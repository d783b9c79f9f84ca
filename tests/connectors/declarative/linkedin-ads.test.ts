/**
 * LinkedIn Ads shipped as a YAML definition (connectors/declarative/shipped/linkedin-ads.yaml)
 * against its Marketing API mock, through the CLI: the OAuth2 refresh-token grant, the
 * LinkedIn-Version and Rest.li headers (the mock refuses requests without them), pageToken
 * paging, a bare 429 retried and the day's-quota 429 stopping the source at once, adAnalytics asked per campaign with its URN percent-encoded
 * inside List(...), and a refused refresh token named by `check` without leaking it.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withWarehouse } from '../../../pipeline/warehouse/warehouse.js';
import type { MockServer } from '../../../sandbox/kit/mock-server.js';
import { startLinkedinAdsMock } from '../../../sandbox/linkedin-ads/server.js';
import { generatePopulation } from '../../../sandbox/world/index.js';
import { LINKEDIN_ACCOUNT_ID, linkedinSliceOf, type LinkedinSlice } from '../../../sandbox/world/linkedin.js';
import { runCli, tempDir, type TempDir } from '../../helpers/workspace.js';

const credentials = { clientId: 'li-client-1', clientSecret: 'li-secret-7f3a9c', refreshToken: 'li-refresh-5e2b81d4' };
const env = { LI_CLIENT_ID: credentials.clientId, LI_CLIENT_SECRET: credentials.clientSecret, LI_REFRESH_TOKEN: credentials.refreshToken };
let mock: MockServer;
let slice: LinkedinSlice;
let dir: TempDir;
let config: string;

beforeAll(async () => {
  const pop = generatePopulation({ seed: 7, people: 20, days: 30 });
  const atMs = Date.parse(pop.asOf);
  slice = linkedinSliceOf(pop, atMs);
  mock = await startLinkedinAdsMock({ slice, atMs, credentials });
  dir = tempDir('tributary-linkedin-');
  config = dir.file(
    'tributary.yml',
    `version: 1\nsources:\n  linkedin_ads:\n    type: linkedin-ads\n    client_id: \${LI_CLIENT_ID}\n    client_secret: \${LI_CLIENT_SECRET}\n    refresh_token: \${LI_REFRESH_TOKEN}\n` +
      `    account_id: ${LINKEDIN_ACCOUNT_ID}\n    base_url: ${mock.url}\n    token_url: ${mock.url}/oauth/v2/accessToken\n    start_year: 2026\n    start_month: 1\n    start_day: 1\n`,
  );
}, 30_000);
afterAll(async () => {
  await mock?.close();
  dir?.remove();
});

describe('LinkedIn Ads as a YAML connector', () => {
  it('refreshes its token, pages campaigns, asks analytics per campaign in Rest.li syntax and survives a bare 429', async () => {
    mock.faults.inject({ kind: 'rate_limit', times: 1, path: '/rest/adAnalytics' });
    const r = await runCli(['sync', '--config', config, '--extract-only', '--format', 'json'], { env });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const by = Object.fromEntries((JSON.parse(r.stdout) as { streams: { stream: string; read: number; retries: number }[] }).streams.map((s) => [s.stream, s]));
    expect(slice.analytics.length).toBeGreaterThan(0);
    expect(by.campaigns!.read).toBe(slice.campaigns.length);
    expect(by.ad_analytics!.read).toBe(slice.analytics.length);
    expect(by.ad_analytics!.retries).toBe(1);
    // two creatives per campaign, paged with q=criteria, each naming its campaign's URN
    expect(by.creatives!.read).toBe(2 * slice.campaigns.length);
    expect(mock.requests.filter((q) => q.path.endsWith('/creatives')).every((q) => q.query.includes('q=criteria'))).toBe(true);
    const creatives = await withWarehouse(join(dir.path, 'warehouse.duckdb'), (wh) => wh.all('select id, campaign, intended_status, content__reference from raw.linkedin_ads_creatives order by id'), { readOnly: true });
    expect(creatives[0]).toMatchObject({ id: `urn:li:sponsoredCreative:${slice.campaigns.map((c) => c.id).sort((a, b) => a - b)[0]! * 10 + 1}`, content__reference: expect.stringMatching(/^urn:li:share:\d+$/) });
    for (const c of creatives) expect(String(c.campaign)).toMatch(/^urn:li:sponsoredCampaign:\d+$/);
    const analytics = mock.requests.filter((q) => q.path === '/rest/adAnalytics');
    expect(analytics.map((q) => q.status)).toEqual([429, ...slice.campaigns.map(() => 200)]);
    for (const q of analytics) expect(q.query).toMatch(/dateRange=\(start:\(year:2026,month:1,day:1\)\)&campaigns=List\(urn%3Ali%3AsponsoredCampaign%3A\d+\)/);
    expect(r.stdout + r.stderr).not.toContain(credentials.clientSecret);
  });

  it("stops at once on the 429 that names the DAY limit (the day's quota): a partial run, no retry, LinkedIn's message shown", async () => {
    const before = mock.requests.length;
    mock.faults.inject({ kind: 'quota_exhausted', times: Infinity, path: '/rest/adAnalytics' });
    let r;
    try {
      r = await runCli(['sync', '--config', config, '--extract-only', '--format', 'json'], { env });
    } finally {
      mock.faults.clear();
    }
    expect(r.code, r.stderr).toBe(1);
    const result = JSON.parse(r.stdout) as { status: string; streams: { stream: string; status: string; retries: number }[] };
    expect(result.status).toBe('partial');
    const analytics = result.streams.find((s) => s.stream === 'ad_analytics')!;
    expect(analytics.status).not.toBe('success');
    expect(analytics.retries).toBe(0);
    // One request met the quota and nothing asked again: the backoff (1 s, 2 s, 4 s …) is not spent on it.
    expect(mock.requests.slice(before).filter((q) => q.path === '/rest/adAnalytics').map((q) => q.status)).toEqual([429]);
    expect(r.stderr).toMatch(/STOP linkedin_ads\.ad_analytics: .*\n.*HTTP 429 \(Resource level throttle APPLICATION DAY limit/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('check names a refused refresh token and what to fix, without printing it', async () => {
    const r = await runCli(['check', '--config', config], { env: { ...env, LI_REFRESH_TOKEN: 'li-revoked-0c9d2e' } });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^FAIL linkedin_ads: .*\n(.*\n)*?\s+fix: /m);
    expect(r.stdout + r.stderr).not.toContain('li-revoked-0c9d2e');
    expect(r.stdout + r.stderr).not.toContain(credentials.clientSecret);
  });
});
