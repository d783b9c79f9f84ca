/**
 * dbt's commands on any dbt project — `build`, `run`, `test`, `seed`, `snapshot`,
 * `compile`, `ls`, `docs generate` —
 * as a library function: resolve the profile's DuckDB target, load and parse the
 * project with its packages, select nodes, run them in dependency order (up to
 * `threads` at once, each on its own DuckDB connection), and write
 * dbt's artifacts (target/manifest.json, target/run_results.json, compiled SQL under
 * target/compiled/<project>/). A node that fails makes its descendants `skipped`
 * (in `build`, a failing test skips what depends on the tested model, as in dbt);
 * with `failFast` the first failure skips everything left. `docs generate` compiles
 * like `compile` and then writes target/catalog.json from the warehouse.
 */
import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { ConfigError } from '../../core/index.js';
import { quoteIdent } from '../../core/sql.js';
import { CycleError, Dag } from '../dag.js';
import { parseProject, type Manifest } from '../manifest.js';
import { PROJECT_FILE, loadProject, packageDirOf, packageOf, parseYaml, type Project } from '../project.js';
import { runModel, type ModelRunResult } from '../run.js';
import { runHooks } from '../hooks.js';
import { loadSeed } from '../seeds.js';
import { compileDataTest, runDataTest, type PlannedTest } from '../tests.js';
import { writeCatalog } from './catalog.js';
import { writeManifest, writeRunResults, type ArtifactContext, type NodeResult } from './artifacts.js';
import { buildGraph, selectForCommand, testPackage, type GraphNode, type InvocationGraph, type ResourceType } from './graph.js';
import { runEndContext, runProjectHooks, type HookResult } from './run-hooks.js';
import { runScheduled } from './scheduler.js';
import { resolveTarget, type DuckDBTarget } from './profiles.js';

export const DBT_COMMANDS = ['build', 'run', 'test', 'seed', 'snapshot', 'compile', 'ls', 'docs generate'] as const;
export type DbtCommand = (typeof DBT_COMMANDS)[number];

const RESOURCE_TYPES: Record<DbtCommand, readonly ResourceType[]> = {
  build: ['seed', 'model', 'snapshot', 'test'],
  run: ['model'],
  test: ['test'],
  seed: ['seed'],
  snapshot: ['snapshot'],
  compile: ['model', 'snapshot', 'test'],
  ls: ['seed', 'model', 'snapshot', 'test'],
  'docs generate': ['model', 'snapshot', 'test'],
};

/** Commands that run dbt_project.yml's on-run-start / on-run-end hooks, as dbt's do. */
const RUNS_PROJECT_HOOKS: readonly DbtCommand[] = ['build', 'run', 'test', 'seed', 'snapshot'];

/** Commands that render nodes without building them. */
const compilesOnly = (command: DbtCommand): boolean => command === 'compile' || command === 'docs generate';

export interface DbtCommandOptions {
  readonly command: DbtCommand;
  /** The dbt project folder (with dbt_project.yml). */
  readonly projectDir: string;
  readonly profilesDir?: string;
  readonly target?: string;
  readonly select?: readonly string[];
  readonly exclude?: readonly string[];
  /** `--resource-type` for `ls`. */
  readonly resourceTypes?: readonly ResourceType[];
  /** `--vars`, over dbt_project.yml's. */
  readonly vars?: Readonly<Record<string, unknown>>;
  readonly fullRefresh?: boolean;
  /** Nodes that may run at once, each on its own DuckDB connection (profiles.yml `threads` by default). */
  readonly threads?: number;
  readonly failFast?: boolean;
  /** `docs generate --no-compile`: write the catalog and manifest without compiling nodes. */
  readonly noCompile?: boolean;
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Where relative profile paths resolve; the process's working directory by default. */
  readonly cwd?: string;
  readonly onEvent?: (event: DbtCommandEvent) => void;
}

