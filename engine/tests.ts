/**
 * The generic data tests of schema .yml files (unique, not_null, accepted_values,
 * relationships, dbt_utils' unique_combination_of_columns), run as SQL on DuckDB.
 * As in dbt, a test is a query returning failing rows and `failures` is how many it
 * returns: rows with a null for not_null and relationships, and distinct offending
 * values (or key combinations) for unique and accepted_values.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Logger } from '../core/logger.js';
import { killPoint } from '../core/kill-point.js';
import { quoteIdent, quoteQualified } from '../core/sql.js';
import { Manifest, parseProject, withQueries } from './manifest.js';
import { stripTrailingSemicolons, type RelationName } from './materialize.js';
import type { Project, TestSpec } from './project.js';
import { Relation } from './relation.js';
import { parseRelationRef, type RelationRef, type TestKind } from './schema-yml.js';
import { selectModels } from './select.js';

export type DataTestStatus = 'pass' | 'fail' | 'warn' | 'error';

export interface DataTestResult {
  /** dbt-style name, e.g. `unique_customers_customer_id`. */
  readonly id: string;
  /** What is tested: a model or a source table. */
  readonly target: RelationRef;
  readonly column: string | undefined;
  readonly test: TestKind;
  readonly severity: 'error' | 'warn';
  /** `fail` for a failing test of severity error, `warn` for severity warn; `error` when the query itself failed. */
  readonly status: DataTestStatus;
  readonly failures: number;
  /** The test query (it judges the failing rows) and its bound parameters. */
  readonly sql: string;
  readonly params: readonly string[];
  readonly durationMs: number;
  readonly error?: string;
  /** For `fail` and `warn`: the `error_if` / `warn_if` condition that held (`!= 0`). */
  readonly condition?: string;
}

export interface RunDataTestsOptions {
  readonly conn: DuckDBConnection;
  readonly project: Project | Manifest;
  /** Test only these models (dbt selectors); source tests run only when nothing is selected. */
  readonly select?: readonly string[];
  readonly exclude?: readonly string[];
  readonly vars?: Readonly<Record<string, unknown>>;
  readonly log?: Logger;
  readonly onResult?: (result: DataTestResult) => void;
}

/** A data test about to run: what it tests, and its declaration. */
export interface PlannedTest {
  readonly id: string;
  readonly target: RelationRef;
  readonly column: string | undefined;
  readonly spec: TestSpec;
}

/**
 * @example
 * ```ts
 * const results = await runDataTests({ conn, project });
 * const failing = results.filter((r) => r.status === 'fail' || r.status === 'error');
 * ```
 */
export async function runDataTests(options: RunDataTestsOptions): Promise<DataTestResult[]> {
  const manifest = options.project instanceof Manifest ? options.project : parseProject(options.project, { vars: options.vars ?? {} });
  const selected = selectModels(manifest.dag(), options.select, options.exclude);
  const planned = planDataTests(manifest, selected, !options.select || options.select.length === 0);
  const results: DataTestResult[] = [];
  for (const t of planned) {
    const result = await runDataTest(options.conn, manifest, t);
    killPoint('test:ran');
    options.log?.[result.status === 'pass' ? 'info' : 'warn'](`test ${result.status}`, {
      test: result.id,
      failures: result.failures,
      error: result.error,
    });
    options.onResult?.(result);
    results.push(result);
  }
  return results;
}

/**
 * The tests of the `models` given (model and column tests), and of every source table
 * when `withSources`, each with a dbt-style id (`unique_customers_customer_id`, a
 * `_2` suffix for a repeat).
 */
