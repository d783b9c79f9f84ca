/**
 * What an alert says about a run: status, run id, workspace, and per failed stream its
 * reason. Built only from the run's result, whose errors the sync already scrubbed of
 * secrets, and scrubbed once more by the caller's redactor: a webhook body or an email
 * is a copy of the message outside our control.
 */
import type { SecretRedactor } from '../../core/index.js';
import type { SyncResult } from '../sync.js';

export interface AlertMessage {
  readonly subject: string;
  readonly text: string;
  /** The generic JSON webhook's body. */
  readonly json: Record<string, unknown>;
}

export function runAlert(result: SyncResult, configFile: string, redactor: SecretRedactor): AlertMessage {
  const failed = result.streams.filter((s) => s.status !== 'success');
  const subject = `tributary: run ${result.runId} ${result.status}`;
  const lines = [
    `${subject} (${configFile})`,
    ...failed.map((s) => `- ${s.sourceId}.${s.stream} ${s.status}: ${s.error ?? 'no reason recorded'}`),
    ...(failed.length === 0 && result.error ? [`- ${result.error}`] : []),
    `Details: tributary runs --config ${configFile} ${result.runId}`,
  ];
  const json = {
    event: 'run_finished',
    run_id: result.runId,
    status: result.status,
    config: configFile,
    error: result.error ?? null,
    streams: failed.map((s) => ({ source: s.sourceId, stream: s.stream, status: s.status, error: s.error ?? null, error_code: s.errorCode ?? null })),
  };
  return {
    subject: redactor.scrub(subject),
    text: redactor.scrub(lines.join('\n')),
    json: JSON.parse(redactor.scrub(JSON.stringify(json))) as Record<string, unknown>,
  };
}

/** A source past its expected interval, as the freshness check saw it. */
export interface StaleSource {
  readonly sourceId: string;
  readonly lastSuccess: Date | undefined;
  readonly expectedMs: number;
  readonly expectedFrom: string;
}

/** The alert for sources that just turned stale: each with its last successful sync and the interval it missed. */
export function staleAlert(sources: readonly StaleSource[], configFile: string, redactor: SecretRedactor, now: Date): AlertMessage {
  const names = sources.map((s) => s.sourceId).join(', ');
  const subject = `tributary: ${sources.length === 1 ? 'source' : 'sources'} ${names} stale`;
  const lines = [
    `${subject} (${configFile})`,
    ...sources.map(
      (s) =>
        `- ${s.sourceId}: ${s.lastSuccess ? `last successful sync ${s.lastSuccess.toISOString()} (${formatAge(now.getTime() - s.lastSuccess.getTime())} ago)` : 'never synced successfully'}, expected within ${formatAge(s.expectedMs)} (${s.expectedFrom})`,
    ),
    `Details: tributary status --config ${configFile}; tributary runs --config ${configFile}`,
  ];
  const json = {
    event: 'source_stale',
    config: configFile,
    sources: sources.map((s) => ({ source: s.sourceId, last_success: s.lastSuccess?.toISOString() ?? null, expected_seconds: Math.round(s.expectedMs / 1000), expected_from: s.expectedFrom })),
  };
  return {
    subject: redactor.scrub(subject),
    text: redactor.scrub(lines.join('\n')),
    json: JSON.parse(redactor.scrub(JSON.stringify(json))) as Record<string, unknown>,
  };
}

/** `26h`, `1d 2h`, `45m`, `12s`: a duration the way a person reads it. */
export function formatAge(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (d > 0) return h > 0 ? `${d}d ${h}h` : `${d}d`;
  if (h > 0) return m > 0 ? `${h}h ${m}m` : `${h}h`;
  if (m > 0) return `${m}m`;
  return `${s}s`;
}
