/**
 * dbt seeds: CSV files under the seed paths, loaded into tables named after the file
 * so models can `ref()` them (mapping tables, country codes, channel groupings).
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Logger } from '../core/logger.js';
import { quoteIdent, quoteLiteral, quoteQualified } from '../core/sql.js';
import { DEFAULT_SCHEMA } from './config.js';
import { displayPath } from './errors.js';
import { inTransaction, type RelationName } from './materialize.js';
import type { Project, SeedNode } from './project.js';

export interface SeedResult {
  readonly name: string;
  readonly path: string;
  readonly relation: RelationName;
  readonly status: 'success' | 'error';
  readonly rows?: number;
  readonly durationMs: number;
  readonly error?: string;
}

/**
 * Loads every seed (or those named in `select`), replacing the table in one transaction.
 * @example
 * ```ts
 * await runSeeds({ conn, project });
 * ```
 */
export async function runSeeds(options: {
  readonly conn: DuckDBConnection;
  readonly project: Project;
  readonly select?: readonly string[];
  readonly log?: Logger;
}): Promise<SeedResult[]> {
  const { conn, project } = options;
  const results: SeedResult[] = [];
  for (const seed of Object.values(project.seeds)) {
    if (options.select && options.select.length > 0 && !options.select.includes(seed.name)) continue;
    const relation = { schema: seed.config.schema ?? DEFAULT_SCHEMA, name: seed.config.alias ?? seed.name };
    const result = await loadSeed(conn, seed, relation);
    if (result.status === 'error') options.log?.error('seed error', { seed: seed.name, error: result.error });
    results.push(result);
  }
  return results;
}

/** Loads one seed into `relation`, replacing the table in one transaction; a failure is an `error` result. */
export async function loadSeed(conn: DuckDBConnection, seed: SeedNode, relation: RelationName): Promise<SeedResult> {
  const started = performance.now();
  const target = quoteQualified(relation.schema, relation.name);
  try {
    await conn.run(`create schema if not exists ${quoteIdent(relation.schema)}`);
    const rows = await inTransaction(conn, async () => {
      await conn.run(`create or replace table ${target} as select * from read_csv($1, ${readCsvOptions(seed)})`, [seed.path]);
      const reader = await conn.runAndReadAll(`select count(*) from ${target}`);
      return Number(reader.getRows()[0]?.[0] ?? 0);
    });
    return { name: seed.name, path: seed.relPath, relation, status: 'success', rows, durationMs: performance.now() - started };
  } catch (err) {
    const message = `seed ${seed.name} (${displayPath(seed.path)}): ${err instanceof Error ? err.message : String(err)}`;
    return { name: seed.name, path: seed.relPath, relation, status: 'error', durationMs: performance.now() - started, error: message };
  }
}

/**
 * read_csv's options for a seed: DuckDB's type detection (close to dbt-duckdb's agate
 * inference), with the seed's `column_types` forced and its `delimiter`. read_csv takes
 * these as constants, not bound parameters, so names and types go in as quoted literals.
 */
function readCsvOptions(seed: SeedNode): string {
  const opts = ['header = true', 'auto_detect = true'];
  const types = Object.entries(seed.config.column_types ?? {});
  if (types.length > 0) opts.push(`types = {${types.map(([col, type]) => `${quoteLiteral(col)}: ${quoteLiteral(type)}`).join(', ')}}`);
  if (seed.config.delimiter !== undefined) opts.push(`delim = ${quoteLiteral(seed.config.delimiter)}`);
  return opts.join(', ');
}
