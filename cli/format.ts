/**
 * Output of every read command: `--format table|json|csv`. Values from DuckDB are made
 * plain first (BIGINT → number when exact, timestamps → ISO strings, lists stay arrays),
 * so JSON output is what a script expects (`"n": 2000`, not `"n": "2000"`).
 */
import Table from 'cli-table3';
import { DuckDBTypeId, type DuckDBResultReader } from '@duckdb/node-api';

export const FORMATS = ['table', 'json', 'csv'] as const;
export type OutputFormat = (typeof FORMATS)[number];

export type PlainRow = Record<string, unknown>;

export function toPlain(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (Array.isArray(value)) return value.map(toPlain);
  if (typeof value === 'object') {
    // DuckDB value wrappers (decimals, intervals …) know how to print themselves.
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null && typeof (value as { toString(): string }).toString === 'function') {
      const text = (value as { toString(): string }).toString();
      const n = Number(text);
      return text !== '' && Number.isFinite(n) && /^-?\d+(\.\d+)?$/.test(text) ? n : text;
    }
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toPlain(v)]));
  }
  return value;
}

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

export function formatRows(rows: readonly PlainRow[], format: OutputFormat, columns?: readonly string[]): string {
  const plain = rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, toPlain(v)])));
  const cols = columns ?? (plain[0] ? Object.keys(plain[0]) : []);
  switch (format) {
    case 'json':
      return JSON.stringify(plain, null, 2);
    case 'csv':
      return [cols.map(csvCell).join(','), ...plain.map((r) => cols.map((c) => csvCell(cellText(r[c]))).join(','))].join('\n');
    case 'table': {
      if (plain.length === 0) return '(no rows)';
      const table = new Table({ head: [...cols], style: { head: [], border: [] }, wordWrap: true });
      for (const r of plain) table.push(cols.map((c) => truncate(cellText(r[c]), 60)));
      return `${table.toString()}\n(${plain.length} row${plain.length === 1 ? '' : 's'})`;
    }
  }
}

function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

function csvCell(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
