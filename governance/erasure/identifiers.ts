/**
 * The identifiers erasure works with: the PII tags that single a person out (an email,
 * a phone, a browser id, a source system's person id), normalised the way the identity
 * models compare them, and their one-way suppression keys.
 *
 * A suppression list must outlive the data it suppresses, so it never holds the values
 * themselves: only sha256('<kind>:<normalised form>'). A record arriving later is
 * dropped when any identifier field of it hashes to a suppressed key.
 *
 * @example
 * ```ts
 * identifierForms('email', ' Alice@Example.com ');   // ['alice@example.com']
 * identifierForms('phone', '+1 (415) 555-0100');     // ['+1 (415) 555-0100', '+14155550100']
 * const set = new SuppressionSet([{ kind: 'email', keyHash: suppressionKey('email', 'alice@example.com') }]);
 * set.matches('email', 'ALICE@example.com');          // true
 * ```
 */
import { createHash } from 'node:crypto';
import type { PiiTag } from '../../core/pii-tags.js';
import { toE164 } from '../../schema/phone.js';

export const IDENTIFIER_KINDS = ['email', 'phone', 'online_identifier', 'person_id'] as const;
export type IdentifierKind = (typeof IDENTIFIER_KINDS)[number];

export function isIdentifierKind(tag: PiiTag | string): tag is IdentifierKind {
  return (IDENTIFIER_KINDS as readonly string[]).includes(tag);
}

/**
 * The staging models' normalize_email macro in JavaScript (dbt-like-models/macros/
 * normalize.sql): trim RE2's `\s` (tab, newline, form feed, carriage return, space) and
 * no-break spaces, then lower-case. The two must agree, or a suppressed address would
 * slip through in another case.
 */
export function normalizeEmail(value: string): string | null {
  const v = value.replace(/^[\t\n\f\r \u00a0]+|[\t\n\f\r \u00a0]+$/g, '').toLowerCase();
  return v === '' ? null : v;
}

/**
 * Every form under which an identifier is matched: an email normalised; a phone as typed
 * (trimmed) and, when it parses without a country, in E.164 — a national-format number
 * only matches as typed; ids trimmed.
 */
export function identifierForms(kind: IdentifierKind, value: string): string[] {
  switch (kind) {
    case 'email': {
      const email = normalizeEmail(value);
      return email === null ? [] : [email];
    }
    case 'phone': {
      const typed = value.trim();
      if (typed === '') return [];
      const e164 = toE164(typed, null);
      return e164 === null || e164 === typed ? [typed] : [typed, e164];
    }
    case 'online_identifier':
    case 'person_id': {
      const id = value.trim();
      return id === '' ? [] : [id];
    }
  }
}

/** The suppression key of one normalised form: sha256 hex of '<kind>:<form>'. */
export function suppressionKey(kind: IdentifierKind, form: string): string {
  return createHash('sha256').update(`${kind}:${form}`).digest('hex');
}

/** The suppression list, loaded once per sync: does an identifier value belong to an erased person? */
export class SuppressionSet {
  readonly #keys: ReadonlySet<string>;

  constructor(entries: Iterable<{ readonly kind: string; readonly keyHash: string }>) {
    const keys = new Set<string>();
    for (const e of entries) keys.add(`${e.kind}\u0000${e.keyHash}`);
    this.#keys = keys;
  }

  get size(): number {
    return this.#keys.size;
  }

  matches(kind: IdentifierKind, value: string): boolean {
    if (this.#keys.size === 0) return false;
    return identifierForms(kind, value).some((form) => this.#keys.has(`${kind}\u0000${suppressionKey(kind, form)}`));
  }
}
