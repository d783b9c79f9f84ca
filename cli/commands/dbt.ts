/**
 * dbt's verbs on any dbt project: `tributary build | run | test | seed | snapshot |
 * compile | ls | docs generate`
 * with dbt's flags (--project-dir, --profiles-dir, --target, --select, --exclude,
 * --vars, --full-refresh, --threads, --fail-fast). The work is engine/invocation's
 * `runDbtCommand`; this file parses flags and prints dbt-style lines (one per node
 * with its index, status and timing, then `Done. PASS=… WARN=… ERROR=… SKIP=…
 * TOTAL=…`) or, with `--format json`, one JSON document. Exit codes as dbt's: 0 ok,
 * 1 a node errored or a test failed, 2 bad usage or config.
 */
import type { Command } from 'commander';
import { parse as parseYamlText } from 'yaml';
import { ConfigError } from '../../core/index.js';
import type { DbtCommand, DbtCommandEvent, DbtCommandResult } from '../../engine/invocation/dbt-command.js';
import type { NodeResult } from '../../engine/invocation/artifacts.js';
import type { HookResult } from '../../engine/invocation/run-hooks.js';
import { EXIT } from '../context.js';

interface DbtOptions {
  readonly projectDir: string;
  readonly profilesDir?: string;
  readonly target?: string;
  readonly select?: string[];
  readonly models?: string[];
  readonly exclude?: string[];
  readonly vars?: string;
  readonly fullRefresh?: boolean;
  readonly threads?: string;
  readonly failFast?: boolean;
  readonly format: string;
  readonly resourceType?: string[];
  readonly output?: string;
  readonly openlineageFile?: string;
  /** `docs generate --no-compile` (commander's negated flag). */
  readonly compile?: boolean;
}

const DESCRIPTIONS: Record<DbtCommand, string> = {
  build: 'seed, run and test a dbt project in dependency order (tests of a model run before what depends on it)',
  run: 'build the models of a dbt project',
  test: 'run the data tests of a dbt project',
  seed: 'load the CSV seeds of a dbt project',
  snapshot: 'record the changes of a dbt project\'s snapshots ({% snapshot %} blocks) as type-2 history',
  compile: 'render the models and tests of a dbt project to target/compiled/ without building them',
  ls: 'list the nodes of a dbt project a selection picks',
  'docs generate': "write dbt's target/catalog.json (each relation's columns, types and row count from the warehouse) and refresh target/manifest.json",
};

export function registerDbtCommands(program: Command): void {
  for (const name of ['build', 'run', 'test', 'seed', 'snapshot', 'compile', 'ls'] as const) addDbtVerb(program.command(name), name);
  // `docs` alone is Tributary's catalog site (cli/commands/docs.ts, registered first); `docs generate` is dbt's verb beside it.
  const docs = program.commands.find((c) => c.name() === 'docs') ?? program.command('docs');
  addDbtVerb(docs.command('generate'), 'docs generate');
}