export type DbtCommandEvent =
  | { readonly kind: 'plan'; readonly projectName: string; readonly target: DuckDBTarget; readonly counts: Readonly<Record<ResourceType, number>>; readonly total: number; readonly warnings: readonly string[] }
  | { readonly kind: 'node'; readonly index: number; readonly total: number; readonly result: NodeResult }
  | { readonly kind: 'hook'; readonly index: number; readonly total: number; readonly result: HookResult };

export interface ListedNode {
  readonly uniqueId: string;
  readonly name: string;
  readonly resourceType: ResourceType;
  /** dbt's `ls` default output: the project name and path parts (`shop.staging.stg_orders`). */
  readonly fqn: string;
  readonly path: string;
}

export interface DbtCommandResult {
  readonly command: DbtCommand;
  readonly projectName: string;
  readonly target: DuckDBTarget;
  /** Node results in plan order (dependency levels), whatever order threads finished them in (empty for `ls`). */
  readonly results: readonly NodeResult[];
  /** `ls`: the selected nodes. */
  readonly listed: readonly ListedNode[];
  /** on-run-start then on-run-end hooks that ran (an on-run-start failure skips every node). */
  readonly hooks: readonly HookResult[];
  /** True when no node or hook errored and no error-severity test failed. */
  readonly success: boolean;
  readonly elapsedSeconds: number;
  readonly manifestPath: string;
  readonly runResultsPath: string | undefined;
  /** `docs generate`: target/catalog.json and how many nodes and sources it describes. */
  readonly catalog?: { readonly path: string; readonly nodes: number; readonly sources: number };
}

/**
 * @example
 * ```ts
 * const result = await runDbtCommand({ command: 'build', projectDir: 'my-dbt-project' });
 * result.success; // false when a model errored or a test failed
 * ```
 * @throws ConfigError (profiles, project, selector or cycle problems) before anything runs.
 */
