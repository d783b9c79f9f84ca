/**
 * The control plane: the checked-in SQL migrations must build exactly the database
 * prisma/schema.prisma describes (Prisma Migrate cannot run here to check it for us),
 * apply once, refuse an edited migration, and the Prisma client must work on the result.
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { ControlPlane } from '../../../pipeline/control-plane/control-plane.js';
import { MIGRATIONS_DIR, applyMigrations } from '../../../pipeline/control-plane/migrate.js';
import { REPO_ROOT, tempDir, type TempDir } from '../../helpers/workspace.js';

let dir: TempDir;
afterEach(() => dir?.remove());

/** Tables and columns schema.prisma declares (scalar fields only; relations are not columns). */
function prismaTables(): Map<string, Set<string>> {
  const schema = readFileSync(join(REPO_ROOT, 'prisma', 'schema.prisma'), 'utf8');
  const tables = new Map<string, Set<string>>();
  for (const [, name, body] of schema.matchAll(/^model (\w+) \{([\s\S]*?)^\}/gm)) {
    const table = /@@map\("(\w+)"\)/.exec(body!)?.[1] ?? name!;
    const columns = new Set<string>();
    for (const line of body!.split('\n')) {
      const m = /^\s+(\w+)\s+(\w+)(\[\])?\??(.*)$/.exec(line);
      if (!m || line.trim().startsWith('@@') || line.trim().startsWith('//')) continue;
      const [, field, type, isList, rest] = m;
      if (isList || rest!.includes('@relation') || /^[A-Z]/.test(type!) && !['String', 'Int', 'DateTime', 'Boolean', 'Float', 'BigInt', 'Json', 'Decimal', 'Bytes'].includes(type!)) continue;
      columns.add(/@map\("(\w+)"\)/.exec(rest!)?.[1] ?? field!);
    }
    tables.set(table, columns);
  }
  return tables;
}

describe('control-plane migrations', () => {
  it('build exactly the tables and columns schema.prisma declares', () => {
    dir = tempDir();
    const file = join(dir.path, 'cp.db');
    applyMigrations(file);
    const db = new Database(file, { readonly: true });
    const actual = new Map<string, Set<string>>();
    for (const { name } of db.prepare(`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name != '_prisma_migrations'`).all() as { name: string }[]) {
      actual.set(name, new Set((db.prepare(`select name from pragma_table_info(?)`).all(name) as { name: string }[]).map((c) => c.name)));
    }
    db.close();
    expect(Object.fromEntries([...actual].map(([t, c]) => [t, [...c].sort()]))).toEqual(
      Object.fromEntries([...prismaTables()].map(([t, c]) => [t, [...c].sort()])),
    );
  });

  it('apply once, and refuse a migration edited after it was applied', () => {
    dir = tempDir();
    const migrations = join(dir.path, 'migrations');
    cpSync(MIGRATIONS_DIR, migrations, { recursive: true });
    const file = join(dir.path, 'cp.db');
    expect(applyMigrations(file, migrations).applied.length).toBeGreaterThan(0);
    expect(applyMigrations(file, migrations)).toMatchObject({ applied: [] });
    const sql = join(migrations, '20261123000000_init', 'migration.sql');
    writeFileSync(sql, `${readFileSync(sql, 'utf8')}\n-- edited\n`);
    expect(() => applyMigrations(file, migrations)).toThrow(/was changed after it was applied/);
  });
});

describe('ControlPlane', () => {
  it('records runs, streams and audit events, and marks dead runs abandoned', async () => {
    dir = tempDir();
    const cp = await ControlPlane.open(join(dir.path, 'tributary.db'));
    try {
      const dead = await cp.startRun({ command: 'sync', configPath: 'x.yml', actor: 'ops' });
      const live = await cp.startRun({ command: 'sync', configPath: 'x.yml', actor: 'ops' });
      expect(await cp.markAbandoned(live.id)).toBe(1);
      const now = new Date();
      await cp.recordStream(live.id, {
        sourceId: 'hubspot', stream: 'contacts', status: 'success', rowsRead: 3, rowsInserted: 2, rowsUnchanged: 1, rowsDeleted: 0,
        rowsQuarantined: 0, batches: 1, requests: 2, retries: 1, rateLimited: 1, durationMs: 10, startedAt: now, finishedAt: now,
      });
      await cp.finishRun(live.id, { status: 'success', summary: { ok: true } });
      await cp.audit({ actor: 'analyst', action: 'query_unmasked', target: 'warehouse.duckdb', details: { sql: 'select 1' } });
      const runs = await cp.recentRuns();
      expect(runs.map((r) => [r.id, r.status])).toEqual([[live.id, 'success'], [dead.id, 'abandoned']]);
      expect(runs[0]!.streams[0]).toMatchObject({ rowsInserted: 2, retries: 1 });
      expect(await cp.prisma.auditEvent.count({ where: { action: 'query_unmasked' } })).toBe(1);
    } finally {
      await cp.close();
    }
  });
});

describe('read-only control plane', () => {
  it('reads without writing a byte, and refuses (does not apply) migrations it lacks', async () => {
    dir = tempDir();
    const file = join(dir.path, 'cp.db');
    const cp = await ControlPlane.open(file);
    await cp.startRun({ command: 'sync', configPath: 'x.yml', actor: 'test' });
    await cp.close();
    const before = readFileSync(file);

    const ro = await ControlPlane.openReadOnly(file);
    expect(await ro.recentRuns(5)).toHaveLength(1);
    await expect(ro.startRun({ command: 'sync', configPath: 'x.yml', actor: 'test' })).rejects.toThrow();
    await ro.close();
    expect(readFileSync(file).equals(before)).toBe(true);

    const db = new Database(file);
    db.prepare(`DELETE FROM _prisma_migrations WHERE migration_name = (SELECT max(migration_name) FROM _prisma_migrations)`).run();
    db.close();
    await expect(ControlPlane.openReadOnly(file)).rejects.toMatchObject({
      code: 'control_plane_outdated',
      message: expect.stringMatching(/lacks migration \d+_\w+, and this command may not write it/),
      hint: expect.stringContaining('run `tributary sync` once'),
    });
    await expect(ControlPlane.openReadOnly(join(dir.path, 'none.db'))).rejects.toMatchObject({ code: 'no_control_plane' });
  });
});
