/**
 * `tributary query "<sql>"`: runs SQL against the published analytics database — the
 * masked one analysts are meant to use — opened read-only, so it never blocks a sync.
 * `--warehouse` queries the unmasked warehouse instead; that is recorded in the audit log.
 */
import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { TributaryError } from '../../core/index.js';
import { openConfig, parseFormat, print, commonOptions } from '../context.js';
import { readerRows } from '../format.js';

export function registerQuery(program: Command): void {
  commonOptions(program.command('query'))
    .description('run SQL against the unified tables (customers, campaigns, touchpoints, …)')
    .argument('<sql>', 'a SQL query, e.g. "select * from customers limit 5"')
    .option('--warehouse', 'query the unmasked warehouse (audited) instead of the published analytics database')
    .action(async (sql: string, opts: { config: string; format: string; warehouse?: boolean }) => {
      const format = parseFormat(opts.format);
      const config = await openConfig(opts, false);
      const { withWarehouse } = await import('../../pipeline/warehouse/warehouse.js');
      const path = opts.warehouse ? config.warehousePath : config.analyticsPath;
      if (!existsSync(path)) {
        throw new TributaryError('no_database', `${path} does not exist yet`, { hint: 'run `tributary sync` (or `tributary demo`) first' });
      }
      if (opts.warehouse) {
        const { ControlPlane, currentActor } = await import('../../pipeline/control-plane/control-plane.js');
        const cp = await ControlPlane.open(config.controlPlanePath);
        try {
          await cp.audit({ actor: currentActor(), action: 'query_unmasked', target: config.warehousePath, details: { sql } });
        } finally {
          await cp.close();
        }
      }
      const rows = await withWarehouse(
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
      print(rows.rows, format, rows.columns);
    });
}
