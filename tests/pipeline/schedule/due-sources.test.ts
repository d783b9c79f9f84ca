/**
 * Which scheduled sources are due: the latest slot later than the last one run (any
 * number of missed slots: one run), a source never run by the scheduler due unless a
 * sync since its latest slot served it; and the crons and time zone checked when the
 * config loads.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../pipeline/config/load-config.js';
import { dueSources } from '../../../pipeline/schedule/due-sources.js';
import { tempDir, type TempDir } from '../../helpers/workspace.js';

const now = new Date('2026-12-02T07:30:00Z');
const src = (id: string, schedule?: string) => ({ id, enabled: true, streams: [{ name: 'events' }] as never, ...(schedule ? { schedule } : {}) });

describe('dueSources', () => {
  it('an hourly source run for the last slot is not due; one last run three days ago is due once, for the latest slot', () => {
    const { due, notDue } = dueSources(
      [src('ontime', '0 * * * *'), src('behind', '0 * * * *'), src('manual')],
      { ontime: '2026-12-02T07:00:00.000Z', behind: '2026-11-29T07:00:00.000Z' },
      [],
      'UTC',
      now,
    );
    expect(due).toEqual([{ sourceId: 'behind', slot: new Date('2026-12-02T07:00:00Z'), missed: 72 }]);
    expect(notDue).toEqual([{ sourceId: 'ontime', next: new Date('2026-12-02T08:00:00Z') }]);
  });

  it('a source the scheduler never ran: due unless it synced since its latest slot', () => {
    const synced = (hoursAgo: number) => [{ sourceId: 'a', stream: 'events', finishedAt: new Date(now.getTime() - hoursAgo * 3_600_000) }];
    expect(dueSources([src('a', '0 2 * * *')], {}, [], 'UTC', now).due).toHaveLength(1);
    expect(dueSources([src('a', '0 2 * * *')], {}, synced(1), 'UTC', now).due).toEqual([]);
    expect(dueSources([src('a', '0 2 * * *')], {}, synced(6), 'UTC', now).due).toHaveLength(1);
  });
});

describe('schedule settings in tributary.yml', () => {
  let dir: TempDir;
  afterEach(() => dir?.remove());

  it('resolves each source cron (its own over schedule.cron) and warn_after; a bad cron or zone is a config error naming the key', () => {
    dir = tempDir();
    mkdirSync(join(dir.path, 'events'));
    const good = dir.file(
      'tributary.yml',
      `version: 1\nschedule: { cron: '0 2 * * *', timezone: Europe/Berlin }\nfreshness: { warn_after: 26h }\nsources:\n  web: { type: web-events, path: events }\n  often: { type: web-events, path: events, schedule: '*/15 * * * *', freshness: { warn_after: 90m } }\n`,
    );
    const config = loadConfig(good);
    expect(config.timezone).toBe('Europe/Berlin');
    expect(config.sources.map((s) => [s.id, s.schedule, s.warnAfterMs])).toEqual([
      ['web', '0 2 * * *', 26 * 3_600_000],
      ['often', '*/15 * * * *', 90 * 60_000],
    ]);
    const bad = dir.file(
      'bad.yml',
      `version: 1\nschedule: { timezone: Mars/Olympus }\nsources:\n  web: { type: web-events, path: events, freshness: { warn_after: a day } }\n  other: { type: web-events, path: events, schedule: 'every night' }\n`,
    );
    expect(() => loadConfig(bad)).toThrow(/schedule\.timezone: unknown time zone "Mars\/Olympus"[\s\S]*sources\.web\.freshness\.warn_after: expected a duration like 90m, 26h or 2d[\s\S]*sources\.other\.schedule: "every night" is not a cron expression/);
  });
});
