/**
 * `tributary identity explain <customer_id>`: why those records are one customer (its
 * records and the links that connect them, with per-field evidence for probabilistic
 * ones); `tributary identity explain --records <a> <b>`: why two records are or are not
 * linked (see pipeline/inspect/identity-explain.ts).
 */
import type { Command } from 'commander';
import { ConfigError } from '../../core/index.js';
import { commonOptions, openConfig, parseFormat, print, type CommonOptions } from '../context.js';
import type { OutputFormat } from '../format.js';
import type { CustomerExplanation, FieldEvidence, IdentityLink, RecordsExplanation } from '../../pipeline/inspect/identity-explain.js';

export function registerIdentity(program: Command): void {
  const identity = program.command('identity').description('identity resolution: why records are one customer');
  commonOptions(identity.command('explain'))
    .description('why the records of a customer are one customer, or (--records a b) why two records are or are not linked')
    .argument('[customer_id]', 'cus_… (warehouse) or h_… (analytics.duckdb)')
    .option('--records <identity_keys...>', 'two identity keys (as `identity explain <customer_id>` lists them)')
    .action(async (customerId: string | undefined, opts: CommonOptions & { records?: string[] }) => {
      const format = parseFormat(opts.format);
      if ((customerId === undefined) === (opts.records === undefined)) {
        throw new ConfigError('name either a customer id or --records <a> <b>', {
          hint: 'e.g. `tributary identity explain cus_5a0e3c9b1f7d2e48` or `tributary identity explain --records <identity_key> <identity_key>`',
        });
      }
      if (opts.records !== undefined && opts.records.length !== 2) {
        throw new ConfigError(`--records takes two identity keys, got ${opts.records.length}`, { hint: 'e.g. --records hubspot:contacts:hubspot:1001 salesforce:contacts:salesforce:003…' });
      }
      const config = await openConfig(opts, false);
      const { explainCustomer, explainRecords } = await import('../../pipeline/inspect/identity-explain.js');
      if (opts.records !== undefined) {
        printRecords(await explainRecords({ config, left: opts.records[0]!, right: opts.records[1]! }), format);
      } else {
        printCustomer(await explainCustomer({ config, customerId: customerId! }), format);
      }
    });
}

function printCustomer(why: CustomerExplanation, format: OutputFormat): void {
  if (format === 'json') {
    process.stdout.write(`${JSON.stringify({ customer_id: why.customerId, records: why.records, links: why.tree.map(linkJson), link_count: why.linkCount }, null, 2)}\n`);
    return;
  }
  if (format === 'csv') {
    print(why.tree.map(linkRow), format, LINK_COLUMNS);
    return;
  }
  const n = why.records.length;
  process.stdout.write(
    `${why.customerId}: ${n} record${n === 1 ? '' : 's'}, ${n === 1 ? 'alone' : `one customer through ${why.tree.length} link${why.tree.length === 1 ? '' : 's'}`} (${why.linkCount} link${why.linkCount === 1 ? '' : 's'} between them in all)\n\nRecords\n`,
  );
  print(why.records.map((r) => ({ ...r, is_anchor: r.is_anchor ? 'anchor' : '' })), format, ['identity_key', 'source', 'source_kind', 'source_record_id', 'match_rule', 'is_anchor']);
  if (why.tree.length > 0) {
    process.stdout.write('\nLinks (the strongest that connect every record)\n');
    print(why.tree.map(linkRow), format, LINK_COLUMNS);
  }
}

function printRecords(why: RecordsExplanation, format: OutputFormat): void {
  const [a, b] = why.records;
  if (format === 'json') {
    process.stdout.write(
      `${JSON.stringify(
        {
          records: why.records,
          customers: why.customers,
          same_customer: why.sameCustomer,
          verdict: why.verdict,
          direct_links: why.directLinks.map(linkJson),
          path: why.path.map(linkJson),
          comparison: why.comparison,
        },
        null,
        2,
      )}\n`,
    );
    return;
  }
  if (format === 'csv') {
    print(fieldRows(why.comparison?.fields ?? {}), format, ['field', 'level', 'weight']);
    return;
  }
  process.stdout.write(`${why.verdict}\n\n  ${a}  → ${why.customers[0] ?? '(no customer)'}\n  ${b}  → ${why.customers[1] ?? '(no customer)'}\n`);
  const links = why.directLinks.length > 0 ? why.directLinks : why.path;
  if (links.length > 0) {
    process.stdout.write(why.directLinks.length > 0 ? '\nLinks\n' : '\nPath through other records\n');
    print(links.map(linkRow), format, LINK_COLUMNS);
  }
  if (why.comparison) {
    const c = why.comparison;
    const configNote = c.config_threshold === c.threshold ? '' : ` (the last build's; tributary.yml now says ${c.config_threshold})`;
    process.stdout.write(`\nComparison (blocking rule ${c.blocking_rule}): match weight ${c.match_weight.toFixed(2)}, threshold ${c.threshold}${configNote} → ${c.is_match ? 'a match' : 'no match'}\n`);
    print(fieldRows(c.fields), format, ['field', 'level', 'weight']);
  }
}

const LINK_COLUMNS = ['left', 'right', 'rule', 'match_weight', 'evidence'];

function linkRow(l: IdentityLink): Record<string, unknown> {
  return {
    left: l.left,
    right: l.right,
    rule: l.match_rule,
    match_weight: l.match_weight === null ? '' : l.match_weight.toFixed(2),
    evidence: l.evidence === null ? '' : evidenceText(l.evidence),
  };
}

function linkJson(l: IdentityLink): Record<string, unknown> {
  return { left: l.left, right: l.right, link_type: l.link_type, match_rule: l.match_rule, match_weight: l.match_weight, blocking_rule: l.blocking_rule, evidence: l.evidence };
}

/** `first_name exact +6.05, email exact +8.07`: the fields that said something. */
function evidenceText(evidence: FieldEvidence): string {
  return Object.entries(evidence)
    .filter(([, e]) => e.level !== null)
    .map(([f, e]) => `${f} ${e.level} ${e.weight >= 0 ? '+' : ''}${e.weight.toFixed(2)}`)
    .join(', ');
}

function fieldRows(fields: FieldEvidence): Record<string, unknown>[] {
  return Object.entries(fields).map(([field, e]) => ({ field, level: e.level ?? '(a side lacks it)', weight: e.weight.toFixed(2) }));
}
