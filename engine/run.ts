/**
 * Runs a model project on DuckDB: parse, select, then build each model in dependency
 * order. A model that fails marks its descendants skipped; independent models still
 * run. Every model's compiled SQL is written to `<target>/compiled/<model>.sql` and
 * returned in its result (it is the input of column lineage).
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { ConfigError, killPoint } from '../core/index.js';
import type { Logger } from '../core/logger.js';
import { CycleError, type Dag } from './dag.js';
import { ModelCompileError, displayPath } from './errors.js';
import { runHooks } from './hooks.js';
import { Manifest, parseProject, type DependsOn, type ParsedModel } from './manifest.js';
import { materialize, relationKind, type Materialization, type RelationName } from './materialize.js';
import type { Project } from './project.js';
import { selectModels } from './select.js';

export type ModelRunStatus = 'success' | 'error' | 'skipped';

export interface ModelRunResult {
  readonly name: string;
  /** The model file, relative to the project folder. */
  readonly path: string;
  readonly materialization: Materialization;
  readonly relation: RelationName;
  /** The SQL that ran (undefined when the model was skipped or failed to compile). */
  readonly compiledSql: string | undefined;
  /** Where the compiled SQL was written. */
  readonly compiledPath: string | undefined;
  readonly dependsOn: DependsOn;
  readonly status: ModelRunStatus;
  /** Rows in the built table, or rows inserted by an incremental run; undefined for views and ephemerals. */
  readonly rows?: number;
  /** True when an incremental model merged into an existing table this run. */
  readonly incremental?: boolean;
  readonly durationMs: number;
  /** For errors: names the model file and carries DuckDB's message. For skips: which upstream model failed. */
  readonly error?: string;
}

export type ModelProgressEvent =
  | { readonly kind: 'start'; readonly name: string; readonly index: number; readonly total: number }
  | { readonly kind: 'finish'; readonly result: ModelRunResult; readonly index: number; readonly total: number };

export interface RunModelsOptions {
  readonly conn: DuckDBConnection;
  /** A loaded project, or a manifest already parsed from one (saves a parse). */
  readonly project: Project | Manifest;
  /** dbt selectors (`customers`, `+customers`, `customers+`, `tag:x`, `path:…`); all models when empty. */
  readonly select?: readonly string[];
  readonly exclude?: readonly string[];
  /** Overrides for dbt_project.yml vars. Ignored when `project` is a Manifest (it has its vars). */
  readonly vars?: Readonly<Record<string, unknown>>;
  /** Rebuild incremental models from scratch. */
  readonly fullRefresh?: boolean;
  /** These models only are rebuilt from scratch (their definition changed since their table was built). */
  readonly fullRefreshModels?: ReadonlySet<string>;
  readonly log?: Logger;
  readonly onProgress?: (event: ModelProgressEvent) => void;
  /** Where compiled SQL goes; `<project target-path>/compiled` by default. */
  readonly compiledDir?: string;
}

/**
 * @example
 * ```ts
 * const results = await runModels({ conn, project: await loadProject('dbt-like-models'), select: ['+customers'] });
 * const failed = results.filter((r) => r.status === 'error');
 * ```
 * @throws ProjectErrors (unknown ref, bad config…) or ConfigError (cycle, bad selector) before anything runs.
 */
