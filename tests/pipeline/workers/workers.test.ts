/**
 * Several `tributary worker` processes sharing one PostgreSQL control plane, as an
 * operator runs them: `tributary enqueue` queues a job per stream, two workers on this
 * machine take them, one is SIGKILLed in the middle of a stream. The other (the queue
 * hands the dead worker's job out again after `workers.claim_timeout_seconds`) resumes
 * the stream from its last checkpoint, and every source record lands exactly once; no
 * stream is read by two workers at once; the lake's Parquet parts hold each record once
 * too; each job is a run (`tributary runs`), the killed one abandoned. `sync --build-only` then
 * publishes the models from the lake. SIGTERM stops an idle worker with exit 0. Workers refuse a
 * SQLite control plane (exit 2); `schedule.mode: workers` queues due streams instead of syncing.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../core/index.js';
import { loadConfig } from '../../../pipeline/config/load-config.js';
import { importLake } from '../../../pipeline/workers/lake-import.js';
import { connectPostgres } from '../../../pipeline/control-plane/postgres-location.js';
import { claimStream } from '../../../pipeline/workers/stream-claim.js';
import { STREAM_QUEUE } from '../../../pipeline/workers/stream-queue.js';
import { withWarehouse } from '../../../pipeline/warehouse/warehouse.js';
import { DEMO_CREDENTIALS } from '../../../sandbox/demo/demo-world.js';
import { hubspotFixturesFromPopulation, type HubspotFixtures } from '../../../sandbox/hubspot/fixtures.js';
import { startHubspotMock } from '../../../sandbox/hubspot/server.js';
import type { MockServer } from '../../../sandbox/kit/mock-server.js';
import { generatePopulation } from '../../../sandbox/world/index.js';
import { startTestPostgres, type TestPostgres } from '../../helpers/postgres.js';
import { BIN, REPO_ROOT, runCli, tempDir, type TempDir } from '../../helpers/workspace.js';

const env = { HUBSPOT_TOKEN: DEMO_CREDENTIALS.HUBSPOT_TOKEN };
const STREAMS = ['contacts', 'companies', 'deals'] as const;

let pg: TestPostgres;
let mock: MockServer;
let fixtures: HubspotFixtures;
let dir: TempDir;
let config: string;

/** A worker process whose stderr lines are kept, with a way to wait for one. */
interface Worker {
  readonly child: ChildProcess;
  readonly lines: string[];
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
}

function startWorker(): Worker {
  const child = spawn(process.execPath, [BIN, 'worker', '--config', config], { cwd: REPO_ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  const lines: string[] = [];
  const waiters: { pattern: RegExp; resolve: (line: string) => void }[] = [];
  let partial = '';
  child.stderr!.on('data', (chunk) => {
    partial += String(chunk);
    const complete = partial.split('\n');
    partial = complete.pop()!;
    for (const line of complete) {
      lines.push(line);
      for (const w of waiters.filter((w) => w.pattern.test(line))) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(line);
      }
    }
  });
  return {
    child,
    lines,
    waitFor: (pattern, timeoutMs = 90_000) =>
      new Promise((resolve, reject) => {
        const seen = lines.find((l) => pattern.test(l));
        if (seen) return resolve(seen);
        const timer = setTimeout(() => reject(new Error(`no line matching ${pattern} within ${timeoutMs} ms; lines:\n${lines.join('\n')}`)), timeoutMs);
        waiters.push({ pattern, resolve: (l) => (clearTimeout(timer), resolve(l)) });
      }),
  };
}

const exited = (child: ChildProcess) => new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));

/** Rows and distinct ids of a stream in the lake: its Parquet parts, read as any engine would (hive partitions). */
const inLake = (stream: string) =>
  withWarehouse(':memory:', async (db) => {
    const glob = join(dir.path, 'raw', 'hubspot', stream, '**', '*.parquet').replaceAll("'", "''");
    const [r] = await db.all(`select count(*) as n, count(distinct id) as ids, cast(min(extracted_date) as varchar) as day from read_parquet('${glob}', hive_partitioning = true)`);
    return { rows: Number(r!.n), ids: Number(r!.ids), partitioned: /^\d{4}-\d{2}-\d{2}$/.test(String(r!.day)) };
  });

