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
