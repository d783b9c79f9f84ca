/**
 * `tributary worker`: takes stream jobs from the PostgreSQL control plane's queue until
 * SIGTERM/SIGINT (the stream in flight stops after its batch; a second signal forces the
 * exit). `tributary enqueue`: queues one job per stream of the enabled sources (or
 * `--source`), for the workers to share, and prints them.
 */
import type { Command } from 'commander';
import { commonOptions, fileLogger, openConfig, parseFormat } from '../context.js';
import { formatRows } from '../format.js';
import { interruptible } from '../interrupt.js';

export function registerWorker(program: Command): void {
  program
    .command('worker')
    .description('take stream jobs from the control plane (PostgreSQL) queue until SIGTERM/SIGINT; several workers share them')
    .option('-c, --config <file>', 'tributary.yml', 'tributary.yml')
    .action(async (opts: { config: string }) => {
      const config = await openConfig(opts, true);
      const { runWorker } = await import('../../pipeline/workers/worker.js');
      const log = fileLogger(config).child({ worker: process.pid });
      const interrupt = interruptible('stopping after the batch in flight');
      try {
        await runWorker({ config, log, signal: interrupt.signal, onLine: (line) => process.stderr.write(`${line}\n`) });
      } finally {
        interrupt.release();
      }
    });

  commonOptions(program.command('enqueue'))
    .description('queue one job per stream (enabled sources, or --source) for `tributary worker` processes')
    .option('-s, --source <id...>', 'only these sources')
    .action(async (opts: { config: string; format: string; source?: string[] }) => {
      const format = parseFormat(opts.format);
      const config = await openConfig(opts, true);
      const { enqueueStreams } = await import('../../pipeline/workers/stream-queue.js');
      const jobs = await enqueueStreams({ config, log: fileLogger(config), ...(opts.source ? { sources: opts.source } : {}) });
      process.stdout.write(`${formatRows(jobs.map((j) => ({ source: j.source, stream: j.stream, job: j.id })), format)}\n`);
    });
}
