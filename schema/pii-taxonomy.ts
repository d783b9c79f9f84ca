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
});
