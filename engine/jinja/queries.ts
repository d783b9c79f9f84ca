/**
 * Database queries from inside a template (`run_query`, `{% call statement %}`,
 * `adapter.get_columns_in_relation`). Rendering is synchronous and DuckDB is not, so a
 * render that needs a result it does not have yet stops with `NeedQuery`; the caller
 * runs the query, stores its result in the render's `QueryCache`, and renders again.
 * Templates are deterministic, so each pass gets one query further, and every query is
 * run once per compiled node.
 */
import type { DuckDBConnection } from '@duckdb/node-api';

/** A render stopped because it needs the result of `sql`. */
export class NeedQuery {
  readonly sql: string;
  constructor(sql: string) {
    this.sql = sql;
  }
}

/** A column of a result, as dbt's agate table exposes it. */
export interface QueryColumn {
  readonly name: string;
  readonly data_type: string;
  values(): unknown[];
}

/** A query result, shaped like dbt's agate table: `.columns`, `.rows` (by index or name), `.column_names`. */
export interface QueryTable {
  readonly columns: readonly QueryColumn[];
  readonly column_names: readonly string[];
  readonly rows: readonly unknown[][];
  /** dbt's `load_result(...)['data']`: rows as plain lists. */
  readonly data: readonly unknown[][];
}

/** Results by SQL text, for the passes of one render. */
export type QueryCache = Map<string, QueryTable>;

/** Runs `sql` and shapes the result for templates (integers as numbers, dates and the like as their text). */
export async function runTemplateQuery(conn: DuckDBConnection, sql: string): Promise<QueryTable> {
  const reader = await conn.runAndReadAll(sql);
  const names = reader.columnNames();
  const types = reader.columnTypes().map((t) => t.toString());
  const data = reader.getRows().map((r) => r.map(plainValue));
  return queryTable(names, types, data);
}

export function queryTable(names: readonly string[], types: readonly string[], data: unknown[][]): QueryTable {
  const rows = data.map((values) => {
    // Rows are lists that can also be read by column name (`row['n']`), as agate rows can.
    const row = [...values] as unknown[];
    const named = row as unknown as Record<string, unknown>;
    names.forEach((n, i) => {
      if (!(n in row)) named[n] = values[i];
    });
    return row;
  });
  const columns = names.map((name, i) => ({ name, data_type: types[i] ?? 'VARCHAR', values: () => data.map((r) => r[i]) }));
  // agate's columns are a sequence that is also a mapping by name: `.items()`, `.keys()`, `['col']`.
  const mapped = columns as QueryColumn[] & Record<string, unknown>;
  Object.defineProperty(mapped, 'items', { value: () => columns.map((c) => [c.name, c]), enumerable: false });
  Object.defineProperty(mapped, 'keys', { value: () => [...names], enumerable: false });
  Object.defineProperty(mapped, 'values', { value: () => [...columns], enumerable: false });
  for (const c of columns) if (!(c.name in mapped)) Object.defineProperty(mapped, c.name, { value: c, enumerable: false });
  return {
    columns: mapped,
    column_names: [...names],
    rows,
    data,
  };
}

function plainValue(v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
  if (typeof v === 'object') return String(v);
  return v;
}
