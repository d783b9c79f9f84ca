/**
 * `sync --wait`: instead of giving up when another run holds the warehouse, poll the run
 * lock until it is free (then take it) or the deadline passes. Polling rather than a
 * file-system watch: the lock is a plain file that may sit on a network share, and a
 * holder that dies without releasing is only noticed by looking again (its lock is then
 * stale and taken over by acquireRunLock).
 *
 * @example
 * ```ts
 * const lock = await waitForRunLock('demo/warehouse.duckdb', 'sync', runId, {
 *   timeoutMs: 3_600_000,
 *   onWait: (holder) => console.error(`waiting for ${describeHolder(holder)}`),
 * });
 * ```
 */
import { TributaryError } from '../../core/index.js';
import { acquireRunLock, describeHolder, runLockHolder, type LockHolder, type RunLock } from './run-lock.js';

export interface LockWait {
  /** Give up (`run_lock_timeout`) after this long. */
  readonly timeoutMs: number;
  /** Pause between two looks at the lock (default 500 ms). */
  readonly pollMs?: number;
  /** Stops the wait (Ctrl-C): throws `aborted`, nothing was started. */
  readonly signal?: AbortSignal;
  /** Called when the wait starts and whenever another run takes the lock in the meantime. */
  readonly onWait?: (holder: LockHolder) => void;
}

/** Takes the run lock, waiting while a live run holds it. */
export async function waitForRunLock(warehousePath: string, command: string, runId: string | undefined, wait: LockWait): Promise<RunLock> {
  const deadline = Date.now() + wait.timeoutMs;
  let announced = '';
  let last: LockHolder | undefined;
  for (;;) {
    try {
      return acquireRunLock(warehousePath, command, runId);
    } catch (error) {
      if (!(error instanceof TributaryError) || error.code !== 'run_locked') throw error;
    }
    // The holder may have released between our attempt and this look: then just try again.
    const holder = runLockHolder(warehousePath);
    if (holder) {
      last = holder;
      const key = `${holder.pid}:${holder.runId ?? ''}`;
      if (key !== announced) {
        announced = key;
        wait.onWait?.(holder);
      }
    }
    if (wait.signal?.aborted) {
      throw new TributaryError('aborted', 'interrupted while waiting for the run lock; nothing was started');
    }
    const left = deadline - Date.now();
    if (left <= 0) {
      const seconds = Math.round(wait.timeoutMs / 1000);
      throw new TributaryError(
        'run_lock_timeout',
        `gave up after waiting ${seconds} s for the run lock of ${warehousePath}: ${last ? `another Tributary run (${describeHolder(last)}) still holds it` : 'another run kept taking it'}`,
        { hint: 'nothing was started; raise --wait-timeout, or look at the holder with `tributary runs <run-id>`' },
      );
    }
    await pause(Math.min(wait.pollMs ?? 500, left), wait.signal);
  }
}

function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
  });
}
