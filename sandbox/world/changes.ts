/**
 * A day passes: `applyDailyChanges` edits a population IN PLACE, the way the sources
 * would change overnight, so the mocks (which serve the arrays live) show an
 * incremental sync something to pick up. Changed records are replaced by new objects
 * (records are immutable values); new ones are appended.
 */
import { Faker, base, en } from '@faker-js/faker';
import type {
  HubspotContactAppearance, MailchimpMemberAppearance, MetaInsightAppearance, Person, Population, TruthEntry,
} from './types.js';
import { addWebDay } from './changes-web.js';
import { FIRST_CONTACT_ID, contactFor, reachableByPhone } from './hubspot.js';
import { PhoneBook, makePhone, messyPhone } from './messy.js';
import { memberFor, memberRecordId } from './mailchimp.js';
import { deliveryProfile, insightFor } from './meta.js';
import { Rng } from './random.js';
import { DAY_MS, HOUR_MS, isoDate, isoSeconds, parseInstant } from './time.js';
import { cityFor, makePerson, type PeopleFactory } from './world.js';

/** What one simulated day changed, per source and stream. */
export interface ChangeSummary {
  /** The instant the day ended (normalised ISO-8601). */
  readonly at: string;
  readonly people: { readonly created: number; readonly updated: number };
  readonly hubspot: { readonly contactsUpdated: number; readonly contactsCreated: number };
  readonly mailchimp: { readonly membersUpdated: number; readonly membersCreated: number };
  readonly metaAds: { readonly insightsAdded: number; readonly insightsRestated: number; readonly restatedDate: string | null };
  readonly web: { readonly eventsAdded: number; readonly browsersIdentified: number; readonly newBrowsers: number };
  readonly truth: { readonly added: number; readonly updated: number };
}

export interface DailyChangeOptions {
  /** Seeds this day's changes; the same population + seed + `at` gives the same changes. */
  readonly seed: number;
  /** End of the simulated day ('YYYY-MM-DD' = midnight UTC, or an ISO timestamp); the day is the 24 h before it. */
  readonly at: string;
  /** Share of existing HubSpot contacts and Mailchimp members that change; default 0.01. */
  readonly fraction?: number;
}

const STAGES: readonly Person['lifecycleStage'][] = ['subscriber', 'lead', 'marketingqualifiedlead', 'salesqualifiedlead', 'opportunity', 'customer'];

/**
 * Simulates one day at every source, mutating `pop`'s arrays in place.
 *
 * - HubSpot: ~`fraction` of contacts change lifecycle stage, phone or city (`updatedAt = at`);
 *   a few new people arrive as new contacts (the truth grows with them).
 * - Mailchimp: ~`fraction` of members change status or details (`lastChanged = at`); some new people subscribe.
 * - Meta Ads: the day's insights for campaigns still running, and one earlier day (within
 *   28 days) restated, as Meta's attribution window does.
 * - Web: the day's sessions, appended after every existing event.
 *
 * @example
 * ```ts
 * const pop = generatePopulation({ people: 1000 });
 * const summary = applyDailyChanges(pop, { seed: 1, at: '2026-11-02' });
 * summary.hubspot.contactsUpdated; // ≈ 7
 * ```
 */
