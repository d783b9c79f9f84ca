/**
 * The fault matrix: every fault the mocks can inject (sandbox/kit/mock-server.ts), against
 * every HTTP source at once — HubSpot, Salesforce, Mailchimp, Meta Ads, GA4 and the
 * shipped declarative Klaviyo and LinkedIn Ads — through the CLI, on a tiny world. Per fault, one `sync` in a fresh
 * workspace with the fault injected into every source's data requests (after their first,
 * so it strikes mid-sync), then the fault cleared and a second, clean `sync`:
 *
 * - the faulty run either finishes or stops cleanly: exit 0, or exit 1 with every stream
 *   that did not finish named `source.stream` with its reason (and a partial run when
 *   the source stopped for its quota), never a stack trace;
 * - after the clean run, every raw table holds exactly the records (keys and versions) of a
 *   clean sync in a workspace that never saw a fault: nothing lost, nothing twice. A drifted
 *   record that the stream's schema refuses is quarantined (kept, counted), and counts as
 *   kept. A drift of the records themselves (a new field, a retyped or removed one) lands
 *   new versions of the records it touched, so there the check is on keys.
 *
 * The web-events source reads files, not HTTP: its faults (a half-written line, drifted
 * events) are in malformed-and-drift.test.ts and the web-events connector tests.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectorFor } from '../../../connectors/registry.js';
import type { FaultSpec, MockServer } from '../../../sandbox/kit/mock-server.js';
import { startKlaviyoMock, type KlaviyoMock } from '../../../sandbox/klaviyo/server.js';
import { buildSalesforceFixtures } from '../../../sandbox/salesforce/fixtures.js';
import { startSalesforceMock, type SalesforceMock } from '../../../sandbox/salesforce/server.js';
import { withWarehouse } from '../../../pipeline/warehouse/warehouse.js';
import { LINKEDIN_ACCOUNT_ID } from '../../../sandbox/world/linkedin.js';
import { runCli } from '../../helpers/workspace.js';
import { startTestWorld, type TestWorld } from '../../helpers/world.js';

const KLAVIYO_KEY = 'pk_matrix_6d1f0a9b2c';
const SF = { token: 'test-only-salesforce-matrix-token-91c', clientId: '3MVG9matrix.client', clientSecret: 'matrix-sf-secret-2b7e', refreshToken: '5Aep861matrixRefresh.3f' };

/** A source under test: its mock, the path part of its data requests (not its token endpoint) and a field to drift. */
interface Target {
  readonly id: string;
  readonly mock: MockServer;
  readonly dataPath: string | RegExp;
  readonly driftField: string;
}



/**
 * What a fault is allowed to do to a source's run. `finish`: the sync must absorb it (every
 * stream ok); `stop`: the source's streams may stop, cleanly, naming themselves. An expired
 * token is refreshed once by the sources that can mint one; the others hold a fixed key and
 * must stop.
 */
type Expect = 'finish' | 'stop';
/** The sources that can mint a new access token: Salesforce's and LinkedIn's refresh-token flows, GA4's service account. */
const REFRESHES = new Set(['salesforce', 'ga4', 'linkedin_ads']);
interface Fault {
  readonly name: string;
  readonly spec: Omit<FaultSpec, 'path'>;
  readonly expect: Expect | ((source: string) => Expect);
}

/**
 * The matrix, one row per fault. Faults a sync must absorb share one run and strike
 * every source in three bursts from its second data request on, a clean request between
 * bursts: a 429 then two 503s; a hung socket then a cut-off body; two proxy pages. One
 * request's retries meet at most one burst, as they would in the wild, within every
 * source's own retry policy (the shipped definitions' `retry:`), and a source with only
 * four data requests still meets every fault. Faults that may stop a source get a run
 * each; the three drifts share one (a new field, then a changed type, then a removed
 * field on every later answer). The request logs show that every fault did strike every
 * source.
 */
const TRANSIENT: readonly (readonly Fault[])[] = [
  [
    // status 429: Meta's plain-HTTP variant (its own, HTTP 400 code 17, says "minutes", a quota stop).
    { name: '429 with Retry-After', spec: { kind: 'rate_limit', retryAfterSeconds: 1, status: 429 }, expect: 'finish' },
    { name: '5xx burst', spec: { kind: 'server_error', status: 503, times: 2 }, expect: 'finish' },
  ],
  [
    { name: 'timeout (socket hangs)', spec: { kind: 'timeout', delayMs: 20_000 }, expect: 'finish' },
    { name: 'truncated JSON', spec: { kind: 'truncated' }, expect: 'finish' },
  ],
  [{ name: 'HTML 502 page from a proxy', spec: { kind: 'html_error', times: 2 }, expect: 'finish' }],
];

