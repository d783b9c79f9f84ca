import { describe, expect, it } from 'vitest';
import { runStartupBench } from '../../bench/startup.js';

// A smoke test of the bench's shape and sanity, never of its speed: start-up times on a
// shared 2-core machine say nothing, so no assertion compares a time or a ratio with a target.
// dist/ is built by the global setup (tests/setup/build-dist.ts); building the demo is the slow part.
describe('bench/startup', () => {
  it('times the CLI and its baselines and reports both ratios', async () => {
    // A small demo: the shape is the same at any size, and the bench's default (300 people, 14 days) cost 20 s here.
    const result = await runStartupBench({ repeat: 2, people: 80, days: 7 });

    expect(result.bench).toBe('startup');
    expect(result.params).toMatchObject({ repeat: 2, warmup: 1, sql: expect.stringMatching(/^select count\(\*\) as n from /) });
    expect(result.params.demo.ms).toBeGreaterThan(0);
    // Both query commands read the same published database and must agree on the count.
    expect(result.params.demo.customers).toBeGreaterThan(0);
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
    // ~10 s when the machine is quiet (the demo is most of it); the margin is for a loaded one.
  }, 120_000);
});
