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

export interface StreamClaim {
  release(): Promise<void>;
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
  let released = false;
  return {
    async release() {
      if (released) return;
      released = true;
      await client.query('SELECT pg_advisory_unlock($1, hashtext($2))', [CLAIM_CLASS, stream]).catch(() => {});
      await client.end().catch(() => {});
    },
  };
}
