import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runStartupBench } from '../../bench/startup.js';
import { demoWorkspace } from '../helpers/demo-workspace.js';
import { runCli, tempDir } from '../helpers/workspace.js';

const dir = tempDir('tributary-bench-startup-test-');
afterAll(() => dir.remove());

// A smoke test of the bench's shape and sanity, never of its speed: start-up times on a
// shared 2-core machine say nothing, so no assertion compares a time or a ratio with a target.
// dist/ is built by the global setup (tests/setup/build-dist.ts); building a demo is the slow part,
// so the bench reads the test run's shared demo workspace (the shape is the same at any size).
describe('bench/startup', () => {
  it('times the CLI and its baselines and reports both ratios', async () => {
    const ws = (await demoWorkspace(join(dir.path, 'demo'))).dir;
    const result = await runStartupBench({ repeat: 2, workspace: ws });

    expect(result.bench).toBe('startup');
    expect(result.params).toMatchObject({ repeat: 2, warmup: 1, sql: expect.stringMatching(/^select count\(\*\) as n from /) });
    expect(result.params.demo).toMatchObject({ command: `(given) ${ws}`, ms: 0 });
    // Both query commands read the same published database and must agree on the count, the one a user's query gives.
    expect(result.params.demo.customers).toBeGreaterThan(0);
    const counted = await runCli(['query', '--config', join(ws, 'tributary.yml'), '--format', 'json', 'select count(*) as n from customers']);
    expect(counted.code, counted.stderr).toBe(0);
    expect(Number((JSON.parse(counted.stdout) as { n: unknown }[])[0]!.n)).toBe(result.params.demo.customers);
    expect(typeof result.params.distMayBeStale).toBe('boolean');
    expect(result.runs).toHaveLength(2);

    for (const [name, c] of Object.entries(result.cases)) {
      for (const side of [c.ours, c.baseline]) {
        expect(side.command, name).toEqual(expect.any(String));
        expect(side.medianMs, name).toBeGreaterThan(0);
        expect(side.minMs, name).toBeGreaterThan(0);
        expect(side.minMs, name).toBeLessThanOrEqual(side.medianMs);
        expect(side.medianMs, name).toBeLessThanOrEqual(side.maxMs);
      }
      expect(Number.isFinite(c.ratio) && c.ratio > 0, name).toBe(true);
      expect(typeof c.meetsTarget, name).toBe('boolean');
    }
    expect(result.cases.helpVsNode.targetRatio).toBe(3);
    expect(result.cases.queryVsBareDuckdb.targetRatio).toBe(2);
    expect(result.helpVsNode).toBe(result.cases.helpVsNode.ratio);
    expect(result.queryVsBareDuckdb).toBe(result.cases.queryVsBareDuckdb.ratio);
    expect(result.meetsTarget).toBe(result.cases.helpVsNode.meetsTarget && result.cases.queryVsBareDuckdb.meetsTarget);
    for (const run of result.runs) {
      for (const ms of [run.nodeMs, run.helpMs, run.bareDuckdbMs, run.queryMs]) expect(ms).toBeGreaterThan(0);
    }
    // A few seconds when the machine is quiet, once the shared demo is made (this file may be
    // the one that makes it, or wait for it: demo-workspace.ts waits up to 240 s).
  }, 300_000);
});
