/**
 * Kill-anywhere crash safety: a sync killed with SIGKILL in the middle of extraction,
 * then run again, ends with exactly the raw rows of a sync that was never interrupted —
 * nothing lost, nothing duplicated — and the killed run is reported as abandoned.
 */
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, runCli, tempDir, type TempDir } from '../../helpers/workspace.js';
import { startTestWorld, type TestWorld } from '../../helpers/world.js';
import { rawCounts, warehouseOf } from './helpers.js';

let tw: TestWorld;
let refDir: TempDir;
beforeAll(async () => {
  tw = await startTestWorld({ people: 300 });
  refDir = tempDir();
});
afterAll(async () => {
  await tw?.close();
  refDir?.remove();
});

async function waitFor(predicate: () => boolean, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('a sync killed with SIGKILL mid-extraction', () => {
  it('re-run lands every record exactly once and marks the killed run abandoned', async () => {
    const refConfig = tw.writeConfig({ folder: refDir.path, hubspotPageSize: 10, sources: ['hubspot', 'web'], batchSize: 20 });
    const ref = await runCli(['sync', '--config', refConfig, '--extract-only'], { env: tw.env });
    expect(ref.code, ref.stderr).toBe(0);
    const expected = await rawCounts(warehouseOf(refConfig));
    expect(expected.hubspot_contacts!.rows).toBeGreaterThan(50);

    const config = tw.writeConfig({ hubspotPageSize: 10, sources: ['hubspot', 'web'], batchSize: 20 });
    const hubspot = tw.world.mocks.hubspot;
    hubspot.faults.inject({ kind: 'slow', delayMs: 60, times: Infinity });
    const before = hubspot.count('/search');
    const child = spawn(process.execPath, [BIN, 'sync', '--config', config, '--extract-only'], {
      env: { ...process.env, ...tw.env },
      stdio: 'ignore',
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    // Several contact pages are committed by now, and one is in flight.
    await waitFor(() => hubspot.count('/search') - before >= 6, 60_000);
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    hubspot.faults.clear();

    const partial = await rawCounts(warehouseOf(config));
    expect(partial.hubspot_contacts!.rows).toBeGreaterThan(0);
    expect(partial.hubspot_contacts!.rows).toBeLessThan(expected.hubspot_contacts!.rows);

    const rerun = await runCli(['sync', '--config', config, '--extract-only'], { env: tw.env });
    expect(rerun.code, rerun.stderr).toBe(0);
    const after = await rawCounts(warehouseOf(config));
    expect(after).toEqual(expected);
    for (const { rows, distinct } of Object.values(after)) expect(rows).toBe(distinct);

    const runs = await runCli(['runs', '--config', config, '--format', 'json']);
    const statuses = (JSON.parse(runs.stdout) as { status: string }[]).map((r) => r.status);
    expect(statuses).toEqual(['success', 'abandoned']);
  });
});
