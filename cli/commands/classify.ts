/**
 * `tributary classify <file|table>`: each column's PII tag, confidence and evidence,
 * for a CSV/Parquet/JSON-lines file (no workspace needed) or a warehouse table
 * (with --config). See pipeline/inspect/classify.ts.
 */
import { existsSync, statSync } from 'node:fs';
import type { Command } from 'commander';
import { ConfigError } from '../../core/index.js';
import { openConfig, parseFormat, print, type CommonOptions } from '../context.js';

export function registerClassify(program: Command): void {
  program
    .command('classify')
    .description('find personal data in a file (csv, parquet, jsonl) or a warehouse table: tag, confidence and evidence per column')
    .argument('<target>', 'a file (export.csv, data.parquet, events.jsonl) or a table (customers, raw.hubspot_contacts)')
    .option('-c, --config <file>', 'tributary.yml (for a table)')
    .option('-f, --format <format>', 'table | json | csv', 'table')
    .option('--sample <n>', 'values sampled per column', '200')
    .action(async (target: string, opts: Partial<CommonOptions> & { sample: string }) => {
      const format = parseFormat(opts.format);
      const limit = Number(opts.sample);
      if (!Number.isInteger(limit) || limit < 1 || limit > 100_000) {
        throw new ConfigError(`--sample must be a whole number from 1 to 100000, got "${opts.sample}"`, { hint: 'the default, 200 values per column, is enough for the value rules' });
      }
      const { classify, isFileTarget } = await import('../../pipeline/inspect/classify.js');
      // A file needs no workspace; anything else is a table of the one --config names.
      const needsConfig = !isFileTarget(target) && !(existsSync(target) && statSync(target).isFile());
      if (needsConfig && opts.config === undefined && !existsSync('tributary.yml')) {
        throw new ConfigError(`"${target}" is not a file Tributary reads (csv, tsv, parquet, jsonl, ndjson, json)`, { hint: 'give a file, or a warehouse table with --config tributary.yml' });
      }
      const config = needsConfig ? await openConfig({ config: opts.config ?? 'tributary.yml' }, false) : undefined;
      const result = await classify({ target, limit, ...(config ? { config } : {}) });
      if (format === 'json') {
        process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
        return;
      }
      print(
        result.columns.map((c) => ({ column: c.column, type: c.type, tag: c.tag ?? '', confidence: c.confidence, evidence: c.evidence })),
        format,
        ['column', 'type', 'tag', 'confidence', 'evidence'],
      );
      if (format === 'table') {
        const personal = result.columns.filter((c) => c.tag !== null).length;
        process.stderr.write(`${personal} of ${result.columns.length} columns hold personal data (confidence ≥ ${result.threshold}; ${result.rows} rows)\n`);
      }
    });
}
