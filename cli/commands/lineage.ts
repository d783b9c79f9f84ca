/**
 * `tributary lineage <table.column>`: where a column comes from (upstream, default) or
 * where it goes (`--downstream`), hop by hop down to the API field that filled it,
 * read from the lineage the last build recorded in the control plane.
 */
import type { Command } from 'commander';
import { TributaryError } from '../../core/index.js';
import { openConfig, parseFormat, print, commonOptions } from '../context.js';
import { resolveNode, walkLineage } from '../lineage-view.js';

export function registerLineage(program: Command): void {
  commonOptions(program.command('lineage'))
    .description('column lineage: which raw columns and API fields feed a column (or what it feeds)')
    .argument('<column>', 'table.column, e.g. customers.email or raw.hubspot_contacts.properties__email')
    .option('--downstream', 'show what the column feeds instead of where it comes from')
    .action(async (column: string, opts: { config: string; format: string; downstream?: boolean }) => {
      const format = parseFormat(opts.format);
      const config = await openConfig(opts, false);
      const { ControlPlane } = await import('../../pipeline/control-plane/control-plane.js');
      const cp = await ControlPlane.open(config.controlPlanePath);
      try {
        const edges = await cp.lineageEdges();
        if (edges.length === 0) {
          throw new TributaryError('no_lineage', 'no lineage recorded yet', { hint: 'run `tributary sync` (or `tributary demo`) first' });
        }
        const node = resolveNode(column, edges);
        if (!node) {
          throw new TributaryError('unknown_column', `no column "${column}" in the lineage graph`, {
            hint: 'name it as table.column (customers.email) or schema.table.column (raw.hubspot_contacts.id)',
          });
        }
        const direction = opts.downstream ? 'downstream' : 'upstream';
        const hops = walkLineage(node, edges, direction);
        if (format === 'json') {
          const fields = [...new Set(hops.filter((h) => h.kind === 'field').map((h) => h.node))].sort();
          process.stdout.write(`${JSON.stringify({ column: node, direction, [direction]: hops, fields }, null, 2)}\n`);
          return;
        }
        print(hops.map((h) => ({ depth: h.depth, node: h.node, kind: h.kind, transform: h.transform, via: h.via })), format);
      } finally {
        await cp.close();
      }
    });
}
