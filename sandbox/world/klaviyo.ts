/**
 * How the population appears in Klaviyo — the e-commerce team's email tool beside
 * marketing's Mailchimp: ~30 % of people as profiles (many of them also HubSpot
 * contacts or Mailchimp members, so identity has something to link), every profile with
 * an email as its subscriber typed it, some with an E.164 phone (Klaviyo stores SMS
 * numbers that way); one Klaviyo campaign per email-channel campaign, named by its
 * utm_campaign, sent the day after the campaign starts; and the Received, Opened and
 * Clicked Email events that send caused.
 *
 * A separate pass over a finished Population on its own random stream (like
 * salesforce.ts): it changes nothing `generatePopulation` returns. It is generated up to
 * `horizonMs` (the demo: the day of its second sync), so a mock serving only what
 * happened before a cut-off shows the second sync something new.
 *
 * @example
 * ```ts
 * const slice = klaviyoSliceOf(pop, Date.parse(pop.asOf) + DAY_MS);
 * slice.profiles.length; // ≈ 0.3 × people; slice.truth has one entry per profile
 * ```
 */
import { messyEmail } from './messy.js';
import { Rng } from './random.js';
import { DAY_MS, HOUR_MS, MINUTE_MS, isoSeconds, parseInstant } from './time.js';
import type { Population, TruthEntry } from './types.js';

export interface KlaviyoProfileAppearance {
  readonly id: string;
  readonly personId: string;
  readonly email: string;
  readonly phoneNumber: string | null;
  readonly firstName: string | null;
  readonly lastName: string | null;
  readonly city: string | null;
  readonly country: string | null;
  readonly created: string;
  readonly updated: string;
}

export interface KlaviyoCampaignAppearance {
  readonly id: string;
  readonly campaignId: string;
  /** The utm_campaign: Klaviyo campaigns are named by it (its UTM tracking uses the name). */
  readonly name: string;
  readonly sendTime: string;
  readonly createdAt: string;
}

/** Klaviyo's built-in email metrics; ids are random at Klaviyo, fixed here. */
export const KLAVIYO_METRICS = Object.freeze([
  { id: 'UmVjdm', name: 'Received Email' },
  { id: 'T3Blbm', name: 'Opened Email' },
  { id: 'Q2xpY2', name: 'Clicked Email' },
] as const);

export interface KlaviyoEventAppearance {
  readonly id: string;
  readonly profileId: string;
  readonly metricId: (typeof KLAVIYO_METRICS)[number]['id'];
  readonly campaignId: string;
  readonly campaignName: string;
  readonly datetime: string;
}

export interface KlaviyoSlice {
  readonly profiles: KlaviyoProfileAppearance[];
  readonly campaigns: KlaviyoCampaignAppearance[];
  readonly events: KlaviyoEventAppearance[];
  /** One entry per profile (`kind: 'profiles'`). */
  readonly truth: TruthEntry[];
}

const BASE32 = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** A ULID-shaped id, as Klaviyo's profile and campaign ids are (26 Crockford base-32 characters). */
function ulid(rng: Rng): string {
  let s = '01';
  for (let i = 0; i < 24; i++) s += BASE32[rng.int(0, 31)];
  return s;
}

/** The Klaviyo slice of `pop` up to `horizonMs` (deterministic for `pop.seed`). */
export function klaviyoSliceOf(pop: Population, horizonMs: number): KlaviyoSlice {
  const rng = Rng.forSeed(pop.seed, 'klaviyo');
  const profiles: KlaviyoProfileAppearance[] = [];
  const truth: TruthEntry[] = [];
  for (const p of pop.people) {
    if (!rng.chance(0.3)) continue;
    const createdMs = parseInstant(p.createdAt) + rng.int(0, 5 * DAY_MS);
    if (createdMs >= horizonMs) continue;
    const updatedMs = rng.chance(0.5) ? createdMs : rng.int(createdMs, horizonMs - 1);
    const profile: KlaviyoProfileAppearance = {
      id: ulid(rng),
      personId: p.personId,
      email: messyEmail(p.email, rng, 0.8),
      phoneNumber: p.phone !== null && rng.chance(0.3) ? p.phone : null,
      firstName: rng.chance(0.1) ? null : p.firstName,
      lastName: rng.chance(0.15) ? null : p.lastName,
      city: rng.chance(0.5) ? p.city : null,
      country: rng.chance(0.5) ? p.country : null,
      created: isoSeconds(createdMs),
      updated: isoSeconds(updatedMs),
    };
    profiles.push(profile);
    truth.push({ source: 'klaviyo', kind: 'profiles', recordId: profile.id, personId: p.personId, reachableByEmail: true });
  }

  const campaigns: KlaviyoCampaignAppearance[] = [];
  const events: KlaviyoEventAppearance[] = [];
  const [received, opened, clicked] = KLAVIYO_METRICS;
  for (const c of pop.campaigns) {
    if (!c.channels.includes('email')) continue;
    const sendMs = parseInstant(c.startDate) + DAY_MS + 15 * HOUR_MS;
    if (sendMs >= horizonMs) continue;
    const campaign: KlaviyoCampaignAppearance = { id: ulid(rng), campaignId: c.campaignId, name: c.utmCampaign, sendTime: isoSeconds(sendMs), createdAt: isoSeconds(sendMs - 3 * DAY_MS) };
    campaigns.push(campaign);
    let n = 0;
    const event = (profileId: string, metricId: KlaviyoEventAppearance['metricId'], ms: number) => {
      if (ms < horizonMs) events.push({ id: `${campaign.id.slice(-8)}${String(++n).padStart(6, '0')}`, profileId, metricId, campaignId: campaign.id, campaignName: campaign.name, datetime: isoSeconds(ms) });
    };
    for (const p of profiles) {
      if (parseInstant(p.created) > sendMs) continue;
      event(p.id, received.id, sendMs + rng.int(0, 10 * MINUTE_MS));
      if (!rng.chance(0.35)) continue;
      const openMs = sendMs + rng.int(5 * MINUTE_MS, 36 * HOUR_MS);
      event(p.id, opened.id, openMs);
      if (rng.chance(0.3)) event(p.id, clicked.id, openMs + rng.int(10_000, 10 * MINUTE_MS));
    }
  }
  events.sort((a, b) => (a.datetime < b.datetime ? -1 : a.datetime > b.datetime ? 1 : 0));
  return { profiles, campaigns, events, truth };
}