export async function runDbtCommand(options: DbtCommandOptions): Promise<DbtCommandResult> {
  const started = performance.now();
  const generatedAt = new Date();
  const invocationId = randomUUID();
  const env = options.env ?? process.env;
  const projectDir = path.resolve(options.cwd ?? process.cwd(), options.projectDir);
  const profileName = await readProfileName(projectDir);
  const target = await resolveTarget({
    projectDir,
    profile: profileName,
    ...(options.profilesDir ? { profilesDir: options.profilesDir } : {}),
    ...(options.target ? { target: options.target } : {}),
    vars: options.vars ?? {},
    env,
    ...(options.cwd ? { cwd: options.cwd } : {}),
  });
  const threads = options.threads ?? target.threads;
  const targetContext = { name: target.name, schema: target.schema, type: 'duckdb', database: target.database, threads, profile_name: target.profileName };
  const project = await loadProject(projectDir, { target: targetContext, vars: options.vars ?? {}, env });
  const manifest = parseProject(project, {
    vars: options.vars ?? {},
    targetName: target.name,
    target: { schema: target.schema, database: target.database, threads, profileName: target.profileName },
    schemaNaming: 'dbt',
    runStartedAt: generatedAt,
    invocationId,
    command: options.command,
    env,
  });
  const graph = buildGraph(manifest);
  const types = options.command === 'ls' && options.resourceTypes?.length ? options.resourceTypes : RESOURCE_TYPES[options.command];
  const selected = selectForCommand(graph, manifest, types, options.select, options.exclude);
  // In `build`, what depends on a model also waits for that model's tests, as in dbt.
  const gates = options.command === 'build' ? testGates(graph.dag, selected) : new Map<string, string[]>();
  const ordered = new Dag<GraphNode>();
  for (const k of graph.dag.keys()) ordered.add(k, graph.dag.get(k), [...graph.dag.depsOf(k), ...(gates.get(k) ?? [])]);
  const planned = options.noCompile ? [] : levels(ordered).flat().filter((k) => selected.has(k));
  const ctx: ArtifactContext = { manifest, graph, target, invocationId, generatedAt, command: options.command };

  if (options.command === 'ls') {
    const manifestPath = await writeManifest(ctx, new Map());
    return {
      command: options.command,
      projectName: project.name,
      target,
      results: [],
      listed: planned.map((k) => listed(graph.dag.get(k), project)),
      hooks: [],
      success: true,
      elapsedSeconds: (performance.now() - started) / 1000,
      manifestPath,
      runResultsPath: undefined,
    };
  }

  const counts = { seed: 0, model: 0, snapshot: 0, test: 0 } as Record<ResourceType, number>;
  for (const k of planned) counts[graph.dag.get(k).resourceType] += 1;
  options.onEvent?.({ kind: 'plan', projectName: project.name, target, counts, total: planned.length, warnings: project.warnings });

  if (target.path !== ':memory:') await fs.mkdir(path.dirname(target.path), { recursive: true });
  const instance = await DuckDBInstance.create(target.path);
  // One connection per thread: DuckDB runs statements of different connections on one database concurrently.
  const conns: DuckDBConnection[] = [];
  const byPosition: NodeResult[] = [];
  const compiled = new Map<string, string>();
  let catalog: DbtCommandResult['catalog'];
  const hooks: HookResult[] = [];
  const withProjectHooks = RUNS_PROJECT_HOOKS.includes(options.command);
  const onHook = (result: HookResult, total: number) => options.onEvent?.({ kind: 'hook', index: result.index + 1, total, result });
  try {
    for (let i = 0; i < Math.max(1, Math.min(threads, planned.length)); i++) conns.push(await instance.connect());
    const first = conns[0]!;
    await first.run(`create schema if not exists ${quoteIdent(target.schema)}`);
    // Two connections creating the same new schema at once conflict in DuckDB's catalog, so the schemas nodes build into are made first, one at a time.
    if (conns.length > 1) for (const schema of nodeSchemas(graph, manifest, planned)) await first.run(`create schema if not exists ${quoteIdent(schema)}`);
    const position = new Map(planned.map((k, i) => [k, i]));
    const broken = new Map<string, string>(); // unique id -> the failed node at the root of it
    // Why nodes not started yet are skipped: --fail-fast after a failure, or a failed on-run-start hook.
    let stopped: string | undefined;
    if (withProjectHooks) {
      hooks.push(...(await runProjectHooks(first, manifest, 'on-run-start', {}, onHook)));
      if (hooks.some((h) => h.status === 'error')) stopped = 'skipped: an on-run-start hook failed';
    }
    await runScheduled(planned, (k) => ordered.depsOf(k), conns.length, async (key, slot) => {
      const node = graph.dag.get(key);
      const cause = ordered.depsOf(key).map((d) => broken.get(d)).find((c) => c !== undefined);
      const result = {
        ...(stopped !== undefined
          ? skippedResult(node, manifest, stopped)
          : cause !== undefined
            ? skippedResult(node, manifest, `skipped because ${cause} failed`)
            : await runNodeOnce(conns[slot]!, manifest, node, options, compiled, target.schema, conns.length > 1)),
        thread: slot + 1,
      };
      if (result.status === 'error' || result.status === 'fail' || result.status === 'skipped') broken.set(key, cause ?? key);
      // Nodes already running finish; only those not started yet are skipped.
      if (options.failFast && (result.status === 'error' || result.status === 'fail')) stopped ??= 'skipped: --fail-fast stopped the run';
      const i = position.get(key)!;
      byPosition[i] = result;
      options.onEvent?.({ kind: 'node', index: i + 1, total: planned.length, result });
    });
    if (withProjectHooks) hooks.push(...(await runProjectHooks(first, manifest, 'on-run-end', runEndContext(planOrder(byPosition), target.database), onHook)));
    if (options.command === 'docs generate') catalog = await writeCatalog(first, { manifest, graph, target, invocationId, generatedAt });
  } finally {
    for (const c of conns) c.closeSync();
    instance.closeSync();
  }
  // In plan order whatever order the threads finished in, so summaries and run_results.json are the same run to run.
  const results = planOrder(byPosition);
  const elapsedSeconds = (performance.now() - started) / 1000;
  const manifestPath = await writeManifest(ctx, compiled);
  const runResultsPath = await writeRunResults(ctx, results, elapsedSeconds, {
    select: options.select ?? [],
    exclude: options.exclude ?? [],
    full_refresh: options.fullRefresh ?? false,
    vars: options.vars ?? {},
    target: target.name,
    project_dir: projectDir,
  });
  return {
    command: options.command,
    projectName: project.name,
    target,
    results,
    listed: [],
    hooks,
    success: results.every((r) => r.status !== 'error' && r.status !== 'fail') && hooks.every((h) => h.status === 'success'),
    elapsedSeconds,
    manifestPath,
    runResultsPath,
    ...(catalog ? { catalog } : {}),
  };
}

