/**
 * The Meta Ads mock's data: a mutable store seeded from the synthetic population.
 * The server turns it into Graph JSON at request time, so a test (or the demo's
 * "next day") can restate an insight or change usage meters between two syncs.
 *
 * @example
 * ```ts
 * const fixtures = metaAdsFixturesFromPopulation(pop);
 * restateInsight(fixtures, { metaCampaignId: '120200000001', date: '2026-10-20' }, { spend: 99.5 });
 * fixtures.usage.callCount = 90; // next responses report 90 % business-use-case usage
 * ```
 */
import type { MetaCampaignAppearance, MetaInsightAppearance, Population } from '../world/types.js';

/** Meter readings the mock reports in its usage headers (percentages, minutes). */
export interface MetaUsageLevels {
  /** x-business-use-case-usage call_count (and total_time/total_cputime at a fraction of it). */
  callCount: number;
  totalCputime: number;
  totalTime: number;
  estimatedTimeToRegainAccess: number;
  /** x-app-usage call_count. */
  appCallCount: number;
  /** x-ad-account-usage acc_id_util_pct. */
  accountUtilPct: number;
}

export interface MetaAdsFixtures {
  readonly campaigns: MetaCampaignAppearance[];
  readonly insights: MetaInsightAppearance[];
  /** Business id keying x-business-use-case-usage. */
  readonly businessId: string;
  readonly usage: MetaUsageLevels;
}

/** Low, steady usage: what a healthy account reports. */
export function quietUsage(): MetaUsageLevels {
  return { callCount: 3, totalCputime: 1, totalTime: 2, estimatedTimeToRegainAccess: 0, appCallCount: 2, accountUtilPct: 1.5 };
}

/** Copies the population's Meta appearances into a store the mock may mutate. */
export function metaAdsFixturesFromPopulation(pop: Pick<Population, 'metaAds'>): MetaAdsFixtures {
  return {
    campaigns: pop.metaAds.campaigns.map((c) => ({ ...c })),
    insights: pop.metaAds.insights.map((i) => ({ ...i })),
    businessId: '1029384756',
    usage: quietUsage(),
  };
}

/** Every ad account with a campaign or insight in the store (`act_…`). */
export function knownAccounts(fixtures: MetaAdsFixtures): Set<string> {
  return new Set([...fixtures.campaigns.map((c) => c.accountId), ...fixtures.insights.map((i) => i.accountId)]);
}

/**
 * Meta restates a day inside the attribution window: replace that campaign-day's
 * numbers (the server computes cpc/ctr from them). Throws if the day is unknown.
 */
export function restateInsight(
  fixtures: MetaAdsFixtures,
  key: { readonly metaCampaignId: string; readonly date: string },
  changes: Partial<Pick<MetaInsightAppearance, 'impressions' | 'clicks' | 'reach' | 'spend'>>,
): MetaInsightAppearance {
  const i = fixtures.insights.findIndex((x) => x.metaCampaignId === key.metaCampaignId && x.date === key.date);
  if (i === -1) throw new Error(`no Meta insight for campaign ${key.metaCampaignId} on ${key.date}`);
  const updated = { ...fixtures.insights[i]!, ...changes };
  fixtures.insights[i] = updated;
  return updated;
}

/** Adds (or replaces) one campaign-day, e.g. the demo's "next day" of spend. */
export function upsertInsight(fixtures: MetaAdsFixtures, insight: MetaInsightAppearance): void {
  const i = fixtures.insights.findIndex((x) => x.metaCampaignId === insight.metaCampaignId && x.date === insight.date);
  if (i === -1) fixtures.insights.push({ ...insight });
  else fixtures.insights[i] = { ...insight };
}
