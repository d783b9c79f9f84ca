import { describe, expect, it } from 'vitest';
import { runLandingBench } from '../../bench/landing.js';

// A smoke test of the bench's shape and sanity, never of its speed: timings on a shared
// 2-core machine say nothing, so no assertion here compares one time with another.
describe('bench/landing', () => {
  it('lands every generated event on both paths and reports a complete breakdown', async () => {
    const result = await runLandingBench({ rows: 500, repeat: 1 });

    expect(result.bench).toBe('landing');
    expect(result.params).toMatchObject({ rows: 500, repeat: 1, batchSize: 1000 });
    expect(result.params.ndjsonBytes).toBeGreaterThan(0);
    expect(result.ours.rowsLanded).toBe(500);
    expect(result.baseline.rowsLoaded).toBe(500);
    expect(result.runs).toHaveLength(1);

    for (const side of [result.ours, result.baseline]) {
      expect(side.ms).toBeGreaterThan(0);
      expect(side.rowsPerSec).toBeGreaterThan(0);
    }
    expect(result.timeRatio).toBeGreaterThan(0);
    expect(typeof result.meetsTarget).toBe('boolean');

    const b = result.breakdown;
    for (const v of [b.openMs, b.validateMs, b.landMs, b.flattenHashMs, b.duckdbMs, b.checkpointMs, b.parseMs, b.otherMs, b.stageTextMs, b.stageFileMs]) {
      expect(Number.isFinite(v) && v >= 0).toBe(true);
    }
    // Every batch is one transaction with its cursor: those statements must have been seen.
    expect(Object.keys(b.landSqlMs)).toEqual(expect.arrayContaining(['begin', 'commit', 'insert raw (cast, distinct, anti-join on maybe-landed hashes)', 'write cursor']));
    expect(result.memory.peakRssKiBEnd).toBeGreaterThan(0);
    expect(result.memory.peakRssKiBEnd).toBeGreaterThanOrEqual(result.memory.peakRssKiBAfterGenerate);
  });

  it('lands the events in batches of the requested size', async () => {
    const result = await runLandingBench({ rows: 300, batchSize: 100 });
    expect(result.ours.rowsLanded).toBe(300);
    expect(result.params.batchSize).toBe(100);
  });
});
