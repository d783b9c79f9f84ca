/**
 * The query task: SQL against the published analytics database — the masked one
 * analysts are meant to use. With `warehouse: true` it reads the unmasked warehouse
 * instead, and that is recorded in the audit log first (a query that is not audited
 * does not run). Either way the database is opened confined (read-only, that file's
 * tables and nothing else: no ATTACH, no file read or write, no extension, no setting;
 * warehouse.ts CONFINED) and only questions run (query/statement-guard.ts), so an
 * analyst's SQL can neither reach the warehouse's clear data, the workspace's secrets,
 * nor change a byte of any file. Opening analytics.duckdb never blocks a sync; a
 * `--warehouse` query marks itself beside the warehouse while it has it open, so a sync
 * it blocks can say what is in its way.
 *
 * @example
 * ```ts
 * import { loadConfig, query } from 'tributary';
 * const { rows } = await query({ config: loadConfig('tributary.yml'), sql: 'select count(*) as n from customers' });
 * // rows → [{ n: 2033 }]
 * ```
 */
import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import { ConfigError, TributaryError } from '../core/index.js';
import type { TributaryConfig } from './config/load-config.js';
import { runQuestion } from './query/statement-guard.js';
import { readerRows, type PlainRow } from './warehouse/plain-rows.js';
import { markReader } from './warehouse/readers.js';
import { withWarehouse } from './warehouse/warehouse.js';
import { seesClearValues } from './publish/roles.js';

export interface QueryOptions {
  readonly config: TributaryConfig;
  readonly sql: string;
  /** Read the unmasked warehouse (audited) instead of analytics.duckdb. */
  readonly warehouse?: boolean;
  /** Read this role's published file (`governance.roles`); unknown names are a config error. */
  readonly role?: string;
  /** Called once the audit log holds a `warehouse` query, before it runs (the CLI says so). */
  readonly onAudited?: (path: string) => void;
}

export interface QueryResult {
  readonly columns: readonly string[];
  readonly rows: readonly PlainRow[];
}

export async function query(options: QueryOptions): Promise<QueryResult> {
  const { config, sql } = options;
  const role = options.role === undefined ? undefined : config.roles.find((r) => r.name === options.role);
  if (options.role !== undefined && !role) {
    throw new ConfigError(`no role "${options.role}" in ${basename(config.file)}`, {
      hint: config.roles.length > 0 ? `roles: ${config.roles.map((r) => r.name).join(', ')}` : 'declare roles under governance.roles in tributary.yml',
    });
  }
  if (role && options.warehouse) throw new ConfigError('--role and --warehouse exclude each other', { hint: 'a role reads its published file; --warehouse the unmasked warehouse' });
  const path = options.warehouse ? config.warehousePath : role ? role.path : config.analyticsPath;
  // Unmasked reads are audited: the warehouse, and a role's file that holds clear values.
  const audited = options.warehouse === true || (role !== undefined && seesClearValues(role));
  if (sql.trim() === '') throw new ConfigError('the query is empty', { hint: 'pass one, e.g. "select count(*) from customers"' });
  if (!existsSync(path)) {
    throw new TributaryError('no_database', `${path} does not exist yet`, { hint: 'run `tributary sync` (or `tributary demo`) first' });
  }
  if (audited) {
    // Loaded on use: a query of the published database has no audit to write.
    const { ControlPlane, currentActor } = await import('./control-plane/control-plane.js');
    const cp = await ControlPlane.open(config.controlPlanePath);
    try {
      await cp.audit({ actor: currentActor(), action: 'query_unmasked', target: path, details: { sql, ...(role ? { role: role.name } : {}) } });
    } finally {
      await cp.close();
    }
    options.onAudited?.(path);
  }
  const scope = { database: basename(path) };
  return withWarehouse(
    path,
    async (wh) => {
      const unmark = options.warehouse ? markReader(path, 'query --warehouse') : () => {};
      try {
        const reader = await runQuestion(wh.conn, sql, scope);
        return reader ? readerRows(reader) : { columns: [], rows: [] };
      } finally {
        unmark();
      }
    },
    { confined: true },
  );
}
