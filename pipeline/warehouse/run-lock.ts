/**
 * One Tributary run per warehouse at a time, across processes: a lock file beside the
 * warehouse (`warehouse.duckdb.lock`) created exclusively, holding the owner's pid and
 * command. DuckDB's own file lock protects each open, but a run opens and closes the
 * warehouse more than once (`forget` deletes, rebuilds, then rewrites the file); in the
 * gaps another sync could write into a file that is about to be replaced.
 *
 * A lock whose pid no longer runs (a run killed with SIGKILL) is stale and taken over.
 *
 * @example
 * ```ts
 * const lock = acquireRunLock('demo/warehouse.duckdb', 'sync');
 * try { … } finally { lock.release(); }
 * ```
 */
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { TributaryError } from '../../core/index.js';

export interface RunLock {
  readonly file: string;
  release(): void;
}

export function acquireRunLock(warehousePath: string, command: string): RunLock {
  const file = `${warehousePath}.lock`;
  mkdirSync(dirname(file), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      try {
        writeSync(fd, JSON.stringify({ pid: process.pid, command, startedAt: new Date().toISOString() }));
      } finally {
        closeSync(fd);
      }
      let released = false;
      return {
        file,
        release() {
          if (released) return;
          released = true;
          rmSync(file, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = readOwner(file);
      if (owner && isRunning(owner.pid)) {
        throw new TributaryError('run_locked', `another Tributary run (pid ${owner.pid}, ${owner.command}) is using ${warehousePath}`, {
          hint: `wait for it to finish; if no such process runs, delete ${file}`,
        });
      }
      // Its owner is gone (killed, crashed): the lock is stale.
      rmSync(file, { force: true });
    }
  }
  throw new TributaryError('run_locked', `could not take the run lock ${file}`, { hint: 'another run took it at the same moment; try again' });
}

function readOwner(file: string): { pid: number; command: string } | undefined {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as { pid?: unknown; command?: unknown };
    return typeof parsed.pid === 'number' ? { pid: parsed.pid, command: String(parsed.command ?? 'unknown') } : undefined;
  } catch {
    // Half-written by a run starting this very moment (or left empty by a crash in that
    // instant): assume a live owner; the hint says how to clear a truly dead one.
    return { pid: process.pid, command: 'starting' };
  }
}

export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else — still running.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The live run holding the lock of `warehousePath`, if it is another process: what a
 * reader refused by DuckDB's file lock names as the writer in its way.
 */
export function runLockHolder(warehousePath: string): { pid: number; command: string } | undefined {
  const file = `${warehousePath}.lock`;
  if (!existsSync(file)) return undefined;
  const owner = readOwner(file);
  return owner && owner.pid !== process.pid && isRunning(owner.pid) ? owner : undefined;
}
