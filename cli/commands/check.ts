/**
 * `tributary check`: credentials and connectivity of every configured source, one cheap
 * read each (pipeline/check.ts). Exit 1 when any source failed.
 */
import type { Command } from 'commander';
import { EXIT, commonOptions, openConfig, parseFormat, print, type CommonOptions } from '../context.js';

export function registerCheck(program: Command): void {
  commonOptions(program.command('check'))
    .description('check every source: credentials and connectivity, one cheap authenticated request each (nothing is landed)')
    .option('-s, --source <id...>', 'only these sources')
    .action(async (opts: CommonOptions & { source?: string[] }) => {
      const format = parseFormat(opts.format);
      const config = await openConfig(opts, true);
      const { check } = await import('../../pipeline/check.js');
      const results = await check({ config, ...(opts.source ? { sources: opts.source } : {}) });
      if (format === 'table') {
        for (const r of results) {
          const head = `${r.status === 'ok' ? 'ok  ' : 'FAIL'} ${r.source}: tried ${r.tried}`;
          process.stdout.write(r.status === 'ok' ? `${head} (${r.requests} request${r.requests === 1 ? '' : 's'}, ${(r.durationMs / 1000).toFixed(1)} s)\n` : `${head}\n     ${r.error}\n     fix: ${r.fix}\n`);
        }
        const failed = results.filter((r) => r.status === 'failed').length;
        process.stdout.write(failed === 0 ? `${results.length} of ${results.length} sources ok\n` : `${failed} of ${results.length} sources failed\n`);
      } else {
        print(results.map((r) => ({ source: r.source, status: r.status, tried: r.tried, error: r.error ?? null, fix: r.fix ?? null, requests: r.requests, duration_ms: r.durationMs })), format);
      }
      if (results.some((r) => r.status === 'failed')) process.exitCode = EXIT.failed;
    });
}
