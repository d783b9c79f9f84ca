/**
 * How the population appears in Salesforce — a second CRM beside HubSpot, as in a
 * company where sales works in Salesforce and marketing in HubSpot: ~40 % of people as
 * contacts on their company's account (a few twice, a few by phone only), ~15 % more as
 * leads (a third of those converted into a contact of the same person), every company
 * as an account, every campaign, and an opportunity for each deal whose person is a
 * contact. Emails and phones carry the same mess as HubSpot's (messy.ts).
 *
 * This is a separate pass over a finished Population, on its own random stream: it
 * changes nothing `generatePopulation` returns for a seed (the demo and tests rely on
 * that). Ids are Salesforce-shaped (key prefix + sequence) and grow in creation order.
 *
 * @example
 * ```ts
 * const slice = salesforceSliceOf(generatePopulation({ seed: 42 }));
 * slice.contacts.length; // ≈ 0.4 × people; slice.truth has one entry per contact and lead
 * ```
 */
import { canonicalPhone, messyEmail, messyPhone, otherEmailVariant, PhoneBook } from './messy.js';
import { Rng } from './random.js';
import { homeAddressOf, typedAddress, type Address } from './addresses.js';
import { DAY_MS, MINUTE_MS, isoSeconds, parseInstant } from './time.js';
import type { Deal, Population, TruthEntry } from './types.js';

/** A field value as Salesforce stores it. */
export type SfValue = string | number | boolean | null;

