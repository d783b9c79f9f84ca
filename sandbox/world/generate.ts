/**
 * The seeded population generator: one call makes the world (people, companies,
 * campaigns, deals) and how it appears in HubSpot, Mailchimp, Meta Ads and the web,
 * with the ground truth that says which source record is which person.
 */
import { Faker, base, en } from '@faker-js/faker';
import type { Population, PopulationOptions } from './types.js';
import { makeDeals } from './deals.js';
import { chooseHubspotMembers, makeHubspot, makeHubspotDeals } from './hubspot.js';
import { makeMailchimp } from './mailchimp.js';
import { PhoneBook } from './messy.js';
import { makeMeta } from './meta.js';
import { Rng } from './random.js';
import { parseInstant, windowFor } from './time.js';
import { makeWeb, type Touch } from './web.js';
import { makeCampaigns, makeCompanies, makePeople, type PeopleFactory } from './world.js';

/** The defaults documented on `PopulationOptions`. */
export const DEFAULT_POPULATION_OPTIONS: Required<PopulationOptions> = Object.freeze({
  seed: 42,
  people: 2000,
  companies: 150,
  campaigns: 8,
  asOf: '2026-11-01',
  days: 60,
});

function checkOptions(o: Required<PopulationOptions>): void {
  const counts = { people: o.people, companies: o.companies, campaigns: o.campaigns, days: o.days } as const;
  for (const [name, value] of Object.entries(counts)) {
    if (!Number.isInteger(value) || value < 0) throw new RangeError(`PopulationOptions.${name} must be a non-negative integer, got ${value}`);
  }
  if (o.days < 1) throw new RangeError(`PopulationOptions.days must be at least 1, got ${o.days}`);
  if (!Number.isInteger(o.seed)) throw new RangeError(`PopulationOptions.seed must be an integer, got ${o.seed}`);
  parseInstant(o.asOf);
}

/**
 * Generates a deterministic population: the same options give deep-equal output on any
 * machine (no wall clock, no `Math.random`, a private Faker instance).
 *
 * @example
 * ```ts
 * const pop = generatePopulation({ seed: 7, people: 500 });
 * pop.hubspot.contacts.length; // ≈ 360
 * pop.truth.filter((t) => t.source === 'mailchimp').length; // one per member record
 * ```
 */
export function generatePopulation(options: PopulationOptions = {}): Population {
  const o: Required<PopulationOptions> = { ...DEFAULT_POPULATION_OPTIONS, ...stripUndefined(options) };
  checkOptions(o);
  const win = windowFor(o.asOf, o.days);
  const rngFor = (label: string): Rng => Rng.forSeed(o.seed, label);

  const faker = new Faker({ locale: [en, base] });
  faker.seed(o.seed);
  const companies = makeCompanies(o.companies, faker, rngFor('companies'), win.endMs);
  const factory: PeopleFactory = { faker, rng: rngFor('people'), companies, usedEmails: new Set(), usedPhones: new Set() };
  const people = makePeople(o.people, factory, win);
  const campaigns = makeCampaigns(o.campaigns, rngFor('campaigns'), win);

  const touches = new Map<string, Touch[]>();
  const phones = new PhoneBook();
  const membership = chooseHubspotMembers(people, rngFor('hubspot-members'));
  const hubspot = makeHubspot(people, companies, membership, rngFor('hubspot'), win.endMs, phones);
  const deals = makeDeals(people, membership.members, companies, campaigns, rngFor('deals'), win, touches);
  const utmByCampaign = new Map(campaigns.map((c) => [c.campaignId, c.utmCampaign]));
  const hubspotDeals = makeHubspotDeals(deals, hubspot.contactIdsByPerson, utmByCampaign, rngFor('hubspot-deals'), win.endMs);
  const mailchimp = makeMailchimp(people, campaigns, rngFor('mailchimp'), win, touches, phones);
  const meta = makeMeta(campaigns, rngFor('meta'), rngFor, win);

  const mustIdentify = new Set<string>();
  for (const p of people) {
    if (!membership.members.has(p.personId) && !mailchimp.memberPeople.has(p.personId)) mustIdentify.add(p.personId);
  }
  const web = makeWeb({ people, campaigns, mustIdentify, touches }, rngFor('web'), win, phones);

  return {
    seed: o.seed,
    asOf: o.asOf,
    people,
    companies,
    campaigns,
    deals,
    hubspot: { contacts: hubspot.contacts, companies: hubspot.companies, deals: hubspotDeals },
    mailchimp: { lists: mailchimp.lists, members: mailchimp.members, campaigns: mailchimp.campaigns, activity: mailchimp.activity },
    metaAds: { campaigns: meta.campaigns, insights: meta.insights },
    web: { events: web.events },
    truth: [...hubspot.truth, ...mailchimp.truth, ...web.truth],
  };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
