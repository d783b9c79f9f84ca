/**
 * `tributary status`: per enabled source, its last successful sync, the interval it is
 * expected within and whether it is fresh. Exit 1 when any source is stale, so it serves
 * as a health check; `--alert` also sends the `alerts:` of tributary.yml for sources that
 * just turned stale (once per staleness episode).
 */
import type { Command } from 'commander';
import { silentLogger } from '../../core/index.js';
import { EXIT, ExitError, commonOptions, fileLogger, openConfig, parseFormat, print } from '../context.js';

export function registerStatus(program: Command): void {
  commonOptions(program.command('status'))
    .description('per source: last successful sync, expected interval, fresh or stale (exit 1 when any is stale)')
    .option('--alert', 'send the configured alerts for sources that just turned stale (once per staleness episode)')
    .action(async (opts: { config: string; format: string; alert?: boolean }) => {
      const format = parseFormat(opts.format);
      const config = await openConfig(opts, false);
      const { checkFreshness } = await import('../../pipeline/freshness/freshness.js');
      const { formatAge } = await import('../../pipeline/alerts/alert-message.js');
      const now = new Date();
      const report = await checkFreshness(config, now);
      print(
        report.map((s) => ({
          source: s.sourceId,
          status: s.status,
          last_success: s.lastSuccess ?? null,
          ...(format === 'json'
            ? {
                age_seconds: s.lastSuccess ? Math.round((now.getTime() - s.lastSuccess.getTime()) / 1000) : null,
                expected_seconds: s.expectedMs === undefined ? null : Math.round(s.expectedMs / 1000),
              }
            : {
                age: s.lastSuccess ? formatAge(now.getTime() - s.lastSuccess.getTime()) : 'never',
                expected: s.expectedMs === undefined ? '-' : formatAge(s.expectedMs),
              }),
          expected_from: s.expectedFrom,
        })),
        format,
        ['source', 'status', 'last_success', ...(format === 'json' ? ['age_seconds', 'expected_seconds'] : ['age', 'expected']), 'expected_from'],
      );
      if (opts.alert) {
        const { alertStaleSources } = await import('../../pipeline/freshness/stale-alerts.js');
        const outcome = await alertStaleSources({ config, report, log: config.logLevel === 'silent' ? silentLogger() : fileLogger(config), now });
        for (const d of outcome.deliveries) {
          process.stderr.write(d.ok ? `alert sent (${d.target})\n` : `alert NOT delivered (${d.target}) after ${d.attempts} attempts: ${d.error}\n`);
        }
      }
      const stale = report.filter((s) => s.status === 'stale');
      if (stale.length > 0) {
        throw new ExitError(EXIT.failed, `stale: ${stale.map((s) => `${s.sourceId} (${s.lastSuccess ? `last synced ${formatAge(now.getTime() - s.lastSuccess.getTime())} ago` : 'never synced'})`).join(', ')}`);
      }
    });
}
