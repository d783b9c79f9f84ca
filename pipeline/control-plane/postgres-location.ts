/**
 * Where the control plane lives when it is not a SQLite file: a `postgresql://` URL
 * (`control_plane:` in tributary.yml, or DATABASE_URL). The URL's password is a secret:
 * everything shown to a user or stored names the server by `describePostgresUrl`, and a
 * failed connection becomes a ConfigError (exit 2) that says what to check.
 *
 * @example
 * ```ts
 * isPostgresUrl('postgresql://ops:pw@db:5432/tributary');        // true
 * describePostgresUrl('postgresql://ops:pw@db:5432/tributary');  // 'postgresql://ops@db:5432/tributary'
 * ```
 */
import pg from 'pg';
import { ConfigError } from '../../core/index.js';

/** Whether a `control_plane` value names a PostgreSQL server rather than a SQLite file. */
export function isPostgresUrl(value: string): boolean {
  return /^postgres(ql)?:\/\//i.test(value.trim());
}

/** The password inside a PostgreSQL URL (to register with the redactor), if any. */
export function postgresPassword(url: string): string | undefined {
  try {
    const password = new URL(url).password;
    return password === '' ? undefined : decodeURIComponent(password);
  } catch {
    return undefined;
  }
}

/** The URL without its password (and without query options, which may carry one too). */
export function describePostgresUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.username ? `${decodeURIComponent(u.username)}@` : ''}${u.host}${u.pathname}`;
  } catch {
    return 'the PostgreSQL control plane (its URL does not parse)';
  }
}

/** How long a connection may take before the server counts as unreachable (a dropped packet must not hang a nightly run). */
export const CONNECT_TIMEOUT_MS = 10_000;

/** Connects a plain client (migrations, the run lock), turning a failed connection into a ConfigError with a hint. */
export async function connectPostgres(url: string, options: { applicationName?: string } = {}): Promise<pg.Client> {
  const client = new pg.Client({
    connectionString: url,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    keepAlive: true,
    ...(options.applicationName ? { application_name: options.applicationName.slice(0, 63) } : {}),
  });
  // A connection that drops later emits 'error' on the client; unhandled, it would kill the process.
  client.on('error', () => {});
  try {
    await client.connect();
    return client;
  } catch (error) {
    await client.end().catch(() => {});
    throw connectionError(url, error);
  }
}

/** A ConfigError naming the server (never the password) and what to check. */
export function connectionError(url: string, error: unknown): ConfigError {
  const where = describePostgresUrl(url);
  const e = error as { code?: string; message?: string };
  const setting = 'the control_plane URL in tributary.yml (or DATABASE_URL)';
  if (e?.code === '28P01' || e?.code === '28000') {
    return new ConfigError(`PostgreSQL at ${where} rejected the credentials (${e.code}: ${reason(e)})`, {
      hint: `check the user and password in ${setting}; keep the password in the environment: postgresql://user:\${PGPASSWORD}@host/db`,
    });
  }
  if (e?.code === '3D000') {
    return new ConfigError(`the database of ${where} does not exist`, { hint: `create it (createdb), or fix ${setting}` });
  }
  const network = ['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'EAI_AGAIN', 'ECONNRESET'];
  if ((e?.code && network.includes(e.code)) || /timeout|terminated/i.test(e?.message ?? '')) {
    return new ConfigError(`cannot reach the PostgreSQL control plane at ${where} (${e.code ?? reason(e)})`, {
      hint: `check that PostgreSQL runs and accepts TCP connections there, and ${setting}`,
    });
  }
  return new ConfigError(`cannot open the PostgreSQL control plane at ${where}: ${reason(e)}`, { hint: `check ${setting}` });
}

/** The server's own words, first line only (pg's messages name users and databases, never passwords). */
function reason(e: { message?: string } | undefined): string {
  return (e?.message ?? String(e)).split('\n')[0]!;
}
