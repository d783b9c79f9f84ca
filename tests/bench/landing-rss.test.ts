import { describe, expect, it } from 'vitest';
import { runLandingRssBench } from '../../bench/landing-rss.js';

// Shape and sanity only: a toy sync, its peak RSS read from /usr/bin/time, never compared with a time.
describe('bench/landing-rss', () => {
  it('syncs every event through the CLI and reports its peak RSS beside read_json’s', async () => {
    const result = await runLandingRssBench({ events: 3000, files: 2, sample: 1000 });
    expect(result.bench).toBe('landing-rss');
    expect(result.ours.exitCode).toBe(0);
    expect(result.ours.rowsLanded).toBe(3000);
    expect(result.baseline.rowsLoaded).toBe(3000);
    for (const side of [result.ours, result.baseline]) {
      expect(side.peakRssMiB).toBeGreaterThan(10);
      expect(side.rowsPerSec).toBeGreaterThan(0);
    }
    // 3,000 events are not the 10 million the target is about.
    expect(result.meetsTarget).toBe(false);
  }, 120_000);
});