const planOrder = (byPosition: readonly (NodeResult | undefined)[]): NodeResult[] => byPosition.filter((r): r is NodeResult => r !== undefined);

/**
 * `runNode`, run again once when, with several threads, it lost a race in DuckDB's
 * catalog (two connections creating the same schema, e.g. a test audit schema): the
 * loser's transaction rolled back, and the winner's object is there now.
 */
async function runNodeOnce(conn: DuckDBConnection, manifest: Manifest, node: GraphNode, options: DbtCommandOptions, compiled: Map<string, string>, targetSchema: string, parallel: boolean): Promise<NodeResult> {
  const r = await runNode(conn, manifest, node, options, compiled, targetSchema);
  if (parallel && r.status === 'error' && /write-write conflict/iu.test(r.message ?? '')) return runNode(conn, manifest, node, options, compiled, targetSchema);
  return r;
}

/** The schemas the planned models, snapshots and seeds build into. */
function nodeSchemas(graph: InvocationGraph, manifest: Manifest, planned: readonly string[]): string[] {
  const schemas = new Set<string>();
  for (const k of planned) {
    const n = graph.dag.get(k);
    if ((n.resourceType === 'model' || n.resourceType === 'snapshot') && n.model.materialization.kind !== 'ephemeral') schemas.add(n.model.relation.schema);
    else if (n.resourceType === 'seed') schemas.add(manifest.seedRelation(n.name).schema);
  }
  return [...schemas];
}

