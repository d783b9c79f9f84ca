/**
 * Scores identity stitching against the generator's ground truth with pairwise
 * precision and recall, counted per cluster (n·(n−1)/2) so a million records cost a
 * few Map lookups each, never an enumeration of pairs.
 */
import type { TruthEntry } from './types.js';

/** Pairwise identity-resolution quality. */
export interface IdentityScore {
  /** correctPairs / predictedPairs (1 when nothing was merged). */
  readonly precision: number;
  /** correctPairs / truePairs (1 when the truth has no pairs). */
  readonly recall: number;
  /** Harmonic mean of precision and recall (0 when both are 0). */
  readonly f1: number;
  /** Record pairs that belong to the same person according to the truth. */
  readonly truePairs: number;
  /** Record pairs the prediction put in the same customer. */
  readonly predictedPairs: number;
  /** Record pairs that are both: same person and same predicted customer. */
  readonly correctPairs: number;
  /** Truth entries scored (those `isScored` keeps: reachable by an email or a phone). */
  readonly records: number;
}

/** The key `predicted` is looked up by: `${source}|${kind}|${recordId}`. */
export function identityKey(entry: Pick<TruthEntry, 'source' | 'kind' | 'recordId'>): string {
  return `${entry.source}|${entry.kind}|${entry.recordId}`;
}

const pairs = (n: number): number => (n * (n - 1)) / 2;

/**
 * Whether a truth entry takes part in scoring: it carries an identifier a resolver can
 * match on (an email, or a valid phone). Anonymous browsers never identified carry
 * neither and are not expected to be resolved.
 */
export function isScored(entry: Pick<TruthEntry, 'reachableByEmail' | 'reachableByPhone'>): boolean {
  return entry.reachableByEmail || entry.reachableByPhone === true;
}

/**
 * Pairwise precision/recall of `predicted` against `truth`.
 *
 * Scored records are the truth entries `isScored` keeps (records with neither an email
 * nor a valid phone are not expected to be resolvable). A phone-only record whose
 * person's other records lack that number counts against recall: the score says what
 * a resolver missed, not what it could have known. A scored record that is MISSING
 * from `predicted` counts as a singleton: its own customer, merged with nothing — it
 * lowers recall, never precision. Keys of `predicted` that match no scored entry are
 * ignored. Truth entries are assumed unique by key, as `generatePopulation` makes them
 * (checking costs a million-entry Set; a duplicate would count as a second record).
 *
 * @example
 * ```ts
 * const truth = [
 *   { source: 'hubspot', kind: 'contacts', recordId: '1', personId: 'p1', reachableByEmail: true },
 *   { source: 'mailchimp', kind: 'members', recordId: 'l:abc', personId: 'p1', reachableByEmail: true },
 * ] as const;
 * scoreIdentity(truth, new Map([['hubspot|contacts|1', 'c1'], ['mailchimp|members|l:abc', 'c1']]));
 * // → { precision: 1, recall: 1, f1: 1, truePairs: 1, predictedPairs: 1, correctPairs: 1, records: 2 }
 * ```
 */
export function scoreIdentity(truth: readonly TruthEntry[], predicted: ReadonlyMap<string, string>): IdentityScore {
  // Persons and customers are interned to small integers so the cross-tab (person ×
  // customer) is keyed by a number, not by a concatenated string per record.
  let records = 0;
  const personIndex = new Map<string, number>();
  const personSizes: number[] = [];
  const customerIndex = new Map<string, number>();
  const customerSizes: number[] = [];
  const cellSizes = new Map<number, number>();
  for (const entry of truth) {
    if (!isScored(entry)) continue;
    records++;
    let p = personIndex.get(entry.personId);
    if (p === undefined) {
      p = personSizes.length;
      personIndex.set(entry.personId, p);
      personSizes.push(0);
    }
    personSizes[p]!++;
    const customer = predicted.get(identityKey(entry));
    if (customer === undefined) continue; // singleton: contributes no predicted pairs
    let c = customerIndex.get(customer);
    if (c === undefined) {
      c = customerSizes.length;
      customerIndex.set(customer, c);
      customerSizes.push(0);
    }
    customerSizes[c]!++;
    // p, c < 2^26 for any realistic input, so p * 2^26 + c stays an exact integer.
    const cell = p * 67_108_864 + c;
    cellSizes.set(cell, (cellSizes.get(cell) ?? 0) + 1);
  }
  let truePairs = 0;
  let predictedPairs = 0;
  let correctPairs = 0;
  for (const n of personSizes) truePairs += pairs(n);
  for (const n of customerSizes) predictedPairs += pairs(n);
  for (const n of cellSizes.values()) correctPairs += pairs(n);
  const precision = predictedPairs === 0 ? 1 : correctPairs / predictedPairs;
  const recall = truePairs === 0 ? 1 : correctPairs / truePairs;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1, truePairs, predictedPairs, correctPairs, records };
}
