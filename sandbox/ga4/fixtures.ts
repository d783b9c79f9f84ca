/**
 * The GA4 mock's data: the population's web traffic as GA4 would report it — a session
 * is a browser's day on the site, scoped to the campaign and source/medium of its first
 * page view (GA4's session-scoped attribution), engaged when it viewed two pages or
 * converted. Recomputed from the events, so the demo's "next day" restates the last
 * days the way GA4's processing does.
 *
 * @example
 * ```ts
 * const fixtures = ga4FixturesFromPopulation(pop);
 * fixtures.quota.tokensPerDay = 50; // the property runs dry after a few requests
 * ```
 */
import type { Population, SegmentEvent } from '../world/types.js';

/** One row of the mock's report: date (YYYY-MM-DD) × session campaign × source/medium. */
export interface Ga4TrafficRow {
  readonly date: string;
  readonly sessionCampaignName: string;
  readonly sessionSourceMedium: string;
  sessions: number;
  engagedSessions: number;
  conversions: number;
  totalRevenue: number;
}

/** The property's token buckets (GA4 standard properties: 200,000 a day, 40,000 an hour). */
export interface Ga4Quota {
  tokensPerDay: number;
  tokensPerHour: number;
  /** Tokens one runReport costs (GA4 charges by complexity; ~10 for a report like ours). */
  tokensPerRequest: number;
  consumedToday: number;
  consumedThisHour: number;
}

export interface Ga4Fixtures {
  readonly propertyId: string;
  readonly rows: Ga4TrafficRow[];
  readonly quota: Ga4Quota;
}

export const GA4_PROPERTY_ID = '314159265';

export function standardQuota(): Ga4Quota {
  return { tokensPerDay: 200_000, tokensPerHour: 40_000, tokensPerRequest: 10, consumedToday: 0, consumedThisHour: 0 };
}

const CONVERSIONS = new Set(['form submitted', 'order completed', 'signed up']);

/** GA4's `(direct) / (none)` and `(not set)` for traffic without UTM parameters. */
function attribution(e: SegmentEvent): { campaign: string; sourceMedium: string } {
  const c = e.context.campaign;
  if (!c) return { campaign: '(direct)', sourceMedium: '(direct) / (none)' };
  return { campaign: c.name || '(not set)', sourceMedium: `${c.source || '(not set)'} / ${c.medium || '(not set)'}` };
}

export function ga4FixturesFromPopulation(pop: Pick<Population, 'web'>): Ga4Fixtures {
  interface Session {
    campaign: string;
    sourceMedium: string;
    date: string;
    pages: number;
    conversions: number;
    revenue: number;
  }
  const sessions = new Map<string, Session>();
  const events = [...pop.web.events].sort((a, b) => a.timestamp.localeCompare(b.timestamp));
  for (const e of events) {
    if (e.type === 'identify') continue;
    const date = e.timestamp.slice(0, 10);
    const key = `${e.anonymousId}|${date}`;
    let s = sessions.get(key);
    if (!s) {
      // A session starts with a page view; a track call alone (server-side) is not a session.
      if (e.type !== 'page') continue;
      const { campaign, sourceMedium } = attribution(e);
      s = { campaign, sourceMedium, date, pages: 0, conversions: 0, revenue: 0 };
      sessions.set(key, s);
    }
    if (e.type === 'page') s.pages++;
    else if (CONVERSIONS.has((e.event ?? '').toLowerCase())) {
      s.conversions++;
      const revenue = Number(e.properties?.revenue ?? 0);
      if ((e.event ?? '').toLowerCase() === 'order completed' && Number.isFinite(revenue)) s.revenue += revenue;
    }
  }
  const rows = new Map<string, Ga4TrafficRow>();
  for (const s of sessions.values()) {
    const key = `${s.date}|${s.campaign}|${s.sourceMedium}`;
    let r = rows.get(key);
    if (!r) {
      r = { date: s.date, sessionCampaignName: s.campaign, sessionSourceMedium: s.sourceMedium, sessions: 0, engagedSessions: 0, conversions: 0, totalRevenue: 0 };
      rows.set(key, r);
    }
    r.sessions++;
    if (s.pages >= 2 || s.conversions > 0) r.engagedSessions++;
    r.conversions += s.conversions;
    r.totalRevenue = Math.round((r.totalRevenue + s.revenue) * 100) / 100;
  }
  return { propertyId: GA4_PROPERTY_ID, rows: [...rows.values()], quota: standardQuota() };
}

