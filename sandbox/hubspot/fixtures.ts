/**
 * The HubSpot mock's data store: the synthetic population's HubSpot appearances as
 * stored CRM objects. The store is mutable on purpose — the demo and the tests edit,
 * archive and add records between two syncs, and the mock server computes every
 * response from the store at request time.
 *
 * @example
 * ```ts
 * const fixtures = hubspotFixturesFromPopulation(population);
 * updateContact(fixtures, '1001', { lifecyclestage: 'customer' }, '2026-11-02T09:00:00Z');
 * archiveContact(fixtures, '1002', '2026-11-02T09:05:00Z');
 * ```
 */
import type { Population } from '../world/types.js';
import { homeAddressOf, typedAddress } from '../world/addresses.js';

export type HubspotObjectType = 'contacts' | 'companies' | 'deals';

/** One value a property held, from when (HubSpot's ValueWithTimestamp). */
export interface PropertyVersion {
  readonly value: string;
  readonly timestamp: string;
  readonly sourceType: string;
}

/** One CRM object as HubSpot stores it: every property value a string (or null), dates ISO. */
export interface StoredObject {
  readonly id: string;
  properties: Record<string, string | null>;
  /**
   * Every value each property held, oldest first (what `propertiesWithHistory` answers,
   * newest first). addObject starts it, updateObject appends what changed.
   */
  readonly history: Record<string, PropertyVersion[]>;
  readonly createdAt: string;
  updatedAt: string;
  archived: boolean;
  archivedAt?: string;
}

export interface HubspotFixtures {
  readonly objects: { readonly [T in HubspotObjectType]: Map<string, StoredObject> };
  /** deal id → associated contact ids. */
  readonly dealContacts: Map<string, string[]>;
}

export function emptyHubspotFixtures(): HubspotFixtures {
  return { objects: { contacts: new Map(), companies: new Map(), deals: new Map() }, dealContacts: new Map() };
}

/** HubSpot's default lifecycle stages, in funnel order. */
export const LIFECYCLE_STAGES = ['subscriber', 'lead', 'marketingqualifiedlead', 'salesqualifiedlead', 'opportunity', 'customer'] as const;

/**
 * The lifecycle stages a contact went through to reach `final`, dated without a random
 * draw (so the same population gives the same history): the first at its creation, each
 * later one two days after the one before, opportunity no later than its first deal's
 * creation and customer at its first won deal's close; none after the contact's last
 * modification. A contact created as a lead never was a subscriber.
 */
export function lifecycleHistory(
  final: string,
  createdAt: string,
  updatedAt: string,
  deals: readonly { readonly createdAt: string; readonly closeDate: string; readonly stage: string }[],
): PropertyVersion[] {
  const end = LIFECYCLE_STAGES.indexOf(final as (typeof LIFECYCLE_STAGES)[number]);
  if (end < 0) return [{ value: final, timestamp: isoTimestamp(createdAt), sourceType: 'CRM_UI' }];
  const createdMs = Date.parse(isoTimestamp(createdAt));
  const lastMs = Math.max(createdMs, Date.parse(isoTimestamp(updatedAt)));
  const firstDeal = Math.min(...deals.map((d) => Date.parse(isoTimestamp(d.createdAt))));
  const firstWin = Math.min(...deals.filter((d) => d.stage === 'closedwon').map((d) => Date.parse(isoTimestamp(d.closeDate))));
  const start = Math.min(end, 1);
  const out: PropertyVersion[] = [];
  let ms = createdMs;
  for (let k = start; k <= end; k++) {
    const stage = LIFECYCLE_STAGES[k]!;
    let at = k === start ? createdMs : ms + 2 * 86_400_000;
    if (stage === 'opportunity' && Number.isFinite(firstDeal)) at = Math.min(at, firstDeal);
    if (stage === 'customer' && Number.isFinite(firstWin)) at = firstWin;
    ms = Math.min(lastMs, Math.max(ms, at));
    // A form fill or a list import moves the early stages; sales moves the late ones.
    out.push({ value: stage, timestamp: new Date(ms).toISOString(), sourceType: k <= 2 ? 'FORM' : 'CRM_UI' });
  }
  return out;
}

