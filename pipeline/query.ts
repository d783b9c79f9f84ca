/**
 * The query task: SQL against the published analytics database — the masked one
 * analysts are meant to use — opened read-only, so it never blocks a sync. With
 * `warehouse: true` it reads the unmasked warehouse instead, and that is recorded in
 * the audit log first (a query that is not audited does not run).
 *
 * @example
 * ```ts
 * import { loadConfig, query } from 'tributary';
 * const { rows } = await query({ config: loadConfig('tributary.yml'), sql: 'select count(*) as n from customers' });
 * // rows → [{ n: 2033 }]
 * ```
 */
import { existsSync } from 'node:fs';
import { TributaryError } from '../core/index.js';
import type { TributaryConfig } from './config/load-config.js';
import { ControlPlane, currentActor } from './control-plane/control-plane.js';
import { readerRows, type PlainRow } from './warehouse/plain-rows.js';
import { withWarehouse } from './warehouse/warehouse.js';

export interface QueryOptions {
  readonly config: TributaryConfig;
  readonly sql: string;
  /** Read the unmasked warehouse (audited) instead of analytics.duckdb. */
  readonly warehouse?: boolean;
}

export interface QueryResult {
  readonly columns: readonly string[];
  readonly rows: readonly PlainRow[];
}

export async function query(options: QueryOptions): Promise<QueryResult> {
  const { config, sql } = options;
  const path = options.warehouse ? config.warehousePath : config.analyticsPath;
  if (!existsSync(path)) {
    throw new TributaryError('no_database', `${path} does not exist yet`, { hint: 'run `tributary sync` (or `tributary demo`) first' });
  }
  if (options.warehouse) {
    const cp = await ControlPlane.open(config.controlPlanePath);
    try {
      await cp.audit({ actor: currentActor(), action: 'query_unmasked', target: config.warehousePath, details: { sql } });
    } finally {
      await cp.close();
    }
  }
  return withWarehouse(
    path,
    async (wh) => {
      try {
        return readerRows(await wh.conn.runAndReadAll(sql));
      } catch (error) {
        throw new TributaryError('query_failed', error instanceof Error ? error.message : String(error));
      }
    },
    { readOnly: true },
  );
}