/** One Salesforce record of the slice: its fields (Salesforce names) and when it was created / last changed. */
export interface SalesforceAppearance {
  readonly id: string;
  /** The population entity it stands for (personId, companyId, campaignId or dealId). */
  readonly sourceId: string;
  readonly fields: Readonly<Record<string, SfValue>>;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface SalesforceSlice {
  readonly accounts: SalesforceAppearance[];
  readonly campaigns: SalesforceAppearance[];
  readonly contacts: SalesforceAppearance[];
  readonly leads: SalesforceAppearance[];
  readonly opportunities: SalesforceAppearance[];
  /** One entry per contact (`kind: 'contacts'`) and lead (`kind: 'leads'`). */
  readonly truth: TruthEntry[];
}

/** `001…`, `003…`: Salesforce's key prefix, then a 12-digit sequence, then a case-safe suffix (18 chars). */
function sfId(prefix: string, n: number): string {
  return `${prefix}${String(n).padStart(12, '0')}AAA`;
}

const STAGE: Readonly<Record<Deal['stage'], readonly [string, boolean, boolean]>> = {
  appointmentscheduled: ['Prospecting', false, false],
  qualifiedtobuy: ['Qualification', false, false],
  contractsent: ['Negotiation/Review', false, false],
  closedwon: ['Closed Won', true, true],
  closedlost: ['Closed Lost', false, true],
};
const LEAD_SOURCES = ['Web', 'Phone Inquiry', 'Partner Referral', 'Trade Show', 'Purchased List'];

/** A contact's Mailing* fields (the person's home as this record types it). */
function mailing(a: Address): Record<string, SfValue> {
  return { MailingStreet: a.street, MailingCity: a.city, MailingPostalCode: a.postcode };
}

/** A lead's address fields. */
function leadAddress(a: Address): Record<string, SfValue> {
  return { Street: a.street, City: a.city, PostalCode: a.postcode };
}

/** The Salesforce slice of `pop` (deterministic for `pop.seed`). */
export function salesforceSliceOf(pop: Population): SalesforceSlice {
  const rng = Rng.forSeed(pop.seed, 'salesforce');
  const phones = new PhoneBook();
  const asOfMs = parseInstant(pop.asOf);
  const touched = (createdMs: number) =>
    isoSeconds(rng.chance(0.3) ? rng.int(Math.max(createdMs, asOfMs - 60 * DAY_MS), asOfMs - 1) : rng.int(createdMs, asOfMs - 1));
  let seq = 1;

  const companyNames = new Map(pop.companies.map((c) => [c.companyId, c.name]));
  const accountIds = new Map<string, string>();
  const accounts = pop.companies.map((c) => {
    const id = sfId('001', seq++);
    accountIds.set(c.companyId, id);
    const createdMs = parseInstant(c.createdAt);
    return {
      id, sourceId: c.companyId, createdAt: c.createdAt, updatedAt: touched(createdMs),
      fields: { Name: c.name, Website: rng.chance(0.8) ? `https://www.${c.domain}` : c.domain, Industry: c.industry, BillingCountry: c.country, Type: rng.pick(['Customer - Direct', 'Prospect', 'Partner']) },
    };
  });
  const campaignIds = new Map<string, string>();
  const campaigns = pop.campaigns.map((c) => {
    const id = sfId('701', seq++);
    campaignIds.set(c.campaignId, id);
    const createdMs = parseInstant(c.startDate) - 7 * DAY_MS;
    return {
      id, sourceId: c.campaignId, createdAt: isoSeconds(createdMs), updatedAt: touched(createdMs),
      fields: {
        Name: c.name, Type: c.channels.includes('email') ? 'Email' : c.channels.includes('meta') ? 'Advertisement' : 'Other',
        Status: Date.parse(c.endDate) < asOfMs ? 'Completed' : 'In Progress', StartDate: c.startDate, EndDate: c.endDate,
        BudgetedCost: c.budget, ActualCost: Math.round(c.budget * rng.float(0.6, 1.05) * 100) / 100,
      },
    };
  });

  const contacts: SalesforceAppearance[] = [];
  const leads: SalesforceAppearance[] = [];
  const truth: TruthEntry[] = [];
  const contactByPerson = new Map<string, string>();
  const person = (p: Population['people'][number], createdMs: number, phoneOnly: boolean, email: string | null) => {
    const phone = p.phone !== null && (phoneOnly || rng.chance(0.8)) ? messyPhone(p.phone, p.country, rng, phones) : null;
    const country = phoneOnly || rng.chance(0.95) ? p.country : null;
    return { phone, country, email: phoneOnly ? null : email, createdMs };
  };
  const addContact = (p: Population['people'][number], phoneOnly: boolean, email: string | null, createdMs: number) => {
    const id = sfId('003', seq++);
    const d = person(p, createdMs, phoneOnly, email);
    contacts.push({
      id, sourceId: p.personId, createdAt: isoSeconds(createdMs), updatedAt: touched(createdMs),
      fields: {
        FirstName: rng.chance(0.03) ? null : p.firstName, LastName: p.lastName, Email: d.email, Phone: d.phone,
        MobilePhone: null, AccountId: p.companyId === null ? null : (accountIds.get(p.companyId) ?? null),
        MailingCountry: d.country, LeadSource: rng.chance(0.7) ? rng.pick(LEAD_SOURCES) : null,
        ...mailing(typedAddress(homeAddressOf(p), `salesforce:${id}`)),
      },
    });
    truth.push({ source: 'salesforce', kind: 'contacts', recordId: id, personId: p.personId, reachableByEmail: d.email !== null, reachableByPhone: d.phone !== null && canonicalPhone(d.phone, d.country) !== null });
    return id;
  };
  for (const p of pop.people) {
    const roll = rng.next();
    const createdMs = parseInstant(p.createdAt) + rng.int(0, 3 * DAY_MS);
    if (createdMs >= asOfMs) continue;
    if (roll < 0.4) {
      const phoneOnly = p.phone !== null && rng.chance(0.04);
      const email = messyEmail(p.email, rng);
      contactByPerson.set(p.personId, addContact(p, phoneOnly, email, createdMs));
      // ~2 % entered twice (a trade-show import that missed the existing contact).
      if (!phoneOnly && rng.chance(0.02)) addContact(p, false, otherEmailVariant(p.email, email, rng), Math.min(asOfMs - 1, createdMs + rng.int(MINUTE_MS, 30 * DAY_MS)));
    } else if (roll < 0.55) {
      const converted = rng.chance(1 / 3);
      const contactId = converted ? addContact(p, false, messyEmail(p.email, rng), createdMs + DAY_MS) : null;
      if (contactId) contactByPerson.set(p.personId, contactId);
      const id = sfId('00Q', seq++);
      const d = person(p, createdMs, false, messyEmail(p.email, rng));
      leads.push({
        id, sourceId: p.personId, createdAt: isoSeconds(createdMs), updatedAt: touched(createdMs),
        fields: {
          FirstName: p.firstName, LastName: p.lastName, Email: d.email, Phone: d.phone, Company: p.companyId === null ? '[not provided]' : (companyNames.get(p.companyId) ?? null),
          Country: d.country, Status: converted ? 'Closed - Converted' : rng.pick(['Open - Not Contacted', 'Working - Contacted', 'Closed - Not Converted']),
          LeadSource: rng.pick(LEAD_SOURCES), IsConverted: converted, ConvertedContactId: contactId,
          ...leadAddress(typedAddress(homeAddressOf(p), `salesforce:${id}`)),
        },
      });
      truth.push({ source: 'salesforce', kind: 'leads', recordId: id, personId: p.personId, reachableByEmail: d.email !== null, reachableByPhone: d.phone !== null && canonicalPhone(d.phone, d.country) !== null });
    }
  }

  const opportunities: SalesforceAppearance[] = [];
  for (const d of pop.deals) {
    if (!contactByPerson.has(d.personId)) continue;
    const [stage, won, closed] = STAGE[d.stage];
    const createdMs = parseInstant(d.createdAt);
    opportunities.push({
      id: sfId('006', seq++), sourceId: d.dealId, createdAt: d.createdAt, updatedAt: touched(createdMs),
      fields: {
        Name: d.name, Amount: d.amount, StageName: stage, IsWon: won, IsClosed: closed, CloseDate: d.closeDate,
        AccountId: d.companyId === null ? null : (accountIds.get(d.companyId) ?? null),
        CampaignId: d.campaignId === null ? null : (campaignIds.get(d.campaignId) ?? null), LeadSource: rng.chance(0.5) ? rng.pick(LEAD_SOURCES) : null,
      },
    });
  }
  return { accounts, campaigns, contacts, leads, opportunities, truth };
}
