/**
 * `tributary pii`: every column carrying personal data, its tag, where the tag came
 * from (declared by a connector, set in schema.yml, or found by the classifier), the
 * path it travelled, and the masking policy applied when publishing.
 */
import type { Command } from 'commander';
import type { PiiTag } from '../../core/index.js';
import { openConfig, parseFormat, print, commonOptions } from '../context.js';
import { displayNode } from '../lineage-view.js';

export function registerPii(program: Command): void {
  commonOptions(program.command('pii'))
    .description('list columns holding personal data, with tag origin and masking policy')
    .option('-t, --table <name>', 'only this table (e.g. customers)')
    .option('--all', 'include raw and staging columns, not only the published marts')
    .action(async (opts: { config: string; format: string; table?: string; all?: boolean }) => {
      const format = parseFormat(opts.format);
      const config = await openConfig(opts, false);
      const { ControlPlane } = await import('../../pipeline/control-plane/control-plane.js');
      const cp = await ControlPlane.open(config.controlPlanePath);
      try {
        const tags = await cp.piiTags();
        const published = new Set((await cp.catalog()).filter((c) => c.kind === 'mart').map((c) => c.relation));
        const rows = tags
          .map((t) => {
            const node = displayNode(t.node);
            const table = node.slice(0, node.lastIndexOf('.'));
            return {
              column: node,
              table,
              tag: t.tag,
              origin_kind: t.originKind,
              origin: t.origin,
              masking: config.masking[t.tag as PiiTag] ?? 'redact',
              path: t.path.map(displayNode),
              relation: t.node.slice(0, t.node.lastIndexOf('.')),
            };
          })
          .filter((r) => (opts.all ? true : !r.relation.startsWith('raw.') && published.has(r.relation)))
          .filter((r) => (opts.table ? r.table === opts.table || r.relation === opts.table : true))
          .map(({ relation: _relation, table: _table, ...rest }) => (format === 'json' ? rest : { ...rest, path: rest.path.join(' -> ') }));
        print(rows, format, ['column', 'tag', 'origin_kind', 'origin', 'masking', 'path']);
      } finally {
        await cp.close();
      }
    });
}
