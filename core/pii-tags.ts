/**
 * The PII vocabulary. It lives at the bottom of the import graph because connectors
 * declare tags on their streams; `schema/pii-taxonomy.ts` adds descriptions and the
 * default masking policy for each tag.
 */
export const PII_TAGS = [
  'email',
  'phone',
  'name',
  'address',
  'ip_address',
  'device_id',
  'online_identifier',
  'person_id',
  /** A one-way hash of an identifier: still links records of one person, no longer readable. */
  'pseudonymous_id',
  'free_text',
  /** Payment card number (PAN). */
  'card_number',
  /** Bank account number or IBAN. */
  'bank_account',
  /** A government-issued identifier: SSN, national insurance number, passport, tax id. */
  'government_id',
  'date_of_birth',
  'age',
  'gender',
  /** Latitude/longitude or anything else that pins a person to a place more finely than a city. */
  'precise_location',
] as const;

export type PiiTag = (typeof PII_TAGS)[number];

export function isPiiTag(value: string): value is PiiTag {
  return (PII_TAGS as readonly string[]).includes(value);
}
