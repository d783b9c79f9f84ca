/**
 * Catalog implementations: a fixed map (tests, and the pipeline as it builds models
 * one by one) and a snapshot of a DuckDB database's tables and views.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Catalog } from './types.js';

/** A mutable catalog over `schema.table → columns`; names match case-insensitively. */
export class MapCatalog implements Catalog {
  readonly defaultSchema: string;
  private readonly tables = new Map<string, readonly string[]>();

  constructor(relations: Readonly<Record<string, readonly string[]>> = {}, defaultSchema = 'main') {
    this.defaultSchema = defaultSchema;
    for (const [name, columns] of Object.entries(relations)) this.set(name, columns);
  }

  /** Adds or replaces a relation (`raw.hubspot_contacts`, or `stg_x` in the default schema). */
  set(relation: string, columns: readonly string[]): this {
    const key = relation.includes('.') ? relation : `${this.defaultSchema}.${relation}`;
    this.tables.set(key.toLowerCase(), [...columns]);
    return this;
  }

  columns(relation: { schema?: string; name: string }): readonly string[] | undefined {
    return this.tables.get(`${relation.schema ?? this.defaultSchema}.${relation.name}`.toLowerCase());
  }

  relations(): string[] {
    return [...this.tables.keys()];
  }
}

/**
 * Snapshot of every table and view of the connected database (all schemas except
 * the system ones), in column order.
 */
export async function loadCatalog(conn: DuckDBConnection, defaultSchema = 'main'): Promise<MapCatalog> {
  const reader = await conn.runAndReadAll(
    `SELECT schema_name, table_name, list(column_name ORDER BY column_index) AS columns
       FROM duckdb_columns()
      WHERE database_name = current_database() AND NOT internal
      GROUP BY schema_name, table_name`,
  );
  const catalog = new MapCatalog({}, defaultSchema);
  for (const row of reader.getRowObjectsJS()) {
    catalog.set(`${String(row.schema_name)}.${String(row.table_name)}`, (row.columns as unknown[]).map(String));
  }
  return catalog;
}
