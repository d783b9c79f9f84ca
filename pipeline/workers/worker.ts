/**
 * `tributary worker`: takes stream jobs from the control plane's queue (stream-queue.ts)
 * until stopped, one stream at a time: claims the stream (stream-claim.ts), reads it from
 * its last checkpoint into its landing file (stream-landing.ts) through the sync's own
 * extract stage, and completes the job — or fails it, and the queue retries it. Several
 * workers, on one machine or several sharing the workspace folder, share the jobs; a
 * stream is read by one of them at a time.
 *
 * Each job is a run in the control plane (`tributary runs`), command `worker <source>.<stream>`.
 *
 * SIGTERM/SIGINT: the stream in flight stops after its batch (what was committed stays),
 * its job goes back to the queue, and the worker exits.
 */
import { hostname } from 'node:os';
import { TributaryError, type Logger } from '../../core/index.js';
import type { TributaryConfig } from '../config/load-config.js';
import { SuppressionSet } from '../../governance/erasure/identifiers.js';
import { ControlPlane, currentActor } from '../control-plane/control-plane.js';
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
  // Each job is a run in the control plane (`tributary runs`), with its stream's row.
  const cp = await ControlPlane.open(url);
  let boss: Awaited<ReturnType<typeof openStreamQueue>>;
  try {
    boss = await openStreamQueue(config, log, { supervise: true });
  } catch (error) {
    await cp.close();
    throw error;
  }
  try {
    say(`${me}: waiting for stream jobs`);
    // Handlers still running when the worker stops: pg-boss's stop does not wait for a
    // handler past its claim timeout, and the run's end must be recorded before the
    // control plane is closed.
    const inFlight = new Set<Promise<void>>();
    await boss.work<StreamJob>(STREAM_QUEUE, { batchSize: 1, pollingIntervalSeconds: POLL_SECONDS }, ([job]) => {
      const handled = handleJob(job);
      inFlight.add(handled);
      return handled.finally(() => inFlight.delete(handled));
    });
    async function handleJob(job: { id: string; data: StreamJob } | undefined): Promise<void> {
      if (!job) return;
      const key = `${job.data.source}.${job.data.stream}`;
      const claim = await claimStream(url, key, me);
      if (!claim) {
        // Another worker is reading this stream (its copy of the job outlived its claim
        // timeout). Completing this copy would lose the job if that worker then died: it
        // goes back to the queue instead, and its retry finds the job done, or resumes it.
        say(`${key}: another worker is reading it; the job goes back to the queue until that one is done or gone`);
        throw new TributaryError('stream_claimed', `${key} is being read by another worker`);
      }
      try {
        if (await claim.alreadyDone(job.id)) {
          say(`${key}: job ${job.id} was already done (it came back after its claim timeout); nothing to read`);
          return;
        }
        await runStreamJob({ config, log, signal, cp, say, key, stream: job.data, jobId: job.id });
        await claim.markDone(job.id, key);
      } finally {
        await claim.release();
      }
    }
    await new Promise<void>((resolve) => {
      if (signal.aborted) resolve();
      else signal.addEventListener('abort', () => resolve(), { once: true });
    });
    say(`${me}: stopping`);
    // The handler in flight sees the same signal and ends after its batch; its job is failed and retried by another worker.
    await boss.stop({ graceful: true, wait: true, timeout: 60_000 });
    await Promise.allSettled([...inFlight]);
  } finally {
    await cp.close();
  }
}

/**
 * One claimed stream job as a recorded run: started, with any run of the same stream a
 * dead worker left 'running' marked abandoned (we hold the stream's claim, so its holder
 * is gone), the stream read, its row and the run's end recorded. Throws when the stream
 * did not sync, so that the queue retries the job.
 */
async function runStreamJob(ctx: { config: TributaryConfig; log: Logger; signal: AbortSignal; cp: ControlPlane; say: (line: string) => void; key: string; stream: StreamJob; jobId: string }): Promise<void> {
  const { config, cp, say, key } = ctx;
  const run = await cp.startRun({ command: ControlPlane.workerCommand(key), configPath: config.file, actor: currentActor() });
  let finished = false;
  try {
    const abandoned = await cp.markAbandonedWorkerRuns(key, run.id);
    say(`${key}: claimed (job ${ctx.jobId}, run ${run.id})${abandoned.length ? `; resuming from the last checkpoint of ${abandoned.join(', ')}, marked abandoned (its worker died)` : ''}`);
    // Erased people's records are dropped before landing, as in a sync.
    const suppressions = new SuppressionSet(await cp.suppressions());
    const { result, lake } = await syncStream(config, ctx.stream, run.id, ctx.log.child({ run: run.id }), ctx.signal, suppressions);
    await cp.recordStream(run.id, result);
    const ok = result.status === 'success';
    await cp.finishRun(run.id, {
      status: ok ? 'success' : 'failed',
      error: result.error,
      summary: { job: ctx.jobId, streams: [{ source: result.sourceId, stream: result.stream, status: result.status, read: result.rowsRead, inserted: result.rowsInserted }], lake: lake ? { rows: lake.rows, parts: lake.files.length } : null },
    });
    finished = true;
    // Said once the run's end is recorded: whoever reads the line finds the run finished.
    say(
      `${key}: ${result.status}, ${result.rowsRead} read, ${result.rowsInserted} new, ${result.rowsUnchanged} unchanged` +
        `${lake ? `, ${lake.rows} rows to the lake (${lake.files.length} part${lake.files.length === 1 ? '' : 's'})` : ''}${result.error ? `: ${result.error}` : ''}`,
    );
    if (!ok) throw new TributaryError(result.errorCode ?? 'stream_failed', result.error ?? `${key} did not sync`);
  } catch (error) {
    if (!finished) {
      const message = config.redactor.scrub(error instanceof Error ? error.message : String(error));
      say(`${key}: failed: ${message}`);
      await cp.finishRun(run.id, { status: 'failed', error: message, summary: { job: ctx.jobId } }).catch(() => {});
    }
    throw error;
  }
}

/** Reads the stream into its landing file; after a success, what it landed goes on to the lake. */
async function syncStream(config: TributaryConfig, job: StreamJob, runId: string, log: Logger, signal: AbortSignal, suppressions: SuppressionSet): Promise<{ result: StreamResult; lake?: LakeExport }> {
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
      log,
      redactor: config.redactor,
      signal,
      suppressions,
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
