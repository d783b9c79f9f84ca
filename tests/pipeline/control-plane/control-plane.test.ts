/**
 * The control plane, on both backends: the checked-in SQL migrations must build exactly
 * the database each schema describes (Prisma Migrate cannot run here to check it for us),
 * the two schemas must declare the same models, migrations apply once and refuse an edited
 * one, and the Prisma client must work on the result. SQLite always; PostgreSQL on a
 * throwaway cluster (tests/helpers/postgres.ts) or TRIBUTARY_TEST_POSTGRES_URL.
 */
import { cpSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ControlPlane } from '../../../pipeline/control-plane/control-plane.js';
import { MIGRATIONS_DIR, POSTGRES_MIGRATIONS_DIR, applyMigrations, type MigrationResult } from '../../../pipeline/control-plane/migrate.js';
import { applyPostgresMigrations } from '../../../pipeline/control-plane/migrate-postgres.js';
import { startTestPostgres, type TestPostgres } from '../../helpers/postgres.js';
import { REPO_ROOT, tempDir, type TempDir } from '../../helpers/workspace.js';

let dir: TempDir;
let server: TestPostgres;
beforeAll(async () => {
  server = await startTestPostgres();
});
afterAll(() => server?.stop());
afterEach(() => dir?.remove());

const SCALARS = ['String', 'Int', 'DateTime', 'Boolean', 'Float', 'BigInt', 'Json', 'Decimal', 'Bytes'];
type Columns = Map<string, { type: string; optional: boolean }>;

/** Tables and columns a schema file declares (scalar fields only; relations are not columns). */
function prismaTables(file: string): Map<string, Columns> {
  const schema = readFileSync(join(REPO_ROOT, file), 'utf8');
  const tables = new Map<string, Columns>();
  for (const [, name, body] of schema.matchAll(/^model (\w+) \{([\s\S]*?)^\}/gm)) {
    const table = /@@map\("(\w+)"\)/.exec(body!)?.[1] ?? name!;
    const columns: Columns = new Map();
    for (const line of body!.split('\n')) {
      const m = /^\s+(\w+)\s+(\w+)(\[\])?(\??)(.*)$/.exec(line);
      if (!m || line.trim().startsWith('@@') || line.trim().startsWith('//')) continue;
      const [, field, type, isList, optional, rest] = m;
      if (isList || rest!.includes('@relation') || !SCALARS.includes(type!)) continue;
      columns.set(/@map\("(\w+)"\)/.exec(rest!)?.[1] ?? field!, { type: type!, optional: optional === '?' });
    }
    tables.set(table, columns);
  }
  return tables;
}

/** Every model block of a schema file, as written (doc comments included). */
function modelBlocks(file: string): string {
  const schema = readFileSync(join(REPO_ROOT, file), 'utf8');
  return schema.slice(schema.search(/^(\/\/\/.*\n)*model /m));
}

const plain = (t: Map<string, Columns>) =>
  Object.fromEntries([...t].map(([name, cols]) => [name, Object.fromEntries([...cols].sort(([a], [b]) => a.localeCompare(b)))]));

/** What each backend stores a Prisma scalar as. */
const SQLITE_TYPES: Record<string, string> = { String: 'TEXT', Int: 'INTEGER', DateTime: 'DATETIME' };
const POSTGRES_TYPES: Record<string, string> = { String: 'text', Int: 'integer', DateTime: 'timestamp without time zone' };

interface Backend {
  readonly name: 'sqlite' | 'postgres';
  readonly schema: string;
  readonly migrations: string;
  /** A fresh, empty database's location (file path or URL). */
  location(): Promise<string>;
  migrate(location: string, migrations: string): Promise<MigrationResult>;
  /** The migrated database's tables → column → { type (as Prisma names it), optional }. */
  columns(location: string): Promise<Map<string, Columns>>;
}

