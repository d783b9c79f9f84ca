/**
 * Start-up bench: how long the compiled CLI (`bin/tributary.js` → dist/) takes from spawn
 * to exit, against the cheapest child process that does the same work, measured in the
 * same run:
 *
 * 1. `node -e 0` vs `node bin/tributary.js --help` → `helpVsNode` (target ≤ 3×): what
 *    loading the CLI costs over Node's own start-up.
 * 2. A bare `@duckdb/node-api` script (open the demo's analytics.duckdb read-only, run the
 *    query, print the rows as JSON) vs `tributary query --format json` with the same SQL
 *    → `queryVsBareDuckdb` (target ≤ 2×): what the CLI adds around DuckDB (config,
 *    commands, warehouse wrapper, formatting).
 *
 * Every child is `process.execPath` with no exec flags (so tsx's loader is not inherited)
 * and without NODE_OPTIONS; wall time is `performance.now()` from `spawn()` to the
 * `exit` event. The four commands run one after another in each repeat, in an order that
 * alternates from repeat to repeat, so machine noise falls on both sides of each ratio;
 * one untimed warm-up round comes first (disk cache, DuckDB's shared library). Medians
 * are reported. The demo workspace (`tributary demo --people 300 --days 14 --no-faults`)
 * is built once in a fresh temp folder, not timed against anything, and removed after.
 *
 * Measures dist/ as it is: run `npm run build` first (the bench warns when a source file
 * is newer than the last build).
 *
 * @example
 * ```sh
 * npm run build && npx tsx bench/startup.ts --repeat 15
 * ```
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUILTIN_MODELS_DIR } from '../pipeline/config/load-config.js';
import { loadModelRoles } from '../pipeline/transform/model-roles.js';
import { integerFlags, isMain, median, round, runAsScript } from './lib/harness.js';

export interface StartupOptions {
  /** Timed runs of every command; medians are reported (default 15). */
  readonly repeat?: number;
  /** Untimed rounds before the timed ones (default 1). */
  readonly warmup?: number;
  /** Size of the demo workspace the query cases read (defaults 300 people, 14 days). */
  readonly people?: number;
  readonly days?: number;
  /**
   * A demo workspace that already exists, read instead of making one (`people` and `days`
   * then do not apply; it is neither changed nor removed): the smoke test passes the test
   * run's shared demo, which it would otherwise make again only to read it.
   */
  readonly workspace?: string;
}

/** One side of a case: the command and its wall times over the repeats, in ms. */
export interface StartupSide {
  readonly command: string;
  readonly medianMs: number;
  readonly minMs: number;
  readonly maxMs: number;
}

export interface StartupCase {
  readonly ours: StartupSide;
  readonly baseline: StartupSide;
  /** ours median ÷ baseline median. */
  readonly ratio: number;
  readonly targetRatio: number;
  readonly meetsTarget: boolean;
}

/** One repeat: each command's wall time in ms. */
export interface StartupRun {
  readonly nodeMs: number;
  readonly helpMs: number;
  readonly bareDuckdbMs: number;
  readonly queryMs: number;
}

export interface StartupResult {
  readonly bench: 'startup';
  readonly target: string;
  readonly params: {
    readonly repeat: number;
    readonly warmup: number;
    readonly node: string;
    readonly sql: string;
    /** The demo workspace the query cases read, and what building it took (not part of any ratio). */
    readonly demo: { readonly command: string; readonly ms: number; readonly customers: number };
    /** A source file is newer than dist/'s last build: dist/ may not be what the sources say (run `npm run build`). */
    readonly distMayBeStale: boolean;
  };
  readonly cases: { readonly helpVsNode: StartupCase; readonly queryVsBareDuckdb: StartupCase };
  /** `cases.helpVsNode.ratio`; the target is ≤ 3. */
  readonly helpVsNode: number;
  /** `cases.queryVsBareDuckdb.ratio`; the target is ≤ 2. */
  readonly queryVsBareDuckdb: number;
  /** Both cases meet their targets. */
  readonly meetsTarget: boolean;
  readonly runs: readonly StartupRun[];
}

const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url));
const BIN = path.join(REPO_ROOT, 'bin', 'tributary.js');
/** The customers mart, found by its declared role (bench code names no model). */
const SQL = `select count(*) as n from ${(await loadModelRoles(BUILTIN_MODELS_DIR)).require('customers')}`;
const HELP_TARGET = 3;
const QUERY_TARGET = 2;

