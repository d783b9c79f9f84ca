/**
 * Small questions and guarantees every materialization needs from DuckDB: does a
 * relation exist and as what, its columns, its row count, and all-or-nothing
 * statements. Kept apart so materialize.ts and snapshot.ts share them without
 * importing each other.
 */
import type { DuckDBConnection } from '@duckdb/node-api';

/** A schema-qualified relation name. */
export interface RelationName {
  readonly schema: string;
  readonly name: string;
}

/** `'table' | 'view'` when the relation exists, else undefined. */
export async function relationKind(conn: DuckDBConnection, rel: RelationName): Promise<'table' | 'view' | undefined> {
  const reader = await conn.runAndReadAll(
    `select table_type from information_schema.tables where table_catalog = current_database() and table_schema = $1 and table_name = $2`,
    [rel.schema, rel.name],
  );
  const type = reader.getRowObjectsJson()[0]?.['table_type'];
  if (type === undefined) return undefined;
  return type === 'VIEW' ? 'view' : 'table';
}

/** Column name → DuckDB type of a table, in order. */
export async function columnsOf(conn: DuckDBConnection, database: string | undefined, schema: string, table: string): Promise<Map<string, string>> {
  const reader = await conn.runAndReadAll(
    `select column_name, data_type from duckdb_columns()
      where database_name = coalesce($1, current_database()) and schema_name = $2 and table_name = $3 order by column_index`,
    [database ?? null, schema, table],
  );
  return new Map(reader.getRows().map((r) => [String(r[0]), String(r[1])]));
}

export async function countRows(conn: DuckDBConnection, target: string): Promise<number> {
  const reader = await conn.runAndReadAll(`select count(*) as n from ${target}`);
  return Number(reader.getRows()[0]?.[0] ?? 0);
}

/** Runs `fn` between BEGIN and COMMIT, rolling back when it throws. */
export async function inTransaction<T>(conn: DuckDBConnection, fn: () => Promise<T>): Promise<T> {
  await conn.run('begin transaction');
  try {
    const out = await fn();
    await conn.run('commit');
    return out;
  } catch (err) {
    await conn.run('rollback').catch(() => undefined);
    throw err;
  }
}