const sqlite: Backend = {
  name: 'sqlite',
  schema: 'prisma/schema.prisma',
  migrations: MIGRATIONS_DIR,
  async location() {
    return join(dir.path, `cp-${Math.random().toString(36).slice(2)}.db`);
  },
  async migrate(location, migrations) {
    return applyMigrations(location, migrations);
  },
  async columns(location) {
    const db = new Database(location, { readonly: true });
    try {
      const out = new Map<string, Columns>();
      for (const { name } of db.prepare(`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name != '_prisma_migrations'`).all() as { name: string }[]) {
        const cols: Columns = new Map();
        for (const c of db.prepare(`select name, type, "notnull" as nn from pragma_table_info(?)`).all(name) as { name: string; type: string; nn: number }[]) {
          cols.set(c.name, { type: prismaType(SQLITE_TYPES, c.type), optional: c.nn === 0 });
        }
        out.set(name, cols);
      }
      return out;
    } finally {
      db.close();
    }
  },
};

const postgres: Backend = {
  name: 'postgres',
  schema: 'prisma/postgres/schema.prisma',
  migrations: POSTGRES_MIGRATIONS_DIR,
  location: () => server.database(),
  async migrate(location, migrations) {
    return withClient(location, (c) => applyPostgresMigrations(c, 'the test database', migrations));
  },
  async columns(location) {
    return withClient(location, async (c) => {
      const { rows } = await c.query<{ table_name: string; column_name: string; data_type: string; is_nullable: string }>(
        `select table_name, column_name, data_type, is_nullable from information_schema.columns where table_schema = 'public' and table_name != '_prisma_migrations'`,
      );
      const out = new Map<string, Columns>();
      for (const r of rows) {
        const cols = out.get(r.table_name) ?? new Map();
        cols.set(r.column_name, { type: prismaType(POSTGRES_TYPES, r.data_type), optional: r.is_nullable === 'YES' });
        out.set(r.table_name, cols);
      }
      return out;
    });
  },
};

function prismaType(types: Record<string, string>, stored: string): string {
  return Object.entries(types).find(([, t]) => t === stored)?.[0] ?? `unknown ${stored}`;
}

async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

