/**
 * `tributary query "<sql>"`: SQL on the published, masked analytics database (see
 * pipeline/query.ts); `--warehouse` reads the unmasked warehouse, audited. Either way
 * read-only and confined to that one database file.
 */
import type { Command } from 'commander';
import { commonOptions, openConfig, parseFormat, print, type CommonOptions } from '../context.js';

export function registerQuery(program: Command): void {
  commonOptions(program.command('query'))
    .description('run a read-only SELECT against the published tables (customers, campaigns, touchpoints, …); no files, ATTACH, extensions or settings')
    .argument('<sql>', 'a SQL query, e.g. "select * from customers limit 5"')
    .option('--warehouse', 'query the unmasked warehouse instead of the published analytics database (recorded in the audit log; just as confined)')
    .option('--role <name>', "query that role's published file (governance.roles in tributary.yml); a role with clear values is audited")
    .action(async (sql: string, opts: CommonOptions & { warehouse?: boolean; role?: string }) => {
      const format = parseFormat(opts.format);
      const config = await openConfig(opts, false);
      const { query } = await import('../../pipeline/query.js');
      const result = await query({
        config,
        sql,
        warehouse: opts.warehouse === true,
        ...(opts.role === undefined ? {} : { role: opts.role }),
        // stderr, so that stdout stays the result a script reads.
        onAudited: (path) =>
          process.stderr.write(
            `note: unmasked query on ${path}, recorded in the audit log; it runs read-only, confined to that file (no other file or database, no extension, no setting)\n`,
          ),
      });
      print(result.rows, format, result.columns);
    });
}
