/**
 * The GA4 stream: `traffic_by_campaign`, daily sessions, engaged sessions, conversions
 * and revenue per session campaign and source/medium. Incremental by date; GA4 keeps
 * processing a day for up to 48 hours, so each run re-reads the last `restate_days`
 * days and the newer version of a (property, date, campaign, source/medium) row wins in
 * staging (an upsert by key over the append-only raw table). Values stay the strings
 * the API sends (`date` as YYYYMMDD); staging casts them.
 */
import { z } from 'zod';
import type { Batch, JsonRecord, ReadContext, Stream, StreamState } from '../sdk/index.js';
import { ServiceAccountToken } from './auth.js';
import type { Ga4Config } from './config.js';
import { QuotaGuard, reportPages } from './report.js';

export interface Ga4StreamOptions {
  /** "Today" in UTC as YYYY-MM-DD, the default end_date. */
  readonly today?: () => string;
}

const value = z.string().nullable().optional();

export const trafficRecordSchema = z.looseObject({
  property_id: z.string(),
  date: z.string().regex(/^\d{8}$/, 'GA4 dates are YYYYMMDD'),
  sessionCampaignName: z.string(),
  sessionSourceMedium: z.string(),
  sessions: value,
  engagedSessions: value,
  conversions: value,
  totalRevenue: value,
});

export function buildGa4Streams(options: Ga4StreamOptions = {}): Stream<Ga4Config>[] {
  const today = options.today ?? (() => new Date().toISOString().slice(0, 10));
  const traffic: Stream<Ga4Config> = {
    name: 'traffic_by_campaign',
    description:
      'GA4 runReport by date × sessionCampaignName × sessionSourceMedium: sessions, engagedSessions, conversions, totalRevenue; the last restate_days days are re-read every run.',
    primaryKey: ['property_id', 'date', 'sessionCampaignName', 'sessionSourceMedium'],
    cursorField: 'date',
    schema: trafficRecordSchema,
    pii: {},
    async *read(state: StreamState | undefined, ctx: ReadContext<Ga4Config>): AsyncIterable<Batch> {
      const { config } = ctx;
      const end = config.end_date ?? today();
      let cursor = readCursor(state, ctx);
      const from = restateFrom(cursor, config.start_date, config.restate_days);
      const rc = { ctx, token: new ServiceAccountToken(config, ctx.http), quota: new QuotaGuard(), log: ctx.log };
      ctx.log.info('ga4 report window', { since: from, until: end, cursor: cursor ?? null });
      for (let since = from; since <= end; since = addDays(since, config.window_days)) {
        const until = minDate(addDays(since, config.window_days - 1), end);
        // Only a window's last page moves the cursor: a crash mid-window re-reads it whole.
        let pending: JsonRecord[] | undefined;
        for await (const page of reportPages(rc, 'ga4', since, until)) {
          if (pending) yield { records: pending, state: cursorState(cursor) };
          pending = page;
        }
        if (cursor === undefined || until > cursor) cursor = until;
        yield { records: pending ?? [], state: cursorState(cursor) };
      }
    },
  };
  return [traffic];
}

const cursorState = (cursor: string | undefined): StreamState => (cursor === undefined ? {} : { cursor });

/**
 * First day to read: `restate_days` before the day after the cursor (those days may
 * still change), never before `start_date`; `start_date` on the first run.
 *
 * @example restateFrom('2026-03-31', '2026-01-01', 2) === '2026-03-30'
 */
export function restateFrom(cursor: string | undefined, startDate: string, restateDays: number): string {
  if (cursor === undefined) return startDate;
  const from = addDays(cursor, 1 - restateDays);
  return from < startDate ? startDate : from;
}

function readCursor(state: StreamState | undefined, ctx: ReadContext<Ga4Config>): string | undefined {
  const saved = state?.cursor;
  if (saved === undefined || saved === null) return undefined;
  if (typeof saved === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(saved)) return saved;
  ctx.log.warn('ignoring unreadable traffic_by_campaign cursor; reading from start_date', { cursor: saved });
  return undefined;
}

/** `YYYY-MM-DD` plus `days` (negative allowed), in UTC. */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

const minDate = (a: string, b: string): string => (a < b ? a : b);
