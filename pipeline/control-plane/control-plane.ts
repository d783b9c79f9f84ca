/**
 * The control plane: runs, per-stream and per-model results, and the audit log, on a
 * real Prisma client over SQLite (better-sqlite3 driver adapter — no engine binary).
 *
 * @example
 * ```ts
 * const cp = await ControlPlane.open('demo/tributary.db');
 * const run = await cp.startRun({ command: 'sync', configPath, actor: 'ops' });
 * await cp.finishRun(run.id, { status: 'success' });
 * await cp.close();
 * ```
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { randomUUID } from 'node:crypto';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaClient } from './generated/client.js';
import { applyMigrations } from './migrate.js';

export type RunStatus = 'running' | 'success' | 'partial' | 'failed';

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

export class ControlPlane {
  readonly prisma: PrismaClient;

  private constructor(prisma: PrismaClient) {
    this.prisma = prisma;
  }

  /** Opens the SQLite control plane at `file`, applying pending migrations first. */
  static async open(file: string): Promise<ControlPlane> {
    const path = resolve(file);
    mkdirSync(dirname(path), { recursive: true });
    applyMigrations(path);
    const adapter = new PrismaBetterSqlite3({ url: `file:${path}` });
    return new ControlPlane(new PrismaClient({ adapter }));
  }

  async startRun(input: { command: string; configPath: string; actor: string; id?: string }): Promise<{ id: string; startedAt: Date }> {
    const id = input.id ?? `run_${new Date().toISOString().replace(/[-:.TZ]/g, '').slice(0, 14)}_${randomUUID().slice(0, 8)}`;
    const startedAt = new Date();
    await this.prisma.run.create({
      data: { id, command: input.command, status: 'running', configPath: input.configPath, actor: input.actor, startedAt },
    });
    return { id, startedAt };
  }

  async recordStream(runId: string, s: StreamRunRecord): Promise<void> {
    await this.prisma.streamRun.create({ data: { runId, ...s, error: s.error ?? null, errorCode: s.errorCode ?? null } });
  }

  async recordModels(runId: string, models: readonly ModelRunRecord[]): Promise<void> {
    for (const m of models) {
      await this.prisma.modelRun.create({ data: { runId, ...m, rows: m.rows ?? null, error: m.error ?? null } });
    }
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
  }

  async audit(input: { actor: string; action: string; target?: string; details?: unknown }): Promise<void> {
    await this.prisma.auditEvent.create({
      data: {
        at: new Date(),
        actor: input.actor,
        action: input.action,
        target: input.target ?? null,
        details: input.details === undefined ? null : JSON.stringify(input.details),
      },
    });
  }

  /** Most recent runs first, with their stream results. */
  async recentRuns(limit = 20) {
    return this.prisma.run.findMany({ orderBy: { startedAt: 'desc' }, take: limit, include: { streams: true } });
  }

  async close(): Promise<void> {
    await this.prisma.$disconnect();
  }
}

/** Who is acting: TRIBUTARY_ACTOR, else the OS user. Recorded on runs and audit events. */
export function currentActor(): string {
  return process.env.TRIBUTARY_ACTOR ?? process.env.USER ?? process.env.LOGNAME ?? 'unknown';
}
