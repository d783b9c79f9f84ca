/**
 * The Salesforce mock's data store: sObject records keyed by type and Id, plus a small
 * seeded builder for tests and the demo. The store is mutable on purpose — tests edit,
 * delete (to the recycle bin) and add records between two syncs, and the server
 * computes every response from it at request time.
 *
 * Records are stored with ISO `…Z` instants; the server writes them the way Salesforce
 * does (`2026-10-01T00:00:00.000+0000`).
 *
 * @example
 * ```ts
 * const fixtures = buildSalesforceFixtures({ seed: 7, contacts: 450 });
 * updateRecord(fixtures, 'Contact', fixtures.ids.Contact[0]!, { LeadSource: 'Web' }, '2026-11-02T09:00:00Z');
 * deleteRecord(fixtures, 'Contact', fixtures.ids.Contact[1]!, '2026-11-02T09:05:00Z');
 * ```
 */
import { Rng } from '../world/random.js';
import type { SalesforceAppearance, SalesforceSlice } from '../world/salesforce.js';

export type SObjectType = 'Contact' | 'Lead' | 'Account' | 'Opportunity' | 'OpportunityContactRole' | 'Campaign' | 'CampaignMember';
export const SOBJECT_TYPES: readonly SObjectType[] = ['Contact', 'Lead', 'Account', 'Opportunity', 'OpportunityContactRole', 'Campaign', 'CampaignMember'];

/** One stored record: field → value (JSON scalars), always with Id, SystemModstamp, IsDeleted. */
export type StoredRecord = Record<string, string | number | boolean | null> & { Id: string; SystemModstamp: string; IsDeleted: boolean };

export interface SalesforceFixtures {
  readonly records: { readonly [T in SObjectType]: Map<string, StoredRecord> };
  /** Ids in creation order, per type (handy in tests). */
  readonly ids: { readonly [T in SObjectType]: string[] };
  /** Records gone past the recycle bin (emptied, or hard-deleted): only getDeleted still lists them. */
  readonly purged: { readonly [T in SObjectType]: { readonly id: string; readonly deletedDate: string }[] };
}

/** Key prefixes Salesforce gives each object's ids. */
export const KEY_PREFIX: { readonly [T in SObjectType]: string } = {
  Account: '001',
  Contact: '003',
  Opportunity: '006',
  Lead: '00Q',
  OpportunityContactRole: '00K',
  Campaign: '701',
  CampaignMember: '00v',
};

export function emptySalesforceFixtures(): SalesforceFixtures {
  const per = <V>(make: () => V) => Object.fromEntries(SOBJECT_TYPES.map((t) => [t, make()])) as { [T in SObjectType]: V };
  return { records: per(() => new Map()), ids: per(() => []), purged: per(() => []) };
}

/** An 18-character Salesforce-shaped id: key prefix, pod, sequence, case-safe suffix. */
export function salesforceId(type: SObjectType, n: number): string {
  return `${KEY_PREFIX[type]}8d0000${String(n).padStart(6, '0')}AAA`;
}

/** Stores a record; `CreatedDate`/`LastModifiedDate` default to its SystemModstamp. */
export function addRecord(
  fixtures: SalesforceFixtures,
  type: SObjectType,
  fields: Record<string, string | number | boolean | null>,
  at: string,
  id: string = salesforceId(type, fixtures.ids[type].length + 1),
): StoredRecord {
  const when = isoInstant(at);
  const record: StoredRecord = { CreatedDate: when, LastModifiedDate: when, ...fields, Id: id, SystemModstamp: when, IsDeleted: false };
  fixtures.records[type].set(id, record);
  fixtures.ids[type].push(id);
  return record;
}

/** Changes fields of a record and bumps LastModifiedDate and SystemModstamp to `at`. */
export function updateRecord(
  fixtures: SalesforceFixtures,
  type: SObjectType,
  id: string,
  fields: Record<string, string | number | boolean | null>,
  at: string,
): StoredRecord {
  const record = mustGet(fixtures, type, id);
  const when = isoInstant(at);
  Object.assign(record, fields, { LastModifiedDate: when, SystemModstamp: when });
  return record;
}

/** Moves a record to the recycle bin: gone from `query`, still in `queryAll` with IsDeleted = true. */
export function deleteRecord(fixtures: SalesforceFixtures, type: SObjectType, id: string, at: string): StoredRecord {
  const record = mustGet(fixtures, type, id);
  const when = isoInstant(at);
  Object.assign(record, { IsDeleted: true, LastModifiedDate: when, SystemModstamp: when });
  return record;
}