/** Waits until the worker's log says it committed `n` batches of `stream` (the workspace log, debug level). */
async function batchesLanded(pid: number, stream: string, n: number): Promise<void> {
  const log = join(dir.path, 'logs', 'tributary.log');
  for (let waited = 0; waited < 60_000; waited += 50) {
    const lines = existsSync(log) ? readFileSync(log, 'utf8').split('\n') : [];
    const mine = lines.filter((l) => l.includes(`"worker":${pid}`) && l.includes(`"stream":"${stream}"`) && l.includes('"batch landed"'));
    if (mine.length >= n) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`worker ${pid} landed fewer than ${n} batches of ${stream} within a minute`);
}

/** Rows and distinct record ids landed for a stream (its landing file, read-only). */
const landed = (stream: string) =>
  withWarehouse(
    join(dir.path, 'raw', 'hubspot', stream, 'landing.duckdb'),
    async (wh) => {
      const [r] = await wh.all(`select count(*) as n, count(distinct id) as ids from raw.hubspot_${stream}`);
      return { rows: Number(r!.n), ids: Number(r!.ids) };
    },
    { readOnly: true },
  );

beforeAll(async () => {
  pg = await startTestPostgres();
  const url = await pg.database();
  fixtures = hubspotFixturesFromPopulation(generatePopulation({ seed: 5, people: 200, days: 7 }));
  mock = await startHubspotMock({ fixtures, accessToken: env.HUBSPOT_TOKEN });
  // Every page answered late: a stream lasts seconds, long enough to kill its worker inside it.
  mock.faults.inject({ kind: 'slow', delayMs: 120, times: Infinity });
  dir = tempDir('tributary-workers-');
  config = dir.file(
    'tributary.yml',
    `version: 1
control_plane: ${url}
log_level: debug
workers:
  claim_timeout_seconds: 3
sync:
  batch_size: 10
sources:
  hubspot:
    type: hubspot
    access_token: \${HUBSPOT_TOKEN}
    base_url: ${mock.url}
    page_size: 10
    search_requests_per_second: 50
`,
  );
}, 120_000);
afterAll(async () => {
  await mock?.close();
  await pg?.stop();
  dir?.remove();
});

