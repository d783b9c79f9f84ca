/**
 * `tributary schedule`: syncs the sources whose cron slot is due (pipeline/schedule/
 * due-sources.ts), one run for all of them, then checks freshness and alerts sources
 * that turned stale. `runDue` is one such pass (`--once`, for cron and systemd timers);
 * `runScheduler` repeats it at every slot until its signal stops it.
 *
 * - Never two runs at once: a pass whose run finds the warehouse locked (a manual sync,
 *   a forget) skips with a line naming the holder; the slot stays due and the next pass
 *   (within a minute) tries again.
 * - A stop (SIGTERM/SIGINT) reaches the run in flight through the same signal `sync`
 *   takes: it ends after the batch in flight, committed batches kept; the interrupted
 *   slot is not marked run, so the next start catches it up.
 * - `schedule.mode: workers`: a due slot queues the due sources' streams as jobs for
 *   `tributary worker` processes (workers/stream-queue.ts) instead of syncing here; the
 *   slot is recorded once they are queued. The build is `tributary sync --build-only`.
 * - The slot is recorded only once its run got to the end (success, partial or failed:
 *   a failed run has alerted; its slot is not retried, the next slot is the retry).
 */
import { ConfigError, TributaryError, type Logger } from '../../core/index.js';
import type { TributaryConfig } from '../config/load-config.js';
import { checkFreshness, streamSuccesses } from '../freshness/freshness.js';
import { alertStaleSources } from '../freshness/stale-alerts.js';
import { sync, type SyncEvent, type SyncResult } from '../sync.js';
import { enqueueStreams, queueUrl } from '../workers/stream-queue.js';
import { cronSlots } from './cron-slots.js';
import { dueSources, type DueSource } from './due-sources.js';
import { readState, stateFile, writeStateSection } from './schedule-state.js';

/** The longest the scheduler sleeps between two looks (a changed clock, a skipped slot, freshness). */
const MAX_SLEEP_MS = 60_000;

export interface ScheduleOptions {
  readonly config: TributaryConfig;
  readonly log: Logger;
  readonly signal: AbortSignal;
  /** A line for the operator (what started, what was skipped, what is next). */
  readonly onLine: (line: string) => void;
  /** The sync's own progress events. */
  readonly onEvent?: (event: SyncEvent) => void;
}

export interface PassResult {
  readonly due: readonly DueSource[];
  /** The run started for them (undefined: nothing due, or skipped). */
  readonly run?: SyncResult;
  /** `schedule.mode: workers`: how many stream jobs were queued for the due sources. */
  readonly queued?: number;
  /** Why a due run was not started (another run holds the lock). */
  readonly skipped?: string;
}

/** Refuses a config in which no source has a schedule: the scheduler would do nothing, forever. */
export function assertScheduled(config: TributaryConfig): void {
  if (!config.sources.some((s) => s.enabled && s.schedule !== undefined)) {
    throw new ConfigError(`no enabled source of ${config.file} has a schedule`, {
      hint: "add `schedule: { cron: '0 2 * * *' }` at the top level (every source) or `schedule: '<cron>'` in a source block",
    });
  }
  // Said at start-up, not at the first slot hours later.
  if (config.scheduleMode === 'workers') queueUrl(config);
}

