/**
 * Where `control_plane:` puts the control plane: a SQLite file (relative to tributary.yml)
 * or a PostgreSQL server by URL. Left out, DATABASE_URL (environment or .env) decides when
 * it is a PostgreSQL URL — the convention hosted Postgres and Prisma share — else
 * `tributary.db`. A URL's password joins the redactor however it got there (written into
 * tributary.yml, interpolated, or from DATABASE_URL), so no message ever carries it.
 */
import { resolve } from 'node:path';
import type { SecretRedactor } from '../../core/index.js';
import { isPostgresUrl, postgresPassword } from '../control-plane/postgres-location.js';

export function controlPlaneLocation(
  value: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
  dir: string,
  redactor: SecretRedactor,
): { location: string } | { problem: string } {
  const fromEnv = env.DATABASE_URL;
  const chosen = value ?? (fromEnv && isPostgresUrl(fromEnv) ? fromEnv : undefined);
  if (chosen === undefined) return { location: resolve(dir, 'tributary.db') };
  if (!isPostgresUrl(chosen)) return { location: resolve(dir, chosen) };
  redactor.add(postgresPassword(chosen));
  let url: URL;
  try {
    url = new URL(chosen.trim());
  } catch {
    return { problem: `control_plane: not a valid PostgreSQL URL (expected postgresql://user:password@host:port/database)` };
  }
  if (!url.hostname) return { problem: 'control_plane: the PostgreSQL URL names no host (expected postgresql://user:password@host:port/database)' };
  return { location: chosen.trim() };
}
