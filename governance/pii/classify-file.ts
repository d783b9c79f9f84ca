/**
 * Classifies a file before it is shared: a CSV, Parquet or JSON-lines export is loaded
 * into an in-memory DuckDB table and each column classified like a warehouse column.
 * CSV cells are read as written (all text), so a postcode '01310' keeps its zero and a
 * 16-digit card number its digits; Parquet and JSON keep their own types, which the
 * classifier samples too.
 *
 * @example
 * ```ts
 * const result = await classifyFile('exports/customers.csv');
 * for (const c of result.columns) console.log(c.column, c.classifications[0]?.tag);
 * ```
 */
import { existsSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { ConfigError } from '../../core/index.js';
import { classifyRelation, type Classification } from './classify.js';

export interface ClassifiedColumn {
  readonly column: string;
  readonly dataType: string;
  readonly classifications: Classification[];
}

export interface FileClassification {
  readonly rows: number;
  readonly columns: readonly ClassifiedColumn[];
}

const READERS: Readonly<Record<string, string>> = {
  '.csv': 'read_csv($1, all_varchar = true, header = true)',
  '.tsv': "read_csv($1, all_varchar = true, header = true, delim = '\t')",
  '.parquet': 'read_parquet($1)',
  '.jsonl': "read_json($1, format = 'newline_delimited')",
  '.ndjson': "read_json($1, format = 'newline_delimited')",
  '.json': 'read_json($1)',
};

/** The file formats `classifyFile` reads, by extension. */
export const CLASSIFIABLE_EXTENSIONS = Object.keys(READERS);

export async function classifyFile(path: string, options: { limit?: number } = {}): Promise<FileClassification> {
  const reader = READERS[extname(path).toLowerCase()];
  if (reader === undefined) {
    throw new ConfigError(`cannot classify ${path}: unknown file type`, { hint: `give a ${CLASSIFIABLE_EXTENSIONS.join(', ')} file, or a warehouse table with --config` });
  }
  if (!existsSync(path) || !statSync(path).isFile()) throw new ConfigError(`cannot classify ${path}: no such file`, { hint: 'check the path' });
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  try {
    try {
      await conn.run(`CREATE TABLE main.classified AS SELECT * FROM ${reader}`, [path]);
    } catch (error) {
      throw new ConfigError(`cannot read ${path}: ${(error as Error).message.split('\n')[0]}`, { hint: 'is it a well-formed file of that type (a header row for CSV)?' });
    }
    const columns = (await conn.runAndReadAll(`SELECT column_name FROM information_schema.columns WHERE table_schema = 'main' AND table_name = 'classified' ORDER BY ordinal_position`))
      .getRows()
      .map((r) => String(r[0]));
    const rows = Number((await conn.runAndReadAll('SELECT count(*) FROM main.classified')).getRows()[0]![0]);
    return { rows, columns: await classifyRelation(conn, { schema: 'main', name: 'classified' }, columns, options) };
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}
