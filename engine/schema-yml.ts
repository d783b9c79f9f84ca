/**
 * dbt's property files (`schema.yml`, `sources.yml`): `sources:` and `models:` with
 * descriptions, column `meta` (where PII tags live) and the generic data tests.
 * Validated with zod; every error names the file and the key path.
 */
import { z } from 'zod';
import { modelConfigSchema, type ModelConfig } from './config.js';
import { ProjectConfigError, formatKeyPath, zodIssuesToErrors } from './errors.js';

/** What a relationships test points at. */
export type RelationRef =
  | { readonly kind: 'model'; readonly name: string }
  | { readonly kind: 'source'; readonly source: string; readonly table: string };

/** One generic data test, as declared in yml. */
export type TestKind =
  | { readonly kind: 'unique' }
  | { readonly kind: 'not_null' }
  | { readonly kind: 'accepted_values'; readonly values: readonly (string | number | boolean)[] }
  | { readonly kind: 'relationships'; readonly to: RelationRef; readonly field: string }
  | { readonly kind: 'unique_combination_of_columns'; readonly columns: readonly string[] }
  /** Any other test: the macro `test_<name>` (of `package` when written `pkg.name`), called with `args`. */
  | { readonly kind: 'generic'; readonly name: string; readonly package: string | undefined; readonly args: Readonly<Record<string, unknown>> }
  /** A singular test: a `.sql` file under the test paths whose query returns the failing rows. */
  | { readonly kind: 'singular'; readonly name: string; readonly path: string; readonly rawSql: string };

export interface TestSpec {
  readonly test: TestKind;
  /** dbt's `severity`: a failing `warn` test does not fail the run. */
  readonly severity: 'error' | 'warn';
  /** dbt's `where`: an SQL filter written by the project author, applied before testing. */
  readonly where: string | undefined;
  /** dbt's `fail_calc`, `warn_if`, `error_if` (`count(*)`, `!= 0`, `!= 0` unless set) and `store_failures`. */
  readonly failCalc?: string;
  readonly warnIf?: string;
  readonly errorIf?: string;
  readonly storeFailures?: boolean;
  /** `enabled: false` in the test's config: the test is not planned. */
  readonly enabled?: boolean;
  /** Key path in the yml file, for messages. */
  readonly keyPath: string;
  /** The yml file declaring the test. */
  readonly file?: string;
}

export interface ColumnDoc {
  readonly name: string;
  readonly description: string | undefined;
  readonly dataType: string | undefined;
  /** Column meta, e.g. `{ pii: 'email' }`; governance reads it. */
  readonly meta: Readonly<Record<string, unknown>>;
  readonly tags: readonly string[];
  readonly tests: readonly TestSpec[];
}

export interface ModelPatch {
  readonly name: string;
  readonly description: string | undefined;
  readonly config: ModelConfig;
  readonly meta: Readonly<Record<string, unknown>>;
  readonly columns: readonly ColumnDoc[];
  readonly tests: readonly TestSpec[];
  readonly file: string;
  readonly keyPath: string;
  /** For one version of a versioned model (`versions:`): the model's name and this version. */
  readonly version?: ModelVersion;
}

export interface ModelVersion {
  /** The name `ref()` takes (`dim_customers`); the patch's own name is the file's (`dim_customers_v2`). */
  readonly model: string;
  readonly v: string;
  /** `latest_version:`, else the highest version, as dbt picks it. */
  readonly latest: string;
}

export interface SourceTable {
  /** Source name (`hubspot`). */
  readonly source: string;
  /** Table name as `source()` calls it (`contacts`). */
  readonly name: string;
  readonly schema: string;
  /** The table in the database; dbt's default is the table name. */
  readonly identifier: string;
  readonly description: string | undefined;
  readonly meta: Readonly<Record<string, unknown>>;
  readonly columns: readonly ColumnDoc[];
  readonly tests: readonly TestSpec[];
  readonly file: string;
  /** Set for a source declared by an installed package. */
  readonly packageName?: string;
}

export interface PropertyFile {
  readonly models: readonly ModelPatch[];
  /** `seeds:` entries: columns, tests and config of seeds, shaped like a model's. */
  readonly seeds: readonly ModelPatch[];
  readonly sources: readonly SourceTable[];
}

const meta = z.record(z.string(), z.unknown());
const testList = z.array(z.unknown());

const columnSchema = z.looseObject({
  name: z.string().min(1),
  description: z.string().optional(),
  data_type: z.string().optional(),
  meta: meta.optional(),
  tags: z.array(z.string()).optional(),
  config: z.looseObject({ meta: meta.optional(), tags: z.array(z.string()).optional() }).optional(),
  tests: testList.optional(),
  data_tests: testList.optional(),
});

const versionId = z.union([z.string().min(1), z.number()]).transform(String);

