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
] as const;

export type PiiTag = (typeof PII_TAGS)[number];

export function isPiiTag(value: string): value is PiiTag {
  return (PII_TAGS as readonly string[]).includes(value);
}