/** Turns `pop.hubspot` into stored HubSpot objects (`pop.people`, when given, supplies the contacts' addresses). */
export function hubspotFixturesFromPopulation(pop: Pick<Population, 'hubspot'> & Partial<Pick<Population, 'people'>>): HubspotFixtures {
  const fixtures = emptyHubspotFixtures();
  const companyNames = new Map(pop.hubspot.companies.map((c) => [c.recordId, c.name]));
  for (const c of pop.hubspot.companies) {
    addObject(fixtures, 'companies', c.recordId, c.createdAt, c.updatedAt, {
      name: c.name,
      domain: c.domain,
      industry: c.industry,
      country: c.country,
    });
  }
  const dealsOf = new Map<string, (typeof pop.hubspot.deals)[number][]>();
  for (const d of pop.hubspot.deals) for (const id of d.contactRecordIds) dealsOf.set(id, [...(dealsOf.get(id) ?? []), d]);
  // Each contact types its person's home its own way (addresses.ts); a person the world does not list has none.
  const people = new Map((pop.people ?? []).map((p) => [p.personId, p]));
  for (const c of pop.hubspot.contacts) {
    const person = people.get(c.personId);
    const address = person === undefined ? null : typedAddress(homeAddressOf(person), `hubspot:${c.recordId}`);
    const contact = addObject(fixtures, 'contacts', c.recordId, c.createdAt, c.updatedAt, {
      email: c.email,
      firstname: c.firstName,
      lastname: c.lastName,
      phone: c.phone,
      // HubSpot's contact `company` is a free-text name, not a reference.
      company: c.companyRecordId === null ? null : (companyNames.get(c.companyRecordId) ?? null),
      country: c.country,
      city: c.city,
      address: address?.street ?? null,
      zip: address?.postcode ?? null,
      lifecyclestage: c.lifecycleStage,
    });
    contact.history.lifecyclestage = lifecycleHistory(c.lifecycleStage, c.createdAt, c.updatedAt, dealsOf.get(c.recordId) ?? []);
  }
  for (const d of pop.hubspot.deals) {
    addObject(fixtures, 'deals', d.recordId, d.createdAt, d.updatedAt, {
      dealname: d.name,
      amount: String(d.amount),
      dealstage: d.stage,
      closedate: isoTimestamp(d.closeDate),
      pipeline: 'default',
      utm_campaign: d.utmCampaign,
    });
    fixtures.dealContacts.set(d.recordId, [...d.contactRecordIds]);
  }
  return fixtures;
}

/**
 * Stores a new object with HubSpot's default properties (`createdate`,
 * `hs_lastmodifieddate`, `hs_object_id`) filled in.
 */
export function addObject(
  fixtures: HubspotFixtures,
  type: HubspotObjectType,
  id: string,
  createdAt: string,
  updatedAt: string,
  properties: Record<string, string | null>,
): StoredObject {
  const created = isoTimestamp(createdAt);
  const updated = isoTimestamp(updatedAt);
  const all = { ...properties, createdate: created, hs_lastmodifieddate: updated, hs_object_id: id };
  const history: Record<string, PropertyVersion[]> = {};
  for (const [name, value] of Object.entries(all)) if (value !== null) history[name] = [{ value, timestamp: created, sourceType: 'CRM_UI' }];
  const obj: StoredObject = { id, properties: all, history, createdAt: created, updatedAt: updated, archived: false };
  fixtures.objects[type].set(id, obj);
  return obj;
}

/** Changes properties of an object and bumps its modification time to `at`. */
export function updateObject(
  fixtures: HubspotFixtures,
  type: HubspotObjectType,
  id: string,
  props: Record<string, string | null>,
  at: string,
): StoredObject {
  const obj = mustGet(fixtures, type, id);
  const when = isoTimestamp(at);
  for (const [name, value] of Object.entries(props)) {
    if (value !== null && value !== obj.properties[name]) (obj.history[name] ??= []).push({ value, timestamp: when, sourceType: 'CRM_UI' });
  }
  obj.properties = { ...obj.properties, ...props, hs_lastmodifieddate: when };
  obj.updatedAt = when;
  return obj;
}

/** Moves an object to the recycle bin: gone from search and lists, listed with `archived=true`. */
export function archiveObject(fixtures: HubspotFixtures, type: HubspotObjectType, id: string, at: string): StoredObject {
  const obj = mustGet(fixtures, type, id);
  const when = isoTimestamp(at);
  obj.archived = true;
  obj.archivedAt = when;
  obj.updatedAt = when;
  obj.properties = { ...obj.properties, hs_lastmodifieddate: when };
  return obj;
}

export function updateContact(fixtures: HubspotFixtures, id: string, props: Record<string, string | null>, at: string): StoredObject {
  return updateObject(fixtures, 'contacts', id, props, at);
}

export function archiveContact(fixtures: HubspotFixtures, id: string, at: string): StoredObject {
  return archiveObject(fixtures, 'contacts', id, at);
}

function mustGet(fixtures: HubspotFixtures, type: HubspotObjectType, id: string): StoredObject {
  const obj = fixtures.objects[type].get(id);
  if (!obj) throw new RangeError(`HubSpot mock: no ${type} record with id ${id}`);
  return obj;
}

/** HubSpot writes timestamps with milliseconds and `Z`; a bare date means midnight UTC. */
function isoTimestamp(value: string): string {
  const date = new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(date.getTime())) throw new RangeError(`HubSpot mock: not a timestamp: ${value}`);
  return date.toISOString();
}
