/**
 * Alerts for sources that turned stale, once per staleness episode: an episode starts
 * when a check finds a source stale that the state does not list, and ends at the first
 * check that finds it fresh again (or no longer checked). The episodes live in the
 * workspace's state file (pipeline/schedule/schedule-state.ts), so `tributary status
 * --alert` from cron and a running `tributary schedule` share them. An episode whose
 * alert reached no receiver is not recorded: the next check tries again.
 */
import type { Logger } from '../../core/index.js';
import { staleAlert } from '../alerts/alert-message.js';
import { deliverAlert, type AlertDelivery } from '../alerts/deliver.js';
import type { TributaryConfig } from '../config/load-config.js';
import { readState, stateFile, writeStateSection, type ScheduleState } from '../schedule/schedule-state.js';
import type { SourceFreshness } from './freshness.js';

export interface StaleAlertOutcome {
  /** Sources whose episode began with this check (alerted, or not if `alerts.on` leaves out `stale`). */
  readonly newlyStale: readonly string[];
  readonly deliveries: readonly AlertDelivery[];
}

/** Which sources start an episode now, and the episodes to keep (pure). */
export function nextEpisodes(previous: ScheduleState['stale'], report: readonly SourceFreshness[], now: Date): { newlyStale: SourceFreshness[]; kept: ScheduleState['stale'] } {
  const kept: Record<string, { since: string; alertedAt: string }> = {};
  const newlyStale: SourceFreshness[] = [];
  for (const s of report) {
    if (s.status !== 'stale') continue;
    const open = previous[s.sourceId];
    if (open) kept[s.sourceId] = open;
    else {
      newlyStale.push(s);
      kept[s.sourceId] = { since: now.toISOString(), alertedAt: now.toISOString() };
    }
  }
  return { newlyStale, kept };
}

export async function alertStaleSources(options: { config: TributaryConfig; report: readonly SourceFreshness[]; log: Logger; now?: Date }): Promise<StaleAlertOutcome> {
  const { config, report, log } = options;
  const now = options.now ?? new Date();
  const file = stateFile(config.dir);
  const previous = readState(file).stale;
  const { newlyStale, kept } = nextEpisodes(previous, report, now);
  const alerts = config.alerts;
  let deliveries: AlertDelivery[] = [];
  if (newlyStale.length > 0 && alerts?.on.includes('stale')) {
    const message = staleAlert(
      newlyStale.map((s) => ({ sourceId: s.sourceId, lastSuccess: s.lastSuccess, expectedMs: s.expectedMs!, expectedFrom: s.expectedFrom })),
      config.file,
      config.redactor,
      now,
    );
    deliveries = await deliverAlert({ alerts, message, redactor: config.redactor, log, about: { stale: newlyStale.map((s) => s.sourceId) } });
    // Nobody heard it: the episode is not begun, so the next check alerts again.
    if (deliveries.length > 0 && deliveries.every((d) => !d.ok)) for (const s of newlyStale) delete (kept as Record<string, unknown>)[s.sourceId];
  }
  if (newlyStale.length > 0) log.warn('sources turned stale', { sources: newlyStale.map((s) => s.sourceId) });
  if (JSON.stringify(kept) !== JSON.stringify(previous)) writeStateSection(file, 'stale', kept);
  return { newlyStale: newlyStale.map((s) => s.sourceId), deliveries };
}
