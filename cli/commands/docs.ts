/**
 * `tributary docs [--out dir] [--serve [--port n]]`: writes the catalog site (tables,
 * columns, PII, masking, row counts, freshness, clickable lineage) and optionally serves
 * it on 127.0.0.1 until Ctrl-C (see pipeline/docs/).
 */
import type { Command } from 'commander';
import { ConfigError } from '../../core/index.js';
import { openConfig, type CommonOptions } from '../context.js';

interface DocsFlags extends CommonOptions {
  readonly out?: string;
  readonly serve?: boolean;
  readonly port: string;
}

export function registerDocs(program: Command): void {
  program
    .command('docs')
    .description('write the catalog site: every table and column, PII and masking, row counts, freshness, clickable lineage')
    .option('-c, --config <file>', 'tributary.yml', 'tributary.yml')
    .option('-o, --out <dir>', 'folder to write the site into (default: catalog/ beside tributary.yml)')
    .option('--serve', 'then serve it on 127.0.0.1 until Ctrl-C')
    .option('-p, --port <port>', 'port for --serve (0 picks a free one)', '8000')
    .action(async (opts: DocsFlags) => {
      const port = parsePort(opts.port);
      const config = await openConfig(opts, false);
      const { docs } = await import('../../pipeline/docs/docs.js');
      const site = await docs({ config, ...(opts.out ? { out: opts.out } : {}) });
      process.stdout.write(`wrote ${site.index} (${site.tables} tables, ${site.columns} columns)\n`);
      for (const note of site.notes) process.stderr.write(`note: ${note}\n`);
      if (!opts.serve) return;
      const { serveSite } = await import('../../pipeline/docs/serve-site.js');
      const server = await serveSite(site.dir, port);
      process.stdout.write(`serving the catalog at ${server.url} (Ctrl-C to stop)\n`);
      await new Promise<void>((resolve) => {
        const stop = (): void => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          resolve();
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      await server.close();
    });
}

function parsePort(value: string): number {
  if (!/^\d{1,5}$/.test(value) || Number(value) > 65535) {
    throw new ConfigError(`--port must be a whole number from 0 to 65535, got "${value}"`, { hint: '0 picks a free port' });
  }
  return Number(value);
}
