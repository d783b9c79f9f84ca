/**
 * The PII classifier's measured quality on the in-repo labelled set (bench/pii-eval/)
 * may not drop: at the publish threshold it scored precision 1.00 and recall 1.00 over
 * 133 personal columns of 326 (the one person_id column aside: the classifier never acts on that tag).
 * Also the bench's shape, so `npm run bench` keeps reporting it.
 */
import { describe, expect, it } from 'vitest';
import { BLIND_SET, DEV_SET, IN_REPO_SET, scoreSet } from '../../bench/pii-classifier.js';

/** Measured floors (bench/README.md): any regression on the labelled set fails here. */
const FLOOR = { precision: 1, recall: 1 };
/**
 * bench/pii-blind (committed at 808dad8 before the classifier saw it; blind score 0.969 / 0.789,
 * 0.969 / 0.836 with the city convention): held at the level measured after the fixes its
 * misses led to, which is no longer a blind figure.
 */
const BLIND_FLOOR = { precision: 0.993, recall: 0.967 };

describe('bench/pii-classifier', () => {
  it('keeps overall precision and recall on the labelled set at the measured floor', async () => {
    const score = await scoreSet(IN_REPO_SET);
    expect(score.tables).toBeGreaterThanOrEqual(20);
    expect(score.columns).toBeGreaterThanOrEqual(300);
    expect(score.errors, JSON.stringify(score.errors, null, 2)).toEqual([]);
    expect(score.overall.precision).toBeGreaterThanOrEqual(FLOOR.precision);
    expect(score.overall.recall).toBeGreaterThanOrEqual(FLOOR.recall);
    // Every tag with columns in the set is scored.
    expect(score.perTag.map((t) => t.tag)).toEqual(expect.arrayContaining(['email', 'phone', 'name', 'address', 'card_number', 'bank_account', 'government_id', 'date_of_birth', 'age', 'gender', 'precise_location']));
  }, 120_000);

  it('keeps the development set (bench/pii-dev, sixteen other countries) without a wrong column', async () => {
    const score = await scoreSet(DEV_SET);
    expect(score.tables).toBeGreaterThanOrEqual(15);
    expect(score.columns).toBeGreaterThanOrEqual(200);
    expect(score.errors, JSON.stringify(score.errors, null, 2)).toEqual([]);
  }, 120_000);

  it('keeps the blind set (bench/pii-blind, 20 exports from 16 countries) at its measured floor', async () => {
    const score = await scoreSet(BLIND_SET);
    expect(score.tables).toBe(20);
    expect(score.columns).toBe(339);
    expect(score.overall.precision, JSON.stringify(score.errors, null, 2)).toBeGreaterThanOrEqual(BLIND_FLOOR.precision);
    expect(score.overall.recall, JSON.stringify(score.errors, null, 2)).toBeGreaterThanOrEqual(BLIND_FLOOR.recall);
  }, 120_000);
});
