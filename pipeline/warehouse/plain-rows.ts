/**
 * DuckDB results as plain JSON values, for callers that hand rows to people or scripts
 * (the CLI's output, the library's `query`): what a script expects (`"n": 2000`, not
 * `"n": "2000"`).
 */
import { DuckDBTypeId, type DuckDBResultReader } from '@duckdb/node-api';

export type PlainRow = Record<string, unknown>;

const WIDE_NUMBERS = new Set<number>([
  DuckDBTypeId.BIGINT,
  DuckDBTypeId.UBIGINT,
  DuckDBTypeId.HUGEINT,
  DuckDBTypeId.UHUGEINT,
  DuckDBTypeId.DECIMAL,
]);

/**
 * Rows of a DuckDB result as plain JSON values: DuckDB's own JSON conversion (dates as
 * `2026-09-03`, timestamps as text, lists and structs as arrays and objects), except that
 * BIGINT/HUGEINT/DECIMAL become numbers when that loses nothing (`count(*)` → 2000).
 */
export function readerRows(reader: DuckDBResultReader): { columns: string[]; rows: PlainRow[] } {
  const columns = reader.columnNames();
  const wide = reader.columnTypes().map((t) => WIDE_NUMBERS.has(t.typeId));
  const rows = reader.getRowObjectsJson().map((row) => {
    const out: PlainRow = {};
    columns.forEach((c, i) => {
      const v = row[c];
      out[c] = wide[i] && typeof v === 'string' ? exactNumber(v) : v;
    });
    return out;
  });
  return { columns, rows };
}

/** The number `text` spells, if a double holds it exactly; otherwise the text itself. */
function exactNumber(text: string): number | string {
  const n = Number(text);
  if (!Number.isFinite(n)) return text;
  const decimals = text.includes('.') ? text.length - text.indexOf('.') - 1 : 0;
  const exact = decimals === 0 ? Number.isSafeInteger(n) : n.toFixed(decimals) === text && Math.abs(n) < 2 ** 53;
  return exact ? n : text;
}