/** One pass: sync what is due now (a catch-up counts once), then check freshness. */
export async function runDue(options: ScheduleOptions): Promise<PassResult> {
  const { config, log, onLine } = options;
  const now = new Date();
  const file = stateFile(config.dir);
  const { due, notDue } = dueSources(config.sources, readState(file).slots, await streamSuccesses(config), config.timezone, now);
  for (const n of notDue) log.debug('not due', { source: n.sourceId, next: n.next?.toISOString() });
  let pass: PassResult = { due };
  if (due.length > 0) {
    const ids = due.map((d) => d.sourceId);
    const described = due.map((d) => `${d.sourceId} (slot ${d.slot.toISOString()}${d.missed > 1 ? `, catching up ${d.missed} missed slots with one run` : ''})`).join(', ');
    if (config.scheduleMode === 'workers') {
      // A worker deployment: the due streams become jobs; `tributary worker` processes read them.
      const jobs = await enqueueStreams({ config, log, sources: ids });
      onLine(`${stamp()} queued ${jobs.length} stream job${jobs.length === 1 ? '' : 's'} for workers: ${described}`);
      log.info('scheduled streams queued for workers', { sources: ids, jobs: jobs.map((j) => `${j.source}.${j.stream} ${j.id}`) });
      recordSlots(file, due);
      pass = { due, queued: jobs.length };
    } else {
      try {
        const run = await sync({
          config,
          log,
          signal: options.signal,
          sources: ids,
          command: 'schedule',
          ...(options.onEvent ? { onEvent: options.onEvent } : {}),
          onStart: (runId) => {
            onLine(`${stamp()} start run ${runId}: ${described}`);
            log.info('scheduled run started', { run: runId, sources: ids, slots: due.map((d) => ({ source: d.sourceId, slot: d.slot.toISOString(), missed: d.missed })) });
          },
        });
        onLine(`${stamp()} run ${run.runId} ${run.status}${run.error ? `: ${run.error}` : ''}`);
        pass = { due, run };
        if (!options.signal.aborted) recordSlots(file, due);
      } catch (error) {
        if (!(error instanceof TributaryError) || error.code !== 'run_locked') throw error;
        onLine(`${stamp()} skipped ${ids.join(', ')}: ${error.message}; trying again at the next pass`);
        log.warn('scheduled run skipped: the warehouse is locked', { sources: ids, error: error.message });
        pass = { due, skipped: error.message };
      }
    }
  }
  if (!options.signal.aborted) await checkStale(options);
  return pass;
}

/** Passes at every slot until `signal` aborts; resolves once the run in flight (if any) has stopped. */
export async function runScheduler(options: ScheduleOptions): Promise<void> {
  const { config, signal, onLine } = options;
  let announced = '';
  while (!signal.aborted) {
    try {
      await runDue(options);
    } catch (error) {
      // A pass that could not even start (the control plane busy, a disk full) must not end the
      // scheduler: its slot stays due, and the next pass tries again.
      const message = config.redactor.scrub(error instanceof Error ? error.message : String(error));
      onLine(`${stamp()} pass failed: ${message}; trying again at the next pass`);
      options.log.error('scheduler pass failed', { error: message });
    }
    if (signal.aborted) break;
    const now = new Date();
    const next = config.sources
      .filter((s) => s.enabled && s.schedule !== undefined)
      .map((s) => ({ id: s.id, at: cronSlots(s.schedule!, config.timezone).next(now) }))
      .filter((n): n is { id: string; at: Date } => n.at !== undefined)
      .sort((a, b) => a.at.getTime() - b.at.getTime());
    const first = next[0];
    if (first) {
      const line = `next: ${next.filter((n) => n.at.getTime() === first.at.getTime()).map((n) => n.id).join(', ')} at ${first.at.toISOString()}`;
      if (line !== announced) onLine(`${stamp()} ${line}`);
      announced = line;
    }
    const wait = first ? Math.max(0, Math.min(first.at.getTime() - Date.now(), MAX_SLEEP_MS)) : MAX_SLEEP_MS;
    await sleep(wait, signal);
  }
}

function recordSlots(file: string, due: readonly DueSource[]): void {
  const slots = { ...readState(file).slots };
  for (const d of due) slots[d.sourceId] = d.slot.toISOString();
  writeStateSection(file, 'slots', slots);
}

async function checkStale(options: ScheduleOptions): Promise<void> {
  const { config, log, onLine } = options;
  const report = await checkFreshness(config);
  const outcome = await alertStaleSources({ config, report, log });
  if (outcome.newlyStale.length > 0) onLine(`${stamp()} stale: ${outcome.newlyStale.join(', ')}`);
  for (const d of outcome.deliveries) onLine(`${stamp()} ${d.ok ? `alert sent (${d.target})` : `alert NOT delivered (${d.target}) after ${d.attempts} attempts: ${d.error}`}`);
}

function stamp(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}
