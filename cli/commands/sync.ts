/**
 * `tributary sync`: extract every source, build the models, govern, publish.
 * Progress goes to stderr, the per-stream result table to stdout, structured logs to
 * <workspace>/logs/tributary.log. Exit 0 when every stream succeeded, 1 otherwise.
 * Ctrl-C / SIGTERM stop after the batch in flight; what was committed stays.
 * `--wait` waits for a run holding the warehouse instead of exiting 1 at once.
 */
import { dirname } from 'node:path';
import type { Command } from 'commander';
import { ConfigError } from '../../core/index.js';
import { EXIT, ExitError, fileLogger, openConfig, parseFormat, commonOptions } from '../context.js';
import { printSyncResult, progressPrinter } from '../sync-report.js';
import { interruptible } from '../interrupt.js';

export function registerSync(program: Command): void {
  commonOptions(program.command('sync'), 'table | json | csv (the result)')
    .description('extract all sources into the warehouse, build models, apply governance, publish analytics.duckdb')
    .option('-s, --source <id...>', 'only these sources')
    .option('--extract-only', 'land raw data only; skip build, governance and publish')
    .option('--build-only', 'read no source: import what `tributary worker` processes landed (raw/<source>/<stream>/ Parquet), then build, govern and publish')
    .option('--full-refresh', 'rebuild every model, incremental ones from scratch (default: only what the landed batches changed, and what depends on it)')
    .option('--wait', 'when another run holds the warehouse, wait for it to finish instead of exiting 1')
    .option('--wait-timeout <seconds>', 'with --wait: give up (exit 1) after this long', String(DEFAULT_WAIT_SECONDS))
    .action(async (opts: { config: string; format: string; source?: string[]; extractOnly?: boolean; buildOnly?: boolean; fullRefresh?: boolean; wait?: boolean; waitTimeout: string }) => {
      const format = parseFormat(opts.format);
      const waitSeconds = parseWaitTimeout(opts.waitTimeout);
      const config = await openConfig(opts, true);
      const { sync } = await import('../../pipeline/sync.js');
      const { describeHolder } = await import('../../pipeline/warehouse/run-lock.js');
      const interrupt = interruptible('stopping after the batch in flight');
      try {
        const result = await sync({
          config,
          log: fileLogger(config),
          signal: interrupt.signal,
          onEvent: progressPrinter(process.stderr),
          ...(opts.source ? { sources: opts.source } : {}),
          ...(opts.extractOnly ? { extractOnly: true } : {}),
          ...(opts.buildOnly ? { buildOnly: true } : {}),
          ...(opts.fullRefresh ? { fullRefresh: true } : {}),
          ...(opts.wait
            ? {
                waitForLock: {
                  timeoutMs: waitSeconds * 1000,
                  onWait: (holder) => process.stderr.write(`waiting for ${describeHolder(holder)} to finish with ${config.warehousePath} (up to ${waitSeconds} s) …\n`),
                },
              }
            : {}),
        });
        printSyncResult(result, format);
        if (result.streams.some((s) => s.errorCode === 'source_unreachable')) {
          const { isDemoWorkspace } = await import('../../sandbox/demo/demo.js');
          if (isDemoWorkspace(dirname(config.file))) {
            process.stderr.write('hint: this is a demo workspace: its sources are mocks that run only while `npx tributary demo --serve` does\n');
          }
        }
        if (result.status !== 'success') throw new ExitError(EXIT.failed);
      } finally {
        interrupt.release();
      }
    });
}

/** An hour: longer than a nightly run should take, short enough that stuck runs do not pile up behind each other. */
const DEFAULT_WAIT_SECONDS = 3600;

function parseWaitTimeout(value: string): number {
  const n = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value.trim()) || !Number.isFinite(n) || n <= 0) {
    throw new ConfigError(`--wait-timeout must be a number of seconds above 0, got "${value}"`, { hint: 'e.g. --wait-timeout 600' });
  }
  return n;
}
