/**
 * How a batch's rows reach DuckDB: as one NDJSON file that `read_json` reads straight
 * into the INSERT, instead of one appender call per cell (three million N-API calls
 * for 100k events, the landing's biggest JavaScript cost).
 *
 * Each line carries the row's *cells*, the same text the appender used to get
 * (`toCell`), keyed by column slot: `{"0":"page","7":"{\"url\":…}","h":"<hash>","d":false}`.
 * Text survives JSON exactly, so the SQL casts see what they always saw and values land
 * as before. DuckDB parsing the source record itself would not do: it re-prints
 * numbers and nested JSON its own way (`1e21` vs JavaScript's `1e+21`) and folds
 * struct keys case-insensitively.
 *
 * Nothing from a record reaches the SQL text: the file path, the column map and the
 * constants are bound parameters, identifiers go through `quoteIdent`, and the keys in
 * the file are our own slot numbers.
 */
import { randomUUID } from 'node:crypto';
import { readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { structValue, type DuckDBValue } from '@duckdb/node-api';
import type { JsonValue } from '../../connectors/sdk/index.js';
import { quoteIdent } from '../../core/index.js';
import type { FlatBatch } from './flat-batch.js';
import { toCell, type RawType } from './flatten.js';

/** A data column filled from the file: its slot (key in each line), name and SQL type. */
export interface StageColumn {
  readonly slot: number;
  readonly column: string;
  readonly type: RawType | 'TIMESTAMPTZ';
}

export interface StageText {
  readonly text: string;
  /** Longest line in UTF-16 code units (read_json needs a bound on object size). */
  readonly longestLine: number;
}

/**
 * One NDJSON line per record: its hash (`h`), tombstone flag (`d`) and a cell per
 * column slot in `columns`. Null cells are left out (read_json reads them as NULL).
 */
export function stageText(flat: FlatBatch, hashes: readonly string[], deleted: readonly boolean[], columns: readonly StageColumn[]): StageText {
  const typeOf: (RawType | 'TIMESTAMPTZ' | undefined)[] = [];
  for (const c of columns) typeOf[c.slot] = c.type;
  const lines: string[] = new Array(flat.records);
  let longestLine = 0;
  for (let r = 0; r < flat.records; r++) {
    const line: Record<string, JsonValue> = { h: hashes[r]!, d: deleted[r]! };
    for (let e = flat.starts[r]!; e < flat.starts[r + 1]!; e++) {
      const slot = flat.slots[e]!;
      const type = typeOf[slot];
      const value = flat.values[e];
      if (type === undefined || value === undefined) continue;
      const cell = toCell(value, type as RawType);
      if (cell !== null) line[slot] = typeof value === 'string' ? wellFormed(cell) : cell;
    }
    const text = JSON.stringify(line);
    if (text.length > longestLine) longestLine = text.length;
    lines[r] = text;
  }
  return { text: lines.join('\n'), longestLine };
}

/**
 * The SELECT over the staged file that yields a raw table's rows, system columns
 * first. Its parameters come from `stageParams`, in order. `dedupe` when some hash
 * repeats in the file: a record is landed once. Otherwise it is left out, as it would
 * carry every column through an aggregate.
 */
export function stageSelect(columns: readonly StageColumn[], dedupe: boolean): string {
  const data = columns.map((c) => `cast(${quoteIdent(String(c.slot))} as ${c.type}) as ${quoteIdent(c.column)}`);
  return `select ${dedupe ? 'distinct on (h) ' : ''}$2::varchar as _tributary_batch_id, $3::timestamptz as _extracted_at, $3::timestamptz as _last_seen_at,
            $4::varchar as _source_id, h as _record_hash, d as _deleted${data.map((d) => `, ${d}`).join('')}
          from read_json($1, format = 'newline_delimited', columns = $5, auto_detect = false, maximum_object_size = $6)`;
}

export function stageParams(
  file: string,
  columns: readonly StageColumn[],
  text: StageText,
  row: { readonly batchId: string; readonly extractedAt: Date; readonly sourceId: string },
): DuckDBValue[] {
  const types: Record<string, string> = { h: 'VARCHAR', d: 'BOOLEAN' };
  for (const c of columns) types[String(c.slot)] = 'VARCHAR';
  // A UTF-16 code unit is at most 3 bytes of UTF-8; DuckDB's default is 16 MiB.
  const maxObjectSize = Math.max(16 * 1024 * 1024, text.longestLine * 3 + 1024);
  return [file, row.batchId, row.extractedAt.toISOString(), row.sourceId, structValue(types), maxObjectSize];
}

/**
 * Where a warehouse's stage files go: beside its file (the disk and permissions its
 * owner chose for this data), or the OS temp dir for an in-memory warehouse.
 */
export function stageDirFor(warehousePath: string): string {
  return warehousePath === '' || warehousePath === ':memory:' ? os.tmpdir() : path.dirname(path.resolve(warehousePath));
}

/** Stage files are named `.tributary-stage-<uuid>.ndjson`. */
export const STAGE_FILE_PATTERN = /^\.tributary-stage-[0-9a-f-]{36}\.ndjson$/;

/**
 * Removes stage files a killed process left beside the warehouse file: they hold raw
 * records (personal data among them) that nothing will read again. Call it only while
 * holding the warehouse's write lock and before any landing starts, so no live batch's
 * file can be among them. Returns how many were removed.
 */
export async function removeStaleStageFiles(warehousePath: string): Promise<number> {
  if (warehousePath === '' || warehousePath === ':memory:') return 0; // a shared tmpdir is not ours to sweep
  const dir = stageDirFor(warehousePath);
  const stale = (await readdir(dir)).filter((name) => STAGE_FILE_PATTERN.test(name));
  await Promise.all(stale.map((name) => rm(path.join(dir, name), { force: true })));
  return stale.length;
}

/**
 * Writes the text to a private file in `dir`, runs `fn` with its path and removes the
 * file afterwards, whether `fn` succeeded or not. `timings.stageFileMs` (optional)
 * gets the time spent writing and removing.
 */
export async function withStageFile<T>(dir: string, text: string, fn: (file: string) => Promise<T>, timings?: { stageFileMs: number }): Promise<T> {
  const file = path.join(dir, `.tributary-stage-${randomUUID()}.ndjson`);
  const t0 = performance.now();
  let t1 = Number.NaN;
  try {
    // Records may carry personal data: only this user may read the file.
    await writeFile(file, text, { flag: 'wx', mode: 0o600 });
    t1 = performance.now();
    return await fn(file);
  } finally {
    const t2 = performance.now();
    await rm(file, { force: true });
    if (timings) timings.stageFileMs += (Number.isNaN(t1) ? t2 - t0 : t1 - t0) + performance.now() - t2;
  }
}

type Es2024String = string & { isWellFormed(): boolean; toWellFormed(): string };

// A lone surrogate cannot be written as UTF-8, and read_json rejects its JSON escape.
// The appender used to store U+FFFD in its place; so does this.
function wellFormed(s: string): string {
  const t = s as Es2024String;
  return t.isWellFormed() ? s : t.toWellFormed();
}
