/**
 * `tributary schedule`: a long-running process that syncs each source on its cron
 * (tributary.yml `schedule:`), one line per start, skip and stop on stderr. SIGTERM or
 * SIGINT lets the run in flight stop after its batch (what was committed stays), then
 * exits 0; a second signal forces the exit. `--once` runs what is due now (a missed slot
 * caught up once) and exits: 0, or 1 when the run it started did not succeed.
 */
import type { Command } from 'commander';
import { EXIT, ExitError, fileLogger, openConfig } from '../context.js';
import { progressPrinter } from '../sync-report.js';
import { interruptible } from '../interrupt.js';

export function registerSchedule(program: Command): void {
  program
    .command('schedule')
    .description('sync each source on its cron from tributary.yml (schedule:), until SIGTERM/SIGINT; --once: what is due now, then exit')
    .option('-c, --config <file>', 'tributary.yml', 'tributary.yml')
    .option('--once', 'run what is due now (a missed slot caught up once) and exit, for cron or a systemd timer')
    .action(async (opts: { config: string; once?: boolean }) => {
      const config = await openConfig(opts, true);
      const { assertScheduled, runDue, runScheduler } = await import('../../pipeline/schedule/scheduler.js');
      assertScheduled(config);
      const log = fileLogger(config);
      const interrupt = interruptible('stopping; the run in flight (if any) ends after its batch', (signal) => log.info('scheduler stopping', { signal }));
      const options = {
        config,
        log,
        signal: interrupt.signal,
        onLine: (line: string) => process.stderr.write(`${line}\n`),
        onEvent: progressPrinter(process.stderr),
      };
      try {
        if (opts.once) {
          const pass = await runDue(options);
          if (pass.due.length === 0) process.stderr.write('nothing due\n');
          if (pass.run && pass.run.status !== 'success' && !interrupt.signal.aborted) throw new ExitError(EXIT.failed);
          return;
        }
        process.stderr.write(
          `scheduling ${config.sources
            .filter((s) => s.enabled && s.schedule)
            .map((s) => `${s.id} '${s.schedule}'`)
            .join(', ')} (${config.timezone})${config.scheduleMode === 'workers' ? ', queueing stream jobs for workers' : ''}; SIGTERM or Ctrl-C to stop\n`,
        );
        log.info('scheduler started', { pid: process.pid, timezone: config.timezone });
        await runScheduler(options);
        process.stderr.write('scheduler stopped\n');
        log.info('scheduler stopped');
      } finally {
        interrupt.release();
      }
    });
}
