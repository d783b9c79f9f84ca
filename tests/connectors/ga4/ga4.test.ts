/**
 * GA4 through the CLI, the way a user runs it: a workspace whose only source is a GA4
 * property (the loopback Data API mock, a service account's key in .env). One
 * workspace for the whole file; each test moves the property's world on and syncs again.
 */
import { generateKeyPairSync } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ga4FixturesFromPopulation, standardQuota, type Ga4Fixtures } from '../../../sandbox/ga4/fixtures.js';
import { startGa4Mock } from '../../../sandbox/ga4/server.js';
import type { MockServer } from '../../../sandbox/kit/mock-server.js';
import { generatePopulation } from '../../../sandbox/world/index.js';
import { restateFrom } from '../../../connectors/ga4/index.js';
import { runCli, tempDir, type TempDir } from '../../helpers/workspace.js';

const CLIENT_EMAIL = 'tributary-test@test-project.iam.gserviceaccount.com';
let dir: TempDir;
let mock: MockServer;
let fixtures: Ga4Fixtures;
let config: string;
let asOf: string;
let privateKey: string;
let startDate: string;
const dayAfter = (d: string, n = 1) => new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

function writeConfig(endDate: string, pageSize = 25): void {
  writeFileSync(
    config,
    `version: 1
sync:
  retries: { max_attempts: 3, base_delay_ms: 5 }
sources:
  ga4:
    type: ga4
    property_id: '${fixtures.propertyId}'
    client_email: ${CLIENT_EMAIL}
    private_key: \${GA4_PRIVATE_KEY}
    base_url: ${mock.url}
    token_uri: ${mock.url}/token
    start_date: '${startDate}'
    end_date: '${endDate}'
    page_size: ${pageSize}
`,
  );
}

const sync = () => runCli(['sync', '--config', config]);
/** Extraction alone, for cases about what is read (the models add nothing to them, only time). */
const extract = () => runCli(['sync', '--config', config, '--extract-only']);

async function warehouse(sql: string): Promise<Record<string, unknown>[]> {
  const r = await runCli(['query', '--config', config, '--warehouse', '--format', 'json', sql]);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Record<string, unknown>[];
}

/** What the property reports for campaigns (GA4's placeholders excluded), summed. */
const expectedCampaignSessions = () =>
  fixtures.rows.filter((r) => !r.sessionCampaignName.startsWith('(')).reduce((n, r) => n + r.sessions, 0);

const reportRequests = () => mock.requests.filter((r) => r.path.endsWith(':runReport'));

beforeAll(async () => {
  const pop = generatePopulation({ seed: 11, people: 150, days: 10 });
  fixtures = ga4FixturesFromPopulation(pop);
  // The last day the property has traffic for: the "today" of the first sync.
  asOf = fixtures.rows.map((r) => r.date).sort().at(-1)!;
  startDate = dayAfter(asOf, -20);
  const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
  privateKey = keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  mock = await startGa4Mock({ fixtures, serviceAccount: { clientEmail: CLIENT_EMAIL, publicKey: keys.publicKey } });
  dir = tempDir('tributary-ga4-');
  config = join(dir.path, 'tributary.yml');
  // A key file's private_key carries its newlines as \n, and so does the .env line.
  writeFileSync(join(dir.path, '.env'), `GA4_PRIVATE_KEY="${privateKey.trim().replace(/\n/g, '\\n')}"\n`, { mode: 0o600 });
  writeConfig(asOf);
}, 60_000);

afterAll(async () => {
  await mock?.close();
  dir?.remove();
});

