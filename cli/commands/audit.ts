/**
 * `tributary audit [--since] [--actor] [--action]`: the audit log, for IT (see
 * pipeline/inspect/audit.ts).
 */
import type { Command } from 'commander';
import { commonOptions, openConfig, parseFormat, print, type CommonOptions } from '../context.js';

export function registerAudit(program: Command): void {
  commonOptions(program.command('audit'))
    .description('who did what, when and from where: syncs, unmasked queries, erasures, config changes')
    .option('--since <when>', 'only from then on: a date (2026-01-31), a time, or an age (30m, 12h, 7d)')
    .option('--actor <name>', 'only what this actor did')
    .option('--action <action>', 'only this action (sync, query_unmasked, forget, config_change, …)')
    .action(async (opts: CommonOptions & { since?: string; actor?: string; action?: string }) => {
      const format = parseFormat(opts.format);
      const { audit, parseSince } = await import('../../pipeline/inspect/audit.js');
      const since = opts.since === undefined ? undefined : parseSince(opts.since);
      const config = await openConfig(opts, false);
      const entries = await audit({ config, ...(since ? { since } : {}), ...(opts.actor ? { actor: opts.actor } : {}), ...(opts.action ? { action: opts.action } : {}) });
      const rows = entries.map((e) => ({ ...e, details: format === 'json' ? e.details : e.details === null ? '' : JSON.stringify(e.details) }));
      print(rows, format, ['at', 'actor', 'action', 'target', 'host', 'cwd', 'details']);
    });
}
