/**
 * Deals: opportunities and customers in HubSpot get a deal, some sales-qualified
 * leads a lost one. About 45 % are sourced by a campaign; those people also get a web
 * visit from that campaign shortly before the deal, so attribution has something true
 * to find.
 */
import type { Campaign, Company, Deal, Person } from './types.js';
import type { Rng } from './random.js';
import { DAY_MS, HOUR_MS, isoDate, isoSeconds, parseInstant, type Window } from './time.js';
import { campaignRunInWindow } from './world.js';
import { landingForChannel, type Touch } from './web.js';

const PRODUCTS = ['Annual plan', 'Team plan', 'Enterprise', 'Pilot', 'Starter bundle', 'Expansion'] as const;

export function makeDeals(
  people: readonly Person[],
  hubspotMembers: ReadonlySet<string>,
  companies: readonly Company[],
  campaigns: readonly Campaign[],
  rng: Rng,
  win: Window,
  touches: Map<string, Touch[]>,
): Deal[] {
  const companyName = new Map(companies.map((c) => [c.companyId, c.name]));
  const runs = campaigns.map((c) => ({ campaign: c, run: campaignRunInWindow(c, win) })).filter((r) => r.run !== null);
  const deals: Deal[] = [];
  for (const person of people) {
    if (!hubspotMembers.has(person.personId)) continue;
    let stage: Deal['stage'];
    if (person.lifecycleStage === 'customer') stage = 'closedwon';
    else if (person.lifecycleStage === 'opportunity') stage = rng.pick(['appointmentscheduled', 'qualifiedtobuy', 'contractsent'] as const);
    else if (person.lifecycleStage === 'salesqualifiedlead' && rng.chance(0.2)) stage = 'closedlost';
    else continue;

    const personCreated = parseInstant(person.createdAt);
    let campaignId: string | null = null;
    let createdMs: number;
    const sourced = runs.length > 0 && rng.chance(0.45) ? rng.pick(runs) : null;
    if (sourced && sourced.run && personCreated < sourced.run.toMs - HOUR_MS) {
      const from = Math.max(sourced.run.fromMs, personCreated);
      createdMs = rng.int(from + HOUR_MS, sourced.run.toMs - 1);
      campaignId = sourced.campaign.campaignId;
      let touchMs = createdMs - Math.round(rng.exponential(2 * DAY_MS)) - HOUR_MS;
      if (touchMs < from) touchMs = rng.int(from, createdMs - HOUR_MS);
      // Email-channel visits come from Mailchimp clicks; a deal's own touch prefers the other channels.
      const channels = sourced.campaign.channels.filter((ch) => ch !== 'email');
      const channel = rng.pick(channels.length > 0 ? channels : sourced.campaign.channels);
      const list = touches.get(person.personId) ?? [];
      list.push({ ms: touchMs, landing: landingForChannel(sourced.campaign, channel, rng) });
      touches.set(person.personId, list);
    } else {
      createdMs = rng.int(personCreated + HOUR_MS, Math.max(personCreated + HOUR_MS, win.endMs - HOUR_MS));
    }
    const closed = stage === 'closedwon' || stage === 'closedlost';
    const closeMs = closed
      ? Math.min(createdMs + rng.int(5, 60) * DAY_MS, win.endMs - HOUR_MS)
      : createdMs + rng.int(14, 90) * DAY_MS;
    const n = deals.length + 1;
    deals.push({
      dealId: `d_${String(n).padStart(4, '0')}`,
      personId: person.personId,
      companyId: person.companyId,
      name: `${(person.companyId && companyName.get(person.companyId)) || `${person.firstName} ${person.lastName}`} — ${rng.pick(PRODUCTS)}`,
      amount: rng.weighted<number>([[rng.int(5, 50) * 100, 60], [rng.int(50, 250) * 100, 30], [rng.int(250, 1000) * 100, 10]]),
      stage,
      closeDate: isoDate(Math.max(closeMs, createdMs)),
      createdAt: isoSeconds(createdMs),
      campaignId,
    });
  }
  return deals;
}
