/**
 * Finds personal data nobody declared, from a column's name and a sample of its values.
 * Each detection carries its evidence — the name rule, the value rule, how many sampled
 * values matched — and a confidence (0–1): the pipeline seeds propagation with hits at
 * or above its threshold (0.8), and publishing fails closed on tagged columns that no
 * masking policy covers.
 *
 * Confidence is built from two independent pieces of evidence, combined as
 * 1 − (1 − name)(1 − values):
 * - the name (name-rules.ts): 0.6–0.7 for unambiguous names, lower for ambiguous ones;
 * - the values (value-profile.ts): *proof* rules (an email, a valid IBAN or card number,
 *   an SSN with a valid area, a phone valid in the column's country) reach 0.87–0.95 alone;
 *   *shape* rules (five digits for a postcode, integers 0–120 for an age, UUIDs for a
 *   device) give at most 0.7 and count only when the name agrees; *compatible* values
 *   (text for an address line) give 0.5 next to a name. Values that contradict the name
 *   (a `phone` column of 0/1) halve the name's confidence.
 *
 * @example
 * ```ts
 * classifyColumn({ name: 'contact_email', values: ['a@x.io', 'b@y.org'] });
 * // → [{ tag: 'email', confidence: 0.96, reason: 'column name "contact_email" …; 2/2 sampled values are email addresses',
 * //      evidence: { nameRule: 'email column name', valueRule: 'email addresses', matched: 2, sampled: 2, share: 1 } }]
 * ```
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { PiiTag } from '../../core/pii-tags.js';
import { quoteIdent, quoteQualified } from '../../core/sql.js';
import { isPlaceName, isVersionName, nameEvidence, type NameHit } from './name-rules.js';
import { matchPhones } from './phones.js';
import { profileValues, type PrimaryKind, type ValueProfile } from './value-profile.js';

export { nameTokens } from './name-rules.js';

export interface Evidence {
  /** The column-name rule that fired, if any. */
  readonly nameRule?: string;
  /** The value rule that fired, if any. */
  readonly valueRule?: string;
  /** Sampled values that matched the value rule, of `sampled`. */
  readonly matched?: number;
  readonly sampled?: number;
  /** matched / sampled, rounded to 2 decimals. */
  readonly share?: number;
}

export interface Classification {
  readonly tag: PiiTag;
  /** One sentence for people: the evidence, spelled out. */
  readonly reason: string;
  /** 0–1: name-only hits are weaker than value hits; both together are strongest. */
  readonly confidence: number;
  readonly evidence: Evidence;
}

export interface ColumnSample {
  readonly name: string;
  /** Sampled values (strings, numbers, booleans, dates); nulls and blanks are ignored. */
  readonly values?: readonly unknown[];
  /** ISO country codes the table's rows are in (from a sibling country column): the phone rule's context. */
  readonly regions?: readonly string[];
}

/** The confidence at which the pipeline acts on a detection (see governance/govern.ts). */
export const PUBLISH_THRESHOLD = 0.8;

type Strength = 'proof' | 'shape' | 'compatible' | 'text';

interface ValueHit {
  readonly tag: PiiTag;
  readonly strength: Strength;
  readonly rule: string;
  readonly matched: number;
}

/** Tags whose values an audience upload or a join key hashes (a digest under such a name is a pseudonym). */
const HASHABLE: ReadonlySet<PiiTag> = new Set<PiiTag>(['email', 'phone', 'name', 'person_id', 'ip_address', 'government_id', 'device_id']);

/** Share of sampled values a proof or shape rule must match. */
const VALUE_SHARE = 0.8;

function valueConfidence(strength: Strength, share: number): number {
  if (strength === 'proof') return 0.55 + 0.4 * share;
  // Nobody types an email or a phone into a remark by chance: a sixth of the values with
  // one is a column that leaks them, whatever the other rows say.
  if (strength === 'text') return Math.min(0.95, 0.75 + 0.5 * share);
  if (strength === 'shape') return 0.5 + 0.2 * share;
  return 0.5;
}

function stringsOf(values: readonly unknown[]): string[] {
  return values
    .filter((v) => v !== null && v !== undefined)
    .map((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : String(v)).trim())
    // Placeholders exports write for "no value" ('-', 'n/a', 'NULL') are blanks, not data.
    .filter((v) => v !== '' && !/^(-+|—|–|n\/?a|null|none|nil|\?|\.)$/i.test(v));
}

