/**
 * `tributary runs`: recent runs from the control plane, newest first; with a run id,
 * that run's streams (rows read/inserted, requests, retries, errors).
 */
import type { Command } from 'commander';
import { ConfigError, TributaryError } from '../../core/index.js';
import { openConfig, parseFormat, print, commonOptions } from '../context.js';
import { streamCounts } from '../sync-report.js';

export function registerRuns(program: Command): void {
  commonOptions(program.command('runs'))
    .description('list recent runs, or the streams of one run')
    .argument('[run-id]', 'show the streams of this run')
    .option('-n, --limit <n>', `how many runs (1..${MAX_LIMIT})`, '20')
    .action(async (runId: string | undefined, opts: { config: string; format: string; limit: string }) => {
      const format = parseFormat(opts.format);
      const limit = parseLimit(opts.limit);
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
        const runs = await cp.recentRuns(limit);
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

/** More runs than anyone reads in a terminal; the control plane's query stays small. */
const MAX_LIMIT = 10_000;

/** `--limit`: a whole number from 1 to MAX_LIMIT (`abc`, `-1`, `0` or 20 digits are bad usage, not a default). */
function parseLimit(value: string): number {
  const n = /^\d{1,6}$/.test(value.trim()) ? Number(value.trim()) : Number.NaN;
  if (!Number.isInteger(n) || n < 1 || n > MAX_LIMIT) {
    throw new ConfigError(`--limit must be a whole number from 1 to ${MAX_LIMIT}, got "${value}"`);
  }
  return n;
}
