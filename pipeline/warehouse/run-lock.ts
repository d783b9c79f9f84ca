/**
 * One Tributary run per warehouse at a time, across processes: a lock file beside the
 * warehouse (`warehouse.duckdb.lock`) holding the owner's pid and command. DuckDB's own
 * file lock protects each open, but a run opens and closes the warehouse more than once
 * (`forget` deletes, rebuilds, then rewrites the file); in the gaps another sync could
 * write into a file that is about to be replaced.
 *
 * The lock is written whole into a temporary file, then hard-linked to its name, which
 * fails if the name exists (O_EXCL semantics): a lock file is either absent or complete,
 * so a full disk or a crash while writing can never leave an empty lock behind.
 *
 * A lock that does not name a live holder is stale and taken over: its pid no longer runs
 * (a run killed with SIGKILL), it cannot be read at all (empty, garbage — left by an
 * older version or by hand), or it names this very process without this process holding
 * it (a dead run whose pid was reused by us, as in a container where every run is pid 1).
 *
 * @example
 * ```ts
 * const lock = acquireRunLock('demo/warehouse.duckdb', 'sync', 'run_20260101020000_1a2b3c4d');
 * try { … } finally { lock.release(); }
 * ```
 */
import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { TributaryError } from '../../core/index.js';

export interface RunLock {
  readonly file: string;
  release(): void;
}

/** Who holds a run lock: its process, its command and, for a sync, the run it records. */
export interface LockHolder {
  readonly pid: number;
  readonly command: string;
  readonly runId?: string;
}

/** `pid 4242, sync, run run_20260101020000_1a2b3c4d`: how every message names a holder. */
export function describeHolder(holder: LockHolder): string {
  return `pid ${holder.pid}, ${holder.command}${holder.runId ? `, run ${holder.runId}` : ''}`;
}

/** Lock files this process holds now: a lock naming our pid but not listed here is a dead run's. */
const heldHere = new Set<string>();

/**
 * Takes the run lock of `warehousePath` or throws `run_locked` naming its live holder.
 * `runId` (a sync's, chosen before the run is recorded) goes into the lock, so whoever
 * is refused can name the run to look at (`tributary runs <id>`).
 */
export function acquireRunLock(warehousePath: string, command: string, runId?: string): RunLock {
  const file = `${warehousePath}.lock`;
  mkdirSync(dirname(file), { recursive: true });
  const content = JSON.stringify({ pid: process.pid, command, ...(runId ? { runId } : {}), startedAt: new Date().toISOString() });
  for (let attempt = 0; attempt < 3; attempt++) {
    if (writeExclusive(file, content, warehousePath)) {
      heldHere.add(file);
      let released = false;
      return {
        file,
        release() {
          if (released) return;
          released = true;
          heldHere.delete(file);
          rmSync(file, { force: true });
        },
      };
    }
    const seen = readLock(file);
    if (seen === undefined) continue; // released between our attempt and the read: try again
    const owner = parseOwner(seen);
    if (owner && isLive(owner.pid, file)) {
      throw new TributaryError('run_locked', `another Tributary run (${describeHolder(owner)}) is using ${warehousePath}`, {
        hint: `wait for it to finish (or pass --wait); if no such process runs, delete ${file}`,
      });
    }
    removeStale(file, seen);
  }
  throw new TributaryError('run_locked', `could not take the run lock ${file}`, { hint: 'another run took it at the same moment; try again' });
}

/**
 * Creates `file` with `content` unless it exists (false then). The content goes into a
 * temporary file first, so the lock appears complete or not at all.
 */
function writeExclusive(file: string, content: string, warehousePath: string): boolean {
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    writeFileSync(tmp, content, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    rmSync(tmp, { force: true });
    throw new TributaryError('run_lock_failed', `could not write the run lock beside ${warehousePath}: ${describe(error)}`, {
      hint: 'the workspace folder must be writable and have free space; nothing was changed',
    });
  }
  try {
    linkSync(tmp, file);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    // A filesystem without hard links: an exclusive rename is not available either, so
    // fall back to creating the name exclusively (the content is tiny: one write).
    if (code === 'EPERM' || code === 'ENOTSUP' || code === 'EOPNOTSUPP' || code === 'ENOSYS') return writeInPlace(file, content, warehousePath);
    throw new TributaryError('run_lock_failed', `could not take the run lock ${file}: ${describe(error)}`, {
      hint: 'the workspace folder must be writable; nothing was changed',
    });
  } finally {
    rmSync(tmp, { force: true });
  }
}

function writeInPlace(file: string, content: string, warehousePath: string): boolean {
  try {
    writeFileSync(file, content, { mode: 0o600, flag: 'wx' });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    rmSync(file, { force: true });
    throw new TributaryError('run_lock_failed', `could not write the run lock beside ${warehousePath}: ${describe(error)}`, {
      hint: 'the workspace folder must be writable and have free space; nothing was changed',
    });
  }
}

/** The lock's text, or undefined when there is no lock (any more). */
function readLock(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new TributaryError('run_lock_failed', `could not read the run lock ${file}: ${describe(error)}`, {
      hint: 'the workspace folder must be readable and writable by this user',
    });
  }
}

/** The holder a lock names; undefined when it names none (empty, garbage). */
function parseOwner(text: string): LockHolder | undefined {
  try {
    const parsed = JSON.parse(text) as { pid?: unknown; command?: unknown; runId?: unknown };
    return Number.isSafeInteger(parsed?.pid) && (parsed.pid as number) > 0
      ? { pid: parsed.pid as number, command: String(parsed.command ?? 'unknown'), ...(typeof parsed.runId === 'string' ? { runId: parsed.runId } : {}) }
      : undefined;
  } catch {
    return undefined;
  }
}

function isLive(pid: number, file: string): boolean {
  if (pid === process.pid) return heldHere.has(file);
  return isRunning(pid);
}

/** Whether a process with this pid exists (readers' markers use it too). */
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
export function runLockHolder(warehousePath: string): LockHolder | undefined {
  const file = `${warehousePath}.lock`;
  const text = readLock(file);
  const owner = text === undefined ? undefined : parseOwner(text);
  return owner && owner.pid !== process.pid && isRunning(owner.pid) ? owner : undefined;
}

/**
 * Removes a stale lock — but only the one we judged: it is moved aside first, and if
 * another run replaced it in the meantime (its fresh lock is what we moved), that one
 * is put back.
 */
function removeStale(file: string, seen: string): void {
  const aside = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.stale`;
  try {
    renameSync(file, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw new TributaryError('run_lock_failed', `could not remove the stale run lock ${file}: ${describe(error)}`, {
      hint: 'the workspace folder must be writable by this user',
    });
  }
  try {
    if (readFileSync(aside, 'utf8') !== seen) {
      try {
        linkSync(aside, file);
      } catch {
        // A newer lock took the name already: the one we moved lost its race anyway.
      }
    }
  } finally {
    rmSync(aside, { force: true });
  }
}

function describe(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  return e?.code ? `${e.code} (${e.message.replace(/^[A-Z]+: /, '').split(',')[0]})` : String(error);
}