const RUNS: readonly { readonly name: string; readonly faults: readonly Fault[]; readonly drifts?: boolean }[] = [
  // A fault skips the requests before it that no earlier fault took: burst i waits for i + 1 of them.
  { name: 'transient faults', faults: TRANSIENT.flatMap((burst, i) => burst.map((f) => ({ ...f, spec: { ...f.spec, after: i + 1 } }))) },
  {
    name: 'expired token',
    faults: [{ name: 'expired token', spec: { kind: 'expired_token', after: 1 }, expect: (s) => (REFRESHES.has(s) ? 'finish' : 'stop') }],
  },
  { name: 'quota exhausted', faults: [{ name: 'quota exhausted', spec: { kind: 'quota_exhausted', after: 1, times: Infinity }, expect: 'stop' }] },
  {
    name: 'schema drift',
    drifts: true,
    faults: [
      { name: 'a new field', spec: { kind: 'drift', drift: { change: 'add', field: '' } }, expect: 'stop' },
      { name: 'a changed type', spec: { kind: 'drift', drift: { change: 'retype', field: '' } }, expect: 'stop' },
      { name: 'a removed field', spec: { kind: 'drift', drift: { change: 'remove', field: '' }, times: Infinity }, expect: 'stop' },
    ],
  },
];

/** One world of mocks (every source under test) and the workspaces written against it. */
interface Sources {
  readonly tw: TestWorld;
  readonly salesforce: SalesforceMock;
  readonly klaviyo: KlaviyoMock;
  readonly targets: readonly Target[];
  readonly env: Record<string, string>;
  close(): Promise<void>;
}

async function startSources(): Promise<Sources> {
  const tw = await startTestWorld({ people: 60, days: 5, seed: 3 });
  const [salesforce, klaviyo] = await Promise.all([
    startSalesforceMock({
      fixtures: buildSalesforceFixtures({ seed: 3, contacts: 250, leads: 20, accounts: 6, opportunities: 10, campaigns: 3 }),
      accessToken: SF.token,
      oauth: { clientId: SF.clientId, clientSecret: SF.clientSecret, refreshToken: SF.refreshToken },
    }),
    startKlaviyoMock({ apiKey: KLAVIYO_KEY, profiles: 40 }),
  ]);
  const targets: Target[] = [
    { id: 'hubspot', mock: tw.world.mocks.hubspot, dataPath: '/crm/', driftField: 'properties.firstname' },
    { id: 'salesforce', mock: salesforce, dataPath: '/services/data/', driftField: 'LeadSource' },
    { id: 'mailchimp', mock: tw.world.mocks.mailchimp, dataPath: /^\/3\.0\/(?!ping)/, driftField: 'name' },
    { id: 'meta_ads', mock: tw.world.mocks.metaAds, dataPath: /\/(campaigns|insights)$/, driftField: 'name' },
    { id: 'ga4', mock: tw.world.mocks.ga4, dataPath: ':runReport', driftField: 'metricValues' },
    { id: 'klaviyo', mock: klaviyo.server, dataPath: '/api/', driftField: 'attributes.first_name' },
    { id: 'linkedin_ads', mock: tw.world.mocks.linkedinAds, dataPath: '/rest/', driftField: 'name' },
  ];
  return {
    tw,
    salesforce,
    klaviyo,
    targets,
    env: { ...tw.env, KLAVIYO_API_KEY: KLAVIYO_KEY, SF_TOKEN: SF.token, SF_CLIENT_ID: SF.clientId, SF_CLIENT_SECRET: SF.clientSecret, SF_REFRESH_TOKEN: SF.refreshToken },
    async close() {
      await Promise.all([salesforce.close(), klaviyo.close()]);
      await tw.close();
    },
  };
}

