import { describe, expect, it } from 'vitest';
import { runIdentityProbabilisticBench } from '../../bench/identity-probabilistic.js';
import { generatePersonRecords } from '../../bench/lib/person-records.js';

// Shape and sanity only, at toy size: no assertion compares one time with another.
describe('bench/identity-probabilistic', () => {
  it('generates person records with duplicates, deterministically for a seed', () => {
    const a = generatePersonRecords({ records: 500, seed: 3 });
    expect(a.length).toBeGreaterThanOrEqual(500);
    expect(a.length).toBeLessThan(503); // stops after the person that reaches the count
    expect(generatePersonRecords({ records: 500, seed: 3 })).toEqual(a);
    const people = new Set(a.map((r) => r.cluster)).size;
    expect(people).toBeLessThan(a.length); // some people have several records
    expect(new Set(a.map((r) => r.recordId)).size).toBe(a.length);
  });

  it('times the deterministic and the probabilistic build of the same records and scores both', async () => {
    const lines: string[] = [];
    const result = await runIdentityProbabilisticBench({ records: 2000, progress: (l) => lines.push(l) });
    expect(result.bench).toBe('identity-probabilistic');
    expect(result.records).toBeGreaterThanOrEqual(2000);
    expect(lines.some((l) => l.includes('probabilistic build'))).toBe(true);

    const names = result.probabilistic.models.map((m) => m.name);
    const stage = ['int_identity__features', 'int_identity__candidate_pairs', 'int_identity__comparisons', 'int_identity__match_parameters', 'int_identity__scored_pairs'];
    expect(result.probabilistic.probabilisticModels).toEqual(expect.arrayContaining(stage));
    expect(result.probabilistic.probabilisticModels).not.toContain('int_identity__nodes');
    for (const m of stage) expect(names).toContain(m);
    expect(result.probabilistic.probabilisticStageMs).toBeGreaterThan(0);
    expect(result.deterministic.ms).toBeGreaterThan(0);
    expect(result.ratio).toBeGreaterThan(0);

    // probabilistic matching links what the rules cannot, without losing precision
    expect(result.deterministic.precision).toBeGreaterThan(0.95);
    expect(result.probabilistic.precision).toBeGreaterThan(0.95);
    expect(result.probabilistic.recall).toBeGreaterThan(result.deterministic.recall);
    expect(result.probabilistic.comparisons).toBeGreaterThan(0);
    expect(result.probabilistic.comparisonsPerRecord).toBeLessThan(10);
    expect(result.probabilistic.blockingRecall).toBeGreaterThan(0.5);
    expect(result.probabilistic.peakRssKiB).toBeGreaterThanOrEqual(result.setup.peakRssKiBAfterLanding);
    expect(result.meetsTarget).toBe(false); // 2000 records is not the target's million
  }, 90_000);
});
