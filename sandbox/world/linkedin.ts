/**
 * How the population's paid campaigns appear in LinkedIn Ads: one ad account, a
 * LinkedIn campaign for most campaigns on a paid channel (always at least one), named
 * by the same convention as Meta's ('<utm_campaign> | <audience> | <objective>', the
 * join to the other channels), and daily analytics (impressions, clicks, cost in the
 * account's currency) for every day it ran up to `horizonMs`.
 *
 * A separate pass over a finished Population on its own random stream: it changes
 * nothing `generatePopulation` returns.
 */
import { Rng } from './random.js';
import { DAY_MS, HOUR_MS, isoDate, parseInstant, startOfDay } from './time.js';
import type { Population } from './types.js';

/** The sponsored ad account every synthetic LinkedIn campaign lives in. */
export const LINKEDIN_ACCOUNT_ID = 508_123_456;

export interface LinkedinCampaignAppearance {
  readonly id: number;
  readonly campaignId: string;
  readonly name: string;
  readonly objectiveType: 'WEBSITE_VISIT' | 'LEAD_GENERATION' | 'BRAND_AWARENESS';
  readonly status: 'ACTIVE' | 'PAUSED' | 'COMPLETED';
  readonly dailyBudget: number;
  readonly createdMs: number;
  readonly lastModifiedMs: number;
  readonly startMs: number;
  readonly endMs: number;
}

export interface LinkedinAnalyticsAppearance {
  readonly campaignId: number;
  readonly date: string; // YYYY-MM-DD
  readonly impressions: number;
  readonly clicks: number;
  readonly costInLocalCurrency: number;
}

export interface LinkedinSlice {
  readonly campaigns: LinkedinCampaignAppearance[];
  readonly analytics: LinkedinAnalyticsAppearance[];
}

const AUDIENCES = ['job_title_marketing', 'company_size_200plus', 'matched_audience', 'industry_software'] as const;
const OBJECTIVES = [['WEBSITE_VISIT', 'traffic'], ['LEAD_GENERATION', 'leads'], ['BRAND_AWARENESS', 'awareness']] as const;

/** The LinkedIn Ads slice of `pop` up to `horizonMs` (deterministic for `pop.seed`). */
export function linkedinSliceOf(pop: Population, horizonMs: number): LinkedinSlice {
  const rng = Rng.forSeed(pop.seed, 'linkedin');
  const asOfMs = parseInstant(pop.asOf);
  const paid = pop.campaigns.filter((c) => c.budget > 0);
  const campaigns: LinkedinCampaignAppearance[] = [];
  const analytics: LinkedinAnalyticsAppearance[] = [];
  paid.forEach((c, i) => {
    if (i > 0 && !rng.chance(0.6)) return;
    const startMs = parseInstant(c.startDate);
    const endMs = parseInstant(c.endDate) + DAY_MS;
    const [objectiveType, label] = rng.pick(OBJECTIVES);
    const days = Math.max(1, Math.round((endMs - startMs) / DAY_MS));
    // LinkedIn takes a smaller share of the paid budget than Meta, at a far higher CPM.
    const dailyBudget = Math.round(((c.budget * rng.float(0.2, 0.4)) / days) * 100) / 100;
    const createdMs = startMs - rng.int(1, 4) * DAY_MS;
    const campaign: LinkedinCampaignAppearance = {
      id: 180_000_000 + rng.int(0, 9_999_999),
      campaignId: c.campaignId,
      name: `${c.utmCampaign} | ${rng.pick(AUDIENCES)} | ${label}`,
      objectiveType,
      status: endMs > asOfMs ? (rng.chance(0.9) ? 'ACTIVE' : 'PAUSED') : 'COMPLETED',
      dailyBudget,
      createdMs,
      lastModifiedMs: Math.min(asOfMs - 1, createdMs + rng.int(1, 72) * HOUR_MS),
      startMs,
      endMs,
    };
    campaigns.push(campaign);
    const cpm = rng.float(30, 60);
    const ctr = rng.float(0.004, 0.009);
    for (let day = startOfDay(Math.max(startMs, asOfMs - 120 * DAY_MS)); day < Math.min(endMs, horizonMs); day += DAY_MS) {
      const cost = Math.round(dailyBudget * rng.float(0.75, 1.02) * 100) / 100;
      const impressions = Math.max(1, Math.round((cost / cpm) * 1000));
      analytics.push({ campaignId: campaign.id, date: isoDate(day), impressions, clicks: Math.round(impressions * ctr * rng.float(0.8, 1.2)), costInLocalCurrency: cost });
    }
  });
  return { campaigns, analytics };
}
