/**
 * `tributary lineage <table.column>`: where a column comes from, or (`--downstream`)
 * what it feeds, down to API fields (see pipeline/inspect/lineage.ts).
 * `tributary lineage --coverage`: every published column, traced or not, and why
 * (pipeline/inspect/lineage-coverage.ts); `--fail-under <pct>` makes it a gate.
 */
import type { Command } from 'commander';
import { ConfigError } from '../../core/index.js';
import { EXIT, ExitError, commonOptions, openConfig, parseFormat, print, type CommonOptions } from '../context.js';
import type { LineageCoverage } from '../../pipeline/inspect/lineage-coverage.js';

interface LineageCliOptions extends CommonOptions {
  readonly downstream?: boolean;
  readonly coverage?: boolean;
  readonly failUnder?: string;
}

export function registerLineage(program: Command): void {
  commonOptions(program.command('lineage'))
    .description('column lineage: which raw columns and API fields feed a column (or what it feeds); --coverage: is every published column traced')
    .argument('[column]', 'table.column, e.g. customers.email or raw.hubspot_contacts.properties__email')
    .option('--downstream', 'show what the column feeds instead of where it comes from')
    .option('--coverage', 'every published column: resolved to API fields, seeds or landing columns, constant, or unresolved with the reason')
    .option('--fail-under <pct>', 'with --coverage: exit 1 when less than this percentage of published columns is resolved or constant')
    .action(async (column: string | undefined, opts: LineageCliOptions) => {
      const format = parseFormat(opts.format);
      if (opts.coverage) {
        if (column !== undefined) throw new ConfigError('--coverage reports every published column: name no column with it', { hint: 'tributary lineage --coverage' });
        const failUnder = parseFailUnder(opts.failUnder);
        const config = await openConfig(opts, false);
        const { lineageCoverage } = await import('../../pipeline/inspect/lineage-coverage.js');
        const report = await lineageCoverage({ config });
        printCoverage(report, format);
        if (failUnder !== undefined && report.percent < failUnder) {
          throw new ExitError(EXIT.failed, `lineage coverage ${formatPercent(report.percent)} is below --fail-under ${failUnder} %`);
        }
        return;
      }
      if (opts.failUnder !== undefined) throw new ConfigError('--fail-under goes with --coverage', { hint: 'tributary lineage --coverage --fail-under 100' });
      if (column === undefined) throw new ConfigError('name a column (table.column), or pass --coverage', { hint: 'tributary lineage customers.email' });
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

function parseFailUnder(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value.replace(/%$/, ''));
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 100) {
    throw new ConfigError(`--fail-under must be a percentage from 0 to 100, got "${value}"`, { hint: '--fail-under 100' });
  }
  return n;
}

function formatPercent(p: number): string {
  // Never round up to 100 %: a gate at 100 must see 99.95 as below it.
  return `${(Math.floor(p * 10) / 10).toFixed(1)} %`;
}

/** The summary line: the share with nothing left to trace, and the counts behind it. */
export function coverageSummary(r: LineageCoverage): string {
  return `lineage coverage ${formatPercent(r.percent)}: ${r.total} published columns, ${r.resolved} resolved to API fields, seeds or landing columns, ${r.constant} constant, ${r.unresolved} unresolved`;
}

function printCoverage(report: LineageCoverage, format: ReturnType<typeof parseFormat>): void {
  if (format === 'json') {
    const { columns, ...summary } = report;
    process.stdout.write(`${JSON.stringify({ summary: { ...summary, line: coverageSummary(report) }, columns }, null, 2)}\n`);
    return;
  }
  print(
    report.columns.map((c) => ({
      column: `${c.table}.${c.column}`,
      status: c.status,
      origins: c.origins.map((o) => (o.kind === 'field' ? o.name : `${o.kind}:${o.name}`)).join(', '),
      reason: c.reason ?? '',
    })),
    format,
  );
  if (format === 'table') process.stdout.write(`${coverageSummary(report)}\n`);
}