export async function runModels(options: RunModelsOptions): Promise<ModelRunResult[]> {
  const { conn, log } = options;
  const manifest = options.project instanceof Manifest ? options.project : parseProject(options.project, { vars: options.vars ?? {} });
  const project = manifest.project;
  const fullDag = manifest.dag();
  const levels = modelLevels(fullDag);
  const selected = selectModels(fullDag, options.select, options.exclude);
  const order = levels.flat().filter((n) => selected.has(n));
  const compiledDir = options.compiledDir ?? path.join(project.targetPath, 'compiled');

  const results: ModelRunResult[] = [];
  const broken = new Map<string, string>(); // model -> the failed model at the root of it
  let index = 0;
  // DuckDB allows one writer per connection: run level by level, one model at a time.
  // The levels are kept so models of one level can run in parallel on other engines later.
  for (const level of levels) {
    for (const name of level.filter((n) => selected.has(n))) {
      index += 1;
      options.onProgress?.({ kind: 'start', name, index, total: order.length });
      const model = fullDag.get(name);
      const cause = model.dependsOn.models.map((d) => broken.get(d)).find((c) => c !== undefined);
      const result =
        cause !== undefined
          ? skipped(model, cause)
          : await runModelWithHooks(conn, manifest, model, { fullRefresh: (options.fullRefresh ?? false) || (options.fullRefreshModels?.has(name) ?? false), compiledPath: path.join(compiledDir, `${name}.sql`) });
      if (result.status !== 'success') broken.set(name, cause ?? name);
      results.push(result);
      killPoint('build:model');
      log?.[result.status === 'error' ? 'error' : 'info'](`model ${result.status}`, {
        model: name,
        materialization: result.materialization.kind,
        rows: result.rows,
        durationMs: result.durationMs,
        error: result.error,
      });
      options.onProgress?.({ kind: 'finish', result, index, total: order.length });
    }
  }
  return results;
}

export interface CompiledModel {
  readonly name: string;
  readonly path: string;
  readonly materialization: Materialization;
  readonly relation: RelationName;
  readonly dependsOn: DependsOn;
  readonly compiledSql: string;
  readonly compiledPath: string;
}

/**
 * dbt's `compile`: renders the selected models (in dependency order) and writes their
 * SQL to `<target>/compiled/` without running anything — what lineage and docs read.
 * With a connection, `is_incremental()` is evaluated as a run would; without, it is false.
 * @throws ModelCompileError for the first model that does not compile.
 * @example
 * ```ts
 * const compiled = await compileModels({ project });
 * ```
 */
export async function compileModels(options: {
  readonly project: Project | Manifest;
  readonly conn?: DuckDBConnection;
  readonly select?: readonly string[];
  readonly exclude?: readonly string[];
  readonly vars?: Readonly<Record<string, unknown>>;
  readonly compiledDir?: string;
}): Promise<CompiledModel[]> {
  const manifest = options.project instanceof Manifest ? options.project : parseProject(options.project, { vars: options.vars ?? {} });
  const dag = manifest.dag();
  const selected = selectModels(dag, options.select, options.exclude);
  const compiledDir = options.compiledDir ?? path.join(manifest.project.targetPath, 'compiled');
  await fs.mkdir(compiledDir, { recursive: true });
  const out: CompiledModel[] = [];
  for (const name of modelLevels(dag).flat().filter((n) => selected.has(n))) {
    const model = dag.get(name);
    const isIncremental =
      options.conn !== undefined &&
      model.materialization.kind === 'incremental' &&
      (await relationKind(options.conn, model.relation)) === 'table';
    const compiledSql = options.conn ? await manifest.compileWithQueries(options.conn, name, { isIncremental }) : manifest.compile(name, { isIncremental });
    const compiledPath = path.join(compiledDir, `${name}.sql`);
    await fs.writeFile(compiledPath, compiledSql.endsWith('\n') ? compiledSql : `${compiledSql}\n`);
    out.push({
      name,
      path: model.node.relPath,
      materialization: model.materialization,
      relation: model.relation,
      dependsOn: model.dependsOn,
      compiledSql,
      compiledPath,
    });
  }
  return out;
}

function modelLevels(dag: Dag<ParsedModel>): string[][] {
  try {
    return dag.levels();
  } catch (err) {
    if (err instanceof CycleError) throw new ConfigError(`models depend on each other in a cycle: ${err.path.join(' -> ')}`, { cause: err });
    throw err;
  }
}

/**
 * Compiles one model (running the queries its Jinja asks for), writes its SQL to
 * `compiledPath`, and materializes it unless `compileOnly`. Failures are returned as
 * an `error` result naming the model file, never thrown.
 */
