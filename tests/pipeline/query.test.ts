/**
 * `tributary query`, probed the way a curious analyst would (issue 7, item 1): on the
 * published database (and on the warehouse with `--warehouse`) a query sees the
 * database's own tables and nothing else — no ATTACH, no file read or write, no
 * extension, no setting — every refusal exits 1 with a clear message, and every file
 * of the workspace stays byte-identical. The README's tour still answers.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli, tempDir, type CliResult, type TempDir } from '../helpers/workspace.js';
import { demoWorkspace } from '../helpers/demo-workspace.js';

let dir: TempDir;
let ws: string;
let config: string;
let secrets: string[];

beforeAll(async () => {
  dir = tempDir('tributary-query-');
  ws = join(dir.path, 'demo');
  await demoWorkspace(ws);
  config = join(ws, 'tributary.yml');
  secrets = readFileSync(join(ws, '.env'), 'utf8')
    .split('\n')
    .filter((l) => /^[A-Z_]+=/.test(l))
    .map((l) => l.slice(l.indexOf('=') + 1).trim())
    .filter((v) => v.length >= 8);
  expect(secrets.length).toBeGreaterThan(0);
}, 120_000);

afterAll(() => dir?.remove());

/** Every file under the workspace with the sha256 of its bytes (the control plane optional). */
function snapshot(options: { withControlPlane: boolean }): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (options.withControlPlane || !name.startsWith('tributary.db')) out[relative(ws, p)] = createHash('sha256').update(readFileSync(p)).digest('hex');
    }
  };
  walk(ws);
  return out;
}

const query = (sql: string, ...flags: string[]): Promise<CliResult> => runCli(['query', '--config', config, ...flags, sql]);

/** Runs the probes side by side; each must be refused cleanly, and no file may change. */
async function expectRefused(probes: Record<string, string>, message: RegExp, flags: string[] = []): Promise<CliResult[]> {
  const before = snapshot({ withControlPlane: flags.length === 0 });
  const names = Object.keys(probes);
  const results = await Promise.all(names.map((name) => query(probes[name]!, ...flags)));
  results.forEach((r, i) => {
    const label = `${names[i]}: ${r.stderr}${r.stdout}`;
    expect(r.code, label).toBe(1);
    expect(r.stderr, label).toMatch(/^error: /m);
    expect(r.stderr, label).toMatch(message);
    expect(r.stderr, label).toMatch(/^hint: /m);
    expect(r.stderr, label).not.toMatch(/\n\s+at /); // no stack trace
    for (const s of secrets) expect(r.stdout + r.stderr, label).not.toContain(s);
    expect(r.stdout, label).toBe('');
  });
  expect(snapshot({ withControlPlane: flags.length === 0 })).toEqual(before);
  return results;
}

