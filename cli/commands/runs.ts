/**
 * `tributary runs`: recent runs from the control plane, newest first; with a run id,
 * that run's streams (rows read/inserted, requests, retries, errors).
 */
import type { Command } from 'commander';
import { TributaryError } from '../../core/index.js';
import { openConfig, parseFormat, print, commonOptions } from '../context.js';
import { streamCounts } from '../sync-report.js';

export function registerRuns(program: Command): void {
  commonOptions(program.command('runs'))
    .description('list recent runs, or the streams of one run')
    .argument('[run-id]', 'show the streams of this run')
    .option('-n, --limit <n>', 'how many runs', '20')
    .action(async (runId: string | undefined, opts: { config: string; format: string; limit: string }) => {
      const format = parseFormat(opts.format);
      const config = await openConfig(opts, false);
      const { ControlPlane } = await import('../../pipeline/control-plane/control-plane.js');
      const cp = await ControlPlane.openForReading(config.controlPlanePath);
      try {
        if (runId) {
          const run = await cp.prisma.run.findUnique({ where: { id: runId }, include: { streams: true } });
          if (!run) throw new TributaryError('unknown_run', `no run ${runId}`, { hint: 'list runs with `tributary runs`' });
          print(
            run.streams.map((s) => ({ ...streamCounts(s), duration_ms: s.durationMs, error: s.error })),
            format,
          );
          return;
        }
        const limit = Number.parseInt(opts.limit, 10);
        const runs = await cp.recentRuns(Number.isFinite(limit) && limit > 0 ? limit : 20);
        print(
          runs.map((r) => ({
            run_id: r.id,
            command: r.command,
            status: r.status,
            started_at: r.startedAt,
            duration_ms: r.durationMs,
            streams: r.streams.length,
            rows_read: r.streams.reduce((n, s) => n + s.rowsRead, 0),
            rows_inserted: r.streams.reduce((n, s) => n + s.rowsInserted, 0),
            actor: r.actor,
            error: r.error,
          })),
          format,
        );
      } finally {
        await cp.close();
      }
    });
}