function addDbtVerb(command: Command, name: DbtCommand): void {
  command
    .description(`${DESCRIPTIONS[name]} (dbt-compatible, on DuckDB)`)
    .option('--project-dir <dir>', 'the dbt project (folder with dbt_project.yml)', '.')
    .option('--profiles-dir <dir>', 'folder of profiles.yml (default: $DBT_PROFILES_DIR, ., the project, ~/.dbt)')
    .option('-t, --target <name>', 'profiles.yml target (default: the profile\'s target:)')
    .option('-s, --select <selector...>', 'dbt selectors: name, +name, name+, tag:, path:, resource_type:, config.materialized:, a,b (intersection)')
    .option('-m, --models <selector...>', 'alias of --select')
    .option('--exclude <selector...>', 'selectors to leave out')
    .option('--vars <yaml>', "variables over dbt_project.yml's, as YAML or JSON: '{start_date: 2024-01-01}'")
    .option('--threads <n>', "nodes to run at once, each on its own DuckDB connection (default: profiles.yml threads, else 1)")
    .option('-f, --format <format>', 'text | json', 'text');
  if (name !== 'ls' && name !== 'seed' && name !== 'test' && name !== 'snapshot' && name !== 'docs generate') command.option('--full-refresh', 'rebuild incremental models from scratch (snapshots keep their history)');
  if (name === 'build' || name === 'run') {
    command.option('--openlineage-file <jsonl>', 'append OpenLineage events (START/COMPLETE/FAIL per model) to this file; OPENLINEAGE_URL posts them');
  }
  if (name === 'seed') command.option('--full-refresh', 'accepted for dbt compatibility (seeds are always reloaded)');
  if (name !== 'ls') command.option('-x, --fail-fast', 'stop at the first failure; what is left is skipped');
  if (name === 'docs generate') command.option('--no-compile', 'describe the warehouse without compiling the nodes first');
  if (name === 'ls') {
    command
      .option('--resource-type <type...>', 'model | seed | snapshot | test')
      .option('--output <kind>', 'selector | name | path | json', 'selector');
  }
  command.action(async (opts: DbtOptions) => {
    process.exitCode = await runCommand(name, opts);
  });
}

async function runCommand(name: DbtCommand, opts: DbtOptions): Promise<number> {
  const format = opts.format.toLowerCase();
  if (format !== 'text' && format !== 'json') throw new ConfigError(`--format must be text or json, got "${opts.format}"`);
  const threads = opts.threads === undefined ? undefined : Number(opts.threads);
  if (threads !== undefined && !(Number.isInteger(threads) && threads > 0)) throw new ConfigError(`--threads must be a positive whole number, got "${opts.threads}"`);
  const types = (opts.resourceType ?? []).map((t) => {
    if (t !== 'model' && t !== 'seed' && t !== 'snapshot' && t !== 'test') throw new ConfigError(`--resource-type must be model, seed, snapshot or test, got "${t}"`);
    return t;
  });
  const { runDbtCommand } = await import('../../engine/invocation/dbt-command.js');
  const log = format === 'text' ? (line: string) => process.stdout.write(`${clock()}  ${line}\n`) : () => undefined;
  const result = await runDbtCommand({
    command: name,
    projectDir: opts.projectDir,
    ...(opts.profilesDir ? { profilesDir: opts.profilesDir } : {}),
    ...(opts.target ? { target: opts.target } : {}),
    select: [...(opts.select ?? []), ...(opts.models ?? [])],
    exclude: opts.exclude ?? [],
    resourceTypes: types,
    vars: parseVars(opts.vars),
    fullRefresh: opts.fullRefresh === true,
    ...(threads ? { threads } : {}),
    failFast: opts.failFast === true,
    noCompile: opts.compile === false,
    onEvent: (e) => printEvent(e, log, threads),
  });
  if (name === 'ls') {
    printListing(result, format === 'json' ? 'json' : (opts.output ?? 'selector'));
    return EXIT.ok;
  }
  const { buildLineageSettings, emitBuildLineage } = await import('../../pipeline/openlineage/build-lineage.js');
  const lineage = name === 'build' || name === 'run' ? buildLineageSettings(process.env, opts.openlineageFile, process.cwd()) : undefined;
  // A lineage backend that is down must not fail the build: what was not delivered is said on stderr.
  if (lineage) for (const problem of await emitBuildLineage(result, lineage)) process.stderr.write(`warning: ${problem}\n`);
  if (format === 'json') process.stdout.write(`${JSON.stringify(jsonReport(result), null, 2)}\n`);
  else printSummary(result, log);
  return result.success ? EXIT.ok : EXIT.failed;
}

