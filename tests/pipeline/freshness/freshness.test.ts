/**
 * Freshness, table-driven: where a source's expected interval comes from (warn_after,
 * else its cron's interval + 1 h, else none), that a source is as fresh as its stalest
 * stream, and that a staleness episode alerts once and ends when the source is fresh.
 */
import { describe, expect, it } from 'vitest';
import { assessFreshness, type SourceFreshness } from '../../../pipeline/freshness/freshness.js';
import { nextEpisodes } from '../../../pipeline/freshness/stale-alerts.js';

const H = 3_600_000;
const now = new Date('2026-12-02T07:00:00Z');
const at = (hoursAgo: number) => new Date(now.getTime() - hoursAgo * H);
const source = (id: string, o: { schedule?: string; warnAfterMs?: number; streams?: string[] } = {}) => ({
  id,
  streams: (o.streams ?? ['contacts']).map((name) => ({ name })) as never,
  ...(o.schedule ? { schedule: o.schedule } : {}),
  ...(o.warnAfterMs ? { warnAfterMs: o.warnAfterMs } : {}),
});

describe('assessFreshness', () => {
  it.each([
    ['warn_after, synced within it', source('a', { warnAfterMs: 26 * H }), [['contacts', 25]], 'fresh', 'freshness.warn_after'],
    ['warn_after, synced before it', source('a', { warnAfterMs: 26 * H }), [['contacts', 27]], 'stale', 'freshness.warn_after'],
    ['warn_after over the schedule', source('a', { warnAfterMs: 2 * H, schedule: '0 2 * * *' }), [['contacts', 3]], 'stale', 'freshness.warn_after'],
    ['nightly cron: 24 h + 1 h', source('a', { schedule: '0 2 * * *' }), [['contacts', 24.5]], 'fresh', "schedule '0 2 * * *' + 1h"],
    ['nightly cron, a night missed', source('a', { schedule: '0 2 * * *' }), [['contacts', 26]], 'stale', "schedule '0 2 * * *' + 1h"],
    ['never synced', source('a', { warnAfterMs: H }), [], 'stale', 'freshness.warn_after'],
    ['one stream never synced', source('a', { warnAfterMs: H, streams: ['contacts', 'deals'] }), [['contacts', 0.1]], 'stale', 'freshness.warn_after'],
    ['the stalest stream counts', source('a', { warnAfterMs: 10 * H, streams: ['contacts', 'deals'] }), [['contacts', 0.1], ['deals', 11]], 'stale', 'freshness.warn_after'],
    ['no expectation', source('a'), [], 'unchecked', 'none'],
  ] as const)('%s', (_name, src, synced, status, from) => {
    const successes = synced.map(([stream, hours]) => ({ sourceId: 'a', stream, finishedAt: at(hours) }));
    const [result] = assessFreshness([src], successes, 'UTC', now);
    expect(result).toMatchObject({ sourceId: 'a', status, expectedFrom: from });
  });

  it('reads the cron in the configured time zone (a 02:00 Berlin slot is 01:00 UTC in winter)', () => {
    const [r] = assessFreshness([source('a', { schedule: '0 2 * * *' })], [{ sourceId: 'a', stream: 'contacts', finishedAt: at(1) }], 'Europe/Berlin', now);
    expect(r!.expectedMs).toBe(25 * H);
  });
});

describe('staleness episodes', () => {
  const stale = (id: string): SourceFreshness => ({ sourceId: id, status: 'stale', lastSuccess: undefined, expectedMs: H, expectedFrom: 'freshness.warn_after' });
  const fresh = (id: string): SourceFreshness => ({ ...stale(id), status: 'fresh' });

  it('alerts a source when it turns stale, not again while it stays stale, and again after it was fresh in between', () => {
    const first = nextEpisodes({}, [stale('a'), fresh('b')], now);
    expect(first.newlyStale.map((s) => s.sourceId)).toEqual(['a']);
    const second = nextEpisodes(first.kept, [stale('a'), stale('b')], now);
    expect(second.newlyStale.map((s) => s.sourceId)).toEqual(['b']);
    const recovered = nextEpisodes(second.kept, [fresh('a'), stale('b')], now);
    expect(recovered.newlyStale).toEqual([]);
    expect(Object.keys(recovered.kept)).toEqual(['b']);
    expect(nextEpisodes(recovered.kept, [stale('a'), stale('b')], now).newlyStale.map((s) => s.sourceId)).toEqual(['a']);
  });
});
