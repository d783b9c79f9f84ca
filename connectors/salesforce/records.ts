/**
 * Salesforce records as landed: the sObject's own field names (`FirstName`,
 * `SystemModstamp` — the names Airbyte's and Singer's source-salesforce use), exactly the
 * fields listed here (missing ones as null), without jsforce's hypermedia `attributes`.
 * Also the one place SOQL is built: from constant object/field names and a cursor that
 * is formatted, never pasted.
 */
import { z } from 'zod';
import { MalformedResponseError, type JsonRecord, type JsonValue } from '../sdk/index.js';

/** The field every stream reads incrementally by: bumped by user edits *and* system changes. */
export const CURSOR_FIELD = 'SystemModstamp';

// The person fields identity matching compares (the Contact's Mailing* address compound
// read field by field, as SOQL and Airbyte's schema expose it); the account's name comes
// from the accounts stream, by AccountId.
export const CONTACT_FIELDS = [
  'Id', 'FirstName', 'LastName', 'Email', 'Phone', 'MobilePhone', 'AccountId', 'Title', 'Birthdate',
  'MailingStreet', 'MailingCity', 'MailingState', 'MailingPostalCode', 'MailingCountry',
  'LeadSource', 'CreatedDate', 'LastModifiedDate', 'SystemModstamp', 'IsDeleted',
] as const;

export const LEAD_FIELDS = [
  'Id', 'FirstName', 'LastName', 'Email', 'Phone', 'Company', 'Title', 'Street', 'City', 'State', 'PostalCode',
  'Country', 'Status', 'LeadSource', 'IsConverted', 'ConvertedContactId', 'CreatedDate', 'SystemModstamp', 'IsDeleted',
] as const;

export const ACCOUNT_FIELDS = [
  'Id', 'Name', 'Website', 'Industry', 'BillingCountry', 'Type', 'NumberOfEmployees', 'AnnualRevenue',
  'CreatedDate', 'LastModifiedDate', 'SystemModstamp', 'IsDeleted',
] as const;

export const OPPORTUNITY_FIELDS = [
  'Id', 'Name', 'Amount', 'StageName', 'IsWon', 'IsClosed', 'CloseDate', 'AccountId', 'CampaignId',
  'LeadSource', 'CreatedDate', 'SystemModstamp', 'IsDeleted',
] as const;

export const CAMPAIGN_FIELDS = [
  'Id', 'Name', 'Type', 'Status', 'StartDate', 'EndDate', 'ActualCost', 'BudgetedCost',
  'SystemModstamp', 'IsDeleted',
] as const;

// Who an opportunity was sold to: the junction the models follow from a won opportunity
// to its contacts, hence to customers (an Opportunity names an account, not a person).
export const OPPORTUNITY_CONTACT_ROLE_FIELDS = [
  'Id', 'OpportunityId', 'ContactId', 'Role', 'IsPrimary', 'CreatedDate', 'SystemModstamp', 'IsDeleted',
] as const;

// A lead's or contact's membership of a campaign: its status and whether (and when first)
// they responded — the CRM's own touchpoint. The member's copied name and email fields
// are not read: the person is reached through ContactId / LeadId.
export const CAMPAIGN_MEMBER_FIELDS = [
  'Id', 'CampaignId', 'ContactId', 'LeadId', 'Status', 'HasResponded', 'FirstRespondedDate',
  'CreatedDate', 'SystemModstamp', 'IsDeleted',
] as const;

/** What Salesforce sends for each field type; `date` = `2026-10-15`, `datetime` = `…T…+0000`. */
type FieldKind = 'id' | 'string' | 'number' | 'boolean' | 'date' | 'datetime';

const KIND_BY_FIELD: Readonly<Record<string, FieldKind>> = {
  Id: 'id', AccountId: 'string', CampaignId: 'string', ConvertedContactId: 'string',
  OpportunityId: 'string', ContactId: 'string', LeadId: 'string',
  IsDeleted: 'boolean', IsConverted: 'boolean', IsWon: 'boolean', IsClosed: 'boolean', IsPrimary: 'boolean', HasResponded: 'boolean',
  Amount: 'number', ActualCost: 'number', BudgetedCost: 'number', NumberOfEmployees: 'number', AnnualRevenue: 'number',
  CloseDate: 'date', StartDate: 'date', EndDate: 'date', Birthdate: 'date', FirstRespondedDate: 'date',
  CreatedDate: 'datetime', LastModifiedDate: 'datetime', SystemModstamp: 'datetime',
};

