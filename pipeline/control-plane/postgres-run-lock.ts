/**
 * The run lock of a PostgreSQL control plane: one sync (or forget) at a time across every
 * machine that shares it, not only per warehouse file. It is a session advisory lock held
 * on a connection of its own for the whole run, so it dies with its holder: a process
 * killed with SIGKILL closes its socket and the server frees the lock at once (a machine
 * that vanishes without closing it is found by TCP keepalive). The holder names itself in
 * its connection's application_name, which is how a refused run can say who is in its way.
 *
 * @example
 * ```ts
 * const lock = await takePostgresRunLock(url, 'sync');
 * try { lock.name('run_…'); … } finally { await lock.release(); }
 * ```
 */
import { hostname } from 'node:os';
import type pg from 'pg';
import { TributaryError } from '../../core/index.js';
import { connectPostgres, describePostgresUrl } from './postgres-location.js';

/** The lock's two-part key: 'trib' and 1 (the run lock); nothing else in Tributary uses this class. */
const LOCK_CLASS = 0x74726962;
const RUN_LOCK = 1;

export interface PostgresRunLock {
  /** Puts the run's id into what a refused run is told (call once the run exists). */
  name(runId: string): Promise<void>;
  /**
   * Throws `run_lock_lost` when the lock's connection ended before release (the server
   * restarted, the network dropped it, an admin ended the session): another machine may
   * hold the lock by now, so the run must stop before it publishes.
   */
  assertHeld(): void;
  release(): Promise<void>;
}

export async function takePostgresRunLock(url: string, command: string): Promise<PostgresRunLock> {
  const holder = (runId?: string) => `tributary ${command}${runId ? ` ${runId}` : ''} pid ${process.pid} on ${hostname()}`;
  const client = await connectPostgres(url, { applicationName: holder() });
  let taken = false;
  try {
    const { rows } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS ok', [LOCK_CLASS, RUN_LOCK]);
    taken = rows[0]!.ok;
    if (!taken) {
      const other = await currentHolder(client);
      throw new TributaryError('run_locked', `another Tributary run (${other ?? 'holder unknown'}) holds the run lock of the control plane ${describePostgresUrl(url)}`, {
        hint: 'wait for it to finish; its lock is freed when it ends, or as soon as its process dies',
      });
    }
  } finally {
    if (!taken) await client.end().catch(() => {});
  }
  let released = false;
  let lost: string | undefined;
  const lose = (why: string) => {
    if (!released) lost ??= why;
  };
  client.on('error', (error: Error) => lose(error.message.split('\n')[0]!));
  client.on('end', () => lose('the connection closed'));
  return {
    assertHeld() {
      if (lost === undefined) return;
      throw new TributaryError('run_lock_lost', `this run lost the run lock of the control plane ${describePostgresUrl(url)} (${lost}); another run may hold it now, so this one stops before publishing`, {
        hint: 'the batches landed so far are kept; run the sync again once the server is reachable',
      });
    },
    async name(runId) {
      await client.query(`SELECT set_config('application_name', $1, false)`, [holder(runId).slice(0, 63)]);
    },
    async release() {
      if (released) return;
      released = true;
      // Ending the session frees the lock even if the unlock below cannot be sent.
      await client.query('SELECT pg_advisory_unlock($1, $2)', [LOCK_CLASS, RUN_LOCK]).catch(() => {});
      await client.end().catch(() => {});
    },
  };
}

/** Who holds the run lock now: its application_name and the address it connected from. */
async function currentHolder(client: pg.Client): Promise<string | undefined> {
  const { rows } = await client.query<{ application_name: string; client_addr: string | null }>(
    `SELECT a.application_name, host(a.client_addr) AS client_addr
       FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
      WHERE l.locktype = 'advisory' AND l.classid = $1 AND l.objid = $2 AND l.granted AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
    [LOCK_CLASS, RUN_LOCK],
  );
  const r = rows[0];
  if (!r) return undefined;
  return `${r.application_name || 'unnamed'}${r.client_addr ? `, connected from ${r.client_addr}` : ''}`;
}
