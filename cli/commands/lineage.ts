/**
 * `tributary lineage <table.column>`: where a column comes from, or (`--downstream`)
 * what it feeds, down to API fields (see pipeline/inspect/lineage.ts).
 */
import type { Command } from 'commander';
import { commonOptions, openConfig, parseFormat, print, type CommonOptions } from '../context.js';

export function registerLineage(program: Command): void {
  commonOptions(program.command('lineage'))
    .description('column lineage: which raw columns and API fields feed a column (or what it feeds)')
    .argument('<column>', 'table.column, e.g. customers.email or raw.hubspot_contacts.properties__email')
    .option('--downstream', 'show what the column feeds instead of where it comes from')
    .action(async (column: string, opts: CommonOptions & { downstream?: boolean }) => {
      const format = parseFormat(opts.format);
      const config = await openConfig(opts, false);
      const { lineage } = await import('../../pipeline/inspect/lineage.js');
      const result = await lineage({ config, column, direction: opts.downstream ? 'downstream' : 'upstream' });
      if (format === 'json') {
        process.stdout.write(`${JSON.stringify({ column: result.column, direction: result.direction, [result.direction]: result.hops, fields: result.fields }, null, 2)}\n`);
        return;
      }
      print(result.hops.map((h) => ({ depth: h.depth, node: h.node, kind: h.kind, transform: h.transform, via: h.via })), format);
    });
}