export function applyDailyChanges(pop: Population, options: DailyChangeOptions): ChangeSummary {
  const fraction = options.fraction ?? 0.01;
  if (!(fraction >= 0 && fraction <= 1)) throw new RangeError(`fraction must be within [0, 1], got ${fraction}`);
  const atMs = parseInstant(options.at);
  const at = isoSeconds(atMs);
  const rngFor = (label: string): Rng => Rng.forSeed(options.seed, `changes:${at}:${label}`);
  // The population's arrays are created mutable by generatePopulation; the contract types
  // some as readonly for consumers, so the in-place edits go through these views.
  const people = pop.people as Person[];
  const truth = pop.truth;
  const personIndex = new Map<string, number>();
  people.forEach((p, i) => personIndex.set(p.personId, i));
  let peopleUpdated = 0;
  const replacePerson = (personId: string, patch: Partial<Person>): Person | null => {
    const i = personIndex.get(personId);
    if (i === undefined) return null;
    people[i] = { ...people[i]!, ...patch };
    peopleUpdated++;
    return people[i]!;
  };

  const phones = new PhoneBook();
  const faker = new Faker({ locale: [en, base] });
  faker.seed(rngFor('faker').nextUint32());
  const factory: PeopleFactory = {
    faker,
    rng: rngFor('people'),
    companies: pop.companies,
    usedEmails: new Set(people.map((p) => p.email)),
    usedPhones: new Set(people.flatMap((p) => (p.phone === null ? [] : [p.phone]))),
  };

  // --- HubSpot contacts: updates -------------------------------------------------------
  const contacts = pop.hubspot.contacts;
  const hsRng = rngFor('hubspot');
  const toUpdate = hsRng.sampleIndices(contacts.length, Math.round(contacts.length * fraction));
  for (const i of toUpdate) {
    const c = contacts[i]!;
    const person = people[personIndex.get(c.personId) ?? -1];
    let next: HubspotContactAppearance;
    const stageAt = STAGES.indexOf(c.lifecycleStage as Person['lifecycleStage']);
    const kind = hsRng.weighted<'stage' | 'phone' | 'city'>([['stage', 50], ['phone', 25], ['city', 25]]);
    if (kind === 'stage' && stageAt >= 0 && stageAt < STAGES.length - 1) {
      const stage = STAGES[stageAt + 1]!;
      next = { ...c, lifecycleStage: stage, updatedAt: at };
      if (person && STAGES.indexOf(person.lifecycleStage) < stageAt + 1) replacePerson(c.personId, { lifecycleStage: stage });
    } else if (kind === 'phone' && person) {
      const phone = makePhone(person.country, hsRng, factory.usedPhones);
      next = { ...c, phone: messyPhone(phone, person.country, hsRng, phones), country: c.country ?? person.country, updatedAt: at };
      replacePerson(c.personId, { phone });
    } else {
      const country = person?.country ?? c.country ?? 'US';
      const city = cityFor(country, faker, hsRng);
      next = { ...c, city, updatedAt: at };
      if (person) replacePerson(c.personId, { city });
    }
    contacts[i] = next;
  }

  // --- New people: HubSpot contacts, maybe Mailchimp, maybe a web sign-up ---------------
  const newCount = Math.max(1, Math.round(people.length * fraction * 0.25));
  let nextContactId = FIRST_CONTACT_ID;
  for (const c of contacts) nextContactId = Math.max(nextContactId, Number(c.recordId) + 1);
  const companyRecordIds = new Map(pop.hubspot.companies.map((c) => [c.companyId, c.recordId]));
  const mainList = pop.mailchimp.lists[0];
  const mcRng = rngFor('mailchimp');
  let contactsCreated = 0;
  let membersCreated = 0;
  let truthAdded = 0;
  const webSignups: Person[] = [];
  const signupRng = rngFor('web-signup');
  const newTruth: TruthEntry[] = [];
  for (let k = 0; k < newCount; k++) {
    const createdMs = factory.rng.int(atMs - DAY_MS, atMs - HOUR_MS);
    const person = makePerson(people.length + 1, createdMs, factory);
    people.push(person);
    personIndex.set(person.personId, people.length - 1);
    const inHubspot = hsRng.chance(0.85);
    const inMailchimp = mainList !== undefined && mcRng.chance(0.5);
    if (inHubspot) {
      const recordId = String(nextContactId);
      nextContactId += hsRng.int(1, 3);
      const companyRecordId = person.companyId === null ? null : (companyRecordIds.get(person.companyId) ?? null);
      const draft = contactFor(person, { phoneOnly: false, duplicate: false, createdMs, updatedMs: createdMs, companyRecordId }, hsRng, phones);
      contacts.push({ recordId, ...draft });
      newTruth.push({ source: 'hubspot', kind: 'contacts', recordId, personId: person.personId, reachableByEmail: draft.email !== null, reachableByPhone: reachableByPhone(draft) });
      contactsCreated++;
    }
    if (inMailchimp && mainList) {
      const m = memberFor(person, mainList, createdMs + mcRng.int(0, 30 * 60_000), atMs, mcRng, phones);
      const fresh: MailchimpMemberAppearance = { ...m, status: mcRng.chance(0.9) ? 'subscribed' : 'pending', lastChanged: at };
      pop.mailchimp.members.push(fresh);
      newTruth.push({ source: 'mailchimp', kind: 'members', recordId: memberRecordId(fresh.listId, fresh.emailAddress), personId: person.personId, reachableByEmail: true });
      membersCreated++;
    }
    if ((!inHubspot && !inMailchimp) || signupRng.chance(0.4)) webSignups.push(person);
  }
  for (const t of newTruth) truth.push(t);
  truthAdded += newTruth.length;

  // --- Mailchimp members: updates ------------------------------------------------------
  const members = pop.mailchimp.members;
  const existingMembers = members.length - membersCreated;
  const membersToUpdate = mcRng.sampleIndices(existingMembers, Math.round(existingMembers * fraction));
  for (const i of membersToUpdate) {
    const m = members[i]!;
    let status = m.status;
    if (m.status === 'subscribed' && mcRng.chance(0.4)) status = 'unsubscribed';
    else if (m.status === 'pending' || (m.status === 'unsubscribed' && mcRng.chance(0.3))) status = 'subscribed';
    const person = people[personIndex.get(m.personId) ?? -1];
    const details = status === m.status && person
      ? { firstName: person.firstName, lastName: person.lastName, country: person.country }
      : {};
    members[i] = { ...m, ...details, status, lastChanged: at };
  }

  // --- Meta Ads: the new day, and a restated one -----------------------------------------
  const meta = addMetaDay(pop, rngFor('meta'), atMs);

  // --- Web --------------------------------------------------------------------------------
  const web = addWebDay(pop, { events: pop.web.events, truth }, webSignups, rngFor('web'), atMs, fraction, phones);

  return {
    at,
    people: { created: newCount, updated: peopleUpdated },
    hubspot: { contactsUpdated: toUpdate.length, contactsCreated },
    mailchimp: { membersUpdated: membersToUpdate.length, membersCreated },
    metaAds: meta,
    web: { eventsAdded: web.eventsAdded, browsersIdentified: web.browsersIdentified, newBrowsers: web.newBrowsers },
    truth: { added: truthAdded + web.truthAdded, updated: web.truthUpdated },
  };
}

