/**
 * A throwaway PostgreSQL for tests: TRIBUTARY_TEST_POSTGRES_URL when it is set (a server
 * someone already runs, e.g. in CI), else a cluster of its own — initdb in a temp folder,
 * password authentication (so a wrong password can be tested), loopback only, a free port,
 * fsync off — stopped and removed by `stop()`. initdb and postgres refuse to run as root,
 * so as root the server runs as the `postgres` user (Debian's package creates it) or
 * `nobody`. Each test asks for a database of its own with `database()`.
 *
 * @example
 * ```ts
 * let pg: TestPostgres;
 * beforeAll(async () => { pg = await startTestPostgres(); });
 * afterAll(() => pg.stop());
 * const url = await pg.database();   // postgresql://tributary:…@127.0.0.1:PORT/t_1
 * ```
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export interface TestPostgres {
  /** The server's admin URL (its `postgres` database). */
  readonly url: string;
  /** The password inside the URLs (tests assert it is never printed or stored). */
  readonly password: string;
  /** A fresh, empty database on the server; returns its URL. */
  database(): Promise<string>;
  /** Stops the server this helper started (a server from the environment is left running). */
  stop(): Promise<void>;
}

/** Where Debian (and the postgres.org packages) put the server binaries; PATH otherwise. */
export function postgresBinDir(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const versions = readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a));
    if (versions[0]) return join(root, versions[0], 'bin');
  }
  try {
    return execFileSync('pg_config', ['--bindir'], { encoding: 'utf8' }).trim();
  } catch {
    return undefined;
  }
}

export async function startTestPostgres(): Promise<TestPostgres> {
  const given = process.env.TRIBUTARY_TEST_POSTGRES_URL;
  if (given) return serverAt(given, new URL(given).password, async () => {});
  const bin = postgresBinDir();
  if (!bin) throw new Error('PostgreSQL is not installed (no initdb found); set TRIBUTARY_TEST_POSTGRES_URL or install it (.ci/run does)');

  const dir = mkdtempSync(join(tmpdir(), 'tributary-pg-'));
  const data = join(dir, 'data');
  const password = `pw-${randomBytes(9).toString('hex')}`;
  writeFileSync(join(dir, 'pwfile'), `${password}\n`);
  const owner = serverUser();
  if (owner) chownTree(dir, owner);
  const as = owner ? { uid: owner.uid, gid: owner.gid } : {};
  execFileSync(join(bin, 'initdb'), ['-D', data, '-U', 'tributary', `--pwfile=${join(dir, 'pwfile')}`, '--auth=scram-sha-256', '--no-sync', '-E', 'UTF8', '--locale=C'], {
    stdio: 'ignore',
    ...as,
  });
  const port = await freePort();
  const server = spawn(
    join(bin, 'postgres'),
    ['-D', data, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=100'],
    { stdio: ['ignore', 'ignore', 'pipe'], ...as },
  );
  let log = '';
  server.stderr!.on('data', (d) => (log = (log + String(d)).slice(-4000)));
  const url = `postgresql://tributary:${password}@127.0.0.1:${port}/postgres`;
  try {
    await waitUntilUp(url, server, () => log);
  } catch (error) {
    await stopServer(server);
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return serverAt(url, password, async () => {
    await stopServer(server);
    rmSync(dir, { recursive: true, force: true });
  });
}

function serverAt(url: string, password: string, stop: () => Promise<void>): TestPostgres {
  let n = 0;
  const tag = randomBytes(3).toString('hex');
  return {
    url,
    password,
    async database() {
      const name = `t_${tag}_${process.pid}_${++n}`;
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE "${name}"`);
      } finally {
        await client.end();
      }
      const u = new URL(url);
      u.pathname = `/${name}`;
      return u.toString();
    },
    stop,
  };
}

/** As root: the unprivileged user to run the server as; otherwise none (run as ourselves). */
function serverUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  try {
    const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    return { uid: 65534, gid: 65534 };
  }
}

function chownTree(dir: string, owner: { uid: number; gid: number }): void {
  chownSync(dir, owner.uid, owner.gid);
  for (const f of readdirSync(dir)) chownSync(join(dir, f), owner.uid, owner.gid);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

async function waitUntilUp(url: string, server: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (server.exitCode !== null) throw new Error(`postgres exited (${server.exitCode}): ${log()}`);
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.end();
      return;
    } catch (error) {
      await client.end().catch(() => {});
      if (Date.now() > deadline) throw new Error(`postgres did not start within 30 s: ${(error as Error).message}\n${log()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** Fast shutdown (SIGINT: disconnect clients, no checkpoint wait beyond what is needed). */
function stopServer(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => server.kill('SIGQUIT'), 10_000);
    server.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    server.kill('SIGINT');
  });
}