export function planDataTests(manifest: Manifest, models: Iterable<string>, withSources: boolean): PlannedTest[] {
  const project = manifest.project;
  const planned: PlannedTest[] = [];
  const ids = new Map<string, number>();
  const plan = (target: RelationRef, column: string | undefined, spec: TestSpec): void => {
    if (spec.enabled === false) return;
    const targetName = target.kind === 'model' ? target.name : `source_${target.source}_${target.table}`;
    const testName = spec.test.kind === 'generic' ? [spec.test.package, spec.test.name].filter(Boolean).join('_') : spec.test.kind;
    const base = [testName, targetName, column].filter((p) => p !== undefined).join('_');
    const n = (ids.get(base) ?? 0) + 1;
    ids.set(base, n);
    planned.push({ id: n === 1 ? base : `${base}_${n}`, target, column, spec });
  };
  for (const name of [...models].sort()) {
    // Seeds are tested like models (their `seeds:` entries in property files).
    const node = project.models[name] ?? project.seeds[name];
    if (!node) continue;
    const target: RelationRef = { kind: 'model', name };
    for (const spec of node.tests ?? []) plan(target, undefined, spec);
    for (const col of node.columns ?? []) for (const spec of col.tests) plan(target, col.name, spec);
  }
  if (withSources) {
    for (const src of Object.values(project.sources)) {
      const target: RelationRef = { kind: 'source', source: src.source, table: src.name };
      for (const spec of src.tests) plan(target, undefined, spec);
      for (const col of src.columns) for (const spec of col.tests) plan(target, col.name, spec);
    }
  }
  return planned;
}

/** One planned test compiled: the query of its failing rows and how its result is judged. */
export interface CompiledTest {
  /** The query that returns the failing rows (what `store_failures` keeps). */
  readonly rowsSql: string;
  /** The judging query over those rows: `failures`, `should_warn`, `should_error`. */
  readonly sql: string;
  readonly params: string[];
  readonly failCalc: string;
  readonly warnIf: string;
  readonly errorIf: string;
  /** The yml's severity, or the test's own `config(severity=…)`. */
  readonly severity: 'error' | 'warn';
  readonly storeFailures: boolean;
}

/** The queries of one planned test and its parameters, without running them (dbt's `compile`). */
export async function compileDataTest(conn: DuckDBConnection, manifest: Manifest, t: PlannedTest): Promise<CompiledTest> {
  const test = t.spec.test;
  const { sql: rowsSql, params, config } =
    test.kind === 'generic'
      ? await genericTestQuery(conn, manifest, t, test)
      : test.kind === 'singular'
        ? await singularTestQuery(conn, manifest, test)
        : { ...testQuery(manifest, t), config: {} as Record<string, unknown> };
  // The yml's config wins over the test macro's `config(...)`, as in dbt.
  const failCalc = t.spec.failCalc ?? stringConfig(config['fail_calc']) ?? 'count(*)';
  const warnIf = t.spec.warnIf ?? stringConfig(config['warn_if']) ?? '!= 0';
  const errorIf = t.spec.errorIf ?? stringConfig(config['error_if']) ?? '!= 0';
  // fail_calc, warn_if and error_if are SQL the project author wrote (dbt pastes them too).
  const sql =
    `select ${failCalc} as failures, (${failCalc}) ${warnIf} as should_warn, (${failCalc}) ${errorIf} as should_error ` +
    `from (\n${rowsSql}\n) as dbt_internal_test`;
  const severity = String(config['severity'] ?? t.spec.severity).toLowerCase() === 'warn' ? 'warn' : t.spec.severity;
  const storeFailures = t.spec.storeFailures ?? config['store_failures'] === true;
  return { rowsSql, sql, params, failCalc, warnIf, errorIf, severity, storeFailures };
}

/** A singular test's query: its file rendered with the project's Jinja, queries run as it asks. */
async function singularTestQuery(
  conn: DuckDBConnection,
  manifest: Manifest,
  test: Extract<TestKind, { kind: 'singular' }>,
): Promise<{ sql: string; params: string[]; config: Record<string, unknown> }> {
  const node = { name: test.name, path: test.path, relPath: test.path, config: {}, resourceType: 'test' as const };
  let config: Record<string, unknown> = {};
  const body = await withQueries(conn, (queries) => {
    const rendered = manifest.renderer.render({ node, mode: 'compile', models: manifest.models, queries, source: test.rawSql });
    config = rendered.testConfig;
    return rendered.sql;
  });
  return { sql: stripTrailingSemicolons(body), params: [], config };
}

function stringConfig(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v : undefined;
}

/**
 * Runs one planned test; a query that fails is an `error` result, not a throw. As in
 * dbt, a test of severity error fails when `error_if` holds, else warns when `warn_if`
 * holds; one of severity warn only warns. With `store_failures`, the failing rows are
 * kept in `auditSchema` as a table named after the test.
 */