/** Insights for the day that just ended, and one day in the last 28 restated (attribution catches up). */
function addMetaDay(pop: Population, rng: Rng, atMs: number): ChangeSummary['metaAds'] {
  const insights = pop.metaAds.insights;
  const day = isoDate(atMs - 1);
  const have = new Set(insights.map((r) => `${r.metaCampaignId}|${r.date}`));
  let insightsAdded = 0;
  const profileRng = (label: string): Rng => Rng.forSeed(pop.seed, label);
  for (const c of pop.metaAds.campaigns) {
    const startDay = c.startTime.slice(0, 10);
    const stopDay = c.stopTime === null ? null : c.stopTime.slice(0, 10);
    if (day < startDay || (stopDay !== null && day > stopDay) || have.has(`${c.metaCampaignId}|${day}`)) continue;
    insights.push(insightFor(c, day, deliveryProfile(c.metaCampaignId, c.objective, profileRng), rng));
    insightsAdded++;
  }

  const earliest = isoDate(atMs - 1 - 28 * DAY_MS);
  const candidates = [...new Set(insights.filter((r) => r.date >= earliest && r.date < day).map((r) => r.date))].sort();
  if (candidates.length === 0) return { insightsAdded, insightsRestated: 0, restatedDate: null };
  const restatedDate = rng.pick(candidates);
  let insightsRestated = 0;
  insights.forEach((r, i) => {
    if (r.date !== restatedDate) return;
    // Late-attributed clicks and a small spend correction; totals only ever drift upwards a little.
    const lift = rng.float(1.0, 1.06);
    const impressions = Math.round(r.impressions * lift);
    const restated: MetaInsightAppearance = {
      ...r,
      impressions,
      clicks: Math.min(impressions, Math.round(r.clicks * rng.float(1.01, 1.1)) + 1),
      reach: Math.min(impressions, Math.round(r.reach * lift)),
      spend: Math.round(r.spend * rng.float(1.0, 1.02) * 100) / 100,
    };
    insights[i] = restated;
    insightsRestated++;
  });
  return { insightsAdded, insightsRestated, restatedDate };
}
