/**
 * Output of every read command: `--format table|json|csv`. Values from DuckDB are made
 * plain first (BIGINT → number when exact, timestamps → ISO strings, lists stay arrays),
 * so JSON output is what a script expects (`"n": 2000`, not `"n": "2000"`).
 */
import { createRequire } from 'node:module';
import type TableType from 'cli-table3';
import type { PlainRow } from '../pipeline/warehouse/plain-rows.js';

export const FORMATS = ['table', 'json', 'csv'] as const;
export type OutputFormat = (typeof FORMATS)[number];

export type { PlainRow } from '../pipeline/warehouse/plain-rows.js';

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
      // Loaded when a table is printed: JSON/CSV output and --help need none of it.
      const Table = createRequire(import.meta.url)('cli-table3') as typeof TableType;
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