const count = (p: ValueProfile, ...kinds: PrimaryKind[]): number => kinds.reduce((s, k) => s + (p.primary.get(k) ?? 0), 0);

/**
 * Value evidence for every tag the values could support, in detector order; `named` are
 * the tags the column's name suggests (shape rules count only for those).
 */
function valueHits(p: ValueProfile, named: ReadonlySet<PiiTag>, column: string, regions: readonly string[] | undefined): ValueHit[] {
  const n = p.sampled;
  const hits: ValueHit[] = [];
  const at = (share: number): boolean => share / n >= VALUE_SHARE;
  const push = (tag: PiiTag, strength: Strength, rule: string, matched: number): void => {
    if (strength !== 'proof' && !named.has(tag) && !(strength === 'shape' && tag === 'name')) return;
    hits.push({ tag, strength, rule, matched });
  };

  if (at(count(p, 'email'))) push('email', 'proof', 'email addresses', count(p, 'email'));
  // Private and loopback addresses are a network's own machines (a server, a proxy hop): a
  // column of them says nothing about a person, and client addresses are mostly public.
  const ips = count(p, 'ip', 'ip_private');
  if (at(ips) && count(p, 'ip') >= count(p, 'ip_private') && !isVersionName(column)) push('ip_address', 'proof', 'IP addresses (the client of a forwarded-for list)', ips);
  if (at(count(p, 'iban'))) push('bank_account', 'proof', 'IBANs (mod-97 check)', count(p, 'iban'));
  if (at(count(p, 'clabe'))) push('bank_account', 'proof', 'Mexican CLABEs (weighted check digit)', count(p, 'clabe'));
  if (named.has('bank_account')) {
    // Domestic account numbers (South African, US, UK) have no check a sample can run: digits are all they show.
    // Brazilian and other accounts carry a check digit after a dash ('56676009-2', '85670-5').
    const dashed = [...(p.byKind.get('phone_formatted') ?? []), ...(p.byKind.get('text') ?? [])].filter((v) => /^\d{3,20}-[\dXx]$/.test(v)).length;
    const accounts = count(p, 'integer', 'digits', 'ssn_bare', 'aadhaar_bare', 'national_id_weak', 'clabe', 'card', 'imei') + dashed;
    if (at(accounts)) push('bank_account', 'compatible', 'account-number digits', accounts);
  }
  if (at(count(p, 'card'))) push('card_number', 'proof', 'payment card numbers (Luhn and brand length)', count(p, 'card'));
  if (at(count(p, 'imei'))) push('device_id', 'proof', 'IMEIs (15 digits, Luhn)', count(p, 'imei'));
  if (at(count(p, 'ssn'))) push('government_id', 'proof', 'US social security numbers (area/group/serial rules)', count(p, 'ssn'));
  if (at(count(p, 'nino'))) push('government_id', 'proof', 'UK National Insurance numbers', count(p, 'nino'));
  if (at(count(p, 'cpf'))) push('government_id', 'proof', 'Brazilian CPFs (mod-11 check digits)', count(p, 'cpf'));
  if (at(count(p, 'aadhaar'))) push('government_id', 'proof', 'Aadhaar numbers (Verhoeff check)', count(p, 'aadhaar'));
  if (at(count(p, 'nir'))) push('government_id', 'proof', 'French NIRs (97-mod key)', count(p, 'nir'));
  if (at(count(p, 'national_id'))) {
    const schemes = [...p.idSchemes.entries()].sort((a, b) => b[1] - a[1]).map(([s]) => s).slice(0, 2).join(', ');
    push('government_id', 'proof', `national ids with their check digits or birth dates (${schemes})`, count(p, 'national_id'));
  }
  if (at(count(p, 'ssn_bare', 'aadhaar_bare', 'national_id', 'national_id_weak'))) push('government_id', 'shape', 'national-id-shaped digit strings', count(p, 'ssn_bare', 'aadhaar_bare', 'national_id', 'national_id_weak'));
  if (named.has('government_id')) {
    // The same id written with and without its separators ('449-04-1123' beside '449041123'):
    // neither spelling alone reaches the share, both together are the column.
    const ids = count(p, 'integer', 'digits', 'ssn', 'ssn_bare', 'cpf', 'aadhaar', 'aadhaar_bare', 'nir', 'nino', 'national_id', 'national_id_weak', 'clabe', 'phone_formatted', 'text');
    if (at(ids)) push('government_id', 'compatible', 'identifier-like values', ids);
  }

  // A column proven to hold national ids is not also a column of phones: 'DDMMYY-NNNN'
  // and '756.2073.9889.97' are valid numbers in some plan, but the check digits decide.
  const provenIds = hits.some((h) => h.tag === 'government_id' && h.strength === 'proof');
  // Build and version numbers ('2.17.201.4521') are dotted digit groups too.
  const formatted = provenIds || isVersionName(column) ? [] : p.byKind.get('phone_formatted') ?? [];
  // Digits-only values beside formatted ones: international without the '+', or national
  // in the region the formatted ones were read in ('8950584741' beside '+91 84728 59065').
  // Nine digits also pass an SSN's or a weak national id's rules by chance ('612345678'
  // beside '612 34 56 78'): next to formatted phones they are phones typed without spaces.
  // Only the column's name can say which of the two they are ('tfn': '872 437 601' and '102532685').
  const lookAlikes = named.has('phone') ? [...(p.byKind.get('ssn_bare') ?? []), ...(p.byKind.get('national_id_weak') ?? [])].filter((v) => /^\d+$/.test(v)) : [];
  const digitsOnly = [...(p.byKind.get('digits') ?? []), ...lookAlikes];
  if (formatted.length > 0 && at(formatted.length + digitsOnly.length)) {
    const m = matchPhones(formatted, regions ? { regions } : {});
    const bare = Math.max(matchPhones(digitsOnly, { bare: true }).valid, matchPhones(digitsOnly, { regions: m.region ? [m.region] : regions ?? [] }).valid);
    if (at(m.valid + bare)) push('phone', 'proof', `phone numbers valid${m.region ? ` in ${m.region}` : ''} (libphonenumber)`, m.valid + bare);
  }
  const bareDigits = [...(p.byKind.get('digits') ?? []), ...(p.byKind.get('national_id_weak') ?? []), ...(p.byKind.get('ssn_bare') ?? [])];
  if (named.has('phone') && at(bareDigits.length)) {
    const valid = matchPhones(bareDigits, { bare: true }).valid;
    if (at(valid)) push('phone', 'shape', 'international numbers without their "+" (libphonenumber)', valid);
    // Digits only, as many systems store them ('512656141', '34448720'): a national number
    // in some region, which only a column named for phones makes worth reading so.
    const national = matchPhones(bareDigits, regions ? { regions } : {});
    if (at(national.valid)) push('phone', 'shape', `national numbers without separators, valid${national.region ? ` in ${national.region}` : ''} (libphonenumber)`, national.valid);
  }

  // A user agent names a browser build millions share: not an identifier of anyone (it is
  // not tagged; fingerprinting needs it with other signals, which is the IP's or cookie's tag).
  if (at(count(p, 'ga_cookie'))) push('online_identifier', 'proof', 'Google Analytics cookies (_ga)', count(p, 'ga_cookie'));
  if (at(count(p, 'fbp'))) push('online_identifier', 'proof', 'Meta browser ids (_fbp)', count(p, 'fbp'));
  const opaque = count(p, 'uuid', 'hash', 'ga_cookie', 'ga_client_id', 'text', 'digits', 'decimal');
  if (at(opaque)) {
    push('online_identifier', 'shape', 'opaque identifiers', opaque);
    push('device_id', 'shape', 'opaque identifiers', opaque);
  }
  if (at(count(p, 'hash'))) push('pseudonymous_id', 'shape', 'hex digests (md5/sha)', count(p, 'hash'));
  // An ad platform's upload file keeps the field's name on its hashed values (Meta's and
  // Google's audience lists: `email`, `phone` holding SHA-256 hex): a digest where the name
  // promises an identifier is that identifier, pseudonymised.
  if (at(count(p, 'hash')) && [...named].some((t) => HASHABLE.has(t))) push('pseudonymous_id', 'proof', 'hex digests (md5/sha) of the identifier the column is named for', count(p, 'hash'));
  if (at(count(p, 'lat_lng'))) push('precise_location', 'proof', 'latitude/longitude pairs', count(p, 'lat_lng'));
  if (at(count(p, 'coordinate'))) push('precise_location', 'shape', 'coordinates (4+ decimals)', count(p, 'coordinate'));

  if (at(p.birthPlausible) && p.medianAge !== undefined) {
    // Birth dates put people between 0 and 120 years old, most of them adults.
    const adults = p.medianAge >= 16;
    push('date_of_birth', 'shape', 'dates with plausible ages', p.birthPlausible);
    if (adults && p.birthPlausible === n && p.medianAge <= 90) hits.push({ tag: 'date_of_birth', strength: 'compatible', rule: 'dates with plausible ages (no name evidence)', matched: p.birthPlausible });
  }
  if (at(p.birthDayOffsets)) push('date_of_birth', 'shape', 'day offsets of 11–120 years', p.birthDayOffsets);
  if (at(p.birthYears)) push('date_of_birth', 'shape', 'plausible birth years', p.birthYears);
  if (at(p.integersInAgeRange)) push('age', 'shape', 'integers 0–120', p.integersInAgeRange);

  const genders = p.genderWords + p.genderLetters;
  if (at(genders) && p.genderDistinct >= 2 && p.genderDistinct <= 8) {
    push('gender', p.genderWords >= p.genderLetters ? 'proof' : 'shape', 'gender values', genders);
  }

  if (at(p.street + p.streetShaped) && p.street / n >= 0.3) push('address', 'proof', 'street addresses (house number and street type)', p.street + p.streetShaped);
  else if (at(p.street + p.streetShaped)) push('address', 'shape', 'house number and street words', p.street + p.streetShaped);
  if (at(p.postcodeTelling)) push('address', named.has('address') ? 'proof' : 'shape', 'postcodes', p.postcodeTelling);
  if (at(p.postcodeTelling + p.postcodeDigits)) push('address', 'shape', 'postcode-shaped values', p.postcodeTelling + p.postcodeDigits);
  if (at(p.streetMention)) push('address', 'shape', 'street names', p.streetMention);
  if (named.has('address')) {
    const lines = count(p, 'text', 'integer', 'phone_formatted', 'postcode');
    if (at(lines)) push('address', 'compatible', 'address-line text', lines);
  }

  const names = p.nameListed + p.nameShaped;
  // 'Donna' and 'Uomo' are given names too, but a column of a few gender words is a gender column.
  const genderColumn = at(genders) && p.genderDistinct <= 8;
  if (at(names) && !isPlaceName(column) && !genderColumn) {
    // A third of common names is telling: a list of a few hundred names cannot hold every name.
    if (p.nameListed / n >= 0.3) push('name', 'proof', 'person names (1–4 words, common given names or surnames among them)', names);
    else if (p.nameListed / n >= 0.1) push('name', 'shape', 'name-shaped values, a few common names', names);
    // Given name and surname in every row, in a column named for people ('Odbiorca',
    // 'omistaja'): names from beyond the lists, but shaped like nothing else.
    else if (named.has('name') && p.nameMultiWord / n >= VALUE_SHARE) push('name', 'shape', 'two- to four-word capitalised names', names);
    else if (named.has('name')) push('name', 'compatible', 'name-shaped values', names);
  }

  // Free text that people type contact details into: a tenth of its values is plenty.
  const longText = p.texty;
  if (longText / n >= 0.5 && p.embeddedContact / n >= 0.1 && count(p, 'email', 'phone_formatted') / n < VALUE_SHARE) {
    hits.push({ tag: 'free_text', strength: 'text', rule: 'free text containing emails or phone numbers', matched: p.embeddedContact });
  }
  return hits;
}

