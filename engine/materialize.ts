/**
 * How each materialization is applied on DuckDB. Every statement that could leave a
 * reader looking at a half-built relation runs inside one transaction; the slow part
 * (running the model's query) happens before it, into a scratch table.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { quoteIdent, quoteQualified } from '../core/sql.js';
import { columnsOf, countRows, inTransaction, relationKind, type RelationName } from './db.js';
import { applySnapshot } from './snapshot.js';

export { inTransaction, relationKind, type RelationName } from './db.js';

/** What a model becomes in the database. */
export type Materialization =
  | { readonly kind: 'view' }
  | { readonly kind: 'table' }
  | { readonly kind: 'ephemeral' }
  /** Table on the first run; later runs delete rows matching `uniqueKey` and insert the new ones (append when no key). */
  | { readonly kind: 'incremental'; readonly uniqueKey?: readonly string[]; readonly onSchemaChange?: OnSchemaChange }
  /** A type-2 history of the query's rows (dbt's snapshot): see snapshot.ts. */
  | { readonly kind: 'snapshot'; readonly uniqueKey: readonly string[]; readonly strategy: SnapshotStrategy; readonly hardDeletes: 'ignore' | 'invalidate' | 'new_record' };

/** How a snapshot sees that a row changed: a newer `updated_at`, or different values in `checkCols`. */
export type SnapshotStrategy =
  | { readonly kind: 'timestamp'; readonly updatedAt: string }
  | { readonly kind: 'check'; readonly checkCols: 'all' | readonly string[] };

/** dbt's `on_schema_change` for incremental models: what to do when the new rows' columns differ from the table's. */
export type OnSchemaChange = 'ignore' | 'append_new_columns' | 'sync_all_columns' | 'fail';


export interface MaterializeOptions {
  readonly relation: RelationName;
  readonly materialization: Materialization;
  /** The compiled SELECT (for incremental runs: compiled with `is_incremental()` true). */
  readonly sql: string;
  /** Rebuild incremental models from scratch. */
  readonly fullRefresh?: boolean;
}

export interface MaterializeResult {
  /** Rows in the built table, or rows inserted by an incremental run; undefined for views and ephemerals. */
  readonly rows: number | undefined;
  /** What actually happened: an incremental model's first run is a 'table' build. */
  readonly applied: 'view' | 'table' | 'incremental' | 'snapshot' | 'none';
}


/**
 * Applies one model.
 * @example
 * ```ts
 * await materialize(conn, { relation: { schema: 'main', name: 'customers' }, materialization: { kind: 'table' }, sql });
 * ```
 */
export async function materialize(conn: DuckDBConnection, options: MaterializeOptions): Promise<MaterializeResult> {
  const { relation, materialization } = options;
  if (materialization.kind === 'ephemeral') return { rows: undefined, applied: 'none' };
  const sql = stripTrailingSemicolons(options.sql);
  await conn.run(`create schema if not exists ${quoteIdent(relation.schema)}`);
  switch (materialization.kind) {
    case 'view':
      return buildView(conn, relation, sql);
    case 'table':
      return buildTable(conn, relation, sql);
    case 'incremental': {
      const existing = await relationKind(conn, relation);
      if (existing !== 'table' || options.fullRefresh) return buildTable(conn, relation, sql);
      return mergeIncremental(conn, relation, sql, materialization.uniqueKey ?? [], materialization.onSchemaChange ?? 'ignore');
    }
    case 'snapshot':
      // dbt ignores --full-refresh for snapshots too: the history is the point.
      return { rows: await applySnapshot(conn, relation, sql, materialization), applied: 'snapshot' };
  }
}

async function buildView(conn: DuckDBConnection, rel: RelationName, sql: string): Promise<MaterializeResult> {
  const target = quoteQualified(rel.schema, rel.name);
  await inTransaction(conn, async () => {
    // A table of the same name (the model used to be a table) must go first:
    // CREATE OR REPLACE VIEW does not replace tables.
    if ((await relationKind(conn, rel)) === 'table') await conn.run(`drop table ${target}`);
    await conn.run(`create or replace view ${target} as\n${sql}\n`);
  });
  return { rows: undefined, applied: 'view' };
}

