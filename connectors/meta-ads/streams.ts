/**
 * Meta Ads streams: `campaigns` (full refresh per ad account) and `ads_insights`
 * (campaign-level daily insights, incremental by date with an attribution lookback).
 * Records are kept exactly as Graph returns them — numbers are strings, budgets are in
 * minor units, `account_id` has no `act_` prefix — so the staging models own the casts.
 */
import { z } from 'zod';
import type { Batch, JsonRecord, ReadContext, Stream, StreamState } from '../sdk/index.js';
import type { MetaAdsConfig } from './config.js';
import { graphPages, UsagePacer, type PacingOptions } from './graph.js';

export interface MetaAdsStreamOptions {
  readonly pacing?: PacingOptions;
  /** "Today" in UTC as YYYY-MM-DD, the default end_date (tests pin it through config instead). */
  readonly today?: () => string;
  /** Days per insights request; Graph answers long ranges slowly or times out (code 100/1504018). */
  readonly windowDays?: number;
}

export const CAMPAIGN_FIELDS = [
  'id',
  'name',
  'account_id',
  'objective',
  'status',
  'effective_status',
  'daily_budget',
  'lifetime_budget',
  'created_time',
  'updated_time',
  'start_time',
  'stop_time',
] as const;

export const INSIGHT_FIELDS = [
  'account_id',
  'campaign_id',
  'campaign_name',
  'date_start',
  'date_stop',
  'impressions',
  'clicks',
  'spend',
  'reach',
  'cpc',
  'ctr',
] as const;

/**
 * Graph leaves archived and deleted campaigns out of the edge unless asked for them;
 * their insights are still reported, so without this the join from insights to
 * campaigns would lose rows.
 */
const ALL_CAMPAIGN_STATUSES = ['ACTIVE', 'PAUSED', 'ARCHIVED', 'DELETED', 'IN_PROCESS', 'WITH_ISSUES'];

const graphString = z.string();

/** A campaign as `GET /{act}/campaigns` returns it; Graph omits fields that have no value. */
export const campaignRecordSchema = z.looseObject({
  id: graphString,
  name: graphString.optional(),
  account_id: graphString.optional(),
  objective: graphString.optional(),
  status: graphString.optional(),
  effective_status: graphString.optional(),
  daily_budget: graphString.optional(),
  lifetime_budget: graphString.optional(),
  created_time: graphString.optional(),
  updated_time: graphString.optional(),
  start_time: graphString.optional(),
  stop_time: graphString.optional(),
});

/** One campaign-day row of `GET /{act}/insights?level=campaign&time_increment=1`. */
export const insightRecordSchema = z.looseObject({
  account_id: graphString,
  campaign_id: graphString,
  campaign_name: graphString.optional(),
  date_start: z.iso.date(),
  date_stop: z.iso.date(),
  impressions: graphString.optional(),
  clicks: graphString.optional(),
  spend: graphString.optional(),
  reach: graphString.optional(),
  cpc: graphString.optional(),
  ctr: graphString.optional(),
});

/** Per ad account (`act_…`), the last `date_stop` whose whole window was read. */
export interface InsightsState {
  readonly accounts: Readonly<Record<string, string>>;
}