export async function runDataTest(conn: DuckDBConnection, manifest: Manifest, t: PlannedTest, options: { auditSchema?: string } = {}): Promise<DataTestResult> {
  const started = performance.now();
  const base = { id: t.id, target: t.target, column: t.column, test: t.spec.test, severity: t.spec.severity };
  let sql = '';
  let params: string[] = [];
  try {
    const compiled = await compileDataTest(conn, manifest, t);
    ({ sql, params } = compiled);
    if (compiled.storeFailures && options.auditSchema !== undefined) {
      await conn.run(`create schema if not exists ${quoteIdent(options.auditSchema)}`);
      await conn.run(`create or replace table ${quoteQualified(options.auditSchema, t.id)} as ${compiled.rowsSql}`, params);
    }
    const reader = await conn.runAndReadAll(sql, params);
    const row = reader.getRows()[0];
    const failures = Number(row?.[0] ?? 0);
    const shouldWarn = row?.[1] === true;
    const shouldError = row?.[2] === true;
    const status: DataTestStatus = compiled.severity === 'error' && shouldError ? 'fail' : shouldWarn ? 'warn' : 'pass';
    return { ...base, severity: compiled.severity, status, failures, sql, params, durationMs: performance.now() - started, ...(status === 'pass' ? {} : { condition: status === 'fail' ? compiled.errorIf : compiled.warnIf }) };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return { ...base, status: 'error', failures: 0, sql, params, durationMs: performance.now() - started, error: `test ${t.id}: ${message}` };
  }
}

/** The failing-rows query for one built-in test; values are bound as parameters, never pasted. */
function testQuery(manifest: Manifest, t: PlannedTest): { sql: string; params: string[] } {
  const from = fromClause(manifest, t.target, t.spec.where);
  const col = t.column === undefined ? undefined : quoteIdent(t.column);
  const need = (): string => {
    if (!col) throw new Error(`${t.spec.test.kind} needs a column (declare it under columns:)`);
    return col;
  };
  const test = t.spec.test;
  switch (test.kind) {
    case 'not_null':
      return { sql: `select * from ${from} where ${need()} is null`, params: [] };
    case 'unique':
      return {
        sql: `select ${need()} as unique_field, count(*) as n_records from ${from} where ${need()} is not null group by ${need()} having count(*) > 1`,
        params: [],
      };
    case 'accepted_values': {
      // Compare as text so one list works for text, number and boolean columns (dbt quotes values too).
      const params = test.values.map((v) => String(v));
      const placeholders = params.map((_, i) => `$${i + 1}`).join(', ');
      return {
        sql: `select cast(${need()} as varchar) as value_field, count(*) as n_records from ${from} where ${need()} is not null and cast(${need()} as varchar) not in (${placeholders}) group by 1`,
        params,
      };
    }
    case 'relationships': {
      const parent = fromClause(manifest, test.to, undefined);
      return {
        sql:
          `select child.from_field from (select ${need()} as from_field from ${from} where ${need()} is not null) as child ` +
          `left join (select ${quoteIdent(test.field)} as to_field from ${parent}) as parent on child.from_field = parent.to_field ` +
          `where parent.to_field is null`,
        params: [],
      };
    }
    case 'unique_combination_of_columns': {
      const cols = test.columns.map(quoteIdent).join(', ');
      return { sql: `select ${cols} from ${from} group by ${cols} having count(*) > 1`, params: [] };
    }
    case 'generic':
    case 'singular':
      throw new Error('generic and singular tests are rendered from their Jinja');
  }
}

/** What a generic test macro sees as `model`: prints as the tested relation (filtered by `where`). */
class TestedRelation {
  readonly #sql: string;
  readonly schema: string | undefined;
  readonly identifier: string | undefined;
  readonly name: string | undefined;
  constructor(sql: string, rel: RelationName | undefined) {
    this.#sql = sql;
    this.schema = rel?.schema;
    this.identifier = rel?.name;
    this.name = rel?.name;
  }
  /** dbt-utils' `_is_relation` check: a mapping whose metadata type ends in "Relation". */
  get metadata(): { type: string } {
    return { type: 'DuckDBRelation' };
  }
  get is_relation(): boolean {
    return true;
  }
  render(): string {
    return this.#sql;
  }
  include(): TestedRelation {
    return this;
  }
  incorporate(): TestedRelation {
    return this;
  }
  toString(): string {
    return this.#sql;
  }
}