/**
 * The baseline for `query`: what any Node program reading the published database must do
 * (import the binding, open read-only, connect, run, print the rows as JSON, close). The
 * database path is argv[1]; it runs from the repository root, so the import resolves to
 * the same `@duckdb/node-api` the CLI uses.
 */
const BARE_DUCKDB = [
  "import { DuckDBInstance } from '@duckdb/node-api';",
  "const instance = await DuckDBInstance.create(process.argv[1], { access_mode: 'READ_ONLY' });",
  'const conn = await instance.connect();',
  `const reader = await conn.runAndReadAll(${JSON.stringify(SQL)});`,
  'process.stdout.write(JSON.stringify(reader.getRowObjectsJson()) + "\\n");',
  'conn.closeSync();',
  'instance.closeSync();',
].join('\n');

interface ChildResult {
  readonly ms: number;
  readonly stdout: string;
}

/** Children get this process's environment minus NODE_OPTIONS (a loader there would time itself) and proxies. */
function childEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const k of ['NODE_OPTIONS', 'HTTP_PROXY', 'HTTPS_PROXY', 'http_proxy', 'https_proxy']) delete env[k];
  return env;
}

/** Spawns `node <args>` and times spawn → exit. Rejects on a non-zero exit, with its stderr. */
function timeChild(args: readonly string[], env: NodeJS.ProcessEnv, timeoutMs = 120_000): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [...args], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let ms = 0;
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += String(d)));
    child.stderr.on('data', (d) => (stderr += String(d)));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('exit', () => (ms = performance.now() - t0));
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve({ ms, stdout });
      else reject(new Error(`\`node ${show(args)}\` exited with ${signal ?? code}:\n${stderr.trim() || stdout.trim()}`));
    });
  });
}