/** Empties a deleted record out of the recycle bin: gone from `queryAll` too; getDeleted still lists it. */
export function purgeRecord(fixtures: SalesforceFixtures, type: SObjectType, id: string): void {
  const record = mustGet(fixtures, type, id);
  if (!record.IsDeleted) throw new RangeError(`Salesforce mock: ${type} ${id} is not in the recycle bin`);
  fixtures.records[type].delete(id);
  fixtures.purged[type].push({ id, deletedDate: record.SystemModstamp });
}

export interface FixtureSizes {
  readonly seed?: number;
  readonly contacts?: number;
  readonly leads?: number;
  readonly accounts?: number;
  readonly opportunities?: number;
  readonly campaigns?: number;
  /**
   * Campaign members (default: every third contact on a campaign, responded when its
   * index is even, and every second lead). Contact roles: one primary per opportunity.
   */
  readonly campaignMembers?: number;
  /** SystemModstamp of the first record of each type (default 2026-10-01T00:00:00Z). */
  readonly start?: string;
  /** Seconds between consecutive records' SystemModstamp (0 = all the same instant). */
  readonly stepSeconds?: number;
}

const FIRST = ['Anna', 'Ben', 'Chloé', 'David', 'Elif', 'Finn', 'Grace', 'Hiro', 'Ines', 'Jonas', 'Kofi', 'Lena'];
const LAST = ['Schmidt', 'Okafor', 'Martin', 'Nguyen', 'Rossi', 'Kowalski', 'Dubois', 'Yılmaz', 'García', 'Berg'];
const COUNTRIES = ['DE', 'Germany', 'FR', 'United Kingdom', 'US', null];
const SOURCES = ['Web', 'Phone Inquiry', 'Partner Referral', 'Trade Show', null];
const STAGES = [['Prospecting', false, false], ['Negotiation/Review', false, false], ['Closed Won', true, true], ['Closed Lost', false, true]] as const;

/**
 * A small deterministic org: accounts, campaigns, contacts (on accounts), leads (some
 * converted) and opportunities, with the mess real CRMs have — emails in odd case with
 * spaces, missing phones, countries as codes or names. Same seed, same records.
 */
