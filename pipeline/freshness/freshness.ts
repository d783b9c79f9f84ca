/**
 * Is each source's data as recent as it should be? A source's last successful sync is
 * the oldest of its streams' last successful extractions (a source is only as fresh as
 * its stalest stream; a stream that never succeeded means never). Its expected interval:
 *
 * 1. `freshness.warn_after` of its block, else of the top level;
 * 2. else, with a schedule, the gap between its cron's two latest slots plus an hour
 *    (the run's own time): a nightly `0 2 * * *` expects a sync within 25 h;
 * 3. else none: the source is `unchecked` and never fails the check.
 *
 * Stale = older than that, or never synced. Read-only: the control plane is only read.
 */
import { existsSync } from 'node:fs';
import type { ResolvedSource, TributaryConfig } from '../config/load-config.js';
import { ControlPlane } from '../control-plane/control-plane.js';
import { cronSlots } from '../schedule/cron-slots.js';

/** What a scheduled source gets on top of its cron's interval before it counts as late. */
export const SCHEDULE_GRACE_MS = 3_600_000;

export type FreshnessStatus = 'fresh' | 'stale' | 'unchecked';

export interface SourceFreshness {
  readonly sourceId: string;
  readonly lastSuccess: Date | undefined;
  readonly expectedMs: number | undefined;
  /** Where the expectation comes from: `freshness.warn_after`, `schedule <cron> + 1h`, or `none`. */
  readonly expectedFrom: string;
  readonly status: FreshnessStatus;
}

/** Each enabled source's freshness at `now`, from the control plane's stream results. */
export async function checkFreshness(config: TributaryConfig, now = new Date()): Promise<SourceFreshness[]> {
  return assessFreshness(config.sources.filter((s) => s.enabled), await streamSuccesses(config), config.timezone, now);
}

/** Every stream's last successful extraction; none when there is no control plane yet (a read-only check creates nothing). */
export async function streamSuccesses(config: TributaryConfig): Promise<{ sourceId: string; stream: string; finishedAt: Date }[]> {
  if (!existsSync(config.controlPlanePath)) return [];
  const cp = await ControlPlane.openForReading(config.controlPlanePath);
  try {
    return await cp.lastStreamSuccesses();
  } finally {
    await cp.close();
  }
}

/** The pure part of checkFreshness (tested on its own). */
export function assessFreshness(
  sources: readonly Pick<ResolvedSource, 'id' | 'streams' | 'schedule' | 'warnAfterMs'>[],
  successes: readonly { sourceId: string; stream: string; finishedAt: Date }[],
  timezone: string,
  now: Date,
): SourceFreshness[] {
  return sources.map((source) => {
    const lastSuccess = sourceLastSuccess(source, successes);
    const { expectedMs, expectedFrom } = expectation(source, timezone, now);
    const status: FreshnessStatus =
      expectedMs === undefined ? 'unchecked' : lastSuccess !== undefined && now.getTime() - lastSuccess.getTime() <= expectedMs ? 'fresh' : 'stale';
    return { sourceId: source.id, lastSuccess, expectedMs, expectedFrom, status };
  });
}

/** A source's last successful sync: the oldest of its streams' last successes (undefined: one never succeeded). */
export function sourceLastSuccess(source: Pick<ResolvedSource, 'id' | 'streams'>, successes: readonly { sourceId: string; stream: string; finishedAt: Date }[]): Date | undefined {
  let oldest: Date | undefined;
  for (const stream of source.streams) {
    const hit = successes.find((s) => s.sourceId === source.id && s.stream === stream.name);
    if (!hit) return undefined;
    if (!oldest || hit.finishedAt < oldest) oldest = hit.finishedAt;
  }
  return oldest;
}

function expectation(source: Pick<ResolvedSource, 'schedule' | 'warnAfterMs'>, timezone: string, now: Date): { expectedMs: number | undefined; expectedFrom: string } {
  if (source.warnAfterMs !== undefined) return { expectedMs: source.warnAfterMs, expectedFrom: 'freshness.warn_after' };
  if (source.schedule !== undefined) {
    const interval = cronSlots(source.schedule, timezone).interval(now);
    if (interval !== undefined) return { expectedMs: interval + SCHEDULE_GRACE_MS, expectedFrom: `schedule '${source.schedule}' + 1h` };
  }
  return { expectedMs: undefined, expectedFrom: 'none' };
}