describe('the two schemas', () => {
  it('declare the same models, fields and attributes (only the provider and client output differ)', () => {
    expect(modelBlocks('prisma/postgres/schema.prisma')).toBe(modelBlocks('prisma/schema.prisma'));
    expect(plain(prismaTables('prisma/postgres/schema.prisma'))).toEqual(plain(prismaTables('prisma/schema.prisma')));
    expect(prismaTables('prisma/schema.prisma').size).toBeGreaterThanOrEqual(10);
  });

  it('have the same migration history', () => {
    const names = (d: string) => readdirSync(d, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();
    expect(names(POSTGRES_MIGRATIONS_DIR)).toEqual(names(MIGRATIONS_DIR));
  });
});

describe.each([sqlite, postgres])('control plane on $name', (backend) => {
  it('migrations build exactly the tables, columns, types and nullability the schema declares', async () => {
    dir = tempDir();
    const location = await backend.location();
    await backend.migrate(location, backend.migrations);
    expect(plain(await backend.columns(location))).toEqual(plain(prismaTables(backend.schema)));
  });

  it('migrations apply once, and a migration edited after it was applied is refused', async () => {
    dir = tempDir();
    const migrations = join(dir.path, 'migrations');
    cpSync(backend.migrations, migrations, { recursive: true });
    const location = await backend.location();
    expect((await backend.migrate(location, migrations)).applied.length).toBeGreaterThan(0);
    expect(await backend.migrate(location, migrations)).toMatchObject({ applied: [] });
    const sql = join(migrations, '20261123000000_init', 'migration.sql');
    writeFileSync(sql, `${readFileSync(sql, 'utf8')}\n-- edited\n`);
    await expect(backend.migrate(location, migrations)).rejects.toThrow(/was changed after it was applied/);
  });

  it('records runs, streams, models, audit events, governance and erasures, and marks dead runs abandoned', async () => {
    dir = tempDir();
    const cp = await ControlPlane.open(await backend.location());
    try {
      expect(cp.backend.kind).toBe(backend.name);
      const dead = await cp.startRun({ command: 'sync', configPath: 'x.yml', actor: 'ops' });
      const live = await cp.startRun({ command: 'sync', configPath: 'x.yml', actor: 'ops' });
      expect(await cp.markAbandoned(live.id)).toBe(1);
      const now = new Date();
      await cp.recordStream(live.id, {
        sourceId: 'hubspot', stream: 'contacts', status: 'success', rowsRead: 3, rowsInserted: 2, rowsUnchanged: 1, rowsDeleted: 0,
        rowsQuarantined: 0, batches: 1, requests: 2, retries: 1, rateLimited: 1, durationMs: 10, startedAt: now, finishedAt: now,
      });
      await cp.recordModels(live.id, [{ model: 'customers', materialization: 'table', status: 'success', rows: 5, durationMs: 3 }]);
      await cp.finishRun(live.id, { status: 'success', summary: { ok: true } });
      await cp.audit({ actor: 'analyst', action: 'query_unmasked', target: 'warehouse.duckdb', details: { sql: "select 1 where email = 'ann@example.com'" } });
      const runs = await cp.recentRuns();
      expect(runs.map((r) => [r.id, r.status])).toEqual([[live.id, 'success'], [dead.id, 'abandoned']]);
      expect(runs[0]!.streams[0]).toMatchObject({ rowsInserted: 2, retries: 1 });
      expect(await cp.prisma.auditEvent.count({ where: { action: 'query_unmasked' } })).toBe(1);
      expect((await cp.lastStreamSuccesses()).map((s) => `${s.sourceId}.${s.stream}`)).toEqual(['hubspot.contacts']);
      // What the live progress's ETA expects a stream to read: its latest successful count.
      expect(await cp.lastStreamRowCounts()).toEqual(new Map([['hubspot.contacts', 3]]));
      expect((await cp.lastModelBuilds()).map((m) => m.model)).toEqual(['customers']);

      const snapshot = (origin: string) => ({
        catalog: [{ relation: 'main.customers', column: 'email', kind: 'mart' as const, dataType: 'VARCHAR' }],
        edges: [{ fromNode: 'raw.hubspot_contacts.email', toNode: 'main.customers.email', transform: 'identity' }],
        tags: [{ node: 'main.customers.email', tag: 'email', originKind: 'declared', origin, path: ['a', 'b'] }],
      });
      await cp.replaceGovernance(live.id, snapshot('hubspot.contacts.properties.email'), 'ops');
      await cp.replaceGovernance(live.id, snapshot('salesforce.contacts.Email'), 'ops');
      expect((await cp.piiTags()).map((t) => [t.node, t.origin, t.path])).toEqual([['main.customers.email', 'salesforce.contacts.Email', ['a', 'b']]]);
      expect((await cp.piiTagChanges()).map((c) => c.change)).toEqual(['appeared', 'origin_changed']);
      expect(await cp.lineageEdges()).toHaveLength(1);

      const keys = [{ kind: 'email', keyHash: 'a'.repeat(64), sourceId: null }];
      expect(await cp.recordErasure({ id: 'era_1', actor: 'dpo', reason: null, customers: ['cus_1'], keys, auditDetails: { requestId: 'era_1' } })).toBe(1);
      expect((await cp.pendingErasures()).map((e) => [e.id, e.step])).toEqual([['era_1', 'recorded']]);
      await cp.advanceErasures(['era_1'], 'raw_deleted');
      expect(await cp.scrubAudit((t) => t.replaceAll('ann@example.com', '[erased]'))).toBe(1);
      await cp.finishErasures(['era_1'], { actor: 'dpo', target: 'x.yml' });
      expect(await cp.pendingErasures()).toEqual([]);
      expect(await cp.suppressions()).toEqual([{ kind: 'email', keyHash: 'a'.repeat(64) }]);
      expect((await cp.suppressedBy(keys)).get(`email\u0000${'a'.repeat(64)}`)).toBe('era_1');
      expect(JSON.stringify(await cp.auditEvents())).not.toContain('ann@example.com');
    } finally {
      await cp.close();
    }
  });
});

describe('the run lock of the control plane', () => {
  it('on PostgreSQL, one holder at a time across connections, freed when the holder closes; on SQLite, the warehouse lock file does that job', async () => {
    const location = await server.database();
    const a = await ControlPlane.open(location);
    const b = await ControlPlane.open(location);
    try {
      await a.takeRunLock('sync');
      const run = await a.startRun({ command: 'sync', configPath: 'x.yml', actor: 'ops' });
      await a.nameRunLock(run.id);
      await expect(b.takeRunLock('sync')).rejects.toMatchObject({ code: 'run_locked', message: expect.stringContaining(`tributary sync ${run.id} pid ${process.pid}`) });
      await a.close();
      await b.takeRunLock('forget');
    } finally {
      await a.close();
      await b.close();
    }
    dir = tempDir();
    const file = join(dir.path, 'cp.db');
    const [c, d] = [await ControlPlane.open(file), await ControlPlane.open(file)];
    await c.takeRunLock('sync');
    await d.takeRunLock('sync');
    await Promise.all([c.close(), d.close()]);
  });
});

describe('a lost run lock', () => {
  it('stops the run at the next stage boundary (models recorded, governance before publish), naming why', async () => {
    const location = await server.database();
    const cp = await ControlPlane.open(location);
    try {
      await cp.takeRunLock('sync');
      const run = await cp.startRun({ command: 'sync', configPath: 'x.yml', actor: 'ops' });
      await cp.nameRunLock(run.id);
      await cp.recordModels(run.id, []);
      // An admin (or a server restart) ends the lock's session.
      await withClient(location, (c) => c.query(`select pg_terminate_backend(pid) from pg_stat_activity where application_name like $1`, [`tributary sync ${run.id}%`]));
      for (let i = 0; i < 100; i++) {
        try {
          cp.assertRunLockHeld();
          await new Promise((r) => setTimeout(r, 50));
        } catch {
          break;
        }
      }
      await expect(cp.recordModels(run.id, [])).rejects.toMatchObject({ code: 'run_lock_lost', message: expect.stringContaining('stops before publishing') });
      await expect(cp.replaceGovernance(run.id, { catalog: [], edges: [], tags: [] })).rejects.toMatchObject({ code: 'run_lock_lost' });
      await cp.finishRun(run.id, { status: 'failed', error: 'lost the run lock' });
      // Another run gets the lock.
      const other = await ControlPlane.open(location);
      await other.takeRunLock('sync');
      await other.close();
    } finally {
      await cp.close();
    }
  });
});

describe('read-only control plane (SQLite: a file a user may not write)', () => {
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

describe('PostgreSQL connection problems', () => {
  it('a wrong password and an unreachable server are config errors with a hint, never showing the password', async () => {
    const url = new URL(await server.database());
    url.password = 'not-the-password-123';
    const wrong = await ControlPlane.open(url.toString()).catch((e: unknown) => e);
    expect(wrong).toMatchObject({ code: 'config_error', message: expect.stringMatching(/rejected the credentials/), hint: expect.stringContaining('PGPASSWORD') });
    expect(JSON.stringify([(wrong as Error).message, (wrong as { hint: string }).hint])).not.toContain('not-the-password-123');

    const closed = new URL(url);
    closed.port = '1';
    const unreachable = await ControlPlane.open(closed.toString()).catch((e: unknown) => e);
    expect(unreachable).toMatchObject({ code: 'config_error', message: expect.stringMatching(/cannot reach the PostgreSQL control plane at postgresql:\/\/tributary@127\.0\.0\.1:1\//) });
    expect((unreachable as Error).message).not.toContain('not-the-password-123');
  });
});
