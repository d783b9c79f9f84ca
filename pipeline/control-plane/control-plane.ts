/**
 * The control plane: runs, per-stream and per-model results, and the audit log, on a
 * real Prisma client over SQLite (better-sqlite3 driver adapter — no engine binary), or
 * over PostgreSQL when opened with a `postgresql://` URL (pg driver adapter, the client
 * generated from prisma/postgres/schema.prisma: the same models, so one API serves both).
 *
 * @example
 * ```ts
 * const cp = await ControlPlane.open('demo/tributary.db');   // or 'postgresql://ops:${PGPASSWORD}@db/tributary'
 * const run = await cp.startRun({ command: 'sync', configPath, actor: 'ops' });
 * await cp.finishRun(run.id, { status: 'success' });
 * await cp.close();
 * ```
 */
import { accessSync, constants, copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { randomUUID } from 'node:crypto';
import { hostname, tmpdir, userInfo } from 'node:os';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import Database from 'better-sqlite3';
import { TributaryError, killPoint } from '../../core/index.js';
import { PrismaClient } from './generated/client.js';
import { PrismaClient as PostgresPrismaClient } from './generated-postgres/client.js';
import { applyMigrations, pendingMigrations } from './migrate.js';
import { applyPostgresMigrations } from './migrate-postgres.js';
import { CONNECT_TIMEOUT_MS, connectPostgres, connectionError, describePostgresUrl, isPostgresUrl } from './postgres-location.js';
import { takePostgresRunLock, type PostgresRunLock } from './postgres-run-lock.js';

export type RunStatus = 'running' | 'success' | 'partial' | 'failed' | 'abandoned';

/** The steps of an erasure request, in order (see pipeline/erasure/pending.ts). */
export type ErasureStep = 'recorded' | 'raw_deleted' | 'republished' | 'done';

/** One suppression key of an erasure; `sourceId` scopes a browser or user id to the source that issued it. */
export interface ErasureKeyRecord {
  readonly kind: string;
  readonly keyHash: string;
  readonly sourceId: string | null;
}

export interface PendingErasure {
  readonly id: string;
  readonly step: ErasureStep;
  readonly customers: readonly string[];
  readonly keys: readonly ErasureKeyRecord[];
}

export interface StreamRunRecord {
  readonly sourceId: string;
  readonly stream: string;
  readonly status: 'success' | 'failed' | 'skipped';
  readonly rowsRead: number;
  readonly rowsInserted: number;
  readonly rowsUnchanged: number;
  readonly rowsDeleted: number;
  readonly rowsQuarantined: number;
  readonly batches: number;
  readonly requests: number;
  readonly retries: number;
  readonly rateLimited: number;
  readonly durationMs: number;
  readonly error?: string | undefined;
  readonly errorCode?: string | undefined;
  readonly startedAt: Date;
  readonly finishedAt: Date;
}

export interface ModelRunRecord {
  readonly model: string;
  readonly materialization: string;
  readonly status: string;
  readonly rows?: number | undefined;
  readonly durationMs: number;
  readonly error?: string | undefined;
}

/** What a build's governance pass leaves in the control plane. */
export interface GovernanceSnapshot {
  readonly catalog: readonly {
    relation: string;
    column: string;
    /** raw table, model, mart (a model published to analysts), or seed (a project's CSV). */
    kind: 'raw' | 'model' | 'mart' | 'seed';
    dataType: string;
    description?: string | undefined;
    sourceField?: string | undefined;
    /** A model column that reads no column: literals only (`constant`) or a row count/rank (`rows`). */
    derivation?: 'constant' | 'rows' | undefined;
  }[];
  readonly edges: readonly { fromNode: string; toNode: string; transform: string }[];
  readonly tags: readonly { node: string; tag: string; originKind: string; origin: string; path: readonly string[] }[];
}

/** Which database holds the control plane (the URL's password stays inside `url`, never shown). */
export type ControlPlaneBackend = { readonly kind: 'sqlite'; readonly path: string } | { readonly kind: 'postgres'; readonly url: string };

export class ControlPlane {
  /**
   * The Prisma client. Typed as the SQLite schema's client: the Postgres one is generated
   * from the same models (tests/pipeline/control-plane proves it), so their model APIs agree.
   */
  readonly prisma: PrismaClient;
  readonly backend: ControlPlaneBackend;
  /** Runs when the control plane closes (removes a read-only snapshot). */
  readonly #onClose: (() => void) | undefined;
  #runLock: PostgresRunLock | undefined;

  private constructor(prisma: PrismaClient, backend: ControlPlaneBackend, onClose?: () => void) {
    this.prisma = prisma;
    this.backend = backend;
    this.#onClose = onClose;
  }

  /**
   * Opens the control plane at `location` — a SQLite file, or a `postgresql://` URL —
   * applying pending migrations first.
   */
  static async open(location: string): Promise<ControlPlane> {
    if (isPostgresUrl(location)) return ControlPlane.openPostgres(location);
    const path = resolve(location);
    mkdirSync(dirname(path), { recursive: true });
    applyMigrations(path);
    const adapter = new PrismaBetterSqlite3({ url: `file:${path}` });
    return new ControlPlane(new PrismaClient({ adapter }), { kind: 'sqlite', path });
  }

  /** Opens the PostgreSQL control plane at `url`, applying pending migrations first. */
  static async openPostgres(url: string): Promise<ControlPlane> {
    const client = await connectPostgres(url, { applicationName: 'tributary migrate' });
    try {
      await applyPostgresMigrations(client, describePostgresUrl(url));
    } catch (error) {
      if (error instanceof TributaryError) throw error;
      throw connectionError(url, error);
    } finally {
      await client.end().catch(() => {});
    }
    const adapter = new PrismaPg({ connectionString: url, connectionTimeoutMillis: CONNECT_TIMEOUT_MS, application_name: 'tributary' });
    const prisma = new PostgresPrismaClient({ adapter }) as unknown as PrismaClient;
    return new ControlPlane(prisma, { kind: 'postgres', url });
  }

  /** Where this control plane is, fit to show: the SQLite file, or the server's URL without its password. */
  describe(): string {
    return this.backend.kind === 'sqlite' ? this.backend.path : describePostgresUrl(this.backend.url);
  }

  /**
   * With a PostgreSQL control plane, takes its run lock (postgres-run-lock.ts) for `command`
   * until `close()`: several machines may share the control plane, and the warehouse's lock
   * file only keeps out runs on this one. A SQLite control plane is one machine's file,
   * so the warehouse lock already covers it and this does nothing. Throws `run_locked`
   * naming the holder when another run has it.
   */
  async takeRunLock(command: string): Promise<void> {
    if (this.backend.kind !== 'postgres' || this.#runLock) return;
    this.#runLock = await takePostgresRunLock(this.backend.url, command);
  }

  /** Throws `run_lock_lost` if the PostgreSQL run lock this control plane took has been lost since. */
  assertRunLockHeld(): void {
    this.#runLock?.assertHeld();
  }

  /** Names the run holding this control plane's run lock, for anyone refused by it. */
  async nameRunLock(runId: string): Promise<void> {
    await this.#runLock?.name(runId).catch(() => {});
  }

  /**
   * For commands that only read (runs, lineage, pii): the usual open where this user may
   * write the control plane, else a read-only one — so a read-only copy of a workspace
   * (an auditor's, a backup) can still be inspected.
   */
  static async openForReading(location: string): Promise<ControlPlane> {
    // A server has no file modes: whether this user may write is the server's to say.
    if (isPostgresUrl(location)) return ControlPlane.openPostgres(location);
    const path = resolve(location);
    return mayWrite(path) ? ControlPlane.open(path) : ControlPlane.openReadOnly(path);
  }

  /**
   * Opens the control plane without writing anything: no folder created, no migration
   * applied (pending ones are refused with a hint). SQLite needs to create its `-shm`
   * file beside a WAL database even to read it; where the folder is read-only, the
   * database (with its `-wal`, if any) is read from a private snapshot instead.
   */
  static async openReadOnly(location: string): Promise<ControlPlane> {
    // A server enforces read-only itself (its user's grants); there is no file to spare.
    if (isPostgresUrl(location)) return ControlPlane.openPostgres(location);
    const path = resolve(location);
    if (!existsSync(path)) {
      throw new TributaryError('no_control_plane', `no control plane at ${path} yet`, { hint: 'run `tributary sync` (or `tributary demo`) first' });
    }
    let snapshot: string | undefined;
    let target = path;
    try {
      if (!readable(path)) {
        snapshot = mkdtempSync(join(tmpdir(), 'tributary-control-plane-'));
        target = join(snapshot, basename(path));
        copyFileSync(path, target);
        if (existsSync(`${path}-wal`)) copyFileSync(`${path}-wal`, `${target}-wal`);
      }
      const db = new Database(target, { readonly: true, fileMustExist: true });
      try {
        const pending = pendingMigrations(db);
        if (pending.length > 0) {
          throw new TributaryError('control_plane_outdated', `the control plane ${path} lacks migration${pending.length > 1 ? 's' : ''} ${pending.join(', ')}, and this command may not write it`, {
            hint: 'run `tributary sync` once as a user who may write the workspace (it applies them), then read again',
          });
        }
      } finally {
        db.close();
      }
    } catch (error) {
      if (snapshot) rmSync(snapshot, { recursive: true, force: true });
      if (error instanceof TributaryError) throw error;
      throw new TributaryError('control_plane_unreadable', `cannot read the control plane ${path}: ${(error as Error).message}`, {
        hint: 'check that this user may read the workspace',
      });
    }
    const adapter = new PrismaBetterSqlite3({ url: `file:${target}`, readonly: true, fileMustExist: true });
    const removeSnapshot = snapshot ? () => rmSync(snapshot, { recursive: true, force: true }) : undefined;
    return new ControlPlane(new PrismaClient({ adapter }), { kind: 'sqlite', path }, removeSnapshot);
  }

  async startRun(input: { command: string; configPath: string; actor: string; id?: string }): Promise<{ id: string; startedAt: Date }> {
    const id = input.id ?? newRunId();
    const startedAt = new Date();
    await this.prisma.run.create({
      data: { id, command: input.command, status: 'running', configPath: input.configPath, actor: input.actor, startedAt },
    });
    killPoint('cp:run-started');
    return { id, startedAt };
  }

  /**
   * Marks runs still 'running' as 'abandoned' (their process died: killed, crashed, power
   * loss). Only call this while holding the warehouse lock — then no other sync can be alive.
   * Workers' runs are not the warehouse lock's (workers land in files of their own and run
   * beside a sync): `markAbandonedWorkerRuns` ends those.
   */
  async markAbandoned(exceptRunId: string): Promise<number> {
    const { count } = await this.prisma.run.updateMany({
      where: { status: 'running', id: { not: exceptRunId }, NOT: { command: { startsWith: `${WORKER_COMMAND} ` } } },
      data: { status: 'abandoned', error: 'the process ended before the run finished (killed or crashed); committed batches were kept' },
    });
    killPoint('cp:abandoned-marked');
    return count;
  }

  /**
   * A worker's run of one stream (command `worker <source>.<stream>`). Only call
   * `markAbandonedWorkerRuns` while holding that stream's claim (workers/stream-claim.ts):
   * then any other run of it still 'running' belongs to a worker that died holding it.
   */
  static workerCommand(stream: string): string {
    return `${WORKER_COMMAND} ${stream}`;
  }

  async markAbandonedWorkerRuns(stream: string, exceptRunId: string): Promise<string[]> {
    const where = { status: 'running', command: ControlPlane.workerCommand(stream), id: { not: exceptRunId } };
    const dead = await this.prisma.run.findMany({ where, select: { id: true } });
    if (dead.length === 0) return [];
    await this.prisma.run.updateMany({
      where: { ...where, id: { in: dead.map((r) => r.id) } },
      data: { status: 'abandoned', error: `the worker ended before its stream job finished (killed or crashed); committed batches were kept and run ${exceptRunId} resumed the stream` },
    });
    return dead.map((r) => r.id);
  }

  async recordStream(runId: string, s: StreamRunRecord): Promise<void> {
    await this.prisma.streamRun.create({
      data: {
        runId,
        sourceId: s.sourceId,
        stream: s.stream,
        status: s.status,
        rowsRead: s.rowsRead,
        rowsInserted: s.rowsInserted,
        rowsUnchanged: s.rowsUnchanged,
        rowsDeleted: s.rowsDeleted,
        rowsQuarantined: s.rowsQuarantined,
        batches: s.batches,
        requests: s.requests,
        retries: s.retries,
        rateLimited: s.rateLimited,
        durationMs: s.durationMs,
        error: s.error ?? null,
        errorCode: s.errorCode ?? null,
        startedAt: s.startedAt,
        finishedAt: s.finishedAt,
      },
    });
    killPoint('cp:stream-recorded');
  }

  async recordModels(runId: string, models: readonly ModelRunRecord[]): Promise<void> {
    // Stage boundaries (models built, governance before publish) check the run lock is still ours.
    this.assertRunLockHeld();
    await this.prisma.modelRun.createMany({
      data: models.map((m) => ({
        runId,
        model: m.model,
        materialization: m.materialization,
        status: m.status,
        rows: m.rows ?? null,
        durationMs: m.durationMs,
        error: m.error ?? null,
      })),
    });
    killPoint('cp:models-recorded');
  }

  async finishRun(runId: string, input: { status: RunStatus; error?: string | undefined; summary?: unknown }): Promise<void> {
    const run = await this.prisma.run.findUniqueOrThrow({ where: { id: runId } });
    const finishedAt = new Date();
    await this.prisma.run.update({
      where: { id: runId },
      data: {
        status: input.status,
        finishedAt,
        durationMs: finishedAt.getTime() - run.startedAt.getTime(),
        error: input.error ?? null,
        summary: input.summary === undefined ? null : JSON.stringify(input.summary),
      },
    });
    killPoint('cp:run-finished');
  }

  async audit(input: { actor: string; action: string; target?: string; details?: unknown }): Promise<void> {
    await this.prisma.auditEvent.create({
      data: {
        at: new Date(),
        actor: input.actor,
        action: input.action,
        target: input.target ?? null,
        details: input.details === undefined ? null : JSON.stringify(input.details),
        host: hostname(),
        cwd: process.cwd(),
      },
    });
  }

  /** Audit events, oldest first, filtered as `tributary audit` asks. */
  async auditEvents(filter: { since?: Date; actor?: string; action?: string; limit?: number } = {}) {
    const rows = await this.prisma.auditEvent.findMany({
      where: {
        ...(filter.since ? { at: { gte: filter.since } } : {}),
        ...(filter.actor ? { actor: filter.actor } : {}),
        ...(filter.action ? { action: filter.action } : {}),
      },
      orderBy: [{ at: 'desc' }, { id: 'desc' }],
      take: filter.limit ?? 1000,
    });
    return rows.reverse();
  }

  /** The last audit event of an action (the config fingerprint a sync compares with). */
  async lastAudit(action: string) {
    return this.prisma.auditEvent.findFirst({ where: { action }, orderBy: [{ at: 'desc' }, { id: 'desc' }] });
  }

  /** PII tag changes, oldest first; `node` narrows to one column (`main.customers.email`). */
  async piiTagChanges(node?: string) {
    return this.prisma.piiTagChange.findMany({ where: node ? { node } : {}, orderBy: [{ at: 'asc' }, { id: 'asc' }] });
  }

  /**
   * Replaces the stored catalog, lineage edges and PII tags with those of the latest
   * build, in one transaction: readers see the previous set or the new one.
   */
  async replaceGovernance(runId: string, g: GovernanceSnapshot, actor = 'unknown'): Promise<void> {
    this.assertRunLockHeld();
    const before = await this.prisma.columnPiiTag.findMany({ select: { node: true, tag: true, originKind: true, origin: true } });
    const changes = tagChanges(before, g.tags).map((c) => ({ ...c, at: new Date(), actor, runId }));
    await this.prisma.$transaction([
      this.prisma.piiTagChange.createMany({ data: changes }),
      this.prisma.catalogColumn.deleteMany({}),
      this.prisma.lineageEdge.deleteMany({}),
      this.prisma.columnPiiTag.deleteMany({}),
      this.prisma.catalogColumn.createMany({
        data: g.catalog.map((c) => ({ ...c, description: c.description ?? null, sourceField: c.sourceField ?? null, derivation: c.derivation ?? null, runId })),
      }),
      this.prisma.lineageEdge.createMany({ data: g.edges.map((e) => ({ ...e, runId })) }),
      this.prisma.columnPiiTag.createMany({ data: g.tags.map((t) => ({ ...t, path: JSON.stringify(t.path), runId })) }),
    ]);
  }

  /**
   * Records an erasure request before anything is deleted, in one transaction with its
   * suppression keys and its audit event: from then on every sync drops the person's
   * records at the door, and the next forget or sync finishes whatever step a killed
   * process left (pipeline/erasure/pending.ts). Keys another erasure already suppressed
   * are left as they are (a second forget of the same person adds none). Returns how
   * many keys were new.
   */
  async recordErasure(input: {
    id: string;
    actor: string;
    reason: string | null;
    customers: readonly string[];
    keys: readonly ErasureKeyRecord[];
    auditDetails: unknown;
  }): Promise<number> {
    const now = new Date();
    const known = await this.suppressedBy(input.keys);
    const fresh = new Map<string, { kind: string; keyHash: string }>();
    for (const k of input.keys) if (!known.has(`${k.kind}\u0000${k.keyHash}`)) fresh.set(`${k.kind}\u0000${k.keyHash}`, { kind: k.kind, keyHash: k.keyHash });
    await this.prisma.$transaction([
      this.prisma.erasureRequest.create({
        data: {
          id: input.id,
          createdAt: now,
          actor: input.actor,
          reason: input.reason,
          customers: JSON.stringify(input.customers),
          keys: JSON.stringify(input.keys),
          step: 'recorded',
          updatedAt: now,
        },
      }),
      this.prisma.suppression.createMany({ data: [...fresh.values()].map((k) => ({ ...k, requestId: input.id, createdAt: now })) }),
      this.prisma.auditEvent.create({
        data: { at: now, actor: input.actor, action: 'forget', target: null, details: JSON.stringify(input.auditDetails) },
      }),
    ]);
    return fresh.size;
  }

  /** Which of `keys` are suppressed already, and by which erasure: `kind\0keyHash` → request id. */
  async suppressedBy(keys: readonly { kind: string; keyHash: string }[]): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    const hashes = [...new Set(keys.map((k) => k.keyHash))];
    // SQLite caps bound parameters per statement: ask in slices.
    for (let i = 0; i < hashes.length; i += 500) {
      const rows = await this.prisma.suppression.findMany({ where: { keyHash: { in: hashes.slice(i, i + 500) } }, select: { kind: true, keyHash: true, requestId: true } });
      for (const r of rows) found.set(`${r.kind}\u0000${r.keyHash}`, r.requestId);
    }
    return found;
  }

  /** Erasure requests not done yet, oldest first (a forget or sync was killed before finishing them). */
  async pendingErasures(): Promise<PendingErasure[]> {
    const rows = await this.prisma.erasureRequest.findMany({ where: { step: { not: 'done' } }, orderBy: { createdAt: 'asc' } });
    return rows.map((r) => ({ id: r.id, step: r.step as ErasureStep, customers: JSON.parse(r.customers) as string[], keys: JSON.parse(r.keys) as ErasureKeyRecord[] }));
  }

  /** Moves erasure requests on to `step` (not `done`: see finishErasures). */
  async advanceErasures(ids: readonly string[], step: Exclude<ErasureStep, 'done'>): Promise<void> {
    if (ids.length === 0) return;
    await this.prisma.erasureRequest.updateMany({ where: { id: { in: [...ids] } }, data: { step, updatedAt: new Date() } });
  }

  /**
   * Marks erasure requests done, with an audit event each, in one transaction. Their keys
   * are emptied: the suppressions table keeps the hashes later syncs need.
   */
  async finishErasures(ids: readonly string[], audit: { actor: string; target: string }): Promise<void> {
    if (ids.length === 0) return;
    const now = new Date();
    await this.prisma.$transaction([
      this.prisma.erasureRequest.updateMany({ where: { id: { in: [...ids] } }, data: { step: 'done', updatedAt: now, finishedAt: now, keys: '[]' } }),
      this.prisma.auditEvent.createMany({
        data: ids.map((requestId) => ({ at: now, actor: audit.actor, action: 'forget_done', target: audit.target, details: JSON.stringify({ requestId }) })),
      }),
    ]);
  }

  /**
   * Rewrites the text of audit details through `scrub` (the SQL of an unmasked query may
   * quote an erased person's email, phone or name; governance/erasure/audit-scrub.ts
   * says what it replaces), then VACUUMs and truncates the WAL, because SQLite keeps old
   * bytes in free pages and in the log otherwise (on PostgreSQL, VACUUM FULL rewrites the
   * table, so the old row versions leave its files; the server's WAL and backups are its
   * operator's to age out). It vacuums even when nothing changed:
   * a process killed between rewriting and vacuuming left the old bytes behind, and the
   * re-run finds nothing to rewrite. Only JSON string values are rewritten, so details
   * stay valid JSON. Returns how many events were rewritten.
   */
  async scrubAudit(scrub: (text: string) => string): Promise<number> {
    let rewritten = 0;
    const events = await this.prisma.auditEvent.findMany({ where: { details: { not: null } }, select: { id: true, details: true } });
    for (const e of events) {
      const scrubbed = scrubJsonText(e.details!, scrub);
      if (scrubbed === e.details) continue;
      await this.prisma.auditEvent.update({ where: { id: e.id }, data: { details: scrubbed } });
      rewritten++;
    }
    killPoint('audit:rewritten');
    if (this.backend.kind === 'postgres') {
      await this.prisma.$executeRawUnsafe('VACUUM FULL "audit_events"');
      return rewritten;
    }
    await this.prisma.$executeRawUnsafe('VACUUM');
    // The database is in WAL mode: move the vacuumed pages into the file and empty the log.
    await this.prisma.$queryRawUnsafe('PRAGMA wal_checkpoint(TRUNCATE)');
    return rewritten;
  }

  /** Every suppression key (what a sync loads to drop records of erased people). */
  async suppressions(): Promise<{ kind: string; keyHash: string }[]> {
    return this.prisma.suppression.findMany({ select: { kind: true, keyHash: true } });
  }

  async lineageEdges() {
    return this.prisma.lineageEdge.findMany({ orderBy: [{ toNode: 'asc' }, { fromNode: 'asc' }] });
  }

  async piiTags() {
    const rows = await this.prisma.columnPiiTag.findMany({ orderBy: [{ node: 'asc' }, { tag: 'asc' }] });
    return rows.map((r) => ({ ...r, path: JSON.parse(r.path) as string[] }));
  }

  async catalog() {
    return this.prisma.catalogColumn.findMany({ orderBy: [{ relation: 'asc' }, { id: 'asc' }] });
  }

  /** When each stream last extracted successfully: the freshness of its raw table. */
  async lastStreamSuccesses(): Promise<{ sourceId: string; stream: string; finishedAt: Date }[]> {
    const rows = await this.prisma.streamRun.groupBy({ by: ['sourceId', 'stream'], where: { status: 'success', finishedAt: { not: null } }, _max: { finishedAt: true } });
    return rows.flatMap((r) => (r._max.finishedAt ? [{ sourceId: r.sourceId, stream: r.stream, finishedAt: r._max.finishedAt }] : []));
  }

  /**
   * How many rows each stream read in its latest successful run (`source.stream` → rows):
   * what the live progress expects this run to read, for its ETA. Streams that read
   * nothing last time are left out (no estimate beats an ETA of zero).
   */
  async lastStreamRowCounts(): Promise<Map<string, number>> {
    const rows = await this.prisma.streamRun.findMany({
      where: { status: 'success', rowsRead: { gt: 0 } },
      orderBy: { finishedAt: 'asc' },
      select: { sourceId: true, stream: true, rowsRead: true },
    });
    // Oldest first: each stream's latest run overwrites the ones before it.
    return new Map(rows.map((r) => [`${r.sourceId}.${r.stream}`, r.rowsRead]));
  }

  /** When each model was last built successfully (the end of the run that built it). */
  async lastModelBuilds(): Promise<{ model: string; finishedAt: Date }[]> {
    const rows = await this.prisma.modelRun.findMany({ where: { status: 'success', run: { finishedAt: { not: null } } }, select: { model: true, run: { select: { finishedAt: true } } } });
    const latest = new Map<string, Date>();
    for (const r of rows) {
      const at = r.run.finishedAt;
      if (at && (latest.get(r.model)?.getTime() ?? 0) < at.getTime()) latest.set(r.model, at);
    }
    return [...latest].map(([model, finishedAt]) => ({ model, finishedAt }));
  }

  /** Most recent runs first, with their stream results. */
  async recentRuns(limit = 20) {
    return this.prisma.run.findMany({ orderBy: { startedAt: 'desc' }, take: limit, include: { streams: true } });
  }

  async close(): Promise<void> {
    try {
      await this.#runLock?.release();
      this.#runLock = undefined;
      await this.prisma.$disconnect();
    } finally {
      this.#onClose?.();
    }
  }
}

type TagRow = { node: string; tag: string; originKind: string; origin: string };

/**
 * What changed between two builds' tags, per column and tag (a tag can reach a column
 * by several paths, each its own origin): it appeared, was removed, or its origins
 * changed — `overridden` when schema.yml now sets it where it did not before.
 */
function tagChanges(before: readonly TagRow[], after: readonly TagRow[]): (TagRow & { change: string; previous: string | null })[] {
  const group = (rows: readonly TagRow[]) => {
    const m = new Map<string, { node: string; tag: string; origins: Map<string, TagRow> }>();
    for (const t of rows) {
      const k = `${t.node}\u0000${t.tag}`;
      const g = m.get(k) ?? { node: t.node, tag: t.tag, origins: new Map<string, TagRow>() };
      g.origins.set(`${t.originKind}: ${t.origin}`, t);
      m.set(k, g);
    }
    return m;
  };
  const old = group(before);
  const now = group(after);
  const out: (TagRow & { change: string; previous: string | null })[] = [];
  const describe = (g: { origins: Map<string, TagRow> }) => [...g.origins.keys()].sort().join('; ');
  for (const [k, g] of now) {
    const first = [...g.origins.values()][0]!;
    const row = { node: g.node, tag: g.tag, originKind: first.originKind, origin: describe(g) };
    const o = old.get(k);
    if (!o) out.push({ ...row, change: 'appeared', previous: null });
    else if (describe(o) !== describe(g)) {
      const meta = (x: typeof g) => [...x.origins.values()].some((t) => t.originKind === 'model_meta');
      out.push({ ...row, change: meta(g) && !meta(o) ? 'overridden' : 'origin_changed', previous: describe(o) });
    }
  }
  for (const [k, o] of old) {
    if (!now.has(k)) out.push({ node: o.node, tag: o.tag, originKind: [...o.origins.values()][0]!.originKind, origin: describe(o), change: 'removed', previous: null });
  }
  return out;
}

/** Whether this user may write the database file (or create it) and the files SQLite keeps beside it. */
function mayWrite(path: string): boolean {
  try {
    accessSync(existsSync(path) ? path : dirname(path), constants.W_OK);
    accessSync(dirname(path), constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** Whether SQLite can open the WAL database in place, read-only: its `-shm` exists or can be created. */
function readable(path: string): boolean {
  try {
    const db = new Database(path, { readonly: true, fileMustExist: true });
    try {
      db.prepare('SELECT count(*) FROM sqlite_master').get();
      return true;
    } finally {
      db.close();
    }
  } catch {
    return false;
  }
}

/** The command of a worker's stream run starts with this (see `ControlPlane.workerCommand`). */
const WORKER_COMMAND = 'worker';

/**
 * A new run's id, `run_<UTC yyyymmddhhmmss>_<8 hex>`: sortable by start, unique across
 * machines. A sync picks it before taking the run lock, so the lock can name it.
 */
export function newRunId(now = new Date()): string {
  return `run_${now.toISOString().replace(/[-:.TZ]/g, '').slice(0, 14)}_${randomUUID().slice(0, 8)}`;
}

/** Who is acting: TRIBUTARY_ACTOR, else the OS user. Recorded on runs and audit events. */
export function currentActor(): string {
  const fromEnv = process.env.TRIBUTARY_ACTOR ?? process.env.USER ?? process.env.LOGNAME;
  if (fromEnv) return fromEnv;
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

/** `text` (JSON, or plain text when it does not parse) with its string values put through `scrub`. */
function scrubJsonText(text: string, scrub: (value: string) => string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return scrub(text);
  }
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return scrub(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  const out = JSON.stringify(walk(parsed));
  // Unchanged values: keep the stored text byte for byte (no rewrite, no churn).
  return out === JSON.stringify(parsed) ? text : out;
}