/** `--vars` as dbt takes it: a YAML (or JSON) mapping. */
export function parseVars(text: string | undefined): Record<string, unknown> {
  if (text === undefined || text.trim() === '') return {};
  let value: unknown;
  try {
    value = parseYamlText(text);
  } catch (err) {
    throw new ConfigError(`--vars is not valid YAML or JSON: ${(err as Error).message.split('\n')[0]}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ConfigError(`--vars must be a mapping, e.g. '{"start_date": "2024-01-01"}', got ${JSON.stringify(text)}`);
  }
  return value as Record<string, unknown>;
}

function clock(): string {
  return new Date().toISOString().slice(11, 19);
}

function printEvent(e: DbtCommandEvent, log: (line: string) => void, threads: number | undefined): void {
  if (e.kind === 'plan') {
    const parts = [plural(e.counts.model, 'model'), ...(e.counts.snapshot > 0 ? [plural(e.counts.snapshot, 'snapshot')] : []), plural(e.counts.test, 'data test'), plural(e.counts.seed, 'seed')];
    log(`Running with tributary 0.1.0 (dbt-compatible engine, DuckDB)`);
    for (const w of e.warnings) log(`[WARNING]: ${w}`);
    log(`Found ${parts.join(', ')} in project ${e.projectName}`);
    log(`Concurrency: ${threads ?? e.target.threads} threads (target='${e.target.name}')`);
    log('');
    return;
  }
  if (e.kind === 'hook') {
    if (e.index === 1) log(`Running ${plural(e.total, `${e.result.kind} hook`)}`);
    log(hookLine(e.result, e.index, e.total));
    if (e.index === e.total || e.result.status === 'error') log('');
    return;
  }
  log(nodeLine(e.result, e.index, e.total));
}

/** `1 of 2 OK hook: shop-on-run-end-0 ........ [OK in 0.01s]`, as dbt prints a hook. */
function hookLine(h: HookResult, index: number, total: number): string {
  const ok = h.status === 'success';
  const head = `${index} of ${total} ${ok ? 'OK' : 'ERROR'} hook: ${h.name}`;
  return `${head} ${'.'.repeat(Math.max(3, 80 - head.length))} [${ok ? 'OK' : 'ERROR'} in ${h.executionTime.toFixed(2)}s]`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** `3 of 71 OK created sql table model main.dates ....... [SELECT 2921 in 0.12s]`, as dbt prints it. */
export function nodeLine(r: NodeResult, index: number, total: number): string {
  const time = `in ${r.executionTime.toFixed(2)}s`;
  let what: string;
  let status: string;
  switch (r.resourceType) {
    case 'snapshot':
      what = r.status === 'success' ? `OK snapshotted ${r.relationName ?? r.name}` : r.status === 'skipped' ? `SKIP snapshot ${r.relationName ?? r.name}` : `ERROR snapshotting ${r.relationName ?? r.name}`;
      status = r.status === 'success' ? `${r.message ?? 'OK'} ${time}` : r.status === 'skipped' ? 'SKIP' : `ERROR ${time}`;
      break;
    case 'model': {
      const kind = r.materialized === 'view' ? 'sql view model' : r.materialized === 'incremental' ? 'sql incremental model' : `sql ${r.materialized} model`;
      if (r.status === 'success') {
        what = `OK created ${kind} ${r.relationName ?? r.name}`;
        status = `${r.message ?? 'OK'} ${time}`;
      } else if (r.status === 'skipped') {
        what = `SKIP relation ${r.relationName ?? r.name}`;
        status = 'SKIP';
      } else {
        what = `ERROR creating ${kind} ${r.relationName ?? r.name}`;
        status = `ERROR ${time}`;
      }
      break;
    }
    case 'seed':
      what = r.status === 'success' ? `OK loaded seed file ${r.relationName}` : r.status === 'skipped' ? `SKIP seed file ${r.relationName}` : `ERROR loading seed file ${r.relationName}`;
      status = r.status === 'success' ? `${r.message} ${time}` : r.status === 'skipped' ? 'SKIP' : `ERROR ${time}`;
      break;
    case 'test': {
      const label = { pass: 'PASS', fail: `FAIL ${r.failures ?? ''}`.trim(), warn: `WARN ${r.failures ?? ''}`.trim(), error: 'ERROR', skipped: 'SKIP', success: 'PASS' }[r.status];
      what = `${label} ${r.name}`;
      status = r.status === 'skipped' ? 'SKIP' : `${label} ${time}`;
      break;
    }
  }
  const head = `${index} of ${total} ${what}`;
  return `${head} ${'.'.repeat(Math.max(3, 80 - head.length))} [${status}]`;
}

function summaryCounts(results: readonly NodeResult[]): { pass: number; warn: number; error: number; skip: number; total: number } {
  const count = (...s: NodeResult['status'][]) => results.filter((r) => s.includes(r.status)).length;
  return { pass: count('success', 'pass'), warn: count('warn'), error: count('error', 'fail'), skip: count('skipped'), total: results.length };
}

function printSummary(result: DbtCommandResult, log: (line: string) => void): void {
  const c = summaryCounts(result.results);
  log('');
  log(`Finished running ${plural(result.results.length, 'node')} in ${result.elapsedSeconds.toFixed(2)}s.`);
  log('');
  const failed = result.results.filter((r) => r.status === 'error' || r.status === 'fail');
  const warned = result.results.filter((r) => r.status === 'warn');
  const failedHooks = result.hooks.filter((h) => h.status === 'error');
  const errors = failed.length + failedHooks.length;
  if (errors === 0 && warned.length === 0) log('Completed successfully');
  else log(`Completed with ${plural(errors, 'error')}${warned.length ? ` and ${plural(warned.length, 'warning')}` : ''}:`);
  for (const h of failedHooks) {
    log('');
    log(`Error in hook ${h.name}`);
    for (const line of (h.message ?? '').split('\n')) log(`  ${line}`);
  }
  for (const r of [...failed, ...warned]) {
    log('');
    log(`${r.status === 'warn' ? 'Warning' : r.status === 'fail' ? 'Failure' : 'Error'} in ${r.resourceType} ${r.name}`);
    for (const line of (r.message ?? '').split('\n')) log(`  ${line}`);
    if (r.compiledPath && r.resourceType === 'test') log(`  compiled code at ${r.compiledPath}`);
  }
  if (result.catalog) {
    log('');
    log(`Catalog written to ${result.catalog.path} (${plural(result.catalog.nodes, 'node')}, ${plural(result.catalog.sources, 'source')} in the warehouse)`);
  }
  log('');
  log(`Done. PASS=${c.pass} WARN=${c.warn} ERROR=${c.error} SKIP=${c.skip} TOTAL=${c.total}`);
}

function jsonReport(result: DbtCommandResult): Record<string, unknown> {
  return {
    command: result.command,
    project: result.projectName,
    target: result.target.name,
    success: result.success,
    elapsed_seconds: result.elapsedSeconds,
    summary: summaryCounts(result.results),
    results: result.results.map((r) => ({
      unique_id: r.uniqueId,
      name: r.name,
      resource_type: r.resourceType,
      status: r.status,
      message: r.message ?? null,
      failures: r.failures ?? null,
      relation: r.relationName ?? null,
      materialized: r.materialized,
      execution_time: r.executionTime,
    })),
    hooks: result.hooks.map((h) => ({ name: h.name, kind: h.kind, status: h.status, message: h.message ?? null, execution_time: h.executionTime })),
    manifest: result.manifestPath,
    run_results: result.runResultsPath ?? null,
    ...(result.catalog ? { catalog: result.catalog.path } : {}),
  };
}

function printListing(result: DbtCommandResult, output: string): void {
  const rows = result.listed;
  switch (output) {
    case 'json':
      process.stdout.write(`${JSON.stringify(rows.map((n) => ({ unique_id: n.uniqueId, name: n.name, resource_type: n.resourceType, path: n.path })), null, 2)}\n`);
      return;
    case 'name':
      for (const n of rows) process.stdout.write(`${n.name}\n`);
      return;
    case 'path':
      for (const n of rows) process.stdout.write(`${n.path || n.name}\n`);
      return;
    case 'selector':
      for (const n of rows) process.stdout.write(`${n.fqn}\n`);
      return;
    default:
      throw new ConfigError(`--output must be selector, name, path or json, got "${output}"`);
  }
}