/** A fresh workspace with every HTTP source, a tight request deadline and fast retries. */
function workspace(src: Sources, name: string, streamRetries = false): string {
  const { tw, salesforce, klaviyo } = src;
  const start = new Date(Date.parse(tw.population.asOf) - 120 * 86_400_000).toISOString().slice(0, 10);
  const folder = join(tw.dir.path, name.replace(/\W+/g, '-'));
  mkdirSync(folder, { recursive: true });
  // With `streamRetries`, a stream whose request met more faults than its retries (two
  // bursts, when concurrent requests took the clean one between them) is read again from
  // its checkpoint, as sync.stream_retries does by default; here without the default's 30 s wait.
  const file = tw.writeConfig({ folder, sources: ['hubspot', 'mailchimp', 'meta_ads', 'ga4'], maxAttempts: 5, ...(streamRetries ? { streamRetries: { maxAttempts: 3, delayMs: 0 } } : {}) });
  // GA4's small pages: enough requests for every fault to meet one.
  const yaml = readFileSync(file, 'utf8').replace('sync:\n', 'sync:\n  request_timeout_ms: 3000\n').replace('    type: ga4\n', '    type: ga4\n    page_size: 5\n');
  writeFileSync(
    file,
    yaml +
      `  salesforce:\n    type: salesforce\n    instance_url: ${salesforce.url}\n    login_url: ${salesforce.url}\n    access_token: \${SF_TOKEN}\n` +
      `    client_id: \${SF_CLIENT_ID}\n    client_secret: \${SF_CLIENT_SECRET}\n    refresh_token: \${SF_REFRESH_TOKEN}\n    page_size: 200\n` +
      `  klaviyo:\n    type: klaviyo\n    api_key: \${KLAVIYO_API_KEY}\n    base_url: ${klaviyo.url}\n` +
      `  linkedin_ads:\n    type: linkedin-ads\n    client_id: \${LINKEDIN_CLIENT_ID}\n    client_secret: \${LINKEDIN_CLIENT_SECRET}\n    refresh_token: \${LINKEDIN_REFRESH_TOKEN}\n` +
      `    account_id: ${LINKEDIN_ACCOUNT_ID}\n    base_url: ${tw.world.mocks.linkedinAds.url}\n    token_url: ${tw.world.mocks.linkedinAds.url}/oauth/v2/accessToken\n` +
      `    start_year: ${start.slice(0, 4)}\n    start_month: ${Number(start.slice(5, 7))}\n    start_day: ${Number(start.slice(8, 10))}\n`,
  );
  return file;
}

interface RunOutcome {
  readonly code: number | null;
  readonly stderr: string;
  readonly status: string;
  readonly streams: readonly { source: string; stream: string; status: string; quarantined: number }[];
}

async function sync(src: Sources, config: string): Promise<RunOutcome> {
  const r = await runCli(['sync', '--config', config, '--extract-only', '--format', 'json'], { env: src.env });
  let parsed: Omit<RunOutcome, 'code' | 'stderr'>;
  try {
    parsed = JSON.parse(r.stdout) as Omit<RunOutcome, 'code' | 'stderr'>;
  } catch {
    throw new Error(`sync printed no result (exit ${r.code}):\n${r.stdout}\n${r.stderr}`);
  }
  return { code: r.code, stderr: r.stderr, status: parsed.status, streams: parsed.streams };
}

/** Per raw table: its records' keys (with the quarantined ones) and its row count (record versions). */
type Snapshot = Record<string, { keys: Set<string>; rows: number }>;

/** What raw and the quarantine of a workspace hold. */
async function snapshot(config: string): Promise<Snapshot> {
  return withWarehouse(
    join(config, '..', 'warehouse.duckdb'),
    async (wh) => {
      const out: Snapshot = {};
      const columns = await wh.all(`select table_name, connector, stream, column_name, field_path from _tributary.raw_columns`);
      const tables = new Map<string, { connector: string; stream: string }>();
      for (const c of columns) tables.set(String(c.table_name), { connector: String(c.connector), stream: String(c.stream) });
      for (const [table, { connector, stream }] of tables) {
        const key = connectorFor(connector)!.streams.find((s) => s.name === stream)?.primaryKey;
        if (!key) continue;
        const keyColumns = key.map((path) => String(columns.find((c) => c.table_name === table && c.field_path === path)!.column_name));
        const select = keyColumns.map((c) => `coalesce(cast("${c}" as varchar), '')`).join(` || '|' || `);
        const rows = await wh.all(`select ${select} as k from raw."${table}"`);
        // Each source here is named after its type.
        const quarantined = await wh.all(`select record from _tributary.quarantine where stream = $1 and source_id = $2`, [stream, connector.replace(/-/g, '_')]);
        const keys = new Set(rows.map((r) => String(r.k)));
        for (const q of quarantined) {
          const record = JSON.parse(String(q.record)) as Record<string, unknown>;
          keys.add(key.map((path) => String(path.split('.').reduce<unknown>((v, p) => (v as Record<string, unknown> | undefined)?.[p], record) ?? '')).join('|'));
        }
        out[table] = { keys, rows: rows.length };
      }
      return out;
    },
    { readOnly: true },
  );
}

