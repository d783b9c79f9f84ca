/**
 * `tributary pii`: columns holding personal data, with the tag's origin, its path and
 * the masking applied when publishing (see pipeline/inspect/pii.ts).
 */
import type { Command } from 'commander';
import { commonOptions, openConfig, parseFormat, print, type CommonOptions } from '../context.js';

export function registerPii(program: Command): void {
  commonOptions(program.command('pii'))
    .description('list columns holding personal data, with tag origin and masking policy')
    .option('-t, --table <name>', 'only this table (e.g. customers)')
    .option('--all', 'include raw and staging columns, not only the published marts')
    .option('--history', 'how tags came and went: appeared, origin changed, overridden by schema.yml, removed — when, and by whose run')
    .action(async (opts: CommonOptions & { table?: string; all?: boolean; history?: boolean }) => {
      const format = parseFormat(opts.format);
      const config = await openConfig(opts, false);
      const { pii, piiHistory } = await import('../../pipeline/inspect/pii.js');
      if (opts.history) {
        const changes = await piiHistory({ config, ...(opts.table ? { table: opts.table } : {}), all: opts.all === true });
        print(changes.map((c) => ({ ...c })), format, ['at', 'column', 'tag', 'change', 'origin', 'previous', 'actor', 'run']);
        return;
      }
      const columns = await pii({ config, ...(opts.table ? { table: opts.table } : {}), all: opts.all === true });
      const rows = columns.map((c) => ({ ...c, path: format === 'json' ? c.path : c.path.join(' -> ') }));
      print(rows, format, ['column', 'tag', 'origin_kind', 'origin', 'masking', 'path']);
    });
}