// A version's `columns:` are the model's, with named entries added or replacing theirs and
// `include:`/`exclude:` entries narrowing them, as dbt merges them.
const versionColumnSchema = z.union([
  columnSchema,
  z.strictObject({ include: z.union([z.literal('all'), z.literal('*'), z.array(z.string())]).optional(), exclude: z.array(z.string()).optional() }),
]);

const versionSchema = z.looseObject({
  v: versionId,
  defined_in: z.string().min(1).optional(),
  description: z.string().optional(),
  config: z.unknown().optional(),
  columns: z.array(versionColumnSchema).optional(),
  tests: testList.optional(),
  data_tests: testList.optional(),
});

const modelEntrySchema = z.looseObject({
  name: z.string().min(1),
  latest_version: versionId.optional(),
  versions: z.array(versionSchema).min(1).optional(),
  description: z.string().optional(),
  config: z.unknown().optional(),
  meta: meta.optional(),
  columns: z.array(columnSchema).optional(),
  tests: testList.optional(),
  data_tests: testList.optional(),
});

const sourceTableSchema = z.looseObject({
  name: z.string().min(1),
  identifier: z.string().min(1).optional(),
  description: z.string().optional(),
  meta: meta.optional(),
  columns: z.array(columnSchema).optional(),
  tests: testList.optional(),
  data_tests: testList.optional(),
});

const sourceSchema = z.looseObject({
  name: z.string().min(1),
  schema: z.string().min(1).optional(),
  description: z.string().optional(),
  meta: meta.optional(),
  tables: z.array(sourceTableSchema),
});

const fileSchema = z.looseObject({
  version: z.union([z.number(), z.string()]).optional(),
  models: z.array(z.unknown()).nullish(),
  seeds: z.array(z.unknown()).nullish(),
  snapshots: z.array(z.unknown()).nullish(),
  sources: z.array(z.unknown()).nullish(),
});

type ColumnEntry = z.output<typeof columnSchema>;

/**
 * Validates one parsed property file. Problems are returned, not thrown, so the loader
 * can report every problem of every file at once.
 */
