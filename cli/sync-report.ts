/**
 * How a sync looks to a person: stage lines and live progress on stderr while it
 * runs, then the per-stream table (stdout) and a one-line verdict with what to do next.
 */
import type { StreamRunRecord } from '../pipeline/control-plane/control-plane.js';
import type { SyncEvent, SyncResult } from '../pipeline/sync.js';
import { formatRows, type OutputFormat } from './format.js';
import { LiveProgress } from './live-progress.js';

/**
 * The sync's events as a person sees them on stderr: stage lines and each stream's result
 * line; on an interactive terminal also live bars (rows, rate, ETA per stream; models
 * done/total), which never reach a pipe or a log file.
 */
export function progressPrinter(out: NodeJS.WritableStream & { isTTY?: boolean }): (e: SyncEvent) => void {
  const live = out.isTTY ? new LiveProgress(out) : undefined;
  const line = (text: string) => (live ? live.line(text) : out.write(`${text}\n`));
  return (e) => {
    switch (e.kind) {
      case 'stage':
        // A new stage: what the last one drew is done with.
        live?.end();
        line(`${e.stage}${e.detail ? ` (${e.detail})` : ''} …`);
        break;
      case 'progress':
        live?.stream(e);
        break;
      case 'model':
        live?.model(e);
        break;
      case 'stage_done':
        live?.end();
        line(`  ${e.summary}`);
        break;
      case 'note':
        line(e.message);
        break;
      case 'stream_done': {
        const r = e.result;
        // A quota stop is deliberate and resumes next run: not the same alarm as a failure.
        const mark = r.status === 'success' ? 'ok  ' : r.status === 'skipped' ? 'SKIP' : r.errorCode === 'quota_exhausted' ? 'STOP' : 'FAIL';
        const summary =
          `  ${mark} ${r.sourceId}.${r.stream}: ${r.rowsRead} read, ${r.rowsInserted} new, ${r.rowsUnchanged} unchanged` +
          `${r.rowsQuarantined ? `, ${r.rowsQuarantined} quarantined` : ''}, ${r.requests} requests in ${(r.durationMs / 1000).toFixed(1)} s` +
          `${(r.attempts ?? 1) > 1 ? ` (${r.attempts} attempts)` : ''}` +
          // a skipped stream repeats its source's failure: the hint was said above
          `${r.error ? `\n       ${r.error}${r.hint && r.status !== 'skipped' ? `\n       hint: ${r.hint}` : ''}` : ''}`;
        if (live) live.streamDone(r.sourceId, r.stream, summary);
        else line(summary);
        break;
      }
    }
  };
}

/** The counts of one stream as every command shows them (a live result or a stored run). */
export function streamCounts(
  s: Pick<StreamRunRecord, 'sourceId' | 'stream' | 'rowsRead' | 'rowsInserted' | 'rowsUnchanged' | 'rowsDeleted' | 'rowsQuarantined' | 'requests' | 'retries'> & {
    readonly status: string;
  },
) {
  return {
    source: s.sourceId,
    stream: s.stream,
    status: s.status,
    read: s.rowsRead,
    inserted: s.rowsInserted,
    unchanged: s.rowsUnchanged,
    deleted: s.rowsDeleted,
    quarantined: s.rowsQuarantined,
    requests: s.requests,
    retries: s.retries,
  };
}

export function printSyncResult(result: SyncResult, format: OutputFormat): void {
  const rows = result.streams.map((s) => ({ ...streamCounts(s), seconds: Math.round(s.durationMs / 100) / 10 }));
  if (format === 'json') {
    process.stdout.write(`${JSON.stringify({ run_id: result.runId, status: result.status, duration_ms: result.durationMs, error: result.error ?? null, streams: rows, published: result.publish?.tables ?? [] }, null, 2)}\n`);
  } else {
    process.stdout.write(`${formatRows(rows, format)}\n`);
  }
  const secs = (result.durationMs / 1000).toFixed(1);
  const verdict =
    result.status === 'success'
      ? `run ${result.runId} succeeded in ${secs} s`
      : `run ${result.runId} ${result.status} after ${secs} s: ${result.error ?? 'see the streams above'}${result.hint ? `\nhint: ${result.hint}` : ''}`;
  process.stderr.write(`${verdict}\n`);
}
