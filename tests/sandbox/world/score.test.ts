import { describe, expect, it } from 'vitest';
import { generatePopulation, identityKey, isScored, scoreIdentity, type TruthEntry } from '../../../sandbox/world/index.js';

const entry = (recordId: string, personId: string, reachableByEmail = true): TruthEntry => ({
  source: 'hubspot', kind: 'contacts', recordId, personId, reachableByEmail,
});
// p1: a b c, p2: d e, p3: f
const truth = [entry('a', 'p1'), entry('b', 'p1'), entry('c', 'p1'), entry('d', 'p2'), entry('e', 'p2'), entry('f', 'p3')];
const predict = (pairs: Record<string, string>): Map<string, string> =>
  new Map(Object.entries(pairs).map(([rec, customer]) => [`hubspot|contacts|${rec}`, customer]));

describe('scoreIdentity', () => {
  it('scores a perfect prediction 1/1', () => {
    const s = scoreIdentity(truth, predict({ a: 'x', b: 'x', c: 'x', d: 'y', e: 'y', f: 'z' }));
    expect(s).toEqual({ precision: 1, recall: 1, f1: 1, truePairs: 4, predictedPairs: 4, correctPairs: 4, records: 6 });
  });

  it('scores everything merged: full recall, low precision', () => {
    const s = scoreIdentity(truth, predict({ a: 'x', b: 'x', c: 'x', d: 'x', e: 'x', f: 'x' }));
    expect(s.recall).toBe(1);
    expect(s.predictedPairs).toBe(15);
    expect(s.precision).toBeCloseTo(4 / 15);
    expect(s.f1).toBeCloseTo((2 * (4 / 15)) / (4 / 15 + 1));
  });

  it('scores everything split: precision 1 by convention, recall 0, f1 0', () => {
    const s = scoreIdentity(truth, predict({ a: '1', b: '2', c: '3', d: '4', e: '5', f: '6' }));
    expect(s).toMatchObject({ precision: 1, recall: 0, f1: 0, predictedPairs: 0, truePairs: 4 });
  });

  it('counts a partial prediction pair by pair', () => {
    // {a,b} right, {c,d} wrong, e alone: 1 correct of 2 predicted, of 4 true.
    const s = scoreIdentity(truth, predict({ a: 'x', b: 'x', c: 'y', d: 'y', e: 'z', f: 'w' }));
    expect(s).toMatchObject({ precision: 0.5, recall: 0.25, correctPairs: 1, predictedPairs: 2, truePairs: 4 });
  });

  it('treats missing records as singletons and ignores unreachable and unknown ones', () => {
    const withUnreachable = [...truth, entry('g', 'p1', false)];
    const s = scoreIdentity(withUnreachable, predict({ a: 'x', b: 'x', g: 'x', zzz: 'x' }));
    expect(s.records).toBe(6);
    expect(s).toMatchObject({ predictedPairs: 1, correctPairs: 1, truePairs: 4, precision: 1, recall: 0.25 });
  });

  it('scores a record with only a valid phone, and counts a missed phone link against recall', () => {
    const withPhoneOnly = [...truth, { ...entry('g', 'p3', false), reachableByPhone: true }, { ...entry('h', 'p3', false), reachableByPhone: false }];
    const found = scoreIdentity(withPhoneOnly, predict({ a: 'x', b: 'x', c: 'x', d: 'y', e: 'y', f: 'z', g: 'z', h: 'z' }));
    expect(found).toMatchObject({ records: 7, truePairs: 5, correctPairs: 5, recall: 1 });
    const missed = scoreIdentity(withPhoneOnly, predict({ a: 'x', b: 'x', c: 'x', d: 'y', e: 'y', f: 'z', g: 'w' }));
    expect(missed).toMatchObject({ records: 7, truePairs: 5, correctPairs: 4, recall: 0.8, precision: 1 });
  });

  it('scores a generated population against its own truth as perfect', () => {
    const pop = generatePopulation({ seed: 3, people: 300, days: 14 });
    const s = scoreIdentity(pop.truth, new Map(pop.truth.map((t) => [identityKey(t), `c-${t.personId}`])));
    expect(s).toMatchObject({ precision: 1, recall: 1, f1: 1 });
    expect(s.records).toBe(pop.truth.filter(isScored).length);
    // phone-only CRM contacts take part too
    expect(pop.truth.some((t) => !t.reachableByEmail && t.reachableByPhone)).toBe(true);
  });

  // 1M records score in ~2 s of CPU outside vitest; 200k keeps this file fast on a shared
  // machine, and the one-giant-cluster case (2·10^10 pairs) would never finish by enumeration.
  it('counts pairs per cluster, never by enumerating them', () => {
    const n = 200_000;
    const big: TruthEntry[] = new Array(n);
    const grouped = new Map<string, string>();
    const merged = new Map<string, string>();
    for (let i = 0; i < n; i++) {
      big[i] = entry(String(i), `p${i >> 2}`); // clusters of 4
      grouped.set(`hubspot|contacts|${i}`, `c${i >> 3}`); // clusters of 8: every true pair found, 16 of 28 wrong
      merged.set(`hubspot|contacts|${i}`, 'everyone');
    }
    const s = scoreIdentity(big, grouped);
    expect(s.truePairs).toBe((n / 4) * 6);
    expect(s.predictedPairs).toBe((n / 8) * 28);
    expect(s.recall).toBe(1);
    expect(s.precision).toBeCloseTo(12 / 28);
    const all = scoreIdentity(big, merged);
    expect(all.predictedPairs).toBe((n * (n - 1)) / 2);
    expect(all.correctPairs).toBe(s.truePairs);
  });
});