async function runNode(conn: DuckDBConnection, manifest: Manifest, node: GraphNode, options: DbtCommandOptions, compiled: Map<string, string>, targetSchema: string): Promise<NodeResult> {
  const startedAt = new Date();
  const started = performance.now();
  const project = manifest.project;
  // dbt's layout: target/compiled/<package>/<path in the package>.
  const compiledRoot = path.join(project.targetPath, 'compiled');
  const done = (r: Omit<NodeResult, 'uniqueId' | 'name' | 'resourceType' | 'startedAt' | 'completedAt' | 'executionTime'>): NodeResult => ({
    uniqueId: node.uniqueId,
    name: node.name,
    resourceType: node.resourceType,
    startedAt,
    completedAt: new Date(),
    executionTime: (performance.now() - started) / 1000,
    ...r,
  });
  switch (node.resourceType) {
    case 'seed': {
      const relation = manifest.seedRelation(node.name);
      const hookNode = { ...node.seed, resourceType: 'seed' as const };
      let r = await loadSeed(conn, node.seed, relation);
      if (r.status === 'success') {
        try {
          await runHooks(conn, manifest, hookNode, 'post-hook');
        } catch (err) {
          r = { ...r, status: 'error', error: `seed ${node.name}: ${err instanceof Error ? err.message : String(err)}` };
        }
      }
      return done({
        status: r.status,
        message: r.status === 'success' ? `INSERT ${r.rows ?? 0}` : r.error,
        failures: undefined,
        relationName: `${relation.schema}.${relation.name}`,
        materialized: 'seed',
        rows: r.rows,
        compiledCode: undefined,
        compiledPath: undefined,
      });
    }
    case 'model':
    case 'snapshot': {
      const m = node.model;
      const hookNode = { ...m.node, config: m.config, resourceType: 'model' as const };
      const withHooks = !compilesOnly(options.command);
      const hookError = async (kind: 'pre-hook' | 'post-hook'): Promise<string | undefined> =>
        runHooks(conn, manifest, hookNode, kind).then(
          () => undefined,
          (err: unknown) => `model ${m.node.name}: ${err instanceof Error ? err.message : String(err)}`,
        );
      const preError = withHooks ? await hookError('pre-hook') : undefined;
      let r: ModelRunResult =
        preError !== undefined
          ? { name: m.node.name, path: m.node.relPath, materialization: m.materialization, relation: m.relation, compiledSql: undefined, compiledPath: undefined, dependsOn: m.dependsOn, status: 'error', durationMs: 0, error: preError }
          : await runModel(conn, manifest, m, {
              fullRefresh: options.fullRefresh ?? false,
              compiledPath: path.join(compiledRoot, packageOf(project, m.node), m.node.relPath),
              compileOnly: compilesOnly(options.command),
            });
      if (withHooks && r.status === 'success') {
        const postError = await hookError('post-hook');
        if (postError !== undefined) r = { ...r, status: 'error', error: postError };
      }
      if (r.compiledSql !== undefined) compiled.set(node.uniqueId, r.compiledSql);
      const kind = m.materialization.kind;
      return done({
        status: r.status,
        message: r.status === 'success' ? successMessage(kind, r.rows, options.command) : r.error,
        failures: undefined,
        relationName: kind === 'ephemeral' ? undefined : `${m.relation.schema}.${m.relation.name}`,
        materialized: kind,
        rows: r.rows,
        compiledCode: r.compiledSql,
        compiledPath: r.compiledPath,
      });
    }
    case 'test': {
      if (compilesOnly(options.command)) return compileTest(conn, manifest, node, compiledRoot, compiled, done);
      // dbt's default audit schema for `store_failures`: `<target schema>_dbt_test__audit`.
      const r = await runDataTest(conn, manifest, node.test, { auditSchema: `${targetSchema}_dbt_test__audit` });
      const compiledPath = testCompiledPath(compiledRoot, project, node.test, node.name);
      if (r.sql) {
        compiled.set(node.uniqueId, r.sql);
        await fs.mkdir(path.dirname(compiledPath), { recursive: true });
        await fs.writeFile(compiledPath, `${r.sql}\n`);
      }
      return done({
        status: r.status,
        message: r.status === 'error' ? r.error : r.status !== 'pass' ? `Got ${r.failures} result${r.failures === 1 ? '' : 's'}, configured to ${r.status === 'warn' ? 'warn' : 'fail'} if ${r.condition ?? '!= 0'}` : undefined,
        failures: r.failures,
        relationName: undefined,
        materialized: 'test',
        rows: undefined,
        compiledCode: r.sql || undefined,
        compiledPath: r.sql ? compiledPath : undefined,
      });
    }
  }
}

async function compileTest(
  conn: DuckDBConnection,
  manifest: Manifest,
  node: Extract<GraphNode, { resourceType: 'test' }>,
  compiledRoot: string,
  compiled: Map<string, string>,
  done: (r: Omit<NodeResult, 'uniqueId' | 'name' | 'resourceType' | 'startedAt' | 'completedAt' | 'executionTime'>) => NodeResult,
): Promise<NodeResult> {
  const none = { failures: undefined, relationName: undefined, materialized: 'test', rows: undefined };
  try {
    const { sql } = await compileDataTest(conn, manifest, node.test);
    const compiledPath = testCompiledPath(compiledRoot, manifest.project, node.test, node.name);
    compiled.set(node.uniqueId, sql);
    await fs.mkdir(path.dirname(compiledPath), { recursive: true });
    await fs.writeFile(compiledPath, `${sql}\n`);
    return done({ ...none, status: 'success', message: 'compiled', compiledCode: sql, compiledPath });
  } catch (err) {
    return done({ ...none, status: 'error', message: `test ${node.name}: ${err instanceof Error ? err.message : String(err)}`, compiledCode: undefined, compiledPath: undefined });
  }
}