describe('tributary query is confined to the published database', () => {
  it('cannot attach the warehouse (or any database)', async () => {
    await expectRefused(
      {
        attach: `attach '${ws}/warehouse.duckdb' as w (read_only); select email, first_name, phone from w.main.customers limit 3`,
        afterSelect: `select 1; attach '${ws}/warehouse.duckdb' as w`,
      },
      /only SELECT|cannot read or write files/,
    );
  });

  it('cannot read files: read_text of .env, read_csv, read_json, glob, a path as a table', async () => {
    await expectRefused(
      {
        readText: `select content from read_text('${ws}/.env')`,
        readCsv: `select * from read_csv('${ws}/tributary.yml')`,
        readJson: `select * from read_json('${ws}/events/*.jsonl') limit 1`,
        glob: `select * from glob('${ws}/*')`,
        replacementScan: `select * from '${ws}/.env'`,
        viaQueryFunction: `select * from query('select content from read_text(''${ws}/.env'')')`,
      },
      /cannot read or write files|does not exist|not allowed/,
    );
  });

  it('cannot write files: copy … to the warehouse, analytics.duckdb or tributary.yml, export database', async () => {
    await expectRefused(
      {
        copyWarehouse: `copy (select 1 as x) to '${ws}/warehouse.duckdb' (format csv)`,
        copyAnalytics: `copy (select 1 as x) to '${ws}/analytics.duckdb' (format csv)`,
        copyConfig: `copy (select 1 as x) to '${ws}/tributary.yml' (format csv)`,
        export: `export database '${ws}/exported'`,
      },
      /only SELECT|cannot read or write files/,
    );
  });

  it('cannot install or load extensions', async () => {
    await expectRefused({ install: 'install httpfs', load: 'load httpfs' }, /only SELECT/);
  });

  it('cannot change settings: set, pragma, or a settings table function', async () => {
    await expectRefused(
      {
        set: 'set enable_external_access = true',
        pragma: 'pragma enable_profiling',
        quotedTableFunction: 'select * from "ENABLE_LOGGING"()',
      },
      /only SELECT|not allowed/,
    );
  });

  it('cannot create, change or drop tables in analytics.duckdb', async () => {
    await expectRefused(
      {
        create: 'create table leak as select * from customers',
        insert: 'insert into customers (customer_id) values (1)',
        checkpoint: 'checkpoint',
      },
      /only SELECT|not allowed/,
    );
  });

  it('--warehouse: the same confinement to its own file, audited even when refused, and it says so', async () => {
    const results = await expectRefused(
      {
        attach: `attach '${ws}/analytics.duckdb' as a; select 1`,
        readText: `select content from read_text('${ws}/.env')`,
        copy: `copy (select 1 as x) to '${ws}/warehouse.duckdb' (format csv)`,
        load: 'load httpfs',
        set: 'set enable_external_access = true',
      },
      /only SELECT|cannot read or write files|not allowed/,
      ['--warehouse'],
    );
    for (const r of results) expect(r.stderr).toMatch(/audit log/);
    const ok = await query('select count(*) as n from customers where email is not null', '--warehouse', '--format', 'json');
    expect(ok.code, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout)[0].n).toBeGreaterThan(0);
    expect(ok.stderr).toMatch(/recorded in the audit log/);
    expect(ok.stderr).toMatch(/read-only/);
    const db = new Database(join(ws, 'tributary.db'), { readonly: true });
    const audited = (db.prepare(`select details from audit_events where action = 'query_unmasked'`).all() as { details: string }[]).map((a) => JSON.parse(a.details).sql as string);
    db.close();
    expect(audited).toEqual(expect.arrayContaining([`select content from read_text('${ws}/.env')`, 'load httpfs', 'select count(*) as n from customers where email is not null']));
  });

  it("still answers every query of the README's tour, and the catalog queries analysts use", async () => {
    const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
    const tour = [...readme.matchAll(/^npx tributary query --config demo\/tributary\.yml (--warehouse )?"([^"]+)"/gm)].map((m) => ({ warehouse: Boolean(m[1]), sql: m[2]! }));
    expect(tour.length).toBeGreaterThan(0);
    const catalog = [
      'select table_name from information_schema.tables order by 1',
      'select table_name from duckdb_tables() order by 1',
      'describe customers',
      'show tables',
      "pragma table_info('customers')",
      'explain select count(*) from touchpoints',
      'select 1 as one; select 2 as two',
    ].map((sql) => ({ warehouse: false, sql }));
    const all = [...tour, ...catalog];
    const results = await Promise.all(all.map((q) => query(q.sql, '--format', 'json', ...(q.warehouse ? ['--warehouse'] : []))));
    results.forEach((r, i) => {
      expect(r.code, `${all[i]!.sql}: ${r.stderr}`).toBe(0);
      expect((JSON.parse(r.stdout) as unknown[]).length, all[i]!.sql).toBeGreaterThan(0);
    });
    const tables = (JSON.parse(results[tour.length]!.stdout) as { table_name: string }[]).map((t) => t.table_name);
    expect(tables).toEqual(expect.arrayContaining(['customers', 'campaigns', 'touchpoints', 'campaign_roi']));
    // The tour's query answers with masked emails.
    const first = JSON.parse(results[0]!.stdout) as { email: string | null }[];
    for (const { email } of first) if (email) expect(email).toMatch(/^.\*\*\*@/);
  });
});