/** Value shapes that fit a name's tag without proving it: absent, a name only weakly stands. */
function contradicts(tag: PiiTag, p: ValueProfile): boolean {
  const n = p.sampled;
  const share = (k: number): number => k / n;
  switch (tag) {
    case 'email':
      return share(count(p, 'email')) < 0.5;
    case 'phone':
      return share(count(p, 'phone_formatted', 'digits')) < 0.5;
    case 'ip_address':
      return share(count(p, 'ip')) < 0.5;
    case 'address':
      // 'upstream_addr', 'mac_addr': network addresses, not postal ones.
      return share(count(p, 'ip', 'ip_private', 'uuid', 'hash', 'email')) >= 0.5;
    case 'date_of_birth':
      return share(p.birthPlausible + p.birthDayOffsets + p.birthYears) < 0.5;
    case 'age':
      return share(p.integersInAgeRange + count(p, 'text')) < 0.5;
    case 'gender':
      return share(p.genderWords + p.genderLetters) < 0.5;
    case 'precise_location':
      return share(count(p, 'coordinate', 'lat_lng', 'decimal')) < 0.5;
    case 'name':
      return share(p.nameListed + p.nameShaped + count(p, 'text')) < 0.5;
    case 'card_number':
      return share(count(p, 'card', 'digits', 'text', 'phone_formatted')) < 0.5;
    default:
      return false;
  }
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

/** Classifies one column from its name and (optionally) sampled values, strongest hit first. */
export function classifyColumn(sample: ColumnSample): Classification[] {
  const nameHits = nameEvidence(sample.name);
  const named = new Set(nameHits.map((h) => h.tag));
  const strings = stringsOf(sample.values ?? []);
  const profile = strings.length > 0 ? profileValues(strings) : undefined;
  const values = profile ? valueHits(profile, named, sample.name, sample.regions) : [];

  const tags = new Set<PiiTag>([...named, ...values.map((v) => v.tag)]);
  const out: Classification[] = [];
  for (const tag of tags) {
    const nameHit: NameHit | undefined = nameHits.find((h) => h.tag === tag);
    // The strongest value rule for this tag (proof beats shape beats compatible).
    const value = values
      .filter((v) => v.tag === tag)
      .map((v) => ({ v, c: valueConfidence(v.strength, v.matched / strings.length) }))
      .sort((a, b) => b.c - a.c)[0];
    let nameConf = nameHit?.confidence ?? 0;
    if (nameHit && !value && profile && contradicts(tag, profile)) nameConf /= 2;
    const valueConf = value?.c ?? 0;
    const confidence = Math.min(0.99, 1 - (1 - nameConf) * (1 - valueConf));
    const reasons: string[] = [];
    if (nameHit) reasons.push(`column name "${sample.name}" suggests ${tag} (${nameHit.rule})${value || !profile ? '' : ', but its values do not look like it'}`);
    if (value) reasons.push(`${value.v.matched}/${strings.length} sampled values look like ${value.v.rule}`);
    out.push({
      tag,
      confidence: round2(confidence),
      reason: reasons.join('; '),
      evidence: {
        ...(nameHit ? { nameRule: nameHit.rule } : {}),
        ...(value ? { valueRule: value.v.rule, matched: value.v.matched, sampled: strings.length, share: round2(value.v.matched / strings.length) } : {}),
      },
    });
  }
  // One column, one kind of data: a proof on the values outranks another tag's name.
  return out.sort((a, b) => b.confidence - a.confidence || a.tag.localeCompare(b.tag));
}

/** ISO country codes in a column that holds nothing else: context for the phone rule. */
function countryCodes(values: readonly unknown[]): string[] | undefined {
  const s = stringsOf(values);
  if (s.length === 0 || !s.every((v) => /^[A-Za-z]{2}$/.test(v))) return undefined;
  const counts = new Map<string, number>();
  for (const v of s) counts.set(v.toUpperCase(), (counts.get(v.toUpperCase()) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([c]) => c);
}

/**
 * Samples up to `limit` non-null values of each listed column of a table — text,
 * numbers, booleans and dates alike, read as text — and classifies them. A card number
 * stored as BIGINT or a birth date stored as DATE is data like any other. Deterministic:
 * the first rows DuckDB returns, no random sample.
 */
export async function classifyRelation(
  conn: DuckDBConnection,
  relation: { schema: string; name: string },
  columns: readonly string[],
  options: { limit?: number } = {},
): Promise<{ column: string; dataType: string; classifications: Classification[] }[]> {
  const limit = options.limit ?? 200;
  const typeRows = await conn.runAndReadAll(
    `SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2`,
    [relation.schema, relation.name],
  );
  const types = new Map(typeRows.getRows().map((r) => [String(r[0]), String(r[1])]));
  const samples = new Map<string, unknown[]>();
  for (const column of columns) {
    const type = types.get(column) ?? '';
    // Nested values (STRUCT, LIST, MAP) are read as their text form: still searchable for emails.
    const reader = await conn.runAndReadAll(
      `SELECT CAST(${quoteIdent(column)} AS VARCHAR) AS v FROM ${quoteQualified(relation.schema, relation.name)}
        WHERE ${quoteIdent(column)} IS NOT NULL LIMIT $1`,
      [limit],
    );
    samples.set(column, /^(DATE|TIMESTAMP)/.test(type) ? reader.getRows().map((r) => String(r[0]).slice(0, 10)) : reader.getRows().map((r) => r[0]));
  }
  let regions: string[] | undefined;
  for (const column of columns) {
    if (/country|land|pais|pays/i.test(column)) regions ??= countryCodes(samples.get(column) ?? []);
  }
  return columns.map((column) => ({
    column,
    dataType: types.get(column) ?? '',
    classifications: classifyColumn({ name: column, values: samples.get(column) ?? [], ...(regions ? { regions } : {}) }),
  }));
}