export function buildSalesforceFixtures(sizes: FixtureSizes = {}): SalesforceFixtures {
  const rng = Rng.forSeed(sizes.seed ?? 1, 'salesforce-fixtures');
  const fixtures = emptySalesforceFixtures();
  const startMs = Date.parse(sizes.start ?? '2026-10-01T00:00:00.000Z');
  const step = (sizes.stepSeconds ?? 60) * 1000;
  const at = (i: number) => new Date(startMs + i * step).toISOString();
  const created = (i: number) => new Date(startMs - 86_400_000 * 30 + i * 1000).toISOString();
  const n = (k: number | undefined, d: number) => k ?? d;

  for (let i = 0; i < n(sizes.accounts, 3); i++) {
    addRecord(fixtures, 'Account', {
      Name: `Company ${i} GmbH`, Website: i % 3 === 2 ? null : `https://www.company${i}.example`, Industry: rng.pick(['Technology', 'Retail', 'Manufacturing']),
      BillingCountry: rng.pick(COUNTRIES), Type: 'Customer - Direct', NumberOfEmployees: rng.int(5, 5000), AnnualRevenue: null, CreatedDate: created(i),
    }, at(i));
  }
  for (let i = 0; i < n(sizes.campaigns, 2); i++) {
    addRecord(fixtures, 'Campaign', {
      Name: `Spring Sale 2026 #${i}`, Type: rng.pick(['Email', 'Webinar', 'Advertisement']), Status: 'In Progress',
      StartDate: '2026-09-01', EndDate: i % 2 === 0 ? '2026-11-30' : null, ActualCost: rng.int(100, 5000) + 0.5, BudgetedCost: 6000,
    }, at(i));
  }
  const accounts = fixtures.ids.Account;
  const campaigns = fixtures.ids.Campaign;
  for (let i = 0; i < n(sizes.contacts, 5); i++) {
    const first = rng.pick(FIRST);
    const last = rng.pick(LAST);
    addRecord(fixtures, 'Contact', {
      FirstName: first, LastName: last, Email: i % 7 === 3 ? null : ` ${first}.${last}${i}@Example.com `,
      Phone: i % 2 === 0 ? `+49 30 1234${String(i).padStart(3, '0')}` : null, MobilePhone: i % 5 === 1 ? `0171 555${String(i).padStart(4, '0')}` : null,
      AccountId: accounts.length > 0 ? accounts[i % accounts.length]! : null, MailingCountry: rng.pick(COUNTRIES), LeadSource: rng.pick(SOURCES), CreatedDate: created(i),
      // Person fields from the index, not the random stream, so existing fixtures stay as they were.
      Title: i % 4 === 2 ? null : 'Marketing Manager', Birthdate: i % 3 === 1 ? null : `19${70 + (i % 30)}-0${1 + (i % 9)}-1${i % 9}`,
      MailingStreet: `${i + 1} Hauptstraße`, MailingCity: 'Berlin', MailingState: 'BE', MailingPostalCode: String(10115 + i),
    }, at(i));
  }
  const contacts = fixtures.ids.Contact;
  for (let i = 0; i < n(sizes.leads, 3); i++) {
    const converted = contacts.length > 0 && i % 3 === 0;
    addRecord(fixtures, 'Lead', {
      FirstName: rng.pick(FIRST), LastName: rng.pick(LAST), Email: `lead${i}@prospect${i % 4}.example`, Phone: i % 2 === 1 ? `+33 1 44 55 ${String(i).padStart(4, '0')}` : null,
      Company: `Prospect ${i % 4} SA`, Country: rng.pick(COUNTRIES), Status: converted ? 'Closed - Converted' : 'Open - Not Contacted', LeadSource: rng.pick(SOURCES),
      IsConverted: converted, ConvertedContactId: converted ? contacts[i % contacts.length]! : null, CreatedDate: created(i),
      Title: 'Head of Growth', Street: `${i + 2} Rue de Rivoli`, City: 'Paris', State: null, PostalCode: String(75001 + (i % 20)),
    }, at(i));
  }
  for (let i = 0; i < n(sizes.opportunities, 4); i++) {
    const [stage, won, closed] = rng.pick(STAGES);
    addRecord(fixtures, 'Opportunity', {
      Name: `Deal ${i}`, Amount: 1000 + i * 250.5, StageName: stage, IsWon: won, IsClosed: closed, CloseDate: '2026-10-15',
      AccountId: accounts.length > 0 ? accounts[i % accounts.length]! : null, CampaignId: i % 2 === 0 && campaigns.length > 0 ? campaigns[0]! : null,
      LeadSource: rng.pick(SOURCES), CreatedDate: created(i),
    }, at(i));
  }
  // The junctions come from indexes, not the random stream, so the records above stay as
  // they were for every seed.
  for (const [i, opportunityId] of fixtures.ids.Opportunity.entries()) {
    if (contacts.length === 0) break;
    addRecord(fixtures, 'OpportunityContactRole', {
      OpportunityId: opportunityId, ContactId: contacts[i % contacts.length]!, Role: i % 2 === 0 ? 'Decision Maker' : 'Economic Buyer', IsPrimary: true, CreatedDate: created(i),
    }, at(i));
  }
  const leads = fixtures.ids.Lead;
  const members = [
    ...contacts.filter((_, i) => i % 3 === 0).map((id) => ({ ContactId: id, LeadId: null })),
    ...leads.filter((_, i) => i % 2 === 0).map((id) => ({ ContactId: null, LeadId: id })),
  ].slice(0, sizes.campaignMembers ?? Number.MAX_SAFE_INTEGER);
  for (const [i, who] of campaigns.length === 0 ? [] : members.entries()) {
    const responded = i % 2 === 0;
    addRecord(fixtures, 'CampaignMember', {
      CampaignId: campaigns[i % campaigns.length]!, ...who, Status: responded ? 'Responded' : 'Sent', HasResponded: responded,
      FirstRespondedDate: responded ? '2026-09-20' : null, CreatedDate: created(i),
    }, at(i));
  }
  return fixtures;
}

/** The synthetic population's Salesforce slice (connectors/synthetic/salesforce.ts) as a store. */
export function salesforceFixturesFromSlice(slice: SalesforceSlice): SalesforceFixtures {
  const fixtures = emptySalesforceFixtures();
  const add = (type: SObjectType, rows: readonly SalesforceAppearance[]) => {
    for (const r of rows) addRecord(fixtures, type, { ...r.fields, CreatedDate: isoInstant(r.createdAt) }, r.updatedAt, r.id);
  };
  add('Account', slice.accounts);
  add('Campaign', slice.campaigns);
  add('Contact', slice.contacts);
  add('Lead', slice.leads);
  add('Opportunity', slice.opportunities);
  add('OpportunityContactRole', slice.contactRoles);
  add('CampaignMember', slice.campaignMembers);
  return fixtures;
}

function mustGet(fixtures: SalesforceFixtures, type: SObjectType, id: string): StoredRecord {
  const record = fixtures.records[type].get(id);
  if (!record) throw new RangeError(`Salesforce mock: no ${type} record with Id ${id}`);
  return record;
}

function isoInstant(value: string): string {
  const ms = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(ms)) throw new RangeError(`Salesforce mock: not a timestamp: ${value}`);
  return new Date(ms).toISOString();
}
