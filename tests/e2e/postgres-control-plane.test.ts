/**
 * A workspace whose control plane is PostgreSQL (`control_plane: postgresql://…`, the
 * password from the environment), driven through the CLI as operations would: a demo-sized
 * sync records its run there and `tributary runs` shows it; the password is nowhere in
 * what the CLI printed, logged or stored; a second machine (another workspace sharing the
 * control plane) is kept out by the run lock while a holder lives, and gets in once the
 * holder is SIGKILLed; a wrong password or a server that is not there is exit 2 with a hint.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPostgres, type TestPostgres } from '../helpers/postgres.js';
import { REPO_ROOT, runCli } from '../helpers/workspace.js';
import { startTestWorld, type TestWorld } from '../helpers/world.js';

let server: TestPostgres;
let tw: TestWorld;
let url: URL;
beforeAll(async () => {
  [server, tw] = await Promise.all([startTestPostgres(), startTestWorld({ people: 200, days: 7 })]);
  url = new URL(await server.database());
}, 120_000);
afterAll(async () => {
  await tw?.close();
  await server?.stop();
});

/** A workspace in `folder` of the test world, its control plane on the server (password from CP_PASSWORD); null: no control_plane key. */
function workspace(folder: string, controlPlane: string | null = `postgresql://${url.username}:\${CP_PASSWORD}@${url.host}${url.pathname}`): string {
  const dir = join(tw.dir.path, folder);
  mkdirSync(dir, { recursive: true });
  const file = tw.writeConfig({ folder: dir, sources: ['hubspot', 'mailchimp', 'web'] });
  const text = readFileSync(file, 'utf8');
  return tw.dir.file(join(folder, 'tributary.yml'), controlPlane === null ? text : `${text}control_plane: ${controlPlane}\n`);
}

const env = () => ({ ...tw.env, CP_PASSWORD: server.password });

/** Every file of a workspace folder, as text (logs, warehouse, analytics). */
function filesOf(dir: string): string {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => join(dir, f))
    .filter((f) => statSync(f).isFile())
    .map((f) => readFileSync(f).toString('latin1'))
    .join('\n');
}

/** Every text value stored in the control plane's tables. */
async function controlPlaneText(): Promise<string> {
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    const { rows: tables } = await client.query<{ table_name: string }>(`select table_name from information_schema.tables where table_schema = 'public'`);
    const dumps: string[] = [];
    for (const t of tables) dumps.push(JSON.stringify((await client.query(`select * from "${t.table_name}"`)).rows));
    return dumps.join('\n');
  } finally {
    await client.end();
  }
}

describe('a PostgreSQL control plane, through the CLI', () => {
  it('a sync records its run there, `runs` shows it, and the password is printed, logged and stored nowhere', async () => {
    const config = workspace('first');
    const sync = await runCli(['sync', '--config', config], { env: env() });
    expect(sync.code, sync.stderr).toBe(0);
    expect(existsSync(join(config, '..', 'tributary.db'))).toBe(false);

    const runs = await runCli(['runs', '--config', config, '--format', 'json'], { env: env() });
    expect(runs.code, runs.stderr).toBe(0);
    const listed = JSON.parse(runs.stdout) as { run_id: string; status: string; streams: number; rows_inserted: number }[];
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ status: 'success', run_id: expect.stringMatching(/^run_/) });
    expect(listed[0]!.streams).toBeGreaterThan(2);
    expect(listed[0]!.rows_inserted).toBeGreaterThan(100);

    const everything = [sync.stdout, sync.stderr, runs.stdout, runs.stderr, filesOf(join(config, '..')), await controlPlaneText()].join('\n');
    expect(everything).toContain(listed[0]!.run_id);
    expect(everything).not.toContain(server.password);

    // Without control_plane in tributary.yml, DATABASE_URL names the same server.
    const byEnv = await runCli(['runs', '--config', workspace('by-env', null), '--format', 'json'], { env: { ...env(), DATABASE_URL: url.toString() } });
    expect(byEnv.code, byEnv.stderr).toBe(0);
    expect((JSON.parse(byEnv.stdout) as { run_id: string }[]).map((r) => r.run_id)).toEqual([listed[0]!.run_id]);
    expect(existsSync(join(config, '..', '..', 'by-env', 'tributary.db'))).toBe(false);
  });

  it('another machine sharing the control plane is kept out while a run holds its lock, and gets in once the holder is killed', async () => {
    const holder = await holdRunLock(url.toString());
    const config = workspace('second');
    try {
      const refused = await runCli(['sync', '--config', config, '--extract-only'], { env: env() });
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(new RegExp(`another Tributary run \\(tributary sync run_test_holder pid ${holder.pid} on .*\\) holds the run lock of the control plane postgresql://tributary@127\\.0\\.0\\.1:\\d+/`));
      expect(refused.stderr).toMatch(/hint: wait for it to finish/);
      expect(refused.stderr).not.toContain(server.password);
    } finally {
      holder.kill('SIGKILL');
    }
    await new Promise((r) => holder.once('exit', r));
    // The server frees a dead session's lock once it sees the socket close (at once on loopback).
    await untilNoAdvisoryLock();
    const admitted = await runCli(['sync', '--config', config, '--extract-only'], { env: env() });
    expect(admitted.code, admitted.stderr).toBe(0);
  });

  it('a wrong password or an unreachable server is a config error (exit 2) with a hint, the password never shown', async () => {
    const config = workspace('third');
    const wrong = await runCli(['runs', '--config', config], { env: { ...env(), CP_PASSWORD: 'wrong-secret-password-77' } });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/error: PostgreSQL at postgresql:\/\/tributary@127\.0\.0\.1:\d+\/\S+ rejected the credentials/);
    expect(wrong.stderr).toMatch(/hint: check the user and password/);
    expect(wrong.stderr).not.toContain('wrong-secret-password-77');
    expect(wrong.stderr).not.toMatch(/\n\s+at /);

    const nowhere = workspace('fourth', `postgresql://tributary:literal-secret-99@127.0.0.1:1/tributary`);
    const unreachable = await runCli(['sync', '--config', nowhere, '--extract-only'], { env: env() });
    expect(unreachable.code).toBe(2);
    expect(unreachable.stderr).toMatch(/error: cannot reach the PostgreSQL control plane at postgresql:\/\/tributary@127\.0\.0\.1:1\/tributary \(ECONNREFUSED\)/);
    expect(unreachable.stderr).toMatch(/hint: check that PostgreSQL runs/);
    expect(unreachable.stdout + unreachable.stderr).not.toContain('literal-secret-99');
  });
});

/** Another process (another machine, as far as the lock knows) holding the run lock until killed. */
async function holdRunLock(target: string): Promise<ChildProcess> {
  const module = join(REPO_ROOT, 'dist', 'pipeline', 'control-plane', 'postgres-run-lock.js');
  const script = `const { takePostgresRunLock } = await import(${JSON.stringify(module)});
const lock = await takePostgresRunLock(process.env.TARGET, 'sync');
await lock.name('run_test_holder');
console.log('held');
setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { env: { ...process.env, TARGET: target }, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d) => String(d).includes('held') && resolve());
    child.once('exit', (code) => reject(new Error(`the lock holder exited (${code})`)));
  });
  return child;
}

/** Waits (at most 10 s) until the server has ended the killed holder's session and with it its lock. */
async function untilNoAdvisoryLock(): Promise<void> {
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    for (const deadline = Date.now() + 10_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 50))) {
      const { rows } = await client.query(`select 1 from pg_locks where locktype = 'advisory' and granted`);
      if (rows.length === 0) return;
    }
  } finally {
    await client.end();
  }
}