/** The kind of a field (everything unlisted is text). */
export function fieldKind(field: string): FieldKind {
  return KIND_BY_FIELD[field] ?? 'string';
}

const SF_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?(Z|[+-]\d{2}:?\d{2})$/;

function fieldSchema(field: string): z.ZodType {
  switch (fieldKind(field)) {
    case 'id':
      return z.string().min(15).max(18);
    case 'boolean':
      return field === 'IsDeleted' ? z.boolean() : z.boolean().nullable();
    case 'number':
      return z.number().nullable();
    case 'date':
      return z.iso.date().nullable();
    case 'datetime':
      return field === CURSOR_FIELD ? z.string().regex(SF_DATETIME) : z.string().regex(SF_DATETIME).nullable();
    default:
      return z.string().nullable();
  }
}

/** A record schema over `fields`; loose, so a field Salesforce adds tomorrow quarantines nothing. */
export function recordSchema(fields: readonly string[]) {
  return z.looseObject(Object.fromEntries(fields.map((f) => [f, fieldSchema(f)])));
}

/**
 * `SELECT <fields> FROM <sobject> WHERE SystemModstamp >= <cursor> ORDER BY SystemModstamp, Id`.
 * Object and field names are the constants above; the cursor is re-formatted as a SOQL
 * dateTime literal and checked, so nothing from config or state is pasted as text.
 */
export function buildIncrementalSoql(sobject: string, fields: readonly string[], cursorIso: string): string {
  for (const name of [sobject, ...fields]) {
    if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(name)) throw new RangeError(`not a SOQL identifier: ${JSON.stringify(name)}`);
  }
  return `SELECT ${fields.join(', ')} FROM ${sobject} WHERE ${CURSOR_FIELD} >= ${soqlDateTime(cursorIso)} ORDER BY ${CURSOR_FIELD} ASC, Id ASC`;
}

/**
 * An instant as a SOQL dateTime literal, `YYYY-MM-DDThh:mm:ssZ`. Milliseconds are floored
 * away (the documented literal has none): that only widens the boundary re-read, which
 * the landing dedupes by record hash.
 */
export function soqlDateTime(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new RangeError(`not an ISO instant: ${JSON.stringify(iso)}`);
  const literal = new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(literal)) throw new RangeError(`instant out of SOQL range: ${iso}`);
  return literal;
}

/** Salesforce's `2026-10-01T00:00:00.000+0000` as ISO UTC (`…Z`), or undefined. */
export function toIsoInstant(value: unknown): string | undefined {
  if (typeof value !== 'string' || !SF_DATETIME.test(value)) return undefined;
  const ms = Date.parse(value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

/** One API record → the landed record: listed fields only (missing as null), no `attributes`. */
export function toRecord(sobject: string, raw: unknown, fields: readonly string[]): JsonRecord {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new MalformedResponseError('salesforce', `${sobject} query returned a record that is not an object`);
  }
  const r = raw as Record<string, JsonValue | undefined>;
  if (typeof r.Id !== 'string' || toIsoInstant(r[CURSOR_FIELD]) === undefined) {
    // Never quote the record: it may carry personal data.
    throw new MalformedResponseError('salesforce', `${sobject} query returned a record without Id or ${CURSOR_FIELD}`);
  }
  const out: JsonRecord = {};
  for (const f of fields) out[f] = r[f] ?? null;
  return out;
}

/**
 * The tombstone of a deleted record (in the recycle bin, read by queryAll): its key and
 * when it was deleted, nothing personal.
 */
export function toTombstone(record: JsonRecord): JsonRecord {
  return { Id: record.Id ?? null, IsDeleted: true, [CURSOR_FIELD]: record[CURSOR_FIELD] ?? null };
}