describe('ga4 sync', () => {
  it('reads every report row through offset paging and joins sessions to the campaigns by utm_campaign', async () => {
    const r = await sync();
    expect(r.code, r.stderr + r.stdout).toBe(0);
    const pages = Math.ceil(fixtures.rows.length / 25);
    expect(pages).toBeGreaterThan(1);
    expect(reportRequests().length).toBe(pages);
    // One service-account token minted for the run, not one per request.
    expect(mock.count('/token')).toBe(1);
    const [raw] = await warehouse('select count(*) as n, count(distinct (date, session_campaign_name, session_source_medium)) as keys from raw.ga4_traffic_by_campaign');
    expect(Number(raw!.n)).toBe(fixtures.rows.length);
    expect(Number(raw!.keys)).toBe(fixtures.rows.length);
    const [perf] = await warehouse('select sum(ga4_sessions) as s, count(distinct campaign_id) as c from campaign_performance');
    expect(Number(perf!.s)).toBe(expectedCampaignSessions());
    expect(Number(perf!.c)).toBeGreaterThan(0);
    const [chan] = await warehouse("select count(*) as n from campaigns where list_contains(channels, 'web')");
    expect(Number(chan!.n)).toBeGreaterThan(0);
  });

  it('re-reads only the last 48 hours next run, and the restated numbers replace the old ones', async () => {
    mock.requests.length = 0;
    // GA4 finishes processing yesterday (more sessions) and today's data arrives.
    const yesterday = fixtures.rows.find((r) => r.date === asOf && !r.sessionCampaignName.startsWith('('))!;
    expect(yesterday).toBeDefined();
    yesterday.sessions += 7;
    const nextDay = dayAfter(asOf);
    fixtures.rows.push({ ...yesterday, date: nextDay, sessions: 3, engagedSessions: 2, conversions: 1, totalRevenue: 42 });
    writeConfig(nextDay);
    const r = await sync();
    expect(r.code, r.stderr + r.stdout).toBe(0);
    // Three days (the day before the cursor, the cursor's, the new one) at 25 rows a page, not the whole history.
    const restated = fixtures.rows.filter((x) => x.date >= restateFrom(asOf, startDate, 2)).length;
    expect(reportRequests().length).toBe(Math.max(1, Math.ceil(restated / 25)));
    const [stg] = await warehouse(
      `select count(*) as n, sum(sessions) filter (where date_day = date '${asOf}' and session_campaign_name = '${yesterday.sessionCampaignName}' and utm_source || ' / ' || utm_medium = '${yesterday.sessionSourceMedium}') as restated from stg_ga4__traffic`,
    );
    expect(Number(stg!.n)).toBe(fixtures.rows.length);
    expect(Number(stg!.restated)).toBe(yesterday.sessions);
    const [perf] = await warehouse('select sum(ga4_sessions) as s from campaign_performance');
    expect(Number(perf!.s)).toBe(expectedCampaignSessions());
    expect(restateFrom(asOf, startDate, 2)).toBe(dayAfter(asOf, -1));
  });

  it('stops before the property runs out of tokens: committed pages stay, the run is partial, the next run finishes', async () => {
    // Small pages, so the restated window takes several requests.
    writeConfig(dayAfter(asOf), 5);
    const pages = Math.ceil(fixtures.rows.filter((r) => r.date >= restateFrom(asOf, startDate, 2)).length / 5);
    expect(pages).toBeGreaterThanOrEqual(2);
    // Enough tokens for one report request and a half: the guard must stop before the API says "exhausted".
    Object.assign(fixtures.quota, standardQuota(), { tokensPerHour: 25 });
    mock.requests.length = 0;
    const r = await extract();
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).toMatch(/ga4/);
    expect(r.stdout + r.stderr).toMatch(/tokens nearly spent/);
    // Never an answer of an exhausted property: the guard stopped first.
    expect(mock.requests.filter((q) => q.status === 429)).toEqual([]);
    expect(reportRequests().length).toBe(1);
    Object.assign(fixtures.quota, standardQuota());
    const again = await sync();
    expect(again.code, again.stderr + again.stdout).toBe(0);
    const [stg] = await warehouse('select count(*) as n from stg_ga4__traffic');
    expect(Number(stg!.n)).toBe(fixtures.rows.length);
  });

  it('mints a new token once when the API calls it expired, and fails the source (no loop) when it keeps saying so', async () => {
    mock.faults.inject({ kind: 'expired_token', times: 1, path: ':runReport' });
    mock.requests.length = 0;
    const once = await extract();
    expect(once.code, once.stderr + once.stdout).toBe(0);
    expect(mock.count('/token')).toBe(2);

    mock.faults.inject({ kind: 'expired_token', times: Infinity, path: ':runReport' });
    mock.requests.length = 0;
    const always = await extract();
    mock.faults.clear();
    expect(always.code).toBe(1);
    expect(always.stdout + always.stderr).toMatch(/ga4/);
    expect(always.stdout + always.stderr).toMatch(/UNAUTHENTICATED|credentials/);
    expect(mock.count('/token')).toBe(2);
    expect(reportRequests().length).toBe(2);
    expect(always.stdout + always.stderr).not.toContain(privateKey.split('\n')[1]!);
  });
});
