/**
 * What to tell someone whose open of the warehouse DuckDB refused for its file lock. DuckDB
 * allows one writer or many readers of a file, never both, and names only the pid in the
 * way; which Tributary process that is (a run, a `query --warehouse`) and what to do
 * about it comes from the run lock and the readers' marks beside the warehouse.
 */
import { TributaryError } from '../../core/index.js';
import { liveReaders } from './readers.js';
import { describeHolder, runLockHolder } from './run-lock.js';

/** True when DuckDB refused to open a file because another process holds its lock. */
export function isLockConflict(duckdbMessage: string): boolean {
  return /could not set lock on file|conflicting lock/i.test(duckdbMessage);
}

/** The error for a refused open: who holds the file and what to do, as far as we can tell. */
export function warehouseBusy(path: string, duckdbMessage: string, wantsWrite: boolean): TributaryError {
  const pid = Number(/\(PID (\d+)\)/.exec(duckdbMessage)?.[1] ?? Number.NaN);
  const program = /held in (.+?) \(PID/.exec(duckdbMessage)?.[1];
  const run = runLockHolder(path);
  if (run && (Number.isNaN(pid) || run.pid === pid)) {
    return new TributaryError('warehouse_locked', `the warehouse ${path} is in use by a Tributary run (${describeHolder(run)})`, {
      hint: wantsWrite
        ? 'wait for it to finish, then run again'
        : 'wait for it to finish, or query the published analytics database instead (`tributary query` without --warehouse): a run never holds it',
    });
  }
  const readers = liveReaders(path);
  const reader = readers.find((r) => r.pid === pid) ?? (Number.isNaN(pid) ? readers[0] : undefined);
  if (reader) {
    return new TributaryError(
      'warehouse_locked',
      `the warehouse ${path} is open for reading by \`tributary ${reader.command}\` (pid ${reader.pid}, running since ${reader.startedAt})`,
      { hint: `DuckDB lets nothing write a file while a reader has it open: wait for that query to end (or stop it: kill ${reader.pid}), then run again (the warehouse was not touched)` },
    );
  }
  const who = Number.isNaN(pid) ? 'another process' : `another process (pid ${pid}${program ? `, ${program}` : ''})`;
  return new TributaryError('warehouse_locked', `the warehouse ${path} is open in ${who} that is not a Tributary run`, {
    hint: wantsWrite
      ? 'a DuckDB client (the duckdb CLI, a notebook) has it open, and DuckDB lets nothing write a file another process has open: close it, then run again'
      : 'a DuckDB client (the duckdb CLI, a notebook) is writing it: close it, or query the published analytics database instead (`tributary query` without --warehouse)',
  });
}