export function parsePropertyFile(doc: unknown, file: string): { result: PropertyFile; errors: ProjectConfigError[] } {
  const parsed = fileSchema.safeParse(doc ?? {});
  if (!parsed.success) return { result: { models: [], seeds: [], sources: [] }, errors: zodIssuesToErrors(file, [], parsed.error) };
  const errors: ProjectConfigError[] = [];
  const tests = (raw: readonly unknown[] | undefined, at: (string | number)[]): TestSpec[] =>
    (raw ?? []).flatMap((t, i) => parseTest(t, file, [...at, i], errors));
  const columns = (cols: readonly ColumnEntry[] | undefined, at: (string | number)[]): ColumnDoc[] =>
    (cols ?? []).map((c, i) => ({
      name: c.name,
      description: c.description,
      dataType: c.data_type,
      meta: { ...(c.meta ?? {}), ...(c.config?.meta ?? {}) },
      tags: [...(c.tags ?? []), ...(c.config?.tags ?? [])],
      tests: [
        ...tests(c.tests, [...at, i, 'tests']),
        ...tests(c.data_tests, [...at, i, 'data_tests']),
      ],
    }));

  // Entries are validated one by one so one bad entry does not hide the problems of the others.
  const entries = <S extends z.ZodType>(list: readonly unknown[] | null | undefined, schema: S, key: string) =>
    (list ?? []).flatMap((raw, i) => {
      const r = schema.safeParse(raw);
      if (r.success) return [{ value: r.data as z.output<S>, i }];
      errors.push(...zodIssuesToErrors(file, [key, i], r.error));
      return [];
    });

  const configAt = (raw: unknown, at: (string | number)[]): ModelConfig => {
    const cfg = modelConfigSchema.safeParse(raw ?? {});
    if (!cfg.success) errors.push(...zodIssuesToErrors(file, at, cfg.error));
    return cfg.success ? cfg.data : {};
  };
  const patches = (key: 'models' | 'seeds' | 'snapshots'): ModelPatch[] =>
    entries(parsed.data[key], modelEntrySchema, key).flatMap(({ value: m, i }) => {
      const config = configAt(m.config, [key, i, 'config']);
      const patch: ModelPatch = {
        name: m.name,
        description: m.description,
        config,
        meta: { ...(m.meta ?? {}), ...(config.meta ?? {}) },
        columns: columns(m.columns, [key, i, 'columns']),
        tests: [...tests(m.tests, [key, i, 'tests']), ...tests(m.data_tests, [key, i, 'data_tests'])],
        file,
        keyPath: formatKeyPath([key, i]),
      };
      if (!m.versions) return [patch];
      return versionPatches(patch, m.versions, m.latest_version, [key, i]);
    });
  /** One patch per version, named after its file (`<name>_v<v>`, or `defined_in`). */
  const versionPatches = (base: ModelPatch, versions: readonly z.output<typeof versionSchema>[], latestVersion: string | undefined, at: (string | number)[]): ModelPatch[] => {
    const ids = versions.map((v) => v.v);
    const latest = latestVersion ?? [...ids].sort((a, b) => (Number.isNaN(Number(a)) || Number.isNaN(Number(b)) ? a.localeCompare(b) : Number(a) - Number(b))).at(-1)!;
    if (!ids.includes(latest)) errors.push(new ProjectConfigError(file, formatKeyPath([...at, 'latest_version']), `version ${latest} is not among the versions listed (${ids.join(', ')})`));
    return versions.map((v, j) => {
      const vAt = [...at, 'versions', j];
      // dbt names a version's relation `<name>_v<v>` whatever file defines it.
      const alias = `${base.name}_v${v.v.replaceAll('.', '_')}`;
      const own = configAt(v.config, [...vAt, 'config']);
      let cols = [...base.columns];
      for (const [k, c] of (v.columns ?? []).entries()) {
        if ('name' in c) {
          const [doc] = columns([c as ColumnEntry], [...vAt, 'columns', k]);
          cols = cols.some((x) => x.name === doc!.name) ? cols.map((x) => (x.name === doc!.name ? doc! : x)) : [...cols, doc!];
        } else {
          const include = c.include;
          if (Array.isArray(include)) cols = cols.filter((x) => include.includes(x.name));
          if (c.exclude) cols = cols.filter((x) => !c.exclude!.includes(x.name));
        }
      }
      return {
        ...base,
        name: v.defined_in ?? alias,
        description: v.description ?? base.description,
        config: { ...(v.defined_in && v.defined_in !== alias ? { alias } : {}), ...base.config, ...own },
        columns: cols,
        tests: [...base.tests, ...tests(v.tests, [...vAt, 'tests']), ...tests(v.data_tests, [...vAt, 'data_tests'])],
        keyPath: formatKeyPath(vAt),
        version: { model: base.name, v: v.v, latest },
      };
    });
  };
  // A snapshot is a model whose materialization is its history: it is documented and tested like one.
  const models = [...patches('models'), ...patches('snapshots')];
  const seeds = patches('seeds');

  const sources: SourceTable[] = entries(parsed.data.sources, sourceSchema, 'sources').flatMap(({ value: s, i }) =>
    s.tables.map((t, j) => ({
      source: s.name,
      name: t.name,
      schema: s.schema ?? s.name,
      identifier: t.identifier ?? t.name,
      description: t.description,
      meta: { ...(s.meta ?? {}), ...(t.meta ?? {}) },
      columns: columns(t.columns, ['sources', i, 'tables', j, 'columns']),
      tests: [
        ...tests(t.tests, ['sources', i, 'tables', j, 'tests']),
        ...tests(t.data_tests, ['sources', i, 'tables', j, 'data_tests']),
      ],
      file,
    })),
  );
  return { result: { models, seeds, sources }, errors };
}

const testConfig = z.looseObject({
  severity: z.enum(['error', 'warn', 'ERROR', 'WARN']).optional(),
  where: z.string().optional(),
  fail_calc: z.string().min(1).optional(),
  warn_if: z.string().min(1).optional(),
  error_if: z.string().min(1).optional(),
  store_failures: z.boolean().optional(),
  enabled: z.boolean().optional(),
});

/** Test config keys dbt also accepts beside the arguments (`- unique: { severity: warn }`). */
const TOP_LEVEL_TEST_CONFIG = ['severity', 'where', 'fail_calc', 'warn_if', 'error_if', 'store_failures', 'limit', 'tags', 'enabled', 'meta'] as const;

/** The TestSpec fields a parsed test config gives. */
function specConfig(cfg: z.output<typeof testConfig>): Pick<TestSpec, 'severity' | 'where' | 'failCalc' | 'warnIf' | 'errorIf' | 'storeFailures' | 'enabled'> {
  return {
    severity: cfg.severity?.toLowerCase() === 'warn' ? 'warn' : 'error',
    where: cfg.where,
    ...(cfg.fail_calc !== undefined ? { failCalc: cfg.fail_calc } : {}),
    ...(cfg.warn_if !== undefined ? { warnIf: cfg.warn_if } : {}),
    ...(cfg.error_if !== undefined ? { errorIf: cfg.error_if } : {}),
    ...(cfg.store_failures !== undefined ? { storeFailures: cfg.store_failures } : {}),
    ...(cfg.enabled !== undefined ? { enabled: cfg.enabled } : {}),
  };
}
const scalar = z.union([z.string(), z.number(), z.boolean()]);
const testArgSchemas = {
  unique: z.looseObject({}),
  not_null: z.looseObject({}),
  accepted_values: z.looseObject({ values: z.array(scalar).min(1) }),
  relationships: z.looseObject({ to: z.string().min(1), field: z.string().min(1) }),
  unique_combination_of_columns: z.looseObject({ combination_of_columns: z.array(z.string()).min(1) }),
} as const;
type TestName = keyof typeof testArgSchemas;

