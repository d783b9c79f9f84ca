/**
 * `tributary worker`: takes stream jobs from the control plane's queue (stream-queue.ts)
 * until stopped, one stream at a time: claims the stream (stream-claim.ts), reads it from
 * its last checkpoint into its landing file (stream-landing.ts) through the sync's own
 * extract stage, and completes the job — or fails it, and the queue retries it. Several
 * workers, on one machine or several sharing the workspace folder, share the jobs; a
 * stream is read by one of them at a time.
 *
 * SIGTERM/SIGINT: the stream in flight stops after its batch (what was committed stays),
 * its job goes back to the queue, and the worker exits.
 */
import { hostname } from 'node:os';
import { TributaryError, type Logger } from '../../core/index.js';
import type { TributaryConfig } from '../config/load-config.js';
import { extractSource, type StreamResult } from '../extract/extract-source.js';
import { Warehouse } from '../warehouse/warehouse.js';
import { exportToLake, type LakeExport } from './lake-export.js';
import { claimStream } from './stream-claim.js';
import { ensureStreamFolder, streamLandingPath } from './stream-landing.js';
import { openStreamQueue, queueUrl, STREAM_QUEUE, type StreamJob } from './stream-queue.js';

export interface WorkerOptions {
  readonly config: TributaryConfig;
  readonly log: Logger;
  readonly signal: AbortSignal;
  /** One line per claim, result and stop (the CLI prints them on stderr). */
  readonly onLine?: (line: string) => void;
}

/** Polling the queue this often when it is empty: a new job waits at most this long. */
const POLL_SECONDS = 1;

export async function runWorker(options: WorkerOptions): Promise<void> {
  const { config, log, signal } = options;
  const say = options.onLine ?? (() => {});
  const url = queueUrl(config);
  const me = `worker pid ${process.pid} on ${hostname()}`;
  const boss = await openStreamQueue(config, log, { supervise: true });
  say(`${me}: waiting for stream jobs`);
  await boss.work<StreamJob>(STREAM_QUEUE, { batchSize: 1, pollingIntervalSeconds: POLL_SECONDS }, async ([job]) => {
    if (!job) return;
    const key = `${job.data.source}.${job.data.stream}`;
    const claim = await claimStream(url, key, me);
    if (!claim) {
      // Another worker is reading this stream right now: the job is being done.
      say(`${key}: another worker is reading it; leaving it to that one`);
      return;
    }
    try {
      if (await claim.alreadyDone(job.id)) {
        say(`${key}: job ${job.id} was already done (it came back after its claim timeout); nothing to read`);
        return;
      }
      say(`${key}: claimed (job ${job.id})`);
      const { result, lake } = await syncStream(config, job.data, `job_${job.id}`, log, signal).catch((error: unknown) => {
        say(`${key}: failed: ${config.redactor.scrub(error instanceof Error ? error.message : String(error))}`);
        throw error;
      });
      say(
        `${key}: ${result.status}, ${result.rowsRead} read, ${result.rowsInserted} new, ${result.rowsUnchanged} unchanged` +
          `${lake ? `, ${lake.rows} rows to the lake (${lake.files.length} part${lake.files.length === 1 ? '' : 's'})` : ''}${result.error ? `: ${result.error}` : ''}`,
      );
      if (result.status !== 'success') throw new TributaryError(result.errorCode ?? 'stream_failed', result.error ?? `${key} did not sync`);
      await claim.markDone(job.id, key);
    } finally {
      await claim.release();
    }
  });
  await new Promise<void>((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });
  say(`${me}: stopping`);
  // The handler in flight sees the same signal and ends after its batch; its job is failed and retried by another worker.
  await boss.stop({ graceful: true, wait: true, timeout: 60_000 });
}

/** Reads the stream into its landing file; after a success, what it landed goes on to the lake. */
async function syncStream(config: TributaryConfig, job: StreamJob, runId: string, log: Logger, signal: AbortSignal): Promise<{ result: StreamResult; lake?: LakeExport }> {
  const source = config.sources.find((s) => s.id === job.source && s.enabled);
  const stream = source?.streams.find((s) => s.name === job.stream);
  if (!source || !stream) {
    throw new TributaryError('unknown_stream', `the job asks for ${job.source}.${job.stream}, which this worker's ${config.file} does not enable`, {
      hint: 'every worker needs the same tributary.yml as the process that queued the jobs',
    });
  }
  const folder = ensureStreamFolder(config, source.id, stream.name);
  const wh = await Warehouse.open(streamLandingPath(config, source.id, stream.name));
  try {
    const [result] = await extractSource({
      wh,
      source: { ...source, streams: [stream] },
      runId,
      batchSize: config.batchSize,
      log: log.child({ job: runId }),
      redactor: config.redactor,
      signal,
      retry: config.retry,
      streamRetry: config.streamRetry,
      ...(config.requestTimeoutMs === undefined ? {} : { requestTimeoutMs: config.requestTimeoutMs }),
    });
    if (result!.status !== 'success') return { result: result! };
    return { result: result!, lake: await exportToLake(wh, result!.table.slice('raw.'.length), folder) };
  } finally {
    wh.close();
  }
}
