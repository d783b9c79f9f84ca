/**
 * tributary.yml's `identity:` block: the threshold and guard rails, and the overrides of
 * the probabilistic matcher — a comparison turned off, m and/or u set by hand for a
 * comparison level, blocking rules added or skipped. All of it reaches the identity
 * models as vars (pipeline/transform/build-models.ts, identityVars); the SQL that reads
 * them is in dbt-like-models/macros/identity.sql.
 *
 * The field and level names below are the built-in models' (the `identity_compare_*`
 * macros); tests/pipeline/config/identity-schema.test.ts fails when the two drift apart.
 *
 * @example
 * ```yaml
 * identity:
 *   comparisons:
 *     company: { enabled: false }          # a shared employer says nothing here
 *     first_name:
 *       levels:
 *         nickname: { m: 0.2, u: 0.002 }   # replaces the estimates of that level
 *   blocking_rules:
 *     add: [{ name: company_city, fields: [company, city] }]
 *     skip: [dob_city]
 * ```
 */
import { z } from 'zod';

/** Every compared field and its comparison levels, as identity_compare_<field> names them. */
export const IDENTITY_COMPARISON_LEVELS = {
  first_name: ['exact', 'swapped', 'nickname', 'jw_0.92', 'jw_0.80', 'initial', 'different'],
  last_name: ['exact', 'jw_0.92', 'jw_0.80', 'different'],
  date_of_birth: ['exact', 'one_edit_or_day_month_swap', 'same_month_year_close', 'month_day_only', 'different'],
  email: ['exact', 'local_part_exact', 'local_part_typo', 'different'],
  address: [
    'exact',
    'street_similar',
    'street_number_one_edit',
    'street_other_number',
    'postcode',
    'postcode_one_edit_and_city',
    'postcode_prefix_3_and_city',
    'city',
    'city_similar',
    'different',
  ],
  phone: ['exact', 'last_7_digits', 'different'],
  company: ['exact', 'different'],
} as const satisfies Record<string, readonly string[]>;

export type IdentityField = keyof typeof IDENTITY_COMPARISON_LEVELS;
const FIELDS = Object.keys(IDENTITY_COMPARISON_LEVELS) as [IdentityField, ...IdentityField[]];

/** The built-in blocking rules (identity_blocking_rules), which `skip` may name. */
export const IDENTITY_BLOCKING_RULES = [
  'surname_initial',
  'swapped_names',
  'name_dob',
  'name_postcode',
  'first_name_city',
  'dob_postcode',
  'dob_city',
  'street_postcode',
  'email_local',
  'phone',
] as const;

/** What an added blocking rule's key may be made of (identity_blocking_columns maps each to its standardised column). */
export const IDENTITY_BLOCKING_FIELDS = ['first_name', 'last_name', 'date_of_birth', 'email_local', 'email_domain', 'phone', 'company', 'street', 'city', 'postcode'] as const;

const probability = z
  .number({ error: 'expected a probability, a number above 0 and at most 1' })
  .gt(0, 'expected a probability above 0 (a level that can never happen would weigh minus infinity)')
  .max(1, 'expected a probability of at most 1');

const levelOverride = z
  .strictObject({ m: probability.optional(), u: probability.optional() })
  .refine((o) => o.m !== undefined || o.u !== undefined, 'set m, u or both');

/** One field's settings; its levels are checked against that field's own (a key naming none of them is reported with the list). */
function comparisonOf(field: IdentityField) {
  const known: readonly string[] = IDENTITY_COMPARISON_LEVELS[field];
  const level = z.string().refine((k) => known.includes(k), { error: (issue) => `${field} has no level "${String(issue.input)}" (its levels: ${known.join(', ')})` });
  return z.strictObject({
    /** false: the field is not compared (its level is null: no evidence either way). */
    enabled: z.boolean().default(true),
    /** level → m and/or u, replacing what the models estimate for that level. */
    levels: z
      // zod reports a bad key as "Invalid key in record": surface the key check's own message
      .record(level, levelOverride, { error: (issue) => (issue.code === 'invalid_key' ? issue.issues[0]?.message : undefined) })
      .default({}),
  });
}

type Comparison = z.infer<ReturnType<typeof comparisonOf>>;

const comparisons = z.strictObject(
  Object.fromEntries(FIELDS.map((field) => [field, comparisonOf(field).optional()])) as Record<IdentityField, z.ZodOptional<ReturnType<typeof comparisonOf>>>,
);

const builtinRuleNames: readonly string[] = IDENTITY_BLOCKING_RULES;

const blockingRule = z.strictObject({
  name: z
    .string()
    .regex(/^[a-z][a-z0-9_]*$/, 'a blocking rule name is lower snake case, e.g. company_city')
    .refine((name) => !builtinRuleNames.includes(name), { error: (issue) => `"${String(issue.input)}" is already a built-in blocking rule's name: choose another` }),
  /** The key: these fields' standardised values joined; a record lacking any of them is not in the rule. */
  fields: z.array(z.enum(IDENTITY_BLOCKING_FIELDS)).min(1, 'name at least one field').max(4),
});

export const identitySchema = z
  .strictObject({
    /** Probabilistic matching after the deterministic rules (false: deterministic only). */
    probabilistic: z.boolean().default(true),
    /** Total match weight (log2 odds) a pair needs to be linked; higher is stricter. */
    match_threshold: z.number().min(-50).max(100).default(10),
    /** A customer with more source records than this is reported (data test warning). */
    max_component_size: z.number().int().min(2).default(50),
    comparisons: comparisons.default({}),
    blocking_rules: z
      .strictObject({
        add: z
          .array(blockingRule)
          .refine((rules) => new Set(rules.map((r) => r.name)).size === rules.length, 'two added blocking rules have the same name')
          .default([]),
        skip: z.array(z.enum(IDENTITY_BLOCKING_RULES)).default([]),
      })
      .default({ add: [], skip: [] }),
  })
  .default({ probabilistic: true, match_threshold: 10, max_component_size: 50, comparisons: {}, blocking_rules: { add: [], skip: [] } });

/** One comparison level's hand-set probabilities. */
export interface LevelOverride {
  readonly field: IdentityField;
  readonly level: string;
  readonly m?: number;
  readonly u?: number;
}

/** The validated `identity:` block, as the rest of Tributary reads it. */
export interface IdentitySettings {
  readonly probabilistic: boolean;
  readonly matchThreshold: number;
  readonly maxComponentSize: number;
  /** Fields not compared at all. */
  readonly comparisonsOff: readonly IdentityField[];
  readonly levelOverrides: readonly LevelOverride[];
  readonly extraBlockingRules: readonly { readonly name: string; readonly fields: readonly string[] }[];
  readonly skippedBlockingRules: readonly string[];
}

export function identitySettings(raw: z.infer<typeof identitySchema>): IdentitySettings {
  const entries = Object.entries(raw.comparisons).filter((e): e is [IdentityField, Comparison] => e[1] !== undefined);
  return {
    probabilistic: raw.probabilistic,
    matchThreshold: raw.match_threshold,
    maxComponentSize: raw.max_component_size,
    comparisonsOff: entries.filter(([, c]) => !c.enabled).map(([field]) => field),
    levelOverrides: entries.flatMap(([field, c]) =>
      Object.entries(c.levels).map(([level, o]) => ({ field, level, ...(o.m === undefined ? {} : { m: o.m }), ...(o.u === undefined ? {} : { u: o.u }) })),
    ),
    extraBlockingRules: raw.blocking_rules.add.map((r) => ({ name: r.name, fields: [...r.fields] })),
    skippedBlockingRules: [...raw.blocking_rules.skip],
  };
}
