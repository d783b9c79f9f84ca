/**
 * One worker per stream at a time: a session advisory lock on the PostgreSQL control
 * plane, keyed by `source.stream`, held on a connection of its own while the worker reads
 * the stream. The queue (stream-queue.ts) hands a job out once, but it gives a job whose
 * worker went quiet to another after `workers.claim_timeout_seconds`; the lock is what
 * keeps two workers off one stream even then, and it dies with its holder (a SIGKILLed
 * worker's socket closes and the server frees the lock at once), so a dead worker's
 * stream is free for the next one to resume from its last checkpoint.
 *
 * @example
 * ```ts
 * const claim = await claimStream(url, 'hubspot.contacts', 'worker pid 4242');
 * if (claim) try { … } finally { await claim.release(); }
 * ```
 */
import { connectPostgres } from '../control-plane/postgres-location.js';

/** 'trst': the class of stream claims (the run lock uses 'trib'), the stream's hash the object. */
const CLAIM_CLASS = 0x74727374;

/**
 * Jobs whose stream was read to the end, by job id. The queue hands out again a job held
 * past its claim timeout even when its worker is alive and merely slow (pg-boss 10 has no
 * heartbeat); the copy then finds its id here and ends instead of reading the stream twice.
 */
const DONE_TABLE = 'tributary_workers.stream_jobs_done';

export interface StreamClaim {
  /** True when a worker already read this job's stream to the end (the job came back after its claim timeout). */
  alreadyDone(jobId: string): Promise<boolean>;
  /** Records that this job's stream was read to the end. */
  markDone(jobId: string, stream: string): Promise<void>;
  release(): Promise<void>;
}

type Client = Awaited<ReturnType<typeof connectPostgres>>;

/** Creates the done table once; two workers creating it at the same moment is not an error. */
async function ensureDoneTable(client: Client): Promise<void> {
  // IF NOT EXISTS is not atomic against a concurrent creator: the loser sees a duplicate in the catalog.
  const raced = (error: unknown) => ['23505', '42P06', '42P07'].includes(String((error as { code?: string }).code));
  await client.query('CREATE SCHEMA IF NOT EXISTS tributary_workers').catch((error: unknown) => {
    if (!raced(error)) throw error;
  });
  await client.query(`CREATE TABLE IF NOT EXISTS ${DONE_TABLE} (job_id text PRIMARY KEY, stream text NOT NULL, finished_at timestamptz NOT NULL DEFAULT now())`).catch((error: unknown) => {
    if (!raced(error)) throw error;
  });
}

/** The claim, or undefined when another worker holds the stream now. */
export async function claimStream(url: string, stream: string, holder: string): Promise<StreamClaim | undefined> {
  const client = await connectPostgres(url, { applicationName: `tributary ${holder} ${stream}`.slice(0, 63) });
  let taken = false;
  try {
    const { rows } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, hashtext($2)) AS ok', [CLAIM_CLASS, stream]);
    taken = rows[0]!.ok;
  } finally {
    if (!taken) await client.end().catch(() => {});
  }
  if (!taken) return undefined;
  // A connection that drops frees the lock on the server: nothing to do here but not crash.
  client.on('error', () => {});
  try {
    await ensureDoneTable(client);
  } catch (error) {
    await client.end().catch(() => {});
    throw error;
  }
  let released = false;
  return {
    async alreadyDone(jobId) {
      const { rows } = await client.query(`SELECT 1 FROM ${DONE_TABLE} WHERE job_id = $1`, [jobId]);
      return rows.length > 0;
    },
    async markDone(jobId, stream) {
      await client.query(`INSERT INTO ${DONE_TABLE} (job_id, stream) VALUES ($1, $2) ON CONFLICT (job_id) DO NOTHING`, [jobId, stream]);
    },
    async release() {
      if (released) return;
      released = true;
      await client.query('SELECT pg_advisory_unlock($1, hashtext($2))', [CLAIM_CLASS, stream]).catch(() => {});
      await client.end().catch(() => {});
    },
  };
}