function injectEverywhere(src: Sources, faults: readonly Fault[]): void {
  for (const t of src.targets) {
    for (const fault of faults) {
      t.mock.faults.inject({ ...fault.spec, path: t.dataPath, ...(fault.spec.drift ? { drift: { ...fault.spec.drift, field: t.driftField } } : {}) });
    }
  }
}

function clearEverywhere(src: Sources): void {
  for (const t of src.targets) t.mock.faults.clear();
  src.salesforce.setApiUsage(0);
}

let src: Sources;
/** A clean sync before any fault: what every run must end up with. */
let baseline: Snapshot;

beforeAll(async () => {
  src = await startSources();
  const config = workspace(src, 'baseline');
  const clean = await sync(src, config);
  if (clean.code !== 0) throw new Error(`the baseline sync failed:\n${clean.stderr}`);
  baseline = await snapshot(config);
}, 180_000);
afterAll(async () => {
  await src?.close();
});

// One world, its faulty runs one after another: the runs are mostly CPU (a CLI process
// each), so side by side they would only queue on CI's two cores.
describe('every fault against every source, through the CLI', () => {
  it.for(RUNS.map((r) => [r.name, r] as const))(
    '%s: every source finishes or stops cleanly naming source and stream, and the next run leaves every record exactly once',
    { timeout: 240_000 },
    async ([, run]) => {
      // Only faults a sync must absorb get stream retries: a stop (quota, a key rejected) is final anyway.
      const config = workspace(src, run.name, run.faults.every((f) => f.expect === 'finish'));
      const logged = new Map(src.targets.map((t) => [t.id, t.mock.requests.length]));
      injectEverywhere(src, run.faults);
      let faulty: RunOutcome;
      try {
        faulty = await sync(src, config);
      } finally {
        clearEverywhere(src);
      }
      expect(faulty.stderr).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n/); // no stack trace
      for (const t of src.targets) {
        const struck = new Set(t.mock.requests.slice(logged.get(t.id)).map((r) => r.fault));
        for (const fault of run.faults) expect(struck.has(fault.spec.kind), `${fault.name} struck ${t.id}`).toBe(true);
        const streams = faulty.streams.filter((s) => s.source === t.id);
        expect(streams.length, `${t.id} ran`).toBeGreaterThan(0);
        const unfinished = streams.filter((s) => s.status !== 'success');
        const mayStop = run.faults.some((f) => (typeof f.expect === 'function' ? f.expect(t.id) : f.expect) === 'stop');
        if (!mayStop) expect(unfinished.map((s) => `${s.source}.${s.stream}`), `${t.id} absorbs ${run.name}:\n${faulty.stderr}`).toEqual([]);
        // Every stream that did not finish is named, with its reason on the next line.
        for (const s of unfinished) expect(faulty.stderr).toMatch(new RegExp(`(STOP|FAIL|SKIP) ${s.source}\\.${s.stream}: .*\\n\\s+\\S`));
      }
      if (faulty.streams.some((s) => s.status !== 'success')) {
        expect(faulty.code).toBe(1);
        if (run.faults.some((f) => f.spec.kind === 'quota_exhausted')) expect(faulty.status).toBe('partial');
      } else {
        expect(faulty.code, faulty.stderr).toBe(0);
      }

      // The next run meets no fault: afterwards raw holds what the baseline holds, nothing lost, nothing twice.
      const clean = await sync(src, config);
      expect(clean.code, clean.stderr).toBe(0);
      const got = await snapshot(config);
      expect(Object.keys(got).sort()).toEqual(Object.keys(baseline).sort());
      for (const [table, base] of Object.entries(baseline)) {
        const have = got[table]!;
        expect([...base.keys].filter((k) => !have.keys.has(k)), `${table}: records lost`).toEqual([]);
        expect(have.keys.size, `${table}: records that should not be there`).toBe(base.keys.size);
        // A drifted record is a new version of it; otherwise every version exactly once.
        if (run.drifts !== true) expect(have.rows, `${table}: record versions landed twice`).toBe(base.rows);
      }
    },
  );
});
