/**
 * What the scheduler and the freshness alerts remember between processes, in one small
 * JSON file beside tributary.yml (`tributary.state.json`):
 *
 * - `slots`: per source, the latest cron slot a scheduled run was started for and got to
 *   the end of. After downtime the scheduler compares it with the latest slot due: any
 *   number of missed slots is one catch-up run, never one per slot.
 * - `stale`: per source, since when it is stale and that its alert went out: one alert per
 *   staleness episode; the entry goes when the source is fresh again.
 *
 * Written whole to a temporary file and renamed over the old one, so a kill leaves the
 * previous version or the new one. Each writer re-reads the file just before writing and
 * changes only its own section, so `status --alert` and a running scheduler do not undo
 * each other's entries.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TributaryError } from '../../core/index.js';

export interface ScheduleState {
  /** source id → ISO time of the last slot run. */
  readonly slots: Readonly<Record<string, string>>;
  /** source id → the staleness episode whose alert was sent. */
  readonly stale: Readonly<Record<string, { readonly since: string; readonly alertedAt: string }>>;
}

export const STATE_FILE = 'tributary.state.json';

export function stateFile(workspaceDir: string): string {
  return join(workspaceDir, STATE_FILE);
}

/** The state, empty when there is none yet (or it is unreadable: it only ever causes one extra run or alert). */
export function readState(file: string): ScheduleState {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { slots: {}, stale: {} };
    throw new TributaryError('state_unreadable', `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, {
      hint: 'the workspace folder must be readable by this user',
    });
  }
  try {
    const parsed = JSON.parse(text) as Partial<ScheduleState>;
    return { slots: { ...(parsed.slots ?? {}) }, stale: { ...(parsed.stale ?? {}) } };
  } catch {
    return { slots: {}, stale: {} };
  }
}

/** Replaces one section of the state (re-read first, so the other section stays as its writer left it). */
export function writeStateSection<K extends keyof ScheduleState>(file: string, section: K, value: ScheduleState[K]): void {
  const next = { ...readState(file), [section]: value };
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    writeFileSync(tmp, `${JSON.stringify(next, null, 2)}\n`, { mode: 0o644 });
    renameSync(tmp, file);
  } catch (error) {
    rmSync(tmp, { force: true });
    throw new TributaryError('state_unwritable', `cannot write ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, {
      hint: 'the scheduler and `status --alert` write into the workspace: run them as a user who may write it',
    });
  }
}