/** Parses `- unique`, `- accepted_values: { values: [...] }`, `- relationships: { to: ref('x'), field: id }`. */
function parseTest(raw: unknown, file: string, at: (string | number)[], errors: ProjectConfigError[]): TestSpec[] {
  const keyPath = formatKeyPath(at);
  let name: string;
  let args: Record<string, unknown> = {};
  if (typeof raw === 'string') {
    name = raw;
  } else if (raw && typeof raw === 'object' && !Array.isArray(raw) && Object.keys(raw).length === 1) {
    const [key, value] = Object.entries(raw)[0] as [string, unknown];
    name = key;
    if (value !== null && value !== undefined) {
      if (typeof value !== 'object' || Array.isArray(value)) {
        errors.push(new ProjectConfigError(file, `${keyPath}.${key}`, 'expected a mapping of test arguments'));
        return [];
      }
      args = value as Record<string, unknown>;
    }
  } else {
    errors.push(new ProjectConfigError(file, keyPath, 'expected a test name or a mapping { <test name>: { arguments } }'));
    return [];
  }
  const shortName = name.replace(/^dbt_utils\./, '');
  // dbt >= 1.10 nests test arguments under `arguments:`; older projects put them at the top.
  const { config, arguments: nested, name: _customName, ...rest } = args as Record<string, unknown>;
  const topConfig: Record<string, unknown> = {};
  for (const k of TOP_LEVEL_TEST_CONFIG) {
    if (k in rest) {
      topConfig[k] = rest[k];
      delete rest[k];
    }
  }
  const argValues = { ...rest, ...(typeof nested === 'object' && nested !== null ? nested : {}) };
  const cfg = testConfig.safeParse({ ...(typeof config === 'object' && config !== null ? config : {}), ...topConfig });
  if (!(shortName in testArgSchemas)) {
    // A generic test from a macro (`{% test name(model, …) %}`); the loader checks it exists.
    if (!cfg.success) {
      errors.push(...zodIssuesToErrors(file, [...at, name, 'config'], cfg.error));
      return [];
    }
    const dot = name.lastIndexOf('.');
    const test: TestKind = { kind: 'generic', name: dot === -1 ? name : name.slice(dot + 1), package: dot === -1 ? undefined : name.slice(0, dot), args: argValues };
    return [{ test, ...specConfig(cfg.data), keyPath, file }];
  }
  const parsedArgs = testArgSchemas[shortName as TestName].safeParse(argValues);
  if (!cfg.success || !parsedArgs.success) {
    const prefix = [...at, name];
    if (!cfg.success) errors.push(...zodIssuesToErrors(file, [...prefix, 'config'], cfg.error));
    if (!parsedArgs.success) errors.push(...zodIssuesToErrors(file, prefix, parsedArgs.error));
    return [];
  }
  const a = parsedArgs.data as Record<string, unknown>;
  let test: TestKind;
  switch (shortName as TestName) {
    case 'unique':
      test = { kind: 'unique' };
      break;
    case 'not_null':
      test = { kind: 'not_null' };
      break;
    case 'accepted_values':
      test = { kind: 'accepted_values', values: a['values'] as (string | number | boolean)[] };
      break;
    case 'relationships': {
      const to = parseRelationRef(a['to'] as string);
      if (!to) {
        errors.push(new ProjectConfigError(file, `${keyPath}.${name}.to`, `expected ref('model') or source('source', 'table'), got "${String(a['to'])}"`));
        return [];
      }
      test = { kind: 'relationships', to, field: a['field'] as string };
      break;
    }
    case 'unique_combination_of_columns':
      test = { kind: 'unique_combination_of_columns', columns: a['combination_of_columns'] as string[] };
      break;
    default:
      return [];
  }
  return [{ test, ...specConfig(cfg.data), keyPath, file }];
}

/** `ref('x')` / `source('a', 'b')` as written in yml. */
export function parseRelationRef(text: string): RelationRef | undefined {
  const q = `\\s*['"]([^'"]+)['"]\\s*`;
  const ref = new RegExp(`^\\s*ref\\(${q}\\)\\s*$`).exec(text);
  if (ref) return { kind: 'model', name: ref[1] as string };
  const src = new RegExp(`^\\s*source\\(${q},${q}\\)\\s*$`).exec(text);
  if (src) return { kind: 'source', source: src[1] as string, table: src[2] as string };
  return undefined;
}
