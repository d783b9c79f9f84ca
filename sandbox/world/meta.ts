/**
 * How the population's paid campaigns appear in Meta Ads: one ad account, one Meta
 * campaign per campaign on the 'meta' channel (named '<utm_campaign> | <audience> |
 * <objective>', the convention that lets models join it to web UTMs), and daily
 * insights for every day it ran inside the history window.
 */
import type { Campaign, MetaCampaignAppearance, MetaInsightAppearance } from './types.js';
import type { Rng } from './random.js';
import { DAY_MS, HOUR_MS, isoDate, isoSeconds, startOfDay, type Window } from './time.js';
import { campaignRunInWindow } from './world.js';

/** The one ad account every synthetic Meta campaign lives in. */
export const META_ACCOUNT_ID = 'act_1029384756';

const AUDIENCES = ['lookalike_1pct', 'retargeting_30d', 'interest_marketing', 'broad_us', 'customer_list', 'website_visitors_90d'] as const;
const OBJECTIVES: readonly (readonly [MetaCampaignAppearance['objective'], string, number])[] = [
  ['OUTCOME_TRAFFIC', 'traffic', 35], ['OUTCOME_LEADS', 'leads', 30], ['OUTCOME_SALES', 'conversions', 20], ['OUTCOME_AWARENESS', 'awareness', 15],
];

/** Per-campaign delivery profile, kept so a later day (or a restatement) looks like the others. */
export interface DeliveryProfile {
  readonly cpm: number;
  readonly ctr: number;
}

/** Stable profile of a Meta campaign, derived from its id (so `applyDailyChanges` can recompute it). */
export function deliveryProfile(metaCampaignId: string, objective: MetaCampaignAppearance['objective'], rngFor: (label: string) => Rng): DeliveryProfile {
  const rng = rngFor(`meta-profile:${metaCampaignId}`);
  const ctrBase = objective === 'OUTCOME_AWARENESS' ? 0.006 : objective === 'OUTCOME_TRAFFIC' ? 0.014 : 0.01;
  return { cpm: rng.float(6, 14), ctr: ctrBase * rng.float(0.7, 1.6) };
}

/** One day of delivery: spend near the daily budget, impressions from CPM, clicks from CTR, reach from frequency. */
export function insightFor(
  c: MetaCampaignAppearance,
  date: string,
  profile: DeliveryProfile,
  rng: Rng,
): MetaInsightAppearance {
  const spend = Math.round(c.dailyBudget * rng.float(0.8, 1.04) * 100) / 100;
  const impressions = Math.max(1, Math.round((spend / (profile.cpm * rng.float(0.85, 1.15))) * 1000));
  const clicks = Math.min(impressions, Math.round(impressions * profile.ctr * rng.float(0.8, 1.2)));
  const reach = Math.max(1, Math.min(impressions, Math.round(impressions / rng.float(1.05, 1.6))));
  return { metaCampaignId: c.metaCampaignId, accountId: c.accountId, date, impressions, clicks, reach, spend };
}

export interface MetaResult {
  readonly campaigns: MetaCampaignAppearance[];
  readonly insights: MetaInsightAppearance[];
}

export function makeMeta(campaigns: readonly Campaign[], rng: Rng, rngFor: (label: string) => Rng, win: Window): MetaResult {
  const out: MetaCampaignAppearance[] = [];
  const insights: MetaInsightAppearance[] = [];
  const usedIds = new Set<string>();
  for (const c of campaigns) {
    if (!c.channels.includes('meta')) continue;
    let id = `1202${rng.digits(14)}`;
    while (usedIds.has(id)) id = `1202${rng.digits(14)}`;
    usedIds.add(id);
    const [objective, objectiveLabel] = rng.weighted(OBJECTIVES.map(([o, l, w]) => [[o, l] as const, w] as const));
    const startMs = Date.parse(`${c.startDate}T00:00:00Z`);
    const endMs = Date.parse(`${c.endDate}T00:00:00Z`) + DAY_MS;
    const durationDays = Math.max(1, Math.round((endMs - startMs) / DAY_MS));
    const running = endMs > win.endMs;
    const createdMs = startMs - rng.int(1, 3) * DAY_MS - rng.int(0, 12) * HOUR_MS;
    const mc: MetaCampaignAppearance = {
      metaCampaignId: id,
      campaignId: c.campaignId,
      accountId: META_ACCOUNT_ID,
      name: `${c.utmCampaign} | ${rng.pick(AUDIENCES)} | ${objectiveLabel}`,
      objective,
      status: running ? (rng.chance(0.9) ? 'ACTIVE' : 'PAUSED') : rng.chance(0.6) ? 'ARCHIVED' : 'PAUSED',
      dailyBudget: Math.round((c.budget / durationDays) * 100) / 100,
      createdTime: isoSeconds(createdMs),
      updatedTime: isoSeconds(Math.min(win.endMs - 1, running ? createdMs + rng.int(1, 48) * HOUR_MS : endMs + rng.int(0, 48) * HOUR_MS)),
      startTime: isoSeconds(startMs),
      stopTime: rng.chance(0.15) && running ? null : isoSeconds(endMs - 1000),
    };
    out.push(mc);
    const run = campaignRunInWindow(c, win);
    if (!run) continue;
    const profile = deliveryProfile(id, objective, rngFor);
    for (let day = startOfDay(run.fromMs); day < run.toMs; day += DAY_MS) insights.push(insightFor(mc, isoDate(day), profile, rng));
  }
  return { campaigns: out, insights };
}
