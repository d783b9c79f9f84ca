/**
 * `tributary forget`: erase a person (GDPR Art. 17) — see pipeline/forget.ts for what
 * that does. This command parses options, calls the task and prints.
 *
 * `--dry-run` shows what would go; without it `--yes` is required (a nightly script must
 * never erase by accident, and there is no prompt to answer). An erasure that was
 * killed is finished by running the same command again (or by the next sync); a person
 * already erased exits 0 saying nothing was left.
 */
import type { Command } from 'commander';
import { ConfigError } from '../../core/index.js';
import { EXIT, ExitError, commonOptions, fileLogger, openConfig, parseFormat, print, type CommonOptions } from '../context.js';
import { printSyncResult, progressPrinter } from '../sync-report.js';

interface ForgetCliOptions extends CommonOptions {
  email?: string[];
  phone?: string[];
  country?: string;
  customer?: string[];
  reason?: string;
  dryRun?: boolean;
  yes?: boolean;
}

export function registerForget(program: Command): void {
  commonOptions(program.command('forget'), 'table | json | csv (what was erased)')
    .description('erase a person from raw data, models and the published database, and keep them out of later syncs')
    .addHelpText(
      'after',
      `
An erasure is recorded (as hashes of the identifiers, never the identifiers) before
anything is deleted. If it is interrupted (killed, crashed, a full disk), run the same
command again, or let the next sync finish it: either carries out every remaining step
(raw rows, rebuild, republish, compaction). A person already erased: exit 0, nothing left.`,
    )
    .option('--email <address...>', 'an email address of the person')
    .option('--phone <number...>', 'a phone number of the person')
    .option('--country <code>', 'ISO country of --phone numbers in national format (e.g. GB)')
    .option('--customer <id...>', 'a customer_id (cus_…)')
    .option('--reason <text>', 'why (recorded in the audit log), e.g. a ticket number')
    .option('--dry-run', 'show what would be erased; change nothing')
    .option('--yes', 'erase (required unless --dry-run)')
    .action(async (opts: ForgetCliOptions) => {
      const format = parseFormat(opts.format);
      if (!opts.email?.length && !opts.phone?.length && !opts.customer?.length) {
        throw new ConfigError('forget needs at least one --email, --phone or --customer', { hint: 'e.g. tributary forget --email alice@example.com --dry-run' });
      }
      // `--email ""` (an unset shell variable) names nobody: refuse rather than erase nothing.
      const blank = (['email', 'phone', 'customer'] as const).filter((flag) => (opts[flag] ?? []).some((v) => v.trim() === ''));
      if (blank.length > 0) {
        throw new ConfigError(`${blank.map((f) => `--${f}`).join(', ')} got an empty value: a blank identifier names nobody`, {
          hint: 'quote the identifier, e.g. tributary forget --email alice@example.com --dry-run',
        });
      }
      if (!opts.dryRun && !opts.yes) {
        throw new ConfigError('forget erases data for good: pass --yes to go ahead, or --dry-run to see what it would erase');
      }
      const config = await openConfig(opts, false);
      const { forget } = await import('../../pipeline/forget.js');
      const result = await forget({
        config,
        request: {
          emails: opts.email ?? [],
          phones: opts.phone ?? [],
          customerIds: opts.customer ?? [],
          ...(opts.country ? { country: opts.country } : {}),
        },
        dryRun: opts.dryRun === true,
        ...(opts.reason ? { reason: opts.reason } : {}),
        log: fileLogger(config),
        onStep: (line) => process.stderr.write(`${line}\n`),
        onEvent: progressPrinter(process.stderr),
      });
      print(result.tables, format, ['table', 'rows']);
      if (!result.rebuild) {
        if (result.compaction) process.stderr.write(`done: the interrupted erasure ${result.resumed.join(', ')} is finished\n`);
        return;
      }
      if (result.rebuild.status !== 'success') {
        printSyncResult(result.rebuild, 'table');
        throw new ExitError(EXIT.failed, `the raw data is erased, but the rebuild failed: run \`tributary sync\` to republish (${result.rebuild.error ?? 'see above'})`);
      }
      process.stderr.write(`done: ${config.analyticsPath} no longer holds this person\n`);
    });
}
