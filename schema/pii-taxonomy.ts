/**
 * The PII taxonomy: what each tag means and how it is masked by default when the
 * analyst database is published. Connectors declare tags (core/pii-tags.ts);
 * governance propagates them along lineage; publishing applies these policies
 * unless tributary.yml overrides them under `governance.masking`.
 */
import type { PiiTag } from '../core/pii-tags.js';

export type MaskingPolicy = 'redact' | 'hash' | 'partial' | 'none';

export interface PiiTagInfo {
  readonly tag: PiiTag;
  readonly description: string;
  /** GDPR Art. 4(1) "directly identifying" (true) or identifying only in combination (false). */
  readonly direct: boolean;
  readonly defaultMasking: MaskingPolicy;
}

export const PII_TAXONOMY: Readonly<Record<PiiTag, PiiTagInfo>> = Object.freeze({
  email: { tag: 'email', description: 'Email address', direct: true, defaultMasking: 'partial' },
  phone: { tag: 'phone', description: 'Telephone number', direct: true, defaultMasking: 'partial' },
  name: { tag: 'name', description: "A person's first, last or full name", direct: true, defaultMasking: 'redact' },
  address: { tag: 'address', description: 'Postal address, city or geolocation', direct: false, defaultMasking: 'redact' },
  ip_address: { tag: 'ip_address', description: 'IP address', direct: false, defaultMasking: 'redact' },
  device_id: { tag: 'device_id', description: 'Device or advertising identifier', direct: false, defaultMasking: 'hash' },
  online_identifier: { tag: 'online_identifier', description: 'Cookie / anonymous browser id', direct: false, defaultMasking: 'hash' },
  person_id: { tag: 'person_id', description: "A source system's id for a person (CRM id, app user id)", direct: false, defaultMasking: 'hash' },
  // Hashed again at publish, with the workspace's key: the models' own hashes (md5 of an
  // identity key, of an email) are unkeyed, so whoever knows the input computes them.
  pseudonymous_id: { tag: 'pseudonymous_id', description: 'One-way hash of an identifier', direct: false, defaultMasking: 'hash' },
  free_text: { tag: 'free_text', description: 'Free text that may contain personal data', direct: false, defaultMasking: 'redact' },
  card_number: { tag: 'card_number', description: 'Payment card number', direct: true, defaultMasking: 'redact' },
  bank_account: { tag: 'bank_account', description: 'Bank account number or IBAN', direct: true, defaultMasking: 'redact' },
  // Hashed, not redacted: a national id is a strong join key, and the hash is keyed at publish.
  government_id: { tag: 'government_id', description: 'Government-issued identifier (SSN, NI number, tax id)', direct: true, defaultMasking: 'hash' },
  date_of_birth: { tag: 'date_of_birth', description: 'Date of birth', direct: false, defaultMasking: 'redact' },
  age: { tag: 'age', description: "A person's age", direct: false, defaultMasking: 'redact' },
  gender: { tag: 'gender', description: 'Gender or sex', direct: false, defaultMasking: 'redact' },
  precise_location: { tag: 'precise_location', description: 'Coordinates or a location finer than a city', direct: false, defaultMasking: 'redact' },
});
