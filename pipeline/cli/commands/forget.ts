/**
 * `tributary forget`: erase a person (GDPR Art. 17) — from every raw table, and so from
 * every model and the published analytics database, which are rebuilt from what is
 * left — and suppress their identifiers so the next syncs drop them at the door.
 *
 * `--dry-run` shows what would go; without it `--yes` is required (a nightly script must
 * never erase by accident, and there is no prompt to answer). The request is in the audit
 * log with customer ids, row counts and suppression-key counts — never the identifiers.
 */
import { randomUUID } from 'node:crypto';
import type { Command } from 'commander';
import { ConfigError } from '../../../connectors/sdk/index.js';
import type { TributaryConfig } from '../../config/load-config.js';
import { EXIT, ExitError, fileLogger, openConfig, parseFormat, print } from '../context.js';
import type { OutputFormat } from '../format.js';
import { printSyncResult, progressPrinter } from '../sync-report.js';

interface ForgetOptions {
  config: string;
  format: string;
  email?: string[];
  phone?: string[];
  country?: string;
  customer?: string[];
  reason?: string;
  dryRun?: boolean;
  yes?: boolean;
}

export function registerForget(program: Command): void {
  program
    .command('forget')
    .description('erase a person from raw data, models and the published database, and keep them out of later syncs')
    .option('-c, --config <file>', 'tributary.yml', 'tributary.yml')
    .option('-f, --format <format>', 'table | json | csv (what was erased)', 'table')
    .option('--email <address...>', 'an email address of the person')
    .option('--phone <number...>', 'a phone number of the person')
    .option('--country <code>', 'ISO country of --phone numbers in national format (e.g. GB)')
    .option('--customer <id...>', 'a customer_id (cus_…)')
    .option('--reason <text>', 'why (recorded in the audit log), e.g. a ticket number')
    .option('--dry-run', 'show what would be erased; change nothing')
    .option('--yes', 'erase (required unless --dry-run)')
    .action(async (opts: ForgetOptions) => {
      const format = parseFormat(opts.format);
      if (!opts.email?.length && !opts.phone?.length && !opts.customer?.length) {
        throw new ConfigError('forget needs at least one --email, --phone or --customer', { hint: 'e.g. tributary forget --email alice@example.com --dry-run' });
      }
      if (!opts.dryRun && !opts.yes) {
        throw new ConfigError('forget erases data for good: pass --yes to go ahead, or --dry-run to see what it would erase');
      }
      const config = await openConfig(opts, false);
      // Held from the plan to the rewritten file: no sync may slip in between the steps.
      const { acquireRunLock } = await import('../../warehouse/run-lock.js');
      const lock = acquireRunLock(config.warehousePath, 'forget');
      try {
        await forget(config, opts, format);
      } finally {
        lock.release();
      }
    });
}

async function forget(config: TributaryConfig, opts: ForgetOptions, format: OutputFormat): Promise<void> {
  const { withWarehouse } = await import('../../warehouse/warehouse.js');
  const { planErasure, executeErasure } = await import('../../../governance/erasure/forget.js');
  const { identifierForms, suppressionKey } = await import('../../../governance/erasure/identifiers.js');
  const request = {
    emails: opts.email ?? [],
    phones: opts.phone ?? [],
    customerIds: opts.customer ?? [],
    ...(opts.country ? { country: opts.country } : {}),
  };

  const { plan, deleted } = await withWarehouse(config.warehousePath, async (wh) => {
    const plan = await planErasure(wh.conn, request);
    return { plan, deleted: opts.dryRun ? undefined : await executeErasure(wh.conn, plan) };
  });
  const counts = new Map((deleted ?? plan.tables).map((t) => [t.table, t.rows]));
  print(
    plan.tables.map((t) => ({ table: t.table, rows: counts.get(t.table) ?? 0 })),
    format,
    ['table', 'rows'],
  );
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  const who = plan.customers.length ? `customer${plan.customers.length > 1 ? 's' : ''} ${plan.customers.join(', ')} (${plan.identities} source identities)` : 'no known customer';
  if (opts.dryRun) {
    process.stderr.write(`dry run: would erase ${total} raw rows of ${who}${plan.quarantined ? ` and ${plan.quarantined} quarantined records` : ''}; nothing changed\n`);
    return;
  }

  // Suppress every form of every identifier, so later syncs drop the person's records.
  const keys = new Map<string, { kind: string; keyHash: string }>();
  for (const i of plan.identifiers) {
    for (const form of identifierForms(i.kind, i.form)) {
      const keyHash = suppressionKey(i.kind, form);
      keys.set(`${i.kind}:${keyHash}`, { kind: i.kind, keyHash });
    }
  }
  const { ControlPlane, currentActor } = await import('../../control-plane/control-plane.js');
  const requestId = `era_${randomUUID().slice(0, 8)}`;
  const cp = await ControlPlane.open(config.controlPlanePath);
  try {
    await cp.addSuppressions(requestId, [...keys.values()]);
    // An unmasked query's SQL in the audit log may quote the person's email or ids.
    await cp.scrubAudit(plan.identifiers.filter((i) => i.kind !== 'phone').map((i) => i.form));
    await cp.audit({
      actor: currentActor(),
      action: 'forget',
      target: config.warehousePath,
      details: { requestId, reason: opts.reason ?? null, customers: plan.customers, rowsDeleted: Object.fromEntries(counts), quarantinedDeleted: plan.quarantined, suppressionKeys: keys.size },
    });
  } finally {
    await cp.close();
  }
  process.stderr.write(`erased ${total} raw rows of ${who}; ${keys.size} identifiers suppressed for later syncs (request ${requestId})\nrebuilding models and the published database from what is left …\n`);

  const { sync } = await import('../../sync.js');
  const rebuilt = await sync({ config, log: fileLogger(config), rebuildOnly: true, runLockHeld: true, command: `forget ${requestId} (rebuild)`, onEvent: progressPrinter(process.stderr) });
  // DuckDB frees the blocks of deleted rows and replaced model tables without
  // overwriting them: rewrite the file so the person's bytes are gone too. After the
  // rebuild, so the models that still held them are among what is left behind.
  const { compactWarehouse } = await import('../../warehouse/compact.js');
  const { bytesBefore, bytesAfter } = await compactWarehouse(config.warehousePath);
  process.stderr.write(`compacted ${config.warehousePath}: ${(bytesBefore / 1e6).toFixed(1)} MB -> ${(bytesAfter / 1e6).toFixed(1)} MB\n`);
  if (rebuilt.status !== 'success') {
    printSyncResult(rebuilt, 'table');
    throw new ExitError(EXIT.failed, `the raw data is erased, but the rebuild failed: run \`tributary sync\` to republish (${rebuilt.error ?? 'see above'})`);
  }
  process.stderr.write(`done: ${config.analyticsPath} no longer holds this person\n`);
}