async function buildTable(conn: DuckDBConnection, rel: RelationName, sql: string): Promise<MaterializeResult> {
  const target = quoteQualified(rel.schema, rel.name);
  const scratchName = `${rel.name}__tributary_tmp`;
  const scratch = quoteQualified(rel.schema, scratchName);
  // Build beside the live table, outside the transaction (this is the slow part and
  // readers keep seeing the old table meanwhile); then swap in one short transaction.
  await conn.run(`drop table if exists ${scratch}`);
  try {
    await conn.run(`create table ${scratch} as\n${sql}\n`);
    await inTransaction(conn, async () => {
      const existing = await relationKind(conn, rel);
      if (existing === 'view') await conn.run(`drop view ${target}`);
      else if (existing === 'table') await conn.run(`drop table ${target}`);
      await conn.run(`alter table ${scratch} rename to ${quoteIdent(rel.name)}`);
    });
  } catch (err) {
    await conn.run(`drop table if exists ${scratch}`).catch(() => undefined);
    throw err;
  }
  return { rows: await countRows(conn, target), applied: 'table' };
}

async function mergeIncremental(
  conn: DuckDBConnection,
  rel: RelationName,
  sql: string,
  uniqueKey: readonly string[],
  onSchemaChange: OnSchemaChange,
): Promise<MaterializeResult> {
  const target = quoteQualified(rel.schema, rel.name);
  const batchName = `${rel.name}__tributary_incr`;
  const batch = quoteQualified('temp', 'main', batchName);
  await conn.run(`create or replace temp table ${quoteIdent(batchName)} as\n${sql}\n`);
  try {
    let inserted = 0;
    const incoming = await columnsOf(conn, 'temp', 'main', batchName);
    const existing = await columnsOf(conn, undefined, rel.schema, rel.name);
    const added = [...incoming.keys()].filter((c) => !existing.has(c));
    const removed = [...existing.keys()].filter((c) => !incoming.has(c));
    if (onSchemaChange === 'fail' && (added.length > 0 || removed.length > 0)) {
      throw new Error(
        `the model's columns changed (new: ${added.join(', ') || 'none'}; gone: ${removed.join(', ') || 'none'}) and on_schema_change is 'fail': run with --full-refresh, or set on_schema_change`,
      );
    }
    const widen = onSchemaChange === 'append_new_columns' || onSchemaChange === 'sync_all_columns';
    // 'ignore' (dbt's default) keeps the table's columns: the new ones are left out of the insert.
    const columns = [...incoming.keys()].filter((c) => widen || existing.has(c));
    await inTransaction(conn, async () => {
      if (widen) for (const c of added) await conn.run(`alter table ${target} add column ${quoteIdent(c)} ${incoming.get(c)}`);
      if (onSchemaChange === 'sync_all_columns') for (const c of removed) await conn.run(`alter table ${target} drop column ${quoteIdent(c)}`);
      if (uniqueKey.length > 0) {
        // delete+insert, as dbt's strategy of that name: rows whose key arrives again are
        // replaced, so a re-run never duplicates. IS NOT DISTINCT FROM treats null keys as equal.
        const match = uniqueKey
          .map((k) => `${batch}.${quoteIdent(k)} is not distinct from ${target}.${quoteIdent(k)}`)
          .join(' and ');
        await conn.run(`delete from ${target} where exists (select 1 from ${batch} where ${match})`);
      }
      const result = await conn.run(`insert into ${target} by name select ${columns.map(quoteIdent).join(', ')} from ${batch}`);
      inserted = Number(result.rowsChanged);
    });
    return { rows: inserted, applied: 'incremental' };
  } finally {
    await conn.run(`drop table if exists ${batch}`).catch(() => undefined);
  }
}




/** Models often end with `;`, which is not valid inside `create view … as`. */
export function stripTrailingSemicolons(sql: string): string {
  return sql.replace(/[\s;]+$/u, '');
}
