/**
 * Which scheduled sources are due: a source is due when its cron's latest slot (at or
 * before now) is later than the last slot the scheduler ran for it. However many slots
 * fell in between (the machine was off, the scheduler stopped), that is ONE run: the
 * catch-up, and the state then names the latest slot, so the older ones are not run.
 *
 * A source the scheduler never ran (a new workspace, a source just given a schedule) is
 * due when it has no successful sync since that latest slot: a manual `tributary sync`
 * after the slot serves it.
 */
import type { ResolvedSource } from '../config/load-config.js';
import { sourceLastSuccess } from '../freshness/freshness.js';
import { cronSlots } from './cron-slots.js';

export interface DueSource {
  readonly sourceId: string;
  /** The slot this run serves (the latest one due). */
  readonly slot: Date;
  /** Slots since the last one run (1 = on time; more = a catch-up of that many missed slots, run once). */
  readonly missed: number;
}

export interface NotDueSource {
  readonly sourceId: string;
  readonly next: Date | undefined;
}

export function dueSources(
  sources: readonly Pick<ResolvedSource, 'id' | 'streams' | 'schedule' | 'enabled'>[],
  lastSlots: Readonly<Record<string, string>>,
  successes: readonly { sourceId: string; stream: string; finishedAt: Date }[],
  timezone: string,
  now: Date,
): { due: DueSource[]; notDue: NotDueSource[] } {
  const due: DueSource[] = [];
  const notDue: NotDueSource[] = [];
  for (const source of sources) {
    if (!source.enabled || source.schedule === undefined) continue;
    const slots = cronSlots(source.schedule, timezone);
    const latest = slots.latest(now);
    const ranFor = lastSlots[source.id] === undefined ? undefined : new Date(lastSlots[source.id]!);
    if (latest && ranFor && !Number.isNaN(ranFor.getTime())) {
      if (latest > ranFor) due.push({ sourceId: source.id, slot: latest, missed: slots.countBetween(ranFor, now) });
      else notDue.push({ sourceId: source.id, next: slots.next(now) });
      continue;
    }
    const synced = sourceLastSuccess(source, successes);
    if (latest && (!synced || synced < latest)) due.push({ sourceId: source.id, slot: latest, missed: 1 });
    else notDue.push({ sourceId: source.id, next: slots.next(now) });
  }
  return { due, notDue };
}
