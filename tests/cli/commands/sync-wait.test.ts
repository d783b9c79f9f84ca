/**
 * Two `tributary sync` of one workspace started together, as two cron entries (or a
 * cron entry and an impatient operator) would: without --wait one runs and the other
 * exits 1 naming the run that holds the warehouse; with --wait the second waits, says
 * for whom, and runs once the first is done — both succeed, one after the other, and no
 * record lands twice. A wait that outlasts --wait-timeout exits 1 saying so.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acquireRunLock } from '../../../pipeline/warehouse/run-lock.js';
import { runCli, type CliResult } from '../../helpers/workspace.js';
import { startTestWorld, type TestWorld } from '../../helpers/world.js';
import { rawCounts, warehouseOf } from '../../pipeline/sync/helpers.js';

let tw: TestWorld;
let config: string;

beforeAll(async () => {
  tw = await startTestWorld({ people: 100, days: 7 });
  config = tw.writeConfig({ sources: ['hubspot'], hubspotPageSize: 20 });
  // Every request answered a little late: a sync lasts seconds, so two started together overlap.
  tw.world.mocks.hubspot.faults.inject({ kind: 'slow', delayMs: 20, times: Infinity });
}, 60_000);
afterAll(async () => {
  await tw?.close();
});

const sync = (...extra: string[]) => runCli(['sync', '--config', config, '--extract-only', ...extra], { env: tw.env });
const runIdOf = (r: CliResult) => /run (run_\w+) succeeded/.exec(r.stderr)?.[1];

describe('two syncs of one workspace started together', () => {
  it('without --wait: one runs, the other exits 1 naming the run that holds the lock', async () => {
    const [a, b] = await Promise.all([sync(), sync()]);
    const winner = [a, b].find((r) => r.code === 0);
    const loser = [a, b].find((r) => r.code !== 0);
    expect(winner, `${a.stderr}\n---\n${b.stderr}`).toBeDefined();
    expect(loser?.code, loser?.stderr).toBe(1);
    const holder = runIdOf(winner!);
    expect(loser!.stderr).toMatch(new RegExp(`another Tributary run \\(pid \\d+, sync, run ${holder}\\) is using .*warehouse\\.duckdb`));
    expect(loser!.stderr).not.toMatch(/\n\s+at /); // a message, not a stack trace
  }, 120_000);

  it('with --wait: the second waits for the first, both succeed one after the other, nothing lands twice', async () => {
    const before = await rawCounts(warehouseOf(config));
    const [a, b] = await Promise.all([sync('--wait'), sync('--wait')]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    const [first, second] = /waiting for/.test(a.stderr) ? [b, a] : [a, b];
    expect(second.stderr).toMatch(new RegExp(`waiting for pid \\d+, sync, run ${runIdOf(first)} to finish with .*warehouse\\.duckdb`));
    expect(first.stderr).not.toMatch(/waiting for/);

    const runs = await runCli(['runs', '--config', config, '--format', 'json', '--limit', '2'], { env: tw.env });
    const listed = JSON.parse(runs.stdout) as { run_id: string; status: string; started_at: string; duration_ms: number }[];
    const byId = new Map(listed.map((r) => [r.run_id, r]));
    const one = byId.get(runIdOf(first)!)!;
    const two = byId.get(runIdOf(second)!)!;
    expect([one.status, two.status]).toEqual(['success', 'success']);
    // One after the other: the waiting run began only when the first had finished.
    expect(Date.parse(two.started_at)).toBeGreaterThanOrEqual(Date.parse(one.started_at) + one.duration_ms);

    const after = await rawCounts(warehouseOf(config));
    for (const [table, c] of Object.entries(after)) expect(c.rows, table).toBe(c.distinct);
    // Both read the same unchanged source: the second run landed no new version of anything.
    expect(after).toEqual(before);
  }, 120_000);

  it('with --wait, a holder that outlasts --wait-timeout: exit 1 saying who still holds it', async () => {
    const lock = acquireRunLock(join(tw.dir.path, 'warehouse.duckdb'), 'forget');
    try {
      const r = await sync('--wait', '--wait-timeout', '1');
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/waiting for pid \d+, forget to finish/);
      expect(r.stderr).toMatch(/error: gave up after waiting 1 s for the run lock of .*warehouse\.duckdb: another Tributary run \(pid \d+, forget\) still holds it/);
      expect(r.stderr).toMatch(/hint: nothing was started/);
    } finally {
      lock.release();
    }
    const bad = await sync('--wait', '--wait-timeout', 'soon');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--wait-timeout must be a number of seconds/);
  }, 60_000);
});
