/**
 * `tributary query "<sql>"`: SQL on the published, masked analytics database (see
 * pipeline/query.ts); `--warehouse` reads the unmasked warehouse, audited.
 */
import type { Command } from 'commander';
import { commonOptions, openConfig, parseFormat, print, type CommonOptions } from '../context.js';

export function registerQuery(program: Command): void {
  commonOptions(program.command('query'))
    .description('run SQL against the unified tables (customers, campaigns, touchpoints, …)')
    .argument('<sql>', 'a SQL query, e.g. "select * from customers limit 5"')
    .option('--warehouse', 'query the unmasked warehouse (audited) instead of the published analytics database')
    .action(async (sql: string, opts: CommonOptions & { warehouse?: boolean }) => {
      const format = parseFormat(opts.format);
      const config = await openConfig(opts, false);
      const { query } = await import('../../pipeline/query.js');
      const result = await query({ config, sql, warehouse: opts.warehouse === true });
      print(result.rows, format, result.columns);
    });
}
