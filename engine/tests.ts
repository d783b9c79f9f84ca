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
import type { RelationRef, TestKind } from './schema-yml.js';
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
  /** The test query (it counts failing rows) and its bound parameters. */
  readonly sql: string;
  readonly params: readonly string[];
  readonly durationMs: number;
  readonly error?: string;
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
    const targetName = target.kind === 'model' ? target.name : `source_${target.source}_${target.table}`;
    const testName = spec.test.kind === 'generic' ? [spec.test.package, spec.test.name].filter(Boolean).join('_') : spec.test.kind;
    const base = [testName, targetName, column].filter((p) => p !== undefined).join('_');
    const n = (ids.get(base) ?? 0) + 1;
    ids.set(base, n);
    planned.push({ id: n === 1 ? base : `${base}_${n}`, target, column, spec });
  };
  for (const name of [...models].sort()) {
    const node = project.models[name];
    if (!node) continue;
    const target: RelationRef = { kind: 'model', name };
    for (const spec of node.tests) plan(target, undefined, spec);
    for (const col of node.columns) for (const spec of col.tests) plan(target, col.name, spec);
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

/** The counting query of one planned test and its parameters, without running it (dbt's `compile`). */
export async function compileDataTest(conn: DuckDBConnection, manifest: Manifest, t: PlannedTest): Promise<{ sql: string; params: string[] }> {
  return t.spec.test.kind === 'generic' ? { sql: await genericTestQuery(conn, manifest, t, t.spec.test), params: [] } : testQuery(manifest, t);
}

/** Runs one planned test; a query that fails is an `error` result, not a throw. */
export async function runDataTest(conn: DuckDBConnection, manifest: Manifest, t: PlannedTest): Promise<DataTestResult> {
  const started = performance.now();
  const base = { id: t.id, target: t.target, column: t.column, test: t.spec.test, severity: t.spec.severity };
  let sql = '';
  let params: string[] = [];
  try {
    ({ sql, params } = await compileDataTest(conn, manifest, t));
    const reader = await conn.runAndReadAll(sql, params);
    const failures = Number(reader.getRows()[0]?.[0] ?? 0);
    const status: DataTestStatus = failures === 0 ? 'pass' : t.spec.severity === 'warn' ? 'warn' : 'fail';
    return { ...base, status, failures, sql, params, durationMs: performance.now() - started };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return { ...base, status: 'error', failures: 0, sql, params, durationMs: performance.now() - started, error: `test ${t.id}: ${message}` };
  }
}

/** The counting query for one test; values are bound as parameters, never pasted. */
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
      return { sql: `select count(*) from ${from} where ${need()} is null`, params: [] };
    case 'unique':
      return {
        sql: `select count(*) from (select ${need()} from ${from} where ${need()} is not null group by ${need()} having count(*) > 1)`,
        params: [],
      };
    case 'accepted_values': {
      // Compare as text so one list works for text, number and boolean columns (dbt quotes values too).
      const params = test.values.map((v) => String(v));
      const placeholders = params.map((_, i) => `$${i + 1}`).join(', ');
      return {
        sql: `select count(*) from (select distinct cast(${need()} as varchar) as value from ${from} where ${need()} is not null and cast(${need()} as varchar) not in (${placeholders}))`,
        params,
      };
    }
    case 'relationships': {
      const parent = fromClause(manifest, test.to, undefined);
      return {
        sql:
          `select count(*) from (select ${need()} as from_field from ${from} where ${need()} is not null) as child ` +
          `left join (select ${quoteIdent(test.field)} as to_field from ${parent}) as parent on child.from_field = parent.to_field ` +
          `where parent.to_field is null`,
        params: [],
      };
    }
    case 'unique_combination_of_columns': {
      const cols = test.columns.map(quoteIdent).join(', ');
      return { sql: `select count(*) from (select ${cols} from ${from} group by ${cols} having count(*) > 1)`, params: [] };
    }
    case 'generic':
      throw new Error('generic tests are rendered by genericTestQuery');
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
): Promise<string> {
  const file = t.spec.file ?? manifest.project.dir;
  const node = { name: t.id, path: file, relPath: file, config: {}, resourceType: 'test' as const };
  const renderer = manifest.renderer;
  const rel = t.target.kind === 'model' ? (manifest.models[t.target.name]?.relation ?? (manifest.project.seeds[t.target.name] ? manifest.seedRelation(t.target.name) : undefined)) : undefined;
  const model = new TestedRelation(fromClause(manifest, t.target, t.spec.where), rel);
  const body = await withQueries(conn, (queries) => {
    const request = { node, mode: 'compile' as const, models: manifest.models, queries };
    const args: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(test.args)) {
      args[k] = typeof v === 'string' && (v.includes('{{') || v.includes('{%')) ? renderer.render({ ...request, source: v }).sql : v;
    }
    if (t.column !== undefined) args['column_name'] = t.column;
    return renderer.callMacro({ ...request, macro: `test_${test.name}`, ...(test.package ? { packageName: test.package } : {}), kwargs: { ...args, model } }).sql;
  });
  return `select count(*) from (\n${stripTrailingSemicolons(body)}\n) as dbt_internal_test`;
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
