/**
 * Stream syncs as jobs on a PostgreSQL-backed queue (pg-boss, in the control plane's
 * database, schema `tributary_queue`): one job per stream, which any `tributary worker`
 * sharing the control plane may take. A job a worker holds longer than
 * `workers.claim_timeout_seconds` (its worker died, or hangs) is handed out again, and a
 * failed one is retried with backoff.
 *
 * @example
 * ```ts
 * const jobs = await enqueueStreams(config);   // [{ source: 'hubspot', stream: 'contacts', id: '…' }, …]
 * ```
 */
import { createRequire } from 'node:module';
import type PgBossType from 'pg-boss';
import { ConfigError, TributaryError, type Logger } from '../../core/index.js';
import type { TributaryConfig } from '../config/load-config.js';
import { isPostgresUrl } from '../control-plane/postgres-location.js';

export const STREAM_QUEUE = 'tributary-stream-sync';
const QUEUE_SCHEMA = 'tributary_queue';

/** What a job asks for: one stream of one source, read from its last checkpoint. */
export interface StreamJob {
  readonly source: string;
  readonly stream: string;
}

/** A failed stream is tried again this many times, RETRY_DELAY_SECONDS apart and doubling. */
const RETRY_LIMIT = 5;
const RETRY_DELAY_SECONDS = 5;

/** The control plane's URL, or a ConfigError saying workers need PostgreSQL. */
export function queueUrl(config: TributaryConfig): string {
  if (!isPostgresUrl(config.controlPlanePath)) {
    throw new ConfigError('workers share their streams through a PostgreSQL control plane, and this workspace keeps a SQLite one', {
      hint: 'set control_plane: postgresql://user:password@host:5432/db in tributary.yml (or DATABASE_URL); see README, "Several workers"',
    });
  }
  return config.controlPlanePath;
}

/** Starts pg-boss on the control plane (creating its schema and the queue the first time). */
export async function openStreamQueue(config: TributaryConfig, log: Logger, options: { supervise: boolean }): Promise<PgBossType> {
  const PgBoss = createRequire(import.meta.url)('pg-boss') as typeof PgBossType;
  const claim = config.workers.claimTimeoutSeconds;
  const boss = new PgBoss({
    connectionString: queueUrl(config),
    schema: QUEUE_SCHEMA,
    application_name: 'tributary worker queue',
    supervise: options.supervise,
    schedule: false,
    // Held jobs are checked for their claim timeout this often: a dead worker's stream
    // waits at most its timeout plus this, never hours.
    maintenanceIntervalSeconds: Math.max(1, Math.min(60, Math.ceil(claim / 4))),
  });
  // pg-boss reports background problems (a maintenance query that failed) as events.
  boss.on('error', (error: Error) => log.warn('job queue problem', { error: config.redactor.scrub(error.message) }));
  try {
    await boss.start();
    await boss.createQueue(STREAM_QUEUE, { name: STREAM_QUEUE, policy: 'standard' });
  } catch (error) {
    await boss.stop({ graceful: false, wait: false }).catch(() => {});
    throw new TributaryError('queue_unavailable', `could not open the job queue on the control plane: ${config.redactor.scrub(error instanceof Error ? error.message : String(error))}`, {
      hint: 'check that the PostgreSQL server of control_plane is reachable and the user may create a schema',
    });
  }
  return boss;
}

/** One job per stream of the enabled sources (or of `sources`); returns what was queued. */
export async function enqueueStreams(options: { config: TributaryConfig; log: Logger; sources?: readonly string[] }): Promise<(StreamJob & { id: string })[]> {
  const { config } = options;
  const unknown = (options.sources ?? []).filter((id) => !config.sources.some((s) => s.id === id));
  if (unknown.length > 0) throw new ConfigError(`unknown source ${unknown.join(', ')}`, { hint: `configured: ${config.sources.map((s) => s.id).join(', ')}` });
  const sources = config.sources.filter((s) => s.enabled && (!options.sources || options.sources.includes(s.id)));
  const boss = await openStreamQueue(config, options.log, { supervise: false });
  try {
    const queued: (StreamJob & { id: string })[] = [];
    for (const source of sources) {
      for (const stream of source.streams) {
        const job: StreamJob = { source: source.id, stream: stream.name };
        const id = await boss.send(STREAM_QUEUE, job, {
          expireInSeconds: config.workers.claimTimeoutSeconds,
          retryLimit: RETRY_LIMIT,
          retryDelay: RETRY_DELAY_SECONDS,
          retryBackoff: true,
        });
        if (id) queued.push({ ...job, id });
      }
    }
    return queued;
  } finally {
    await boss.stop({ graceful: false, wait: true });
  }
}
