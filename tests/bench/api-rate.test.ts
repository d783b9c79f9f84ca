import { beforeAll, describe, expect, it } from 'vitest';
import { runApiRateBench, type ApiRateResult } from '../../bench/api-rate.js';

// Shape and sanity only: no assertion on how fast anything was.
describe('bench/api-rate', () => {
  let result: ApiRateResult;
  beforeAll(async () => {
    result = await runApiRateBench({ requests: 10, perMs: 500, durationMs: 1000 });
  });

  it('reports both phases, within what the server can grant, and the baseline hitting the limit', () => {
    expect(result.bench).toBe('api-rate');
    expect(result.params).toMatchObject({ requests: 10, perMs: 500, durationMs: 1000, windows: 2, allowedPerSec: 20 });
    const { ours, baseline } = result;
    expect(ours.budget).toBe(true);
    expect(baseline.budget).toBe(false);
    for (const phase of [ours, baseline]) {
      expect(phase.succeeded).toBeGreaterThan(0);
      // The server grants at most windows × requests in the duration.
      expect(phase.succeeded).toBeLessThanOrEqual(2 * 10);
      expect(phase.rateLimited429).toBe(phase.server429);
      expect(phase.failedRequests).toBe(0);
    }
    // Without a budget the client bursts past the limit and is told so.
    expect(baseline.server429).toBeGreaterThan(0);
  });

  // The budget dates each slot again when its request settles (the server has counted it
  // by then), so the client's window never runs ahead of the server's.
  it('gets zero 429s with the budget', () => {
    expect(result.ours.server429).toBe(0);
  });
});