function successMessage(kind: string, rows: number | undefined, command: DbtCommand): string {
  if (compilesOnly(command)) return 'compiled';
  if (kind === 'view') return 'CREATE VIEW';
  if (kind === 'ephemeral') return 'OK';
  if (kind === 'snapshot') return `${rows ?? 0} version${rows === 1 ? '' : 's'} written`;
  return `${kind === 'incremental' ? 'INSERT' : 'SELECT'} ${rows ?? 0}`;
}

function skippedResult(node: GraphNode, manifest: Manifest, message: string): NodeResult {
  const now = new Date();
  const relation =
    node.resourceType === 'model' || node.resourceType === 'snapshot' ? `${node.model.relation.schema}.${node.model.relation.name}` : node.resourceType === 'seed' ? `${manifest.seedRelation(node.name).schema}.${node.name}` : undefined;
  return {
    uniqueId: node.uniqueId,
    name: node.name,
    resourceType: node.resourceType,
    status: 'skipped',
    message,
    failures: undefined,
    relationName: relation,
    materialized: node.resourceType === 'model' || node.resourceType === 'snapshot' ? node.model.materialization.kind : node.resourceType,
    rows: undefined,
    compiledCode: undefined,
    compiledPath: undefined,
    startedAt: now,
    completedAt: now,
    executionTime: 0,
  };
}

/** Where a test's compiled SQL goes: under its package, beside the path of the yml that declares it. */
function testCompiledPath(compiledRoot: string, project: Project, test: PlannedTest, name: string): string {
  const pkg = testPackage(project, test);
  const dir = packageDirOf(project, pkg === project.name ? {} : { packageName: pkg });
  return path.join(compiledRoot, pkg, test.spec.file ? path.relative(dir, test.spec.file) : '', `${name}.sql`);
}

function listed(node: GraphNode, project: Project): ListedNode {
  const rel = node.resourceType === 'model' || node.resourceType === 'snapshot' ? node.model.node.relPath : node.resourceType === 'seed' ? node.seed.relPath : '';
  const parts = rel.replace(/\.(sql|csv)$/u, '').split('/').slice(1);
  return {
    uniqueId: node.uniqueId,
    name: node.name,
    resourceType: node.resourceType,
    fqn: [node.resourceType === 'test' ? testPackage(project, node.test) : packageOf(project, node.resourceType === 'seed' ? node.seed : node.model.node), ...(node.resourceType === 'test' ? [node.name] : parts)].join('.'),
    path: rel,
  };
}

/** For each model or seed: the selected single-parent tests of the models and seeds it depends on. */
function testGates(dag: Dag<GraphNode>, selected: ReadonlySet<string>): Map<string, string[]> {
  const testsOf = new Map<string, string[]>();
  for (const k of dag.keys()) {
    const n = dag.get(k);
    if (n.resourceType === 'test' && selected.has(k) && n.attachedTo && dag.depsOf(k).length === 1) testsOf.set(n.attachedTo, [...(testsOf.get(n.attachedTo) ?? []), k]);
  }
  const gates = new Map<string, string[]>();
  for (const k of dag.keys()) {
    if (dag.get(k).resourceType === 'test') continue;
    const g = dag.depsOf(k).flatMap((d) => testsOf.get(d) ?? []);
    if (g.length > 0) gates.set(k, g);
  }
  return gates;
}

function levels(dag: Dag<GraphNode>): string[][] {
  try {
    return dag.levels();
  } catch (err) {
    if (err instanceof CycleError) throw new ConfigError(`nodes depend on each other in a cycle: ${err.path.join(' -> ')}`, { cause: err });
    throw err;
  }
}

/** `profile:` of dbt_project.yml, read before the project is loaded (loading renders its Jinja with the profile's target). */
async function readProfileName(projectDir: string): Promise<string | undefined> {
  const file = path.join(projectDir, PROJECT_FILE);
  const text = await fs.readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
    throw new ConfigError(err.code === 'ENOENT' ? `${projectDir}: no ${PROJECT_FILE} here (is --project-dir a dbt project?)` : `${file}: ${err.message}`);
  });
  const doc = parseYaml(text, file) as Record<string, unknown> | null;
  const profile = doc?.['profile'];
  return typeof profile === 'string' ? profile : undefined;
}