function show(args: readonly string[]): string {
  return args.map((a) => (a.includes('\n') ? '<script>' : /[\s"*]/.test(a) ? JSON.stringify(a) : a)).join(' ');
}

/** The `n` of `[{ "n": … }]`, as both query commands print it; throws on anything else. */
function countFrom(stdout: string, what: string): number {
  const rows: unknown = JSON.parse(stdout);
  const n = Array.isArray(rows) ? Number((rows[0] as { n?: unknown } | undefined)?.n) : Number.NaN;
  if (!Number.isSafeInteger(n)) throw new Error(`${what} printed no count: ${stdout.slice(0, 200)}`);
  return n;
}

/** True when a source file of the build is newer than dist/.tsbuildinfo (tsc may not rewrite it on a no-op build, so "may be"). */
function distLooksStale(): boolean {
  const stamp = path.join(REPO_ROOT, 'dist', '.tsbuildinfo');
  if (!fs.existsSync(stamp)) return !fs.existsSync(path.join(REPO_ROOT, 'dist', 'cli', 'main.js'));
  const built = fs.statSync(stamp).mtimeMs;
  const roots = ['index.ts', 'core', 'connectors', 'sandbox', 'engine', 'pipeline', 'schema', 'governance', 'cli'];
  const newer = (p: string): boolean => {
    const st = fs.statSync(p, { throwIfNoEntry: false });
    if (!st) return false;
    if (st.isDirectory()) return fs.readdirSync(p).some((name) => name !== 'generated' && newer(path.join(p, name)));
    return p.endsWith('.ts') && st.mtimeMs > built;
  };
  return roots.some((r) => newer(path.join(REPO_ROOT, r)));
}

function side(command: string, values: readonly number[]): StartupSide {
  return { command, medianMs: round(median(values)), minMs: round(Math.min(...values)), maxMs: round(Math.max(...values)) };
}

function startupCase(ours: StartupSide, baseline: StartupSide, targetRatio: number): StartupCase {
  const ratio = ours.medianMs / baseline.medianMs;
  return { ours, baseline, ratio: round(ratio, 2), targetRatio, meetsTarget: ratio <= targetRatio };
}

export async function runStartupBench(options: StartupOptions = {}): Promise<StartupResult> {
  const repeat = options.repeat ?? 15;
  const warmup = options.warmup ?? 1;
  const people = options.people ?? 300;
  const days = options.days ?? 14;
  if (!fs.existsSync(path.join(REPO_ROOT, 'dist', 'cli', 'main.js'))) {
    throw new Error('dist/ is missing: run `npm run build` first (the bench measures the compiled CLI)');
  }
  const distMayBeStale = distLooksStale();
  if (distMayBeStale) process.stderr.write('startup: warning: some sources are newer than dist/ (run `npm run build` to measure them)\n');

  const env = childEnv();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-bench-startup-'));
  try {
    // A fresh folder: the demo refuses to wipe one it did not make.
    const ws = options.workspace ?? path.join(tmp, 'demo');
    const demoArgs = [BIN, 'demo', '--dir', ws, '--people', String(people), '--days', String(days), '--no-faults'];
    const demo = options.workspace === undefined ? await timeChild(demoArgs, env, 300_000) : { ms: 0 };
    const config = path.join(ws, 'tributary.yml');
    const analytics = path.join(ws, 'analytics.duckdb');
    if (!fs.existsSync(analytics)) throw new Error(`the demo did not publish ${analytics}`);

    type Key = 'node' | 'help' | 'bareDuckdb' | 'query';
    const commands: Record<Key, readonly string[]> = {
      node: ['-e', '0'],
      help: [BIN, '--help'],
      bareDuckdb: ['--input-type=module', '-e', BARE_DUCKDB, analytics],
      query: [BIN, 'query', '--config', config, '--format', 'json', SQL],
    };
    const keys = Object.keys(commands) as Key[];

    let customers = -1;
    const check = (key: Key, out: ChildResult): void => {
      if (key === 'help' && !out.stdout.includes('Usage: tributary')) throw new Error(`--help printed no usage: ${out.stdout.slice(0, 200)}`);
      if (key === 'bareDuckdb' || key === 'query') {
        const n = countFrom(out.stdout, key);
        if (customers === -1) customers = n;
        else if (n !== customers) throw new Error(`${key} counted ${n} customers, the other side ${customers}`);
      }
    };

    const runs: StartupRun[] = [];
    for (let k = -warmup; k < repeat; k++) {
      // Alternate the order, so neither side of a pair always runs first (or right after the other).
      const order = (k & 1) === 0 ? keys : [...keys].reverse();
      const ms = {} as Record<Key, number>;
      for (const key of order) {
        const out = await timeChild(commands[key], env);
        check(key, out);
        ms[key] = out.ms;
      }
      if (k >= 0) runs.push({ nodeMs: round(ms.node), helpMs: round(ms.help), bareDuckdbMs: round(ms.bareDuckdb), queryMs: round(ms.query) });
    }

    const col = (key: keyof StartupRun) => runs.map((r) => r[key]);
    const rel = (p: string) => path.relative(REPO_ROOT, p) || '.';
    const help = startupCase(side(`node ${rel(BIN)} --help`, col('helpMs')), side('node -e 0', col('nodeMs')), HELP_TARGET);
    const query = startupCase(
      side(`node ${rel(BIN)} query --config <demo>/tributary.yml --format json ${JSON.stringify(SQL)}`, col('queryMs')),
      side(`node --input-type=module -e <import @duckdb/node-api; open <demo>/analytics.duckdb READ_ONLY; runAndReadAll; print JSON>`, col('bareDuckdbMs')),
      QUERY_TARGET,
    );
    return {
      bench: 'startup',
      target: `CLI start-up: --help within ${HELP_TARGET}x of \`node -e 0\` (helpVsNode <= ${HELP_TARGET}); query within ${QUERY_TARGET}x of a bare DuckDB open-and-query script (queryVsBareDuckdb <= ${QUERY_TARGET})`,
      params: {
        repeat,
        warmup,
        node: process.version,
        sql: SQL,
        demo: {
          command: options.workspace === undefined ? `node ${rel(BIN)} demo --dir <tmp>/demo --people ${people} --days ${days} --no-faults` : `(given) ${options.workspace}`,
          ms: round(demo.ms),
          customers,
        },
        distMayBeStale,
      },
      cases: { helpVsNode: help, queryVsBareDuckdb: query },
      helpVsNode: help.ratio,
      queryVsBareDuckdb: query.ratio,
      meetsTarget: help.meetsTarget && query.meetsTarget,
      runs,
    };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

if (isMain(import.meta.url)) {
  const f = integerFlags(process.argv.slice(2), { repeat: 15, warmup: 1, people: 300, days: 14 });
  runAsScript(() => runStartupBench({ repeat: f.repeat, warmup: f.warmup, people: f.people, days: f.days }));
}
