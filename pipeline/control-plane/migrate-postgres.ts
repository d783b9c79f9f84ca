/**
 * The PostgreSQL twin of migrate.ts: applies prisma/postgres/migrations/ at start-up and
 * records them in `_prisma_migrations` with Prisma Migrate's own table layout. Postgres
 * runs DDL inside transactions, so each migration commits whole or not at all; an
 * advisory lock (the key Prisma Migrate itself uses) keeps two processes starting at
 * once — two machines sharing the control plane — from applying the same migration twice.
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { POSTGRES_MIGRATIONS_DIR, checkUnchanged, readMigrations, type MigrationResult } from './migrate.js';

/** Prisma Migrate's advisory lock key: our runner and Prisma's tooling never migrate at the same time. */
const MIGRATE_LOCK_KEY = 72707369;

export async function applyPostgresMigrations(client: pg.Client, where: string, dir: string = POSTGRES_MIGRATIONS_DIR): Promise<MigrationResult> {
  await client.query('SELECT pg_advisory_lock($1)', [MIGRATE_LOCK_KEY]);
  try {
    await client.query(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
      "id" VARCHAR(36) PRIMARY KEY NOT NULL,
      "checksum" VARCHAR(64) NOT NULL,
      "finished_at" TIMESTAMPTZ,
      "migration_name" VARCHAR(255) NOT NULL,
      "logs" TEXT,
      "rolled_back_at" TIMESTAMPTZ,
      "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
      "applied_steps_count" INTEGER NOT NULL DEFAULT 0)`);
    const { rows } = await client.query<{ migration_name: string; checksum: string }>(
      `SELECT migration_name, checksum FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    );
    const done = new Map(rows.map((r) => [r.migration_name, r.checksum]));
    const applied: string[] = [];
    for (const { name, sql, checksum } of readMigrations(dir)) {
      const known = done.get(name);
      if (known !== undefined) {
        checkUnchanged(name, known, checksum, where);
        continue;
      }
      await client.query('BEGIN');
      try {
        await client.query(sql);
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, started_at, applied_steps_count) VALUES ($1, $2, now(), $3, now(), 1)`,
          [randomUUID(), checksum, name],
        );
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      }
      applied.push(name);
    }
    return { applied, alreadyApplied: done.size };
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATE_LOCK_KEY]).catch(() => {});
  }
}
