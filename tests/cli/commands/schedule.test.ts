/**
 * `tributary schedule` the way operations runs it:
 *
 * - `--once` (from cron or a systemd timer) syncs the source whose slot is due and leaves
 *   the one whose slot a sync already served;
 * - after downtime (the state says the last slot run was five nights ago) it catches up
 *   ONCE — one run, not five — and the next `--once` finds nothing due;
 * - SIGTERM to a long-running `tributary schedule` in the middle of a sync: the run
 *   stops after its batch, the process exits 0, and the next sync leaves raw exactly as
 *   an uninterrupted extraction of the same source does — nothing lost, nothing twice.
 */
import { spawn } from 'node:child_process';
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { withWarehouse } from '../../../pipeline/warehouse/warehouse.js';
import { BIN, REPO_ROOT, runCli, tempDir, type TempDir } from '../../helpers/workspace.js';
import { startTestWorld, type TestWorld } from '../../helpers/world.js';

const cleanup: (() => unknown)[] = [];
afterAll(async () => {
  for (const c of cleanup.reverse()) await c();
});

const runIds = async (config: string) =>
  (JSON.parse((await runCli(['runs', '--config', config, '--format', 'json'])).stdout) as { run_id: string; command: string; status: string; streams: number; error: string | null }[]);

describe('tributary schedule --once', () => {
  let dir: TempDir;
  let config: string;

  it('syncs the source whose slot is due and leaves the one a sync already served', async () => {
    dir = tempDir();
    cleanup.push(() => dir.remove());
    mkdirSync(join(dir.path, 'events'));
    writeFileSync(join(dir.path, 'events', 'day1.jsonl'), `${JSON.stringify({ type: 'page', messageId: 'm1', anonymousId: 'a1', timestamp: '2026-11-30T10:00:00Z', properties: { url: 'https://example.com/' } })}\n`);
    mkdirSync(join(dir.path, 'drops'));
    writeFileSync(join(dir.path, 'drops', 'leads.csv'), 'id,score\n1,5\n');
    // A small models project of its own: the scheduler is under test here, not the marts.
    mkdirSync(join(dir.path, 'models', 'models'), { recursive: true });
    writeFileSync(join(dir.path, 'models', 'dbt_project.yml'), `name: tiny\nversion: '1.0.0'\nconfig-version: 2\nprofile: tiny\nmodels:\n  tiny:\n    +materialized: table\n    +meta: { publish: true }\n`);
    writeFileSync(join(dir.path, 'models', 'models', '_sources.yml'), `version: 2\nsources:\n  - name: raw\n    schema: raw\n    tables:\n      - name: web_events\n`);
    writeFileSync(join(dir.path, 'models', 'models', 'event_count.sql'), `select count(*) as events from {{ source('raw', 'web_events') }}\n`);
    // The nightly slot twelve hours from the current hour: its latest slot is half a day
    // old and the next half a day away, so no slot passes while the test runs.
    const hour = (new Date().getUTCHours() + 12) % 24;
    config = dir.file(
      'tributary.yml',
      `version: 1
models: models
schedule:
  cron: '0 ${hour} * * *'
  timezone: UTC
sources:
  web:
    type: web-events
    path: events
  agency:
    type: files
    schedule: '0 0 1 1 *'            # once a year, on 1 January
    tables:
      leads: { path: drops/leads.csv, columns: { id: integer, score: integer } }
`,
    );
    const manual = await runCli(['sync', '--config', config, '--source', 'agency', '--extract-only']);
    expect(manual.code, manual.stderr).toBe(0);

    const r = await runCli(['schedule', '--config', config, '--once']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^\S+Z start run run_\w+: web \(slot \d{4}-\d\d-\d\dT\d\d:00:00\.000Z\)$/m);
    expect(r.stderr).not.toMatch(/start run .*agency/);
    expect(r.stderr).toMatch(/run run_\w+ success/);
    const [latest] = await runIds(config);
    expect(latest).toMatchObject({ command: 'schedule', status: 'success', streams: 1 });
  }, 60_000);

  it('after five missed nights, catches up with one run, and the next --once finds nothing due', async () => {
    const stateFile = join(dir.path, 'tributary.state.json');
    const state = JSON.parse(readFileSync(stateFile, 'utf8')) as { slots: Record<string, string> };
    // The scheduler was down: the last slot it ran for web is five nights before the latest.
    state.slots.web = new Date(Date.parse(state.slots.web!) - 5 * 86_400_000).toISOString();
    writeFileSync(stateFile, JSON.stringify(state));
    const before = (await runIds(config)).length;

    const caughtUp = await runCli(['schedule', '--config', config, '--once']);
    expect(caughtUp.code, caughtUp.stderr).toBe(0);
    expect(caughtUp.stderr).toMatch(/start run run_\w+: web \(slot [^,]+, catching up 5 missed slots with one run\)/);
    expect(caughtUp.stderr.match(/start run/g)).toHaveLength(1);
    expect(await runIds(config)).toHaveLength(before + 1);

    const again = await runCli(['schedule', '--config', config, '--once']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/^nothing due$/m);
    expect(await runIds(config)).toHaveLength(before + 1);
  }, 60_000);
});

