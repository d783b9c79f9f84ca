/**
 * Who has the warehouse open for reading. DuckDB lets one process write a database file
 * or any number read it, never both, so a long `query --warehouse` keeps a sync (or a
 * forget) from opening the warehouse — and DuckDB's own error names only a pid. While a
 * reader has the file open it leaves a marker beside it (`warehouse.duckdb.reader-<pid>`:
 * its command and start), so the run it blocks can say what is in its way. A marker whose
 * process is gone (a query killed with Ctrl-C) is stale: the next look removes it.
 *
 * @example
 * ```ts
 * const unmark = markReader('demo/warehouse.duckdb', 'query --warehouse');
 * try { … } finally { unmark(); }
 * liveReaders('demo/warehouse.duckdb'); // → [{ pid: 4242, command: 'query --warehouse', startedAt: '…' }]
 * ```
 */
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { isRunning } from './run-lock.js';

export interface WarehouseReader {
  readonly pid: number;
  readonly command: string;
  readonly startedAt: string;
}

const prefix = (warehousePath: string): string => `${basename(warehousePath)}.reader-`;

/** Marks this process as reading `warehousePath`; the returned function removes the mark. */
export function markReader(warehousePath: string, command: string): () => void {
  liveReaders(warehousePath); // sweeps the marks of readers that died
  const file = join(dirname(warehousePath), `${prefix(warehousePath)}${process.pid}`);
  try {
    writeFileSync(file, JSON.stringify({ pid: process.pid, command, startedAt: new Date().toISOString() }), { mode: 0o600 });
  } catch {
    // A workspace we cannot write (a read-only copy): the query still runs; a run it
    // blocks then names only the pid DuckDB reports.
    return () => {};
  }
  return () => removeQuietly(file);
}

/** The readers whose process still runs; stale marks are removed on the way. */
export function liveReaders(warehousePath: string): WarehouseReader[] {
  const dir = dirname(warehousePath);
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.startsWith(prefix(warehousePath)));
  } catch {
    return [];
  }
  const live: WarehouseReader[] = [];
  for (const name of names) {
    const file = join(dir, name);
    const reader = readMark(file);
    if (reader && isRunning(reader.pid)) live.push(reader);
    // An unreadable mark may be one being written this instant: only an old one is litter.
    else if (reader || olderThan(file, 10_000)) removeQuietly(file);
  }
  return live;
}

function olderThan(file: string, ms: number): boolean {
  try {
    return Date.now() - statSync(file).mtimeMs > ms;
  } catch {
    return false;
  }
}

function removeQuietly(file: string): void {
  try {
    rmSync(file, { force: true });
  } catch {
    // Not ours to remove (a read-only workspace): it stays stale, and is ignored.
  }
}

function readMark(file: string): WarehouseReader | undefined {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<WarehouseReader>;
    if (typeof parsed.pid !== 'number') return undefined;
    return { pid: parsed.pid, command: String(parsed.command ?? 'unknown'), startedAt: String(parsed.startedAt ?? 'unknown') };
  } catch {
    return undefined;
  }
}
