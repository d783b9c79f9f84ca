/**
 * dbt_project.yml's `on-run-start` and `on-run-end`: SQL the dbt verbs that build
 * (build, run, test, seed, snapshot) run once before the first node and once after the
 * last, in the order listed. Each is Jinja rendered as dbt renders it: with the
 * project's context but no `this` (a project hook belongs to no relation), the queries
 * its Jinja asks for run as it renders; at the end, `results` (one per node: `.node`
 * with unique_id, name, resource_type, schema…, `.status`, `.message`, `.failures`,
 * `.execution_time`) and `schemas` (the schemas the run built into) are available.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { displayPath } from '../errors.js';
import { withQueries, type Manifest } from '../manifest.js';
import { stripTrailingSemicolons } from '../materialize.js';
import { PROJECT_FILE } from '../project.js';
import type { NodeResult } from './artifacts.js';

export type RunHookKind = 'on-run-start' | 'on-run-end';

export interface HookResult {
  /** dbt's name for it: `<project>-on-run-start-<index>`. */
  readonly name: string;
  readonly kind: RunHookKind;
  readonly index: number;
  readonly status: 'success' | 'error';
  /** For errors: dbt_project.yml, its line, the hook and the database's or Jinja's message. */
  readonly message: string | undefined;
  /** Seconds. */
  readonly executionTime: number;
}

/** What an on-run-end hook sees of the run: `results` as dbt's RunResult objects, `schemas`. */
export function runEndContext(results: readonly NodeResult[], database: string): Record<string, unknown> {
  const schemas = [...new Set(results.filter((r) => r.status !== 'skipped' && r.relationName !== undefined).map((r) => r.relationName!.split('.')[0]!))];
  return {
    results: results.map((r) => {
      const [schema, alias] = r.relationName?.split('.') ?? [undefined, r.name];
      return {
        node: { unique_id: r.uniqueId, name: r.name, resource_type: r.resourceType, database, schema: schema ?? null, alias, config: { materialized: r.materialized } },
        status: r.status,
        message: r.message ?? null,
        failures: r.failures ?? null,
        execution_time: r.executionTime,
        thread_id: `Thread-${r.thread ?? 1}`,
        adapter_response: r.rows === undefined ? {} : { rows_affected: r.rows },
      };
    }),
    schemas,
    database_schemas: schemas.map((s) => [database, s]),
  };
}

/**
 * Renders and runs the hooks of `kind` of the packages and the project, stopping at the
 * first that fails. As dbt orders them: the packages' first, by package name, then the
 * root project's, each in the order its dbt_project.yml lists them; a package's hook
 * renders in that package's context (its vars and macros).
 * Never throws: a failure is an `error` result.
 */
export async function runProjectHooks(
  conn: DuckDBConnection,
  manifest: Manifest,
  kind: RunHookKind,
  globals: Readonly<Record<string, unknown>>,
  onHook?: (result: HookResult, total: number) => void,
): Promise<HookResult[]> {
  const project = manifest.project;
  const owners = [...project.packages].sort((a, b) => a.name.localeCompare(b.name)).map((p) => ({ name: p.name, dir: p.dir, packageName: p.name as string | undefined, hooks: kind === 'on-run-start' ? p.onRunStart : p.onRunEnd }));
  owners.push({ name: project.name, dir: project.dir, packageName: undefined, hooks: kind === 'on-run-start' ? project.onRunStart : project.onRunEnd });
  const all = owners.flatMap((o) => o.hooks.map((hook, index) => ({ owner: o, hook, index })));
  const out: HookResult[] = [];
  for (const { owner, hook, index } of all) {
    const started = performance.now();
    const file = path.join(owner.dir, PROJECT_FILE);
    const name = `${owner.name}-${kind}-${index}`;
    const node = { name, path: file, relPath: PROJECT_FILE, config: {}, resourceType: 'operation' as const, ...(owner.packageName !== undefined ? { packageName: owner.packageName } : {}) };
    let message: string | undefined;
    try {
      const sql = await withQueries(conn, (queries) => manifest.renderer.render({ node, mode: 'compile', models: manifest.models, queries, source: hook, globals }).sql);
      const statement = stripTrailingSemicolons(sql).trim();
      if (statement !== '') await conn.run(statement);
    } catch (err) {
      const line = await keyLine(file, kind);
      // The renderer names the hook as a model; the file, line and key say where to look.
      const detail = (err instanceof Error ? err.message : String(err)).replace(`model ${name} (${displayPath(file)}): `, '');
      message = `${displayPath(file)}${line ? `:${line}` : ''}: ${kind}[${index}]: ${detail}`;
    }
    const result: HookResult = { name, kind, index, status: message === undefined ? 'success' : 'error', message, executionTime: (performance.now() - started) / 1000 };
    out.push(result);
    onHook?.(result, all.length);
    if (message !== undefined) break;
  }
  return out;
}

/** The line of a top-level key in dbt_project.yml (1-based), if it is there. */
async function keyLine(file: string, key: string): Promise<number | undefined> {
  const text = await fs.readFile(file, 'utf8').catch(() => '');
  const i = text.split('\n').findIndex((l) => l.startsWith(`${key}:`) || l.startsWith(`"${key}":`) || l.startsWith(`'${key}':`));
  return i < 0 ? undefined : i + 1;
}