/**
 * A generic test from a macro: `test_<name>(model=…, column_name=…, **args)` rendered
 * with the project's Jinja (string arguments are Jinja too, as in dbt), wrapped in a
 * count of the rows it returns.
 */
async function genericTestQuery(
  conn: DuckDBConnection,
  manifest: Manifest,
  t: PlannedTest,
  test: Extract<TestKind, { kind: 'generic' }>,
): Promise<{ sql: string; params: string[]; config: Record<string, unknown> }> {
  const file = t.spec.file ?? manifest.project.dir;
  const node = { name: t.id, path: file, relPath: file, config: {}, resourceType: 'test' as const };
  const renderer = manifest.renderer;
  const rel = t.target.kind === 'model' ? (manifest.models[t.target.name]?.relation ?? (manifest.project.seeds[t.target.name] ? manifest.seedRelation(t.target.name) : undefined)) : undefined;
  const model = new TestedRelation(fromClause(manifest, t.target, t.spec.where), rel);
  let config: Record<string, unknown> = {};
  const body = await withQueries(conn, (queries) => {
    const request = { node, mode: 'compile' as const, models: manifest.models, queries, storeFailures: t.spec.storeFailures ?? false };
    const args: Record<string, unknown> = {};
    // Copies: the project is frozen, and test macros change their arguments (`group_by_columns.append`).
    for (const [k, v] of Object.entries(structuredClone(test.args) as Record<string, unknown>)) {
      const ref = typeof v === 'string' ? parseRelationRef(v) : undefined;
      // `compare_model: ref('x')` is the relation itself, as dbt renders test arguments natively.
      if (ref) args[k] = relationFor(manifest, ref);
      else args[k] = typeof v === 'string' && (v.includes('{{') || v.includes('{%')) ? renderer.render({ ...request, source: v }).sql : v;
    }
    if (t.column !== undefined) args['column_name'] = t.column;
    const rendered = renderer.callMacro({ ...request, macro: `test_${test.name}`, ...(test.package ? { packageName: test.package } : {}), kwargs: { ...args, model } });
    config = rendered.testConfig;
    return rendered.sql;
  });
  return { sql: stripTrailingSemicolons(body), params: [], config };
}

/** The relation `ref()`/`source()` in a test argument names. */
function relationFor(manifest: Manifest, ref: RelationRef): Relation {
  if (ref.kind === 'source') {
    const src = manifest.project.sources[`${ref.source}.${ref.table}`];
    if (!src) throw new Error(`source('${ref.source}', '${ref.table}'): no such source table`);
    return new Relation(src.schema, src.identifier);
  }
  const model = manifest.models[ref.name];
  if (model) return new Relation(model.relation.schema, model.relation.name);
  if (manifest.project.seeds[ref.name]) {
    const rel = manifest.seedRelation(ref.name);
    return new Relation(rel.schema, rel.name);
  }
  throw new Error(`ref('${ref.name}'): no model or seed named "${ref.name}"`);
}

/** A FROM-able expression for a model or source; ephemeral models are inlined as a subquery. */
function fromClause(manifest: Manifest, target: RelationRef, where: string | undefined): string {
  let rel: string;
  if (target.kind === 'source') {
    const src = manifest.project.sources[`${target.source}.${target.table}`];
    if (!src) throw new Error(`no source table ${target.source}.${target.table}`);
    rel = quoteQualified(src.schema, src.identifier);
  } else {
    const model = manifest.models[target.name];
    const seed = manifest.project.seeds[target.name];
    if (model?.materialization.kind === 'ephemeral') {
      rel = `(\n${stripTrailingSemicolons(manifest.compile(target.name))}\n) as ${quoteIdent(target.name)}`;
    } else if (model) {
      rel = qualified(model.relation);
    } else if (seed) {
      rel = qualified(manifest.seedRelation(seed.name));
    } else {
      throw new Error(`ref('${target.name}'): no model or seed named "${target.name}"`);
    }
  }
  // `where` is SQL the project author wrote, like a model; it is not a value from data.
  return where ? `(select * from ${rel} where ${where}) as ${quoteIdent('dbt_subquery')}` : rel;
}

function qualified(rel: RelationName): string {
  return quoteQualified(rel.schema, rel.name);
}
