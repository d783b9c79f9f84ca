/**
 * Applies the checked-in SQL migrations (prisma/migrations/<name>/migration.sql) to the
 * control-plane database at start-up, recording each in `_prisma_migrations` exactly
 * as Prisma Migrate does — so the database stays compatible with Prisma's tooling where
 * it is available. Each migration runs in its own transaction; a checksum mismatch on
 * an applied migration stops start-up with a clear error rather than drifting silently.
 */
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { TributaryError } from '../../core/index.js';
import { packagePath } from '../../core/paths.js';

export const MIGRATIONS_DIR = `${packagePath('prisma', 'migrations')}/`;
/** The same history for PostgreSQL (prisma/postgres/schema.prisma): one folder per provider, as Prisma wants. */
export const POSTGRES_MIGRATIONS_DIR = `${packagePath('prisma', 'postgres', 'migrations')}/`;

export interface MigrationResult {
  readonly applied: readonly string[];
  readonly alreadyApplied: number;
}

/** The checked-in migrations, in the order they apply. */
export function migrationNames(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(dir, d.name, 'migration.sql')))
    .map((d) => d.name)
    .sort();
}

/**
 * The migrations an open (read-only) connection's database still lacks. Read commands
 * on a workspace they may not write cannot apply them, so they refuse instead of
 * reading tables that may not exist yet.
 */
export function pendingMigrations(db: Database.Database, dir: string = MIGRATIONS_DIR): string[] {
  const hasTable = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'`).get() !== undefined;
  const done = new Set(
    hasTable
      ? (db.prepare(`SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`).all() as { migration_name: string }[]).map(
          (r) => r.migration_name,
        )
      : [],
  );
  return migrationNames(dir).filter((name) => !done.has(name));
}

export function applyMigrations(dbFile: string, dir: string = MIGRATIONS_DIR): MigrationResult {
  const db = new Database(dbFile);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('busy_timeout = 5000');
    db.exec(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
      "id" TEXT PRIMARY KEY NOT NULL,
      "checksum" TEXT NOT NULL,
      "finished_at" DATETIME,
      "migration_name" TEXT NOT NULL,
      "logs" TEXT,
      "rolled_back_at" DATETIME,
      "started_at" DATETIME NOT NULL DEFAULT current_timestamp,
      "applied_steps_count" INTEGER UNSIGNED NOT NULL DEFAULT 0)`);
    const done = new Map<string, string>(
      (db.prepare(`SELECT migration_name, checksum FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`).all() as {
        migration_name: string;
        checksum: string;
      }[]).map((r) => [r.migration_name, r.checksum]),
    );
    const applied: string[] = [];
    for (const { name, sql, checksum } of readMigrations(dir)) {
      const known = done.get(name);
      if (known !== undefined) {
        checkUnchanged(name, known, checksum, dbFile);
        continue;
      }
      db.transaction(() => {
        db.exec(sql);
        db.prepare(
          `INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, started_at, applied_steps_count) VALUES (?, ?, ?, ?, ?, 1)`,
        ).run(randomUUID(), checksum, new Date().toISOString(), name, new Date().toISOString());
      })();
      applied.push(name);
    }
    return { applied, alreadyApplied: done.size };
  } finally {
    db.close();
  }
}

/** Each migration's name, SQL and checksum (sha256 of the file, as Prisma Migrate records it), in order. */
export function readMigrations(dir: string): { name: string; sql: string; checksum: string }[] {
  return migrationNames(dir).map((name) => {
    const sql = readFileSync(join(dir, name, 'migration.sql'), 'utf8');
    return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
  });
}

/** An applied migration whose file changed since: stop rather than drift silently. */
export function checkUnchanged(name: string, applied: string, now: string, where: string): void {
  if (applied !== now) {
    throw new TributaryError('migration_drift', `control-plane migration ${name} was changed after it was applied to ${where}`, {
      hint: 'never edit an applied migration; add a new one',
    });
  }
}
