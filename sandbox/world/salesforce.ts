/**
 * How the population appears in Salesforce — a second CRM beside HubSpot, as in a
 * company where sales works in Salesforce and marketing in HubSpot: ~40 % of people as
 * contacts on their company's account (a few twice, a few by phone only), ~15 % more as
 * leads (a third of those converted into a contact of the same person), every company
 * as an account, every campaign, and an opportunity for each deal whose person is a
 * contact (the CRM sync mirrors HubSpot's deals: same amount, same close date), sold to
 * that contact (an OpportunityContactRole). Sales also works deals HubSpot never sees:
 * ~6 % of the other contacts get a Salesforce-only opportunity. Campaign members: the
 * contact of a campaign-sourced opportunity responded to that campaign shortly before
 * it; ~15 % of the other contacts and leads are members of a campaign running after
 * they were created, half of them responded. Emails and phones carry the same mess as
 * HubSpot's (messy.ts).
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
import { DAY_MS, HOUR_MS, MINUTE_MS, isoDate, isoSeconds, parseInstant } from './time.js';
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
  /** OpportunityContactRole: who each opportunity was sold to. */
  readonly contactRoles: SalesforceAppearance[];
  /** CampaignMember: a contact or lead on a campaign, responded or not. */
  readonly campaignMembers: SalesforceAppearance[];
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
  const { contactRoles, campaignMembers } = addRevenueJunctions(pop, { campaigns, contacts, leads, opportunities }, campaignIds, contactByPerson, () => seq++);
  return { accounts, campaigns, contacts, leads, opportunities, contactRoles, campaignMembers, truth };
}

/**
 * Contact roles, campaign members and the Salesforce-only opportunities, on a random
 * stream of their own: drawn after everything above, they change none of it for a seed.
 */
function addRevenueJunctions(
  pop: Population,
  slice: Pick<SalesforceSlice, 'campaigns' | 'contacts' | 'leads' | 'opportunities'>,
  campaignIds: ReadonlyMap<string, string>,
  contactByPerson: ReadonlyMap<string, string>,
  nextSeq: () => number,
): Pick<SalesforceSlice, 'contactRoles' | 'campaignMembers'> {
  const rng = Rng.forSeed(pop.seed, 'salesforce-revenue');
  const asOfMs = parseInstant(pop.asOf);
  const contactRoles: SalesforceAppearance[] = [];
  const campaignMembers: SalesforceAppearance[] = [];
  const campaignOf = new Map(slice.campaigns.map((c) => [c.id, c]));
  const member = (campaignId: string, who: { ContactId: string | null; LeadId: string | null }, createdMs: number, respondedMs: number | null) => {
    const at = isoSeconds(Math.min(asOfMs - 1, respondedMs ?? createdMs));
    campaignMembers.push({
      id: sfId('00v', nextSeq()), sourceId: campaignId, createdAt: isoSeconds(createdMs), updatedAt: at,
      fields: {
        CampaignId: campaignId, ...who, Status: respondedMs === null ? 'Sent' : 'Responded', HasResponded: respondedMs !== null,
        FirstRespondedDate: respondedMs === null ? null : isoDate(respondedMs),
      },
    });
  };
  const role = (opportunityId: string, contactId: string, createdAt: string, updatedAt: string) => {
    contactRoles.push({
      id: sfId('00K', nextSeq()), sourceId: opportunityId, createdAt, updatedAt,
      fields: { OpportunityId: opportunityId, ContactId: contactId, Role: rng.pick(['Decision Maker', 'Economic Buyer', 'Business User']), IsPrimary: true },
    });
  };

  const dealsById = new Map(pop.deals.map((d) => [d.dealId, d]));
  for (const o of slice.opportunities) {
    const deal = dealsById.get(o.sourceId)!;
    const contactId = contactByPerson.get(deal.personId)!;
    role(o.id, contactId, o.createdAt, o.createdAt);
    const campaignId = o.fields.CampaignId;
    // The touch that sourced the deal, as sales records it: a response shortly before.
    if (typeof campaignId === 'string') {
      const createdMs = parseInstant(o.createdAt);
      member(campaignId, { ContactId: contactId, LeadId: null }, createdMs - rng.int(2, 10) * DAY_MS, createdMs - rng.int(1, 24) * HOUR_MS);
    }
  }

  // Runs of each campaign, to put members on one that was running after they appeared.
  const runs = pop.campaigns.map((c) => ({ id: campaignIds.get(c.campaignId)!, fromMs: parseInstant(c.startDate), toMs: Math.min(asOfMs - 1, parseInstant(c.endDate) + DAY_MS - 1) }));
  const withDeal = new Set(pop.deals.map((d) => d.personId));
  const salesOnly: { contact: SalesforceAppearance; campaignId: string | null; respondedMs: number | null }[] = [];
  const people = [
    ...slice.contacts.map((r) => ({ r, who: { ContactId: r.id, LeadId: null } })),
    ...slice.leads.map((r) => ({ r, who: { ContactId: null, LeadId: r.id } })),
  ];
  for (const { r, who } of people) {
    const createdMs = parseInstant(r.createdAt);
    let campaignId: string | null = null;
    let respondedMs: number | null = null;
    if (rng.chance(0.15)) {
      const open = runs.filter((run) => run.toMs > createdMs);
      if (open.length > 0) {
        const run = rng.pick(open);
        const joinedMs = rng.int(Math.max(run.fromMs, createdMs), run.toMs);
        const responded = rng.chance(0.5) ? Math.min(run.toMs, joinedMs + rng.int(HOUR_MS, 5 * DAY_MS)) : null;
        member(run.id, who, joinedMs, responded);
        if (responded !== null) {
          campaignId = run.id;
          respondedMs = responded;
        }
      }
    }
    if (who.ContactId !== null && !withDeal.has(r.sourceId) && rng.chance(0.06)) salesOnly.push({ contact: r, campaignId, respondedMs });
  }

  // Deals sales works in Salesforce alone (renewals, partner deals): no HubSpot mirror.
  for (const { contact, campaignId, respondedMs } of salesOnly) {
    // A campaign response comes first and sources the deal; otherwise sales found it.
    const createdMs = Math.min(asOfMs - DAY_MS, (respondedMs ?? parseInstant(contact.createdAt)) + rng.int(1, 20) * DAY_MS);
    const won = rng.chance(0.5);
    const closeMs = Math.min(asOfMs - HOUR_MS, createdMs + rng.int(3, 30) * DAY_MS);
    const closed = won || rng.chance(0.3);
    const id = sfId('006', nextSeq());
    const campaign = campaignId === null ? undefined : campaignOf.get(campaignId);
    slice.opportunities.push({
      id, sourceId: `sf_only_${id}`, createdAt: isoSeconds(createdMs), updatedAt: isoSeconds(closed ? closeMs : createdMs),
      fields: {
        Name: `${contact.fields.LastName ?? 'Account'} — ${rng.pick(['Renewal', 'Partner deal', 'Services'])}`, Amount: rng.int(10, 120) * 100,
        StageName: won ? 'Closed Won' : closed ? 'Closed Lost' : 'Proposal/Price Quote', IsWon: won, IsClosed: closed, CloseDate: isoDate(closed ? closeMs : createdMs + 30 * DAY_MS),
        AccountId: contact.fields.AccountId ?? null, CampaignId: campaign === undefined ? null : campaign.id, LeadSource: 'Partner Referral',
      },
    });
    role(id, contact.id, isoSeconds(createdMs), isoSeconds(createdMs));
  }
  return { contactRoles, campaignMembers };
}
