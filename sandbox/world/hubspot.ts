/**
 * How the population appears in HubSpot: ~70 % of people as contacts (a few twice,
 * a few with a phone but no email), every company, and one deal record per deal.
 * Record ids are assigned in creation order, as HubSpot's own ids grow over time.
 */
import type {
  Company, Deal, HubspotCompanyAppearance, HubspotContactAppearance, HubspotDealAppearance, Person, TruthEntry,
} from './types.js';
import { canonicalPhone, messyEmail, messyPhone, otherEmailVariant, type PhoneBook } from './messy.js';
import type { Rng } from './random.js';
import { DAY_MS, MINUTE_MS, isoSeconds, parseInstant } from './time.js';

/** Which people HubSpot knows, and which of them it knows only by phone. */
export interface HubspotMembership {
  readonly members: Set<string>;
  readonly phoneOnly: Set<string>;
}

export function chooseHubspotMembers(people: readonly Person[], rng: Rng): HubspotMembership {
  const members = new Set<string>();
  const phoneOnly = new Set<string>();
  for (const p of people) {
    if (!rng.chance(0.7)) continue;
    members.add(p.personId);
    // ~4 % of contacts overall; only people with a phone can be phone-only.
    if (p.phone !== null && rng.chance(0.05)) phoneOnly.add(p.personId);
  }
  return { members, phoneOnly };
}

/** Contact ids grow from here with small gaps (deleted records). */
export const FIRST_CONTACT_ID = 1_000_001;

/** A new contact record for `person`, as typed at the source; `recordId` is filled in by the caller. */
export function contactFor(
  person: Person,
  opts: { phoneOnly: boolean; duplicate: boolean; createdMs: number; updatedMs: number; companyRecordId: string | null },
  rng: Rng,
  phones: PhoneBook,
): Omit<HubspotContactAppearance, 'recordId'> {
  const phone = person.phone !== null && (opts.phoneOnly || rng.chance(0.85)) ? messyPhone(person.phone, person.country, rng, phones) : null;
  return {
    personId: person.personId,
    email: opts.phoneOnly ? null : messyEmail(person.email, rng),
    firstName: rng.chance(0.03) ? null : person.firstName,
    lastName: rng.chance(0.05) ? null : person.lastName,
    phone,
    companyRecordId: opts.companyRecordId !== null && rng.chance(0.9) ? opts.companyRecordId : null,
    // A national-format phone is only parseable with a country: phone-only records keep it.
    country: opts.phoneOnly || !rng.chance(0.05) ? person.country : null,
    city: rng.chance(0.1) ? null : person.city,
    lifecycleStage: opts.duplicate ? rng.pick(['subscriber', 'lead']) : person.lifecycleStage,
    createdAt: isoSeconds(opts.createdMs),
    updatedAt: isoSeconds(opts.updatedMs),
  };
}

export interface HubspotResult {
  readonly contacts: HubspotContactAppearance[];
  readonly companies: HubspotCompanyAppearance[];
  readonly companyRecordIds: Map<string, string>;
  /** personId → that person's contact record ids (original first). */
  readonly contactIdsByPerson: Map<string, string[]>;
  readonly truth: TruthEntry[];
}