describe('tributary schedule, stopped by SIGTERM in the middle of a sync', () => {
  let tw: TestWorld;

  it('lets the run stop after its batch, exits 0, and the next sync loses and duplicates nothing', async () => {
    tw = await startTestWorld({ people: 100, days: 7 });
    cleanup.push(() => tw.close());
    const reference = tempDir();
    cleanup.push(() => reference.remove());
    const refConfig = tw.writeConfig({ folder: reference.path, sources: ['hubspot'], hubspotPageSize: 10, batchSize: 20 });
    const config = tw.writeConfig({ sources: ['hubspot'], hubspotPageSize: 10, batchSize: 20 });
    appendFileSync(config, `schedule:\n  cron: '* * * * *'\n`);
    tw.world.mocks.hubspot.faults.inject({ kind: 'slow', delayMs: 300, times: Infinity });

    const child = spawn(process.execPath, [BIN, 'schedule', '--config', config], { cwd: REPO_ROOT, env: { ...process.env, ...tw.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += String(d)));
    child.stdout.resume();
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => child.on('close', (code, signal) => r({ code, signal })));
    const killer = setTimeout(() => child.kill('SIGKILL'), 90_000);
    try {
      // Mid-sync: the run has started extracting (pages of 10 answered 300 ms late: seconds per stream).
      await until(() => /start run run_\w+: hubspot[\s\S]*extract \(1 source\)/.test(stderr), 60_000, () => stderr);
      await new Promise((r) => setTimeout(r, 1000));
      expect(stderr).not.toMatch(/run run_\w+ success/);
      child.kill('SIGTERM');
      const { code, signal } = await exited;
      expect({ code, signal }, stderr).toEqual({ code: 0, signal: null });
    } finally {
      clearTimeout(killer);
    }
    expect(stderr).toMatch(/SIGTERM: stopping/);
    expect(stderr).toMatch(/^scheduler stopped$/m);
    const [interrupted] = await runIds(config);
    expect(interrupted).toMatchObject({ command: 'schedule', status: 'failed', error: expect.stringMatching(/interrupted/) });

    tw.world.mocks.hubspot.faults.clear();
    const [next, ref] = await Promise.all([
      runCli(['sync', '--config', config, '--extract-only'], { env: tw.env }),
      runCli(['sync', '--config', refConfig, '--extract-only'], { env: tw.env }),
    ]);
    expect(next.code, next.stderr).toBe(0);
    expect(ref.code, ref.stderr).toBe(0);
    const ours = await recordHashes(join(tw.dir.path, 'warehouse.duckdb'));
    const theirs = await recordHashes(join(reference.path, 'warehouse.duckdb'));
    for (const [table, h] of Object.entries(ours)) expect(h.rows, `${table}: a record landed twice`).toBe(h.hashes.length);
    expect(Object.fromEntries(Object.entries(ours).map(([t, h]) => [t, h.hashes]))).toEqual(Object.fromEntries(Object.entries(theirs).map(([t, h]) => [t, h.hashes])));
  }, 150_000);
});

async function until(condition: () => boolean, timeoutMs: number, describe: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting; output so far:\n${describe()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Per raw table: its row count and its sorted record hashes (what a source record is, whichever run landed it). */
async function recordHashes(warehouse: string): Promise<Record<string, { rows: number; hashes: string[] }>> {
  return withWarehouse(
    warehouse,
    async (wh) => {
      const out: Record<string, { rows: number; hashes: string[] }> = {};
      for (const t of await wh.all(`select table_name from information_schema.tables where table_schema = 'raw' order by table_name`)) {
        const name = String(t.table_name);
        const rows = await wh.all(`select _record_hash as h from raw."${name.replaceAll('"', '""')}" order by 1`);
        out[name] = { rows: rows.length, hashes: [...new Set(rows.map((r) => String(r.h)))] };
      }
      return out;
    },
    { readOnly: true },
  );
}
