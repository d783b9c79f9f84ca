// The identity models on the labelled evaluation set (bench/identity-eval/labelled.csv),
// resolved exactly as bench/identity-quality.ts does: deterministic rules alone, then
// with probabilistic matching. Fails when precision drops below 0.99 or recall below
// the floor last measured (0.714 at the default threshold; 0.685 before house numbers
// and email digits were compared apart; deterministic-only 0.435), or when blocking
// stops proposing the true pairs (pair completeness 0.909).
import { afterAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { defaultWorkDir, loadLabelled, pairwiseScore, resolveThroughModels } from '../../bench/lib/identity-eval.js';

const workDir = defaultWorkDir();
afterAll(() => fs.rmSync(workDir, { recursive: true, force: true }));

describe('identity quality on the labelled set', () => {
  it('links far more true pairs than the deterministic rules, at precision ≥ 0.99', async () => {
    const records = await loadLabelled();
    const deterministic = pairwiseScore(records, (await resolveThroughModels(records, { workDir, vars: { identity_probabilistic: false } })).predicted);
    const run = await resolveThroughModels(records, { workDir });
    const probabilistic = pairwiseScore(records, run.predicted);
    expect(probabilistic.precision).toBeGreaterThanOrEqual(0.99);
    expect(probabilistic.recall).toBeGreaterThanOrEqual(0.71);
    expect(probabilistic.recall - deterministic.recall).toBeGreaterThan(0.2);
    // blocking keeps the comparisons near-linear: a few per record, not n²/2
    expect(run.comparisons).toBeGreaterThan(0);
    expect(run.comparisons).toBeLessThan(records.length * 10);
    // pair completeness: a true pair blocking never proposes can never be linked
    expect(run.blockingRecall).toBeGreaterThanOrEqual(0.9);
  }, 120_000);
});