export function makeHubspot(
  people: readonly Person[],
  companies: readonly Company[],
  membership: HubspotMembership,
  rng: Rng,
  asOfMs: number,
  phones: PhoneBook,
): HubspotResult {
  const companyRecordIds = new Map<string, string>();
  let companyId = 3_000_000_001;
  const hsCompanies: HubspotCompanyAppearance[] = companies.map((c) => {
    const recordId = String(companyId);
    companyId += rng.int(1, 4);
    companyRecordIds.set(c.companyId, recordId);
    const createdMs = parseInstant(c.createdAt);
    return {
      recordId,
      companyId: c.companyId,
      name: c.name,
      domain: rng.chance(0.9) ? c.domain : `www.${c.domain}`,
      industry: c.industry,
      country: c.country,
      createdAt: c.createdAt,
      updatedAt: isoSeconds(rng.int(createdMs, asOfMs - 1)),
    };
  });

  // Build every appearance first, then number them in creation order.
  const drafts: { createdMs: number; draft: Omit<HubspotContactAppearance, 'recordId'> }[] = [];
  for (const person of people) {
    if (!membership.members.has(person.personId)) continue;
    const phoneOnly = membership.phoneOnly.has(person.personId);
    const createdMs = parseInstant(person.createdAt) + rng.int(0, 5 * MINUTE_MS);
    const companyRecordId = person.companyId === null ? null : (companyRecordIds.get(person.companyId) ?? null);
    const updatedMs = rng.chance(0.3) ? rng.int(Math.max(createdMs, asOfMs - 60 * DAY_MS), asOfMs - 1) : rng.int(createdMs, asOfMs - 1);
    const first = contactFor(person, { phoneOnly, duplicate: false, createdMs, updatedMs, companyRecordId }, rng, phones);
    drafts.push({ createdMs, draft: first });
    // ~3 % entered twice: an import or a form that missed the existing contact.
    if (!phoneOnly && rng.chance(0.03)) {
      const dupCreated = rng.int(createdMs + MINUTE_MS, Math.max(createdMs + MINUTE_MS, asOfMs - 1));
      const dup = contactFor(person, { phoneOnly: false, duplicate: true, createdMs: dupCreated, updatedMs: dupCreated, companyRecordId }, rng, phones);
      drafts.push({ createdMs: dupCreated, draft: { ...dup, email: otherEmailVariant(person.email, first.email ?? '', rng) } });
    }
  }
  drafts.sort((a, b) => a.createdMs - b.createdMs || (a.draft.personId < b.draft.personId ? -1 : a.draft.personId > b.draft.personId ? 1 : 0));

  const contacts: HubspotContactAppearance[] = [];
  const contactIdsByPerson = new Map<string, string[]>();
  const truth: TruthEntry[] = [];
  let nextId = FIRST_CONTACT_ID;
  for (const { draft } of drafts) {
    const recordId = String(nextId);
    nextId += rng.int(1, 3);
    contacts.push({ recordId, ...draft });
    const ids = contactIdsByPerson.get(draft.personId);
    if (ids) ids.push(recordId);
    else contactIdsByPerson.set(draft.personId, [recordId]);
    truth.push({ source: 'hubspot', kind: 'contacts', recordId, personId: draft.personId, reachableByEmail: draft.email !== null, reachableByPhone: reachableByPhone(draft) });
  }
  return { contacts, companies: hsCompanies, companyRecordIds, contactIdsByPerson, truth };
}

/** Whether a contact's phone, read with the contact's own country, is a valid number. */
export function reachableByPhone(contact: Pick<HubspotContactAppearance, 'phone' | 'country'>): boolean {
  return contact.phone !== null && canonicalPhone(contact.phone, contact.country) !== null;
}

/** One HubSpot deal per deal, associated with the person's contact(s). */
export function makeHubspotDeals(
  deals: readonly Deal[],
  contactIdsByPerson: ReadonlyMap<string, readonly string[]>,
  utmByCampaign: ReadonlyMap<string, string>,
  rng: Rng,
  asOfMs: number,
): HubspotDealAppearance[] {
  let nextId = 7_000_000_001;
  return deals.map((d) => {
    const recordId = String(nextId);
    nextId += rng.int(1, 5);
    const ids = contactIdsByPerson.get(d.personId) ?? [];
    const createdMs = parseInstant(d.createdAt);
    return {
      recordId,
      dealId: d.dealId,
      name: d.name,
      amount: d.amount,
      stage: d.stage,
      closeDate: d.closeDate,
      createdAt: d.createdAt,
      updatedAt: isoSeconds(rng.int(createdMs, asOfMs - 1)),
      contactRecordIds: ids.length > 1 && rng.chance(0.7) ? [ids[0]!] : [...ids],
      utmCampaign: d.campaignId === null ? null : (utmByCampaign.get(d.campaignId) ?? null),
    };
  });
}
