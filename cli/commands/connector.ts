/**
 * `tributary connector validate <file>`: checks a declarative connector definition
 * without network (pipeline/inspect/connector-definition.ts) and prints its streams.
 */
import type { Command } from 'commander';
import { parseFormat, print } from '../context.js';

export function registerConnector(program: Command): void {
  const connector = program.command('connector').description('work with declarative (YAML) connector definitions');
  connector
    .command('validate <file>')
    .description('check a connector definition (YAML) without network: shape, templates, keys, PII fields')
    .option('--format <format>', 'table | json | csv', 'table')
    .action(async (file: string, opts: { format?: string }) => {
      const format = parseFormat(opts.format);
      const { validateConnectorDefinition } = await import('../../pipeline/inspect/connector-definition.js');
      const summary = validateConnectorDefinition(file);
      if (format === 'json') {
        process.stdout.write(`${JSON.stringify({ ok: true, ...summary }, null, 2)}\n`);
        return;
      }
      process.stderr.write(`ok   ${file}: connector "${summary.connector}", ${summary.streams.length} stream${summary.streams.length === 1 ? '' : 's'}\n`);
      print(summary.streams, format, ['stream', 'table', 'primary_key', 'cursor', 'parent', 'pii_fields']);
    });
}