export async function runModel(
  conn: DuckDBConnection,
  manifest: Manifest,
  model: ParsedModel,
  options: { fullRefresh: boolean; compiledPath: string; compileOnly?: boolean },
): Promise<ModelRunResult> {
  const started = performance.now();
  const { name } = model.node;
  const base = {
    name,
    path: model.node.relPath,
    materialization: model.materialization,
    relation: model.relation,
    dependsOn: model.dependsOn,
  };
  let compiledSql: string | undefined;
  let compiledPath: string | undefined;
  // dbt's `full_refresh: false`: the model's table is state a rebuild must not throw
  // away (the identity models' customer ids and their history), so --full-refresh runs it
  // incrementally like any other run.
  const fullRefresh = options.fullRefresh && model.config.full_refresh !== false;
  try {
    const isIncremental =
      model.materialization.kind === 'incremental' &&
      !fullRefresh &&
      (await relationKind(conn, model.relation)) === 'table';
    compiledSql = await manifest.compileWithQueries(conn, name, { isIncremental, fullRefresh });
    compiledPath = options.compiledPath;
    await fs.mkdir(path.dirname(compiledPath), { recursive: true });
    await fs.writeFile(compiledPath, compiledSql.endsWith('\n') ? compiledSql : `${compiledSql}\n`);
    if (options.compileOnly) return { ...base, compiledSql, compiledPath, status: 'success', durationMs: performance.now() - started };
    const out = await materialize(conn, {
      relation: model.relation,
      materialization: model.materialization,
      sql: compiledSql,
      fullRefresh,
    });
    return {
      ...base,
      compiledSql,
      compiledPath,
      status: 'success',
      ...(out.rows === undefined ? {} : { rows: out.rows }),
      ...(model.materialization.kind === 'incremental' ? { incremental: out.applied === 'incremental' } : {}),
      durationMs: performance.now() - started,
    };
  } catch (err) {
    const message =
      err instanceof ModelCompileError
        ? err.message
        : `model ${name} (${displayPath(model.node.path)}): ${err instanceof Error ? err.message : String(err)}`;
    return { ...base, compiledSql, compiledPath, status: 'error', durationMs: performance.now() - started, error: message };
  }
}

/**
 * `runModel` between the model's pre-hooks and post-hooks (as `tributary build` runs
 * them): a hook that fails fails the model, with the hook named.
 */
async function runModelWithHooks(
  conn: DuckDBConnection,
  manifest: Manifest,
  model: ParsedModel,
  options: { fullRefresh: boolean; compiledPath: string },
): Promise<ModelRunResult> {
  const hookNode = { ...model.node, config: model.config, resourceType: 'model' as const };
  const hook = async (kind: 'pre-hook' | 'post-hook'): Promise<string | undefined> =>
    runHooks(conn, manifest, hookNode, kind).then(
      () => undefined,
      (err: unknown) => `model ${model.node.name} (${displayPath(model.node.path)}): ${err instanceof Error ? err.message : String(err)}`,
    );
  const started = performance.now();
  const preError = await hook('pre-hook');
  if (preError !== undefined) {
    return { name: model.node.name, path: model.node.relPath, materialization: model.materialization, relation: model.relation, compiledSql: undefined, compiledPath: undefined, dependsOn: model.dependsOn, status: 'error', durationMs: performance.now() - started, error: preError };
  }
  const result = await runModel(conn, manifest, model, options);
  if (result.status !== 'success') return result;
  const postError = await hook('post-hook');
  const durationMs = performance.now() - started;
  return postError === undefined ? { ...result, durationMs } : { ...result, status: 'error', durationMs, error: postError };
}

function skipped(model: ParsedModel, cause: string): ModelRunResult {
  return {
    name: model.node.name,
    path: model.node.relPath,
    materialization: model.materialization,
    relation: model.relation,
    compiledSql: undefined,
    compiledPath: undefined,
    dependsOn: model.dependsOn,
    status: 'skipped',
    durationMs: 0,
    error: `skipped because upstream model ${cause} failed`,
  };
}
