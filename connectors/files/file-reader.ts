/**
 * Reads one file through DuckDB's own readers (read_csv, read_json, read_parquet) in
 * an in-memory database, with the declared column types, so a malformed file fails
 * whole — before any of its rows are handed on — with its line. Rows come back as
 * JSON objects (`to_json`), dates and timestamps as ISO text.
 *
 * Error messages keep the line and the column but never the offending value or the
 * original line, which may be personal data.
 */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { TributaryError, quoteIdent, quoteLiteral, type JsonRecord } from '../sdk/index.js';
import type { ColumnType, FilesTable } from './config.js';

const DUCKDB_TYPE: Record<ColumnType, string> = {
  string: 'VARCHAR',
  integer: 'BIGINT',
  number: 'DOUBLE',
  boolean: 'BOOLEAN',
  date: 'DATE',
  datetime: 'TIMESTAMPTZ',
};

export type FileFormat = 'csv' | 'jsonl' | 'parquet';

export function formatOf(file: string, declared: FileFormat | undefined): FileFormat | undefined {
  if (declared) return declared;
  const lower = file.toLowerCase();
  if (lower.endsWith('.csv') || lower.endsWith('.csv.gz') || lower.endsWith('.tsv')) return 'csv';
  if (lower.endsWith('.jsonl') || lower.endsWith('.ndjson') || lower.endsWith('.jsonl.gz') || lower.endsWith('.ndjson.gz')) return 'jsonl';
  if (lower.endsWith('.parquet')) return 'parquet';
  return undefined;
}

/** A file DuckDB could not read as declared. */
export class MalformedFileError extends TributaryError {
  readonly file: string;
  constructor(file: string, detail: string) {
    super('malformed_file', `${file}: ${detail}`, { hint: 'fix or replace the file; the next sync reads it again (the other files are landed)' });
    this.file = file;
  }
}

export class FileReader {
  readonly #conn: DuckDBConnection;
  private constructor(conn: DuckDBConnection) {
    this.#conn = conn;
  }

  static async open(): Promise<FileReader> {
    const db = await DuckDBInstance.create(':memory:');
    return new FileReader(await db.connect());
  }

  close(): void {
    this.#conn.closeSync();
  }

  /** Every row of `path` (absolute), with `_file` (`name` as given) and `_row` (1-based). */
  async read(path: string, name: string, format: FileFormat, table: FilesTable): Promise<JsonRecord[]> {
    const columns = `{${Object.entries(table.columns).map(([c, t]) => `${quoteLiteral(c)}: ${quoteLiteral(DUCKDB_TYPE[t])}`).join(', ')}}`;
    const source =
      format === 'csv'
        ? `read_csv(${quoteLiteral(path)}, header = true, columns = ${columns}${table.delimiter ? `, delim = ${quoteLiteral(table.delimiter)}` : ''})`
        : format === 'jsonl'
          ? `read_json(${quoteLiteral(path)}, format = 'newline_delimited', columns = ${columns})`
          : `(select ${Object.entries(table.columns).map(([c, t]) => `cast(${quoteIdent(c)} as ${DUCKDB_TYPE[t]}) as ${quoteIdent(c)}`).join(', ')} from read_parquet(${quoteLiteral(path)}))`;
    let rows: Record<string, unknown>[];
    try {
      const reader = await this.#conn.runAndReadAll(`select to_json(t)::varchar as j from ${source} t`);
      rows = reader.getRowObjectsJson() as Record<string, unknown>[];
    } catch (error) {
      throw new MalformedFileError(name, describeReadError(error instanceof Error ? error.message : String(error), format));
    }
    return rows.map((r, i) => ({ ...(JSON.parse(String(r.j)) as JsonRecord), _file: name, _row: i + 1 }));
  }
}

/** DuckDB's message reduced to line and column: its "Original Line" and values may be personal data. */
export function describeReadError(message: string, format: FileFormat): string {
  const csvLine = /CSV Error on Line: (\d+)/.exec(message)?.[1];
  const column = /converting column "([^"]+)"/.exec(message)?.[1];
  const type = /converted as type (\w+)/.exec(message)?.[1];
  if (csvLine) return `line ${csvLine}: ${column ? `column "${column}" is not ${type ?? 'of its declared type'}` : 'not a valid CSV row'}`;
  const json = /in line (\d+): ([^.\n]+)/.exec(message);
  if (json && message.includes('Malformed JSON')) return `line ${json[1]}: malformed JSON (${json[2]!.trim()})`;
  const conv = /Could not convert string "[^"]*" to '?(\w+)'?/.exec(message);
  if (conv) return `${column ? `column "${column}"` : 'a value'} is not ${conv[1]}${format === 'jsonl' ? '' : ''}`;
  const first = message.split('\n')[0]!.replace(/"[^"]*"/g, '"…"');
  return first;
}
