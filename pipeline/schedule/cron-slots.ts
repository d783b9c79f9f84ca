/**
 * A source's cron as slots in time: the latest slot at or before a moment, the next one
 * after it, and how many fell between two moments. croner only computes dates here; the
 * scheduler keeps its own loop, so that a run, its lock and a stop signal stay in one
 * place instead of in timer callbacks.
 *
 * @example
 * ```ts
 * const slots = cronSlots('0 2 * * *', 'Europe/Berlin');
 * slots.latest(new Date('2026-12-02T07:00:00Z')); // 2026-12-02T01:00:00Z
 * ```
 */
import { Cron } from 'croner';

export interface CronSlots {
  readonly expression: string;
  readonly timezone: string;
  /** The latest slot at or before `at` (undefined: the cron has none before it). */
  latest(at: Date): Date | undefined;
  /** The first slot after `at`. */
  next(at: Date): Date | undefined;
  /** Slots after `after` up to and including `until`, counted up to `max` (a downtime's missed slots). */
  countBetween(after: Date, until: Date, max?: number): number;
  /** The gap between the two latest slots at or before `at`: the interval a source is expected to be synced in. */
  interval(at: Date): number | undefined;
}

export function cronSlots(expression: string, timezone: string): CronSlots {
  const cron = new Cron(expression, { timezone, paused: true });
  const latest = (at: Date) => (cron.match(at) ? truncateSeconds(at) : cron.previousRuns(1, at)[0]);
  return {
    expression,
    timezone,
    latest,
    next: (at) => cron.nextRun(at) ?? undefined,
    countBetween(after, until, max = 10_000) {
      let n = 0;
      for (let slot = cron.nextRun(after); slot && slot.getTime() <= until.getTime() && n < max; slot = cron.nextRun(slot)) n++;
      return n;
    },
    interval(at) {
      const [last, before] = cron.previousRuns(2, new Date(at.getTime() + 1000));
      return last && before ? last.getTime() - before.getTime() : undefined;
    },
  };
}

function truncateSeconds(at: Date): Date {
  return new Date(Math.floor(at.getTime() / 1000) * 1000);
}
