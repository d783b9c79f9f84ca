/**
 * What to scrub from the audit log when a person is erased: the text of an earlier
 * `query --warehouse` (or any audit detail) may quote them. Everything the erasure
 * resolved that names the person, however it was typed:
 *
 * - emails, case-insensitively (also URL-encoded, `%40` for `@`);
 * - phones in any spelling of the same digits: as typed, E.164, digits only, national
 *   format with or without its trunk 0, with any spaces, dots, dashes or parentheses
 *   between the digits ('+44 20 7946 0958', '02079460958', '442079460958');
 * - browser and user ids, case-insensitively;
 * - source record ids (a CRM contact id, a Mailchimp member id — md5 of the address),
 *   as whole tokens of six characters or more, so a short number elsewhere survives;
 * - first and last names, as whole words inside quoted SQL string literals: that is
 *   how a query quotes a name, and outside them the same word is more likely a column
 *   or a keyword ('Case', 'Order') than this person.
 *
 * Customer ids are not scrubbed: the erasure's own audit event names them (the record
 * of what was erased), and once the person's rows are gone no data maps one to them.
 *
 * @example
 * ```ts
 * const scrub = auditScrubber({ identifiers: plan.identifiers, names: ['Ada'], recordIds: [] });
 * scrub("where phone = '+1 415 555 0100' or name = 'Ada'"); // "where phone = '[erased]' or name = '[erased]'"
 * ```
 */
import { phoneParts } from '../../schema/phone.js';
import type { Identifier } from './forget.js';

export interface PersonTraces {
  readonly identifiers: readonly Identifier[];
  readonly names: readonly string[];
  readonly recordIds: readonly string[];
}

/** Between two digits of a written phone number. */
const SEP = String.raw`[\s().\-]*`;
/** Not inside a longer token (letters, digits, underscore). */
const TOKEN_BEFORE = String.raw`(?<![\p{L}\p{N}_])`;
const TOKEN_AFTER = String.raw`(?![\p{L}\p{N}_])`;
/** A SQL string literal ('' is a quote inside it); one left open runs to the end. */
const SQL_LITERAL = /'(?:[^']|'')*(?:'|$)/g;
const ERASED = '[erased]';

/** A function replacing every trace of the person in a text with '[erased]'. */
export function auditScrubber(traces: PersonTraces): (text: string) => string {
  const anywhere = patterns(traces).map((s) => new RegExp(s, 'giu'));
  const names = nameWords(traces.names).map((w) => new RegExp(`${TOKEN_BEFORE}${escape(w)}${TOKEN_AFTER}`, 'giu'));
  const replaceAll = (text: string, list: readonly RegExp[]) => list.reduce((t, p) => t.replace(p, ERASED), text);
  return (text) => {
    // Names last, so a whole email goes before a name that is part of it ('ada@…', 'Ada').
    const out = replaceAll(text, anywhere);
    return names.length === 0 ? out : out.replace(SQL_LITERAL, (literal) => replaceAll(literal, names));
  };
}

/** Regular expression sources of what is scrubbed anywhere in a text. */
function patterns(traces: PersonTraces): string[] {
  const sources = new Set<string>();
  for (const i of traces.identifiers) {
    const value = i.form.trim();
    switch (i.kind) {
      case 'email':
        if (value.length < 3) break;
        sources.add(escape(value));
        sources.add(escape(value.replace('@', '%40')));
        break;
      case 'phone': {
        const pattern = phonePattern(value);
        if (pattern) sources.add(pattern);
        break;
      }
      case 'online_identifier':
      case 'person_id':
        if (value.length >= 3) sources.add(escape(value));
        break;
    }
  }
  for (const id of traces.recordIds) {
    // A composite id ('list:member') is also quoted by its own part, the member's.
    for (const part of new Set([id, id.slice(id.lastIndexOf(':') + 1)])) {
      if (part.trim().length >= 6) sources.add(`${TOKEN_BEFORE}${escape(part.trim())}${TOKEN_AFTER}`);
    }
  }
  return [...sources];
}

/** The words of the person's names worth matching (two letters or more). */
function nameWords(names: readonly string[]): string[] {
  return [...new Set(names.flatMap((n) => n.split(/\s+/)).filter((w) => w.length >= 2))];
}

/**
 * The digits of a phone number with any separators between them, optionally preceded
 * by its country code ('+', '00' or nothing) and a trunk 0; null for fewer than six
 * digits, which would match too much else.
 */
function phonePattern(value: string): string | null {
  const parts = phoneParts(value);
  const digits = parts?.nationalNumber ?? value.replace(/\D/g, '');
  if (digits.length < 6) return null;
  const body = [...digits].join(SEP);
  // Unparsed (a national format without its country): the digits as they are.
  const prefix = parts ? `(?:(?:\\+|00)?${SEP}${parts.countryCode}${SEP})?(?:0${SEP})?` : '';
  // An opening parenthesis belongs to the number too: '(020) 7946 0958'.
  return `(?<!\\d)\\(?${prefix}${body}(?!\\d)`;
}

function escape(text: string): string {
  // The syntax characters only: in Unicode mode (the 'u' flag) escaping anything else is an error.
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
