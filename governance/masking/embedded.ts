/**
 * Emails and phone numbers *inside* free text ("call me at jo@x.org or +44 20 7946 0958"
 * typed into a CRM's company field). Such a column carries no PII tag — most of its
 * values are company names — and the classifier, which asks whether a column's values
 * *are* emails or phones, rightly says no; so publishing replaces each embedded value
 * in place with a marker, and the rest of the text stays readable.
 *
 * Patterns are RE2 (DuckDB's regex engine) and run as SQL over whole columns. The phone
 * pattern wants a phone's shape — a leading '+', or groups split by spaces, dots or
 * dashes — because bare digit strings are ids (Meta campaign ids) as often as numbers,
 * and an ISO date has too few digits per group.
 *
 * @example
 * ```ts
 * const sql = `select ${scrubEmbeddedSql('"company"')} as company from customers`;
 * await conn.runAndReadAll(sql, EMBEDDED_PARAMS); // patterns are bound, never pasted
 * ```
 */
/** local@domain.tld, the shape mail clients link. */
export const EMBEDDED_EMAIL = String.raw`[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}`;

/**
 * '+44 20 7946 0958', '+14155550100' (international: '+', then 6 or more digits and
 * separators); '(415) 555-0100', '020 7946 0958', '415.555.0100' (three groups);
 * '07700 900123' (a trunk '0' and two groups).
 */
export const EMBEDDED_PHONE = [
  String.raw`\+[0-9][0-9 ().-]{5,}[0-9]`,
  String.raw`\(?[0-9]{2,5}\)?[ .-][0-9]{3,4}[ .-][0-9]{3,4}`,
  String.raw`0[0-9]{3,4}[ .-][0-9]{6,7}`,
].join('|');

/** What replaces an embedded value (constants: safe to appear in SQL text). */
export const EMAIL_MARKER = '[redacted email]';
export const PHONE_MARKER = '[redacted phone]';

/** The named parameters the expressions below reference; bind them with the statement. */
export const EMBEDDED_PARAMS: Readonly<Record<'embedded_email' | 'embedded_phone', string>> = Object.freeze({
  embedded_email: EMBEDDED_EMAIL,
  embedded_phone: EMBEDDED_PHONE,
});

/** A boolean SQL expression: does the VARCHAR `expr` contain an email or a phone number? */
export function containsEmbeddedSql(expr: string): string {
  return `(regexp_matches(${expr}, $embedded_email) or regexp_matches(${expr}, $embedded_phone))`;
}

/** The VARCHAR `expr` with every embedded email and phone number replaced by its marker. */
export function scrubEmbeddedSql(expr: string): string {
  // Emails first: their local part may hold digits that look like a phone.
  return `regexp_replace(regexp_replace(${expr}, $embedded_email, '${EMAIL_MARKER}', 'g'), $embedded_phone, '${PHONE_MARKER}', 'g')`;
}

/** Column types whose values are free text this applies to: text, and lists of text. */
export function embeddedTextKind(dataType: string): 'text' | 'list' | undefined {
  if (/^VARCHAR$/i.test(dataType)) return 'text';
  if (/^VARCHAR\[\]$/i.test(dataType)) return 'list';
  return undefined;
}