export function buildMetaAdsStreams(options: MetaAdsStreamOptions = {}): Stream<MetaAdsConfig>[] {
  const today = options.today ?? (() => new Date().toISOString().slice(0, 10));
  const windowDays = options.windowDays ?? 30;

  const campaigns: Stream<MetaAdsConfig> = {
    name: 'campaigns',
    description: 'Meta ad campaigns of every configured ad account, as the Graph API returns them (full refresh).',
    primaryKey: ['id'],
    schema: campaignRecordSchema,
    pii: {},
    async *read(_state: StreamState | undefined, ctx: ReadContext<MetaAdsConfig>): AsyncIterable<Batch> {
      const { config } = ctx;
      const pacer = new UsagePacer(ctx.log, options.pacing);
      for (const account of config.account_ids) {
        const params = {
          fields: CAMPAIGN_FIELDS.join(','),
          effective_status: JSON.stringify(ALL_CAMPAIGN_STATUSES),
          limit: config.page_size,
        };
        let rows = 0;
        for await (const page of graphPages(ctx, pacer, `/${config.api_version}/${account}/campaigns`, params)) {
          rows += page.length;
          yield { records: page, state: {} };
        }
        ctx.log.info('meta campaigns read', { account, rows });
      }
    },
  };

  const adsInsights: Stream<MetaAdsConfig> = {
    name: 'ads_insights',
    description:
      'Campaign-level daily Meta ads insights (impressions, clicks, spend, reach, cpc, ctr); the last insights_lookback_days are re-read every run because Meta restates them.',
    primaryKey: ['account_id', 'campaign_id', 'date_start'],
    cursorField: 'date_start',
    schema: insightRecordSchema,
    pii: {},
    async *read(state: StreamState | undefined, ctx: ReadContext<MetaAdsConfig>): AsyncIterable<Batch> {
      const { config } = ctx;
      const end = config.end_date ?? today();
      const cursors: Record<string, string> = { ...readInsightsState(state, ctx) };
      const pacer = new UsagePacer(ctx.log, options.pacing);
      for (const account of config.account_ids) {
        const from = insightsStartDate(cursors[account], config.start_date, end, config.insights_lookback_days);
        if (from > end) continue;
        ctx.log.info('meta insights window', { account, since: from, until: end, cursor: cursors[account] ?? null });
        for (let since = from; since <= end; since = addDays(since, windowDays)) {
          const until = minDate(addDays(since, windowDays - 1), end);
          const params = {
            level: 'campaign',
            time_increment: 1,
            time_range: JSON.stringify({ since, until }),
            fields: INSIGHT_FIELDS.join(','),
            limit: config.page_size,
          };
          // One page of lookahead: only the window's last page may move the cursor,
          // because Graph does not promise rows in date order within a window.
          let pending: JsonRecord[] | undefined;
          for await (const page of graphPages(ctx, pacer, `/${config.api_version}/${account}/insights`, params)) {
            if (pending) yield { records: pending, state: { accounts: { ...cursors } } };
            pending = page;
          }
          const prev = cursors[account];
          if (prev === undefined || until > prev) cursors[account] = until;
          yield { records: pending ?? [], state: { accounts: { ...cursors } } };
        }
      }
    },
  };

  return [campaigns, adsInsights];
}

/**
 * First day to read: the day after the cursor, but never later than the start of the
 * lookback window (restated days are refreshed) nor earlier than `start_date`.
 *
 * @example insightsStartDate('2026-03-31', '2026-01-01', '2026-03-31', 28) === '2026-03-03'
 */
export function insightsStartDate(cursor: string | undefined, startDate: string, end: string, lookbackDays: number): string {
  if (cursor === undefined) return startDate;
  const from = minDate(addDays(cursor, 1), addDays(end, -lookbackDays));
  return from < startDate ? startDate : from;
}

function readInsightsState(state: StreamState | undefined, ctx: ReadContext<MetaAdsConfig>): Record<string, string> {
  if (state === undefined) return {};
  const accounts = (state as { accounts?: unknown }).accounts;
  const out: Record<string, string> = {};
  if (!accounts || typeof accounts !== 'object' || Array.isArray(accounts)) {
    ctx.log.warn('ignoring unreadable ads_insights state; reading from start_date', { state });
    return out;
  }
  for (const [account, date] of Object.entries(accounts as Record<string, unknown>)) {
    if (typeof date === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(date)) out[account] = date;
    else ctx.log.warn('ignoring unreadable ads_insights cursor', { account, cursor: date });
  }
  return out;
}

/** `YYYY-MM-DD` plus `days` (negative allowed), in UTC. */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

const minDate = (a: string, b: string): string => (a < b ? a : b);