describe('two workers, one killed mid-stream', () => {
  it('every record lands exactly once, the killed stream resumed by the other worker', async () => {
    const queued = await runCli(['enqueue', '--config', config, '--format', 'json'], { env });
    expect(queued.code, queued.stderr).toBe(0);
    expect((JSON.parse(queued.stdout) as { stream: string }[]).map((j) => j.stream).sort()).toEqual([...STREAMS].sort());

    const workers = [startWorker(), startWorker()];
    try {
      // The first worker to claim contacts dies a moment later, inside the stream.
      const claimed = await Promise.race(workers.map(async (w) => (await w.waitFor(/^hubspot\.contacts: claimed/), w)));
      await batchesLanded(claimed.child.pid!, 'contacts', 2);
      claimed.child.kill('SIGKILL');
      await exited(claimed.child);
      expect(claimed.lines.some((l) => /^hubspot\.contacts: success/.test(l)), claimed.lines.join('\n')).toBe(false);
      const atKill = await landed('contacts');
      const total = fixtures.objects.contacts.size;
      // Killed mid-stream: some batches were committed, not all.
      expect(atKill.rows).toBeGreaterThan(0);
      expect(atKill.rows).toBeLessThan(total);

      const survivor = workers.find((w) => w !== claimed)!;
      await survivor.waitFor(/^hubspot\.contacts: success/);
      for (const stream of STREAMS) await survivor.waitFor(new RegExp(`^hubspot\\.${stream}: success`)).catch(() => claimed.waitFor(new RegExp(`^hubspot\\.${stream}: success`), 1));
      // SIGTERM: an idle worker stops cleanly (and lets go of every landing file before they are read below).
      survivor.child.kill('SIGTERM');
      await exited(survivor.child);
      expect(survivor.child.exitCode, survivor.lines.join('\n')).toBe(0);
      await survivor.waitFor(/: stopping$/, 1);
      // No stream was read to the end twice: a job the queue handed out again after its claim
      // timeout (a slow worker, not a dead one) finds itself done and reads nothing.
      const all = workers.flatMap((w) => w.lines);
      for (const stream of STREAMS) expect(all.filter((l) => l.startsWith(`hubspot.${stream}: success`)), all.join('\n')).toHaveLength(1);

      // Each job is a run: the killed worker's shows abandoned, naming the run that resumed the stream.
      const runs = await runCli(['runs', '--config', config, '--format', 'json'], { env });
      expect(runs.code, runs.stderr).toBe(0);
      const byCommand = (command: string) => (JSON.parse(runs.stdout) as { run_id: string; command: string; status: string; error: string | null; streams: number }[]).filter((r) => r.command === command);
      const said = `${runs.stdout}\n${workers.flatMap((w) => w.lines).join('\n')}`;
      for (const stream of STREAMS) {
        // One run read the stream to the end; any other died with the killed worker (which may
        // have been reading a second stream still, past its claim timeout) and names the run that resumed it.
        const mine = byCommand(`worker hubspot.${stream}`);
        const success = mine.filter((r) => r.status === 'success');
        expect(success.map((r) => r.streams), said).toEqual([1]);
        for (const dead of mine.filter((r) => r.status !== 'success')) {
          expect(dead.status, said).toBe('abandoned');
          expect(dead.error, said).toMatch(/ended before its stream job finished .* run run_\S+ resumed the stream/);
        }
        if (stream === 'contacts') {
          expect(mine.filter((r) => r.status === 'abandoned').length, said).toBeGreaterThan(0);
          expect(survivor.lines.some((l) => l.startsWith('hubspot.contacts: claimed') && l.includes('marked abandoned')), said).toBe(true);
        }
      }

      const contacts = await landed('contacts');
      expect(contacts).toEqual({ rows: total, ids: total });
      expect(await landed('companies')).toEqual({ rows: fixtures.objects.companies.size, ids: fixtures.objects.companies.size });
      expect(await landed('deals')).toEqual({ rows: fixtures.objects.deals.size, ids: fixtures.objects.deals.size });
      // The lake holds each record once too, in day partitions.
      for (const [stream, n] of [['contacts', total], ['companies', fixtures.objects.companies.size], ['deals', fixtures.objects.deals.size]] as const) {
        expect(await inLake(stream)).toEqual({ rows: n, ids: n, partitioned: true });
      }
      // No secret in what the workers said.
      for (const w of workers) expect(w.lines.join('\n')).not.toContain(pg.password);
    } finally {
      for (const w of workers) w.child.kill('SIGTERM');
      await Promise.all(workers.map((w) => exited(w.child)));
    }
  }, 180_000);

  it('sync --build-only builds and publishes the models from what the workers landed, each record once however often it runs', async () => {
    const total = fixtures.objects.contacts.size;
    const built = await runCli(['sync', '--build-only', '--config', config], { env });
    expect(built.code, built.stderr).toBe(0);
    expect(built.stderr).toContain(`lake: ${total} new rows of hubspot.contacts into raw.hubspot_contacts`);
    const query = async (sql: string, ...flags: string[]) => {
      const r = await runCli(['query', '--config', config, '--format', 'json', ...flags, sql], { env });
      expect(r.code, r.stderr).toBe(0);
      return JSON.parse(r.stdout) as Record<string, unknown>[];
    };
    const raw = `select count(*) as n, count(distinct id) as ids from raw.hubspot_contacts`;
    expect(await query(raw, '--warehouse')).toEqual([{ n: total, ids: total }]);
    // Analysts get the models, governed as after a sync: no contact's email in the clear in analytics.duckdb.
    const emails = new Set([...fixtures.objects.contacts.values()].map((c) => c.properties.email?.toLowerCase()));
    const published = (await query(`select email from customers where email is not null`)).map((r) => String(r.email).toLowerCase());
    expect(published.length).toBeGreaterThan(0);
    expect(published.filter((e) => emails.has(e))).toEqual([]);
    // Again (in-process: a second build would cost the suite time and prove nothing more): nothing new in the lake, nothing imported twice.
    const loaded = loadConfig(config, { env });
    const again = await withWarehouse(loaded.warehousePath, (wh) => importLake({ wh, sources: loaded.sources, workspaceDir: loaded.dir, log: silentLogger() }));
    expect(again.map((i) => [i.stream, i.rows]).sort()).toEqual(STREAMS.map((s) => [s, 0]).sort());
    expect(await query(raw, '--warehouse')).toEqual([{ n: total, ids: total }]);
  }, 120_000);

  it('one claim per stream at a time, and a job marked done is done for every later claim of it', async () => {
    const url = await pg.database();
    const first = await claimStream(url, 'hubspot.forms', 'worker a');
    expect(first).toBeDefined();
    expect(await claimStream(url, 'hubspot.forms', 'worker b')).toBeUndefined();
    expect(await first!.alreadyDone('job-1')).toBe(false);
    await first!.markDone('job-1', 'hubspot.forms');
    await first!.markDone('job-1', 'hubspot.forms');
    await first!.release();
    // Two workers claiming different streams at once both create (or find) the done table.
    const [again, other] = await Promise.all([claimStream(url, 'hubspot.forms', 'worker b'), claimStream(url, 'hubspot.owners', 'worker c')]);
    try {
      expect(await again!.alreadyDone('job-1')).toBe(true);
      expect(await other!.alreadyDone('job-2')).toBe(false);
    } finally {
      await again?.release();
      await other?.release();
    }
  }, 60_000);

  it('a worker on a SQLite control plane is a config error (exit 2) saying workers need PostgreSQL', async () => {
    const other = tempDir('tributary-workers-sqlite-');
    try {
      const file = other.file('tributary.yml', `version: 1\nsources:\n  hubspot:\n    type: hubspot\n    access_token: \${HUBSPOT_TOKEN}\n    base_url: ${mock.url}\n`);
      const r = await runCli(['worker', '--config', file], { env, timeoutMs: 30_000 });
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(/PostgreSQL control plane/);
      expect(existsSync(join(other.path, 'raw'))).toBe(false);
      // So is a scheduler told to queue for workers, at start-up rather than at its first slot.
      const scheduled = other.file('scheduled.yml', `version: 1\nschedule:\n  cron: '0 2 * * *'\n  mode: workers\nsources:\n  hubspot:\n    type: hubspot\n    access_token: \${HUBSPOT_TOKEN}\n    base_url: ${mock.url}\n`);
      const s = await runCli(['schedule', '--config', scheduled], { env, timeoutMs: 30_000 });
      expect(s.code, s.stderr).toBe(2);
      expect(s.stderr).toMatch(/PostgreSQL control plane/);
    } finally {
      other.remove();
    }
  }, 60_000);

  it('schedule.mode: workers: a due slot queues its streams for the workers instead of syncing, once per slot', async () => {
    const url = await pg.database();
    const other = tempDir('tributary-workers-schedule-');
    try {
      const file = other.file(
        'tributary.yml',
        `version: 1\ncontrol_plane: ${url}\nschedule:\n  cron: '0 2 * * *'\n  mode: workers\nsources:\n  hubspot:\n    type: hubspot\n    access_token: \${HUBSPOT_TOKEN}\n    base_url: ${mock.url}\n`,
      );
      const first = await runCli(['schedule', '--once', '--config', file], { env, timeoutMs: 60_000 });
      expect(first.code, first.stderr).toBe(0);
      expect(first.stderr).toMatch(/queued 3 stream jobs for workers: hubspot \(slot \d{4}-\d\d-\d\dT02:00:00\.000Z\)/);
      // Nothing synced in the scheduler's process: the jobs wait in the queue for workers.
      expect(existsSync(join(other.path, 'warehouse.duckdb'))).toBe(false);
      const client = await connectPostgres(url);
      try {
        const { rows } = await client.query<{ stream: string }>(`select data->>'stream' as stream from tributary_queue.job where name = $1 and state = 'created' order by 1`, [STREAM_QUEUE]);
        expect(rows.map((r) => r.stream)).toEqual([...STREAMS].sort());
      } finally {
        await client.end();
      }
      const again = await runCli(['schedule', '--once', '--config', file], { env, timeoutMs: 60_000 });
      expect(again.code, again.stderr).toBe(0);
      expect(again.stderr).toContain('nothing due');
    } finally {
      other.remove();
    }
  }, 120_000);
});
