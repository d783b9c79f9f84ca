/**
 * The synthetic world behind the demo, the vendor mocks and the benchmarks.
 *
 * @example
 * ```ts
 * import { generatePopulation, applyDailyChanges, scoreIdentity } from './index.js';
 * const pop = generatePopulation({ seed: 42 });          // deterministic
 * applyDailyChanges(pop, { seed: 1, at: '2026-11-02' }); // one day later, in place
 * scoreIdentity(pop.truth, predictedByKey);              // pairwise precision / recall
 * ```
 */
export type * from './types.js';
export { generatePopulation, DEFAULT_POPULATION_OPTIONS } from './generate.js';
export { applyDailyChanges, type ChangeSummary, type DailyChangeOptions } from './changes.js';
export { scoreIdentity, identityKey, isScored, type IdentityScore } from './score.js';
export { mailchimpMemberId, memberRecordId } from './mailchimp.js';
export { META_ACCOUNT_ID } from './meta.js';
export { SITE as WEB_SITE_URL } from './web.js';
export { canonicalEmail, canonicalPhone } from './messy.js';
export { Rng } from './random.js';
