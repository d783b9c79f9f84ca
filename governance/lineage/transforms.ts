/**
 * How functions transform their inputs, and how transforms compose. Everything not
 * listed is an `expression`: unknown functions keep PII tags, which is the safe side.
 */
import type { ColumnSource, Transform } from './types.js';

const RANK: Record<Transform, number> = { identity: 0, expression: 1, hash: 2, aggregate: 3 };

/** The stronger of two transforms: composing along a path keeps the strongest step. */
export function stronger(a: Transform, b: Transform): Transform {
  return RANK[a] >= RANK[b] ? a : b;
}

/** One-way hashes: the output still links one person's rows but no longer reads as the input. */
export const HASH_FUNCTIONS: ReadonlySet<string> = new Set([
  'md5', 'md5_number', 'md5_number_lower', 'md5_number_upper', 'sha1', 'sha256', 'sha512', 'hash',
]);

/**
 * Aggregates whose result is a statistic, not one of the input values: lineage
 * "breakers". min/max/any_value/first/last/arg_min/arg_max/list/string_agg/mode/
 * histogram are deliberately absent: they return input values.
 */
export const BREAKING_AGGREGATES: ReadonlySet<string> = new Set([
  'approx_count_distinct', 'approx_quantile', 'avg', 'bit_and', 'bit_or', 'bit_xor', 'bitstring_agg',
  'bool_and', 'bool_or', 'corr', 'count', 'count_if', 'countif', 'count_star', 'covar_pop', 'covar_samp',
  'entropy', 'favg', 'fsum', 'kahan_sum', 'kurtosis', 'kurtosis_pop', 'mad', 'mean', 'median', 'product',
  'quantile', 'quantile_cont', 'quantile_disc', 'regr_avgx', 'regr_avgy', 'regr_count', 'regr_intercept',
  'regr_r2', 'regr_slope', 'regr_sxx', 'regr_sxy', 'regr_syy', 'reservoir_quantile', 'sem', 'skewness',
  'stddev', 'stddev_pop', 'stddev_samp', 'sum', 'sum_no_overflow', 'sumkahan', 'var_pop', 'var_samp',
  'variance',
]);

/** Window functions whose value comes from row positions only (their PARTITION/ORDER columns are indirect). */
export const RANKING_WINDOWS: ReadonlySet<string> = new Set([
  'row_number', 'rank', 'dense_rank', 'rank_dense', 'percent_rank', 'cume_dist', 'ntile',
]);

/** Functions whose lambda arguments bind parameters (DuckDB's list functions). */
export const LAMBDA_FUNCTIONS: ReadonlySet<string> = new Set([
  'apply', 'array_apply', 'array_filter', 'array_reduce', 'array_transform', 'filter',
  'list_apply', 'list_filter', 'list_reduce', 'list_transform', 'reduce',
]);

/** The transform a function applies to its arguments. */
export function functionTransform(name: string): Transform {
  const n = name.toLowerCase();
  if (HASH_FUNCTIONS.has(n)) return 'hash';
  if (BREAKING_AGGREGATES.has(n)) return 'aggregate';
  return 'expression';
}

/** Sources seen through one more step: each keeps the stronger of its transform and `step`. */
export function compose(sources: readonly ColumnSource[], step: Transform): ColumnSource[] {
  return sources.map((s) => (stronger(s.transform, step) === s.transform ? s : { ...s, transform: step }));
}

/**
 * Union of source lists. A column reached along several paths keeps its *weakest*
 * transform: `coalesce(email, md5(email))` still shows the email, so it must stay
 * tagged as one.
 */
export function mergeSources(...lists: readonly (readonly ColumnSource[])[]): ColumnSource[] {
  const byKey = new Map<string, ColumnSource>();
  for (const list of lists) {
    for (const s of list) {
      const key = `${s.relation}\u0000${s.column.toLowerCase()}`;
      const seen = byKey.get(key);
      if (seen === undefined || RANK[s.transform] < RANK[seen.transform]) byKey.set(key, s);
    }
  }
  return [...byKey.values()];
}
