/**
 * HubSpot CRM records as landed: exactly the v3 object shape (`id`, `properties`,
 * `createdAt`, `updatedAt`, `archived`), dates as ISO strings, and exactly the
 * properties listed here (missing ones as null), so raw columns are stable.
 */
import { z } from 'zod';
import type { JsonRecord, JsonValue } from '../sdk/index.js';
import type { CrmObject, CrmObjectType } from './client.js';

/** The property HubSpot keeps the last modification in; the search is windowed on it. */
export const MODIFIED_PROPERTY = 'hs_lastmodifieddate';

export const CONTACT_PROPERTIES = [
  'email',
  'firstname',
  'lastname',
  'phone',
  'company',
  'country',
  'city',
  // person fields identity matching compares (int_identity__nodes)
  'jobtitle',
  'address',
  'zip',
  'state',
  'date_of_birth',
  'mobilephone',
  'hs_additional_emails',
  'lifecyclestage',
  'createdate',
  'hs_lastmodifieddate',
  'hs_object_id',
] as const;

export const COMPANY_PROPERTIES = ['name', 'domain', 'industry', 'country', 'createdate', 'hs_lastmodifieddate'] as const;

export const DEAL_PROPERTIES = [
  'dealname',
  'amount',
  'dealstage',
  'closedate',
  'pipeline',
  'utm_campaign',
  'createdate',
  'hs_lastmodifieddate',
] as const;

export const PROPERTIES_BY_TYPE: { readonly [T in CrmObjectType]: readonly string[] } = {
  contacts: CONTACT_PROPERTIES,
  companies: COMPANY_PROPERTIES,
  deals: DEAL_PROPERTIES,
};

// HubSpot sends every property value as a string (numbers and dates included), or null.
const propertyValue = z.string().nullable();

function objectSchema(properties: readonly string[]) {
  // looseObject throughout: a field HubSpot adds tomorrow must not quarantine records.
  return z.looseObject({
    id: z.string().min(1),
    properties: z.looseObject(Object.fromEntries(properties.map((p) => [p, propertyValue]))),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    archived: z.boolean(),
  });
}

/** The contact properties whose every past value is landed (propertiesWithHistory). */
export const CONTACT_HISTORY_PROPERTIES = ['lifecyclestage'] as const;

const propertyVersion = z.looseObject({ value: z.string(), timestamp: z.iso.datetime(), sourceType: z.string().nullable() });

export const contactRecordSchema = objectSchema(CONTACT_PROPERTIES).extend({
  // Optional inside: a history HubSpot stops sending must not quarantine the contact.
  propertiesWithHistory: z.looseObject(Object.fromEntries(CONTACT_HISTORY_PROPERTIES.map((p) => [p, z.array(propertyVersion).optional()]))),
});
export const companyRecordSchema = objectSchema(COMPANY_PROPERTIES);
export const dealRecordSchema = objectSchema(DEAL_PROPERTIES).extend({
  associations: z.looseObject({ contacts: z.array(z.string()) }),
});

/** `{ id, properties: {…listed…}, createdAt, updatedAt, archived }` from a client object. */
export function toObjectRecord(obj: CrmObject, properties: readonly string[]): JsonRecord {
  const props: { [name: string]: JsonValue } = {};
  for (const name of properties) props[name] = obj.properties?.[name] ?? null;
  return {
    id: objectId(obj),
    properties: props,
    createdAt: toIso(obj.createdAt),
    updatedAt: toIso(obj.updatedAt),
    archived: obj.archived ?? false,
  };
}

/** The tombstone of an archived object: `{ id, archived: true, archivedAt }`. */
export function toTombstone(obj: CrmObject): JsonRecord {
  return {
    id: objectId(obj),
    archived: true,
    archivedAt: obj.archivedAt === undefined ? null : toIso(obj.archivedAt),
  };
}

/**
 * The object's id as a string — but a missing id stays null (`String(null)` would land
 * every such object as one record with id "null"); the landing quarantines it.
 */
function objectId(obj: CrmObject): string | null {
  const id = obj.id as unknown;
  return id === null || id === undefined ? null : String(id);
}

/** The client turns `createdAt`/`updatedAt` into Date objects; records carry ISO strings. */
export function toIso(value: Date | string): string {
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) throw new RangeError(`not a timestamp: ${String(value)}`);
  return date.toISOString();
}

/** When the object was last modified, in epoch ms (the search filter's unit). */
export function modifiedMs(obj: CrmObject): number {
  const raw = obj.properties?.[MODIFIED_PROPERTY];
  const fromProperty = raw === null || raw === undefined ? Number.NaN : /^\d+$/.test(raw) ? Number(raw) : Date.parse(raw);
  return Number.isNaN(fromProperty) ? new Date(obj.updatedAt).getTime() : fromProperty;
}
