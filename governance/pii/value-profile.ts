/**
 * What a column's sampled values are, value by value, checked in an order that keeps
 * look-alikes apart: an email or an IP first, then a date (so '23.04.2024' is never a
 * phone), then identifiers with check digits (IBAN, card, IMEI, SSN, NI number, CPF,
 * Aadhaar, NIR) before anything is tried as a phone; a decimal amount is never a phone.
 * Softer looks (person names, street lines, postcodes, gender words) are judged on
 * every value, since they do not exclude one another.
 */
import { isIP } from 'node:net';
import { EMBEDDED_EMAIL, EMBEDDED_PHONE } from '../masking/embedded.js';
import { personNameLook } from './person-names.js';
import { mentionsStreet, postcodeLook, streetLook } from './addresses.js';
import { aadhaarValid, cardNumberValid, cpfValid, ibanValid, imeiValid, mexicanClabeValid, nationalIdScheme, nirValid, ssnValid, ukNinoValid } from './check-digits.js';
import { ageInYears, parseDate } from './dates.js';

/** The exclusive kind of one value: the first check (in this order) that holds. */
export type PrimaryKind =
  | 'email' | 'ip' | 'ip_private' | 'date' | 'iban' | 'clabe' | 'card' | 'imei' | 'ssn' | 'ssn_bare' | 'nino' | 'cpf' | 'aadhaar' | 'aadhaar_bare' | 'nir'
  | 'national_id' | 'national_id_weak' | 'uuid' | 'hash' | 'user_agent' | 'fbp' | 'ga_cookie' | 'ga_client_id' | 'lat_lng' | 'coordinate' | 'postcode' | 'decimal' | 'integer' | 'phone_formatted' | 'digits' | 'text';

export interface ValueProfile {
  readonly sampled: number;
  readonly primary: ReadonlyMap<PrimaryKind, number>;
  /** Values of each primary kind, for the checks that need them (phones by region, ages). */
  readonly byKind: ReadonlyMap<PrimaryKind, readonly string[]>;
  readonly nameListed: number;
  readonly nameShaped: number;
  /** Name-shaped values of two to four words ('Renata Stachura', '坂本 拓也'). */
  readonly nameMultiWord: number;
  readonly street: number;
  readonly streetShaped: number;
  readonly streetMention: number;
  readonly postcodeTelling: number;
  readonly postcodeDigits: number;
  readonly genderWords: number;
  readonly genderLetters: number;
  readonly genderDistinct: number;
  readonly embeddedContact: number;
  readonly texty: number;
  readonly birthPlausible: number;
  readonly medianAge: number | undefined;
  readonly integersInAgeRange: number;
  readonly birthDayOffsets: number;
  readonly birthYears: number;
  /** The national id schemes values satisfied, by name (for the evidence). */
  readonly idSchemes: ReadonlyMap<string, number>;
}

const EMAIL = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[a-z]{2,}$/i;
const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
const HEX_ID = /^(?=.*[a-f])(?=.*\d)[0-9a-f]{16,128}$/i;
const USER_AGENT = /^(Mozilla|Opera|Dalvik|okhttp|curl|Wget|python-requests|facebookexternalhit|Googlebot)\/\S+/i;
const FBP = /^fb\.\d\.\d{10,13}\.\d{5,}$/;
const GA_CLIENT_ID = /^(GA\d\.\d\.)?\d{6,10}\.\d{10}$/;
/** The `_ga` cookie as stored ('GA1.2.1067754751.1737020519'): the prefix makes it unmistakable. */
const GA_COOKIE = /^GA\d\.\d\.\d{6,10}\.\d{10}$/;
const LAT_LNG = /^\(?(-?\d{1,2}\.\d{3,}),\s*(-?\d{1,3}\.\d{3,})\)?$/;
const COORDINATE = /^-?\d{1,3}\.\d{4,}$/;
const DECIMAL = /^[-+]?(\d{1,3}([,.\s]\d{3})*|\d+)([.,]\d+)?$|^[-+]?[$€£¥₹]\s?[\d.,]+$|^[\d.,]+\s?[$€£¥₹]$|^R\$\s?[\d.,]+$/;
const PHONE_CHARS = /^(\+|00)?[\d\s().\-/]+(\s*(x|ext\.?|extension)\s*\d+)?$/i;
const GENDER_WORDS = new Set(
  `male female man woman men women m f w d x u h o v k mr mrs ms männlich maennlich weiblich divers diverse masculin féminin feminin masculine
   feminine homme femme masculino feminino hombre mujer maschio femmina uomo donna vrouw man non-binary nonbinary non_binary other unknown xna
   not_specified herr frau kvinna kvinde kvinne mand mann mies nainen kobieta mężczyzna mezczyzna muž muz žena zena mâle 男 女 男性 女性`.split(/\s+/),
);
const EMBEDDED = new RegExp(`${EMBEDDED_EMAIL}|${EMBEDDED_PHONE}`);

function digitsOf(v: string): string | undefined {
  return /^[\d\s.-]+$/.test(v) ? v.replace(/[\s.-]/g, '') : undefined;
}

/** Loopback, link-local and private ranges: a machine inside a network, not a person's connection. */
function privateIp(ip: string): boolean {
  return /^(10\.|127\.|169\.254\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.)/.test(ip) || /^(::1$|f[cd][0-9a-f]{2}:|fe80:)/i.test(ip);
}

/**
 * The client address of an IP value: itself, the first of an `X-Forwarded-For` list
 * ('203.0.113.5, 10.0.0.1': the client comes first, proxies after), or an IPv4 with its port.
 */
function ipOf(v: string): string | undefined {
  if (isIP(v) !== 0) return v;
  const parts = v.split(/\s*,\s*/);
  if (parts.length > 1 && parts.every((p) => isIP(p) !== 0)) return parts[0];
  const port = /^(\d{1,3}(?:\.\d{1,3}){3}):\d{1,5}$/.exec(v);
  return port && isIP(port[1]!) !== 0 ? port[1] : undefined;
}

function primaryKind(v: string, id: ReturnType<typeof nationalIdScheme>): PrimaryKind {
  if (EMAIL.test(v)) return 'email';
  // A four-part version ('1.0.0.12') is an IPv4 address in shape: its column's name tells (isVersionName).
  const ip = ipOf(v);
  if (ip !== undefined) return privateIp(ip) ? 'ip_private' : 'ip';
  if (parseDate(v)) return 'date';
  if (ibanValid(v)) return 'iban';
  // National ids with a birth date or a check digit in a distinctive format, before any of
  // them can pass for a phone ('580406-8582', '756.2073.9889.97') or a card.
  if (id && !id.weak) return 'national_id';
  const d = digitsOf(v);
  if (d !== undefined) {
    if (cardNumberValid(d) && /^\d+$|^\d{4}([ -])\d{4,6}\1\d{4,5}(\1\d{1,4})?$/.test(v)) return 'card';
    if (imeiValid(d) && /^\d{15}$|^\d{2}[ -]?\d{6}[ -]?\d{6}[ -]?\d$/.test(v)) return 'imei';
    if (/^\d{3}-\d{2}-\d{4}$|^\d{3} \d{2} \d{4}$/.test(v) && ssnValid(d)) return 'ssn';
    if (/^\d{3}\.\d{3}\.\d{3}-\d{2}$|^\d{11}$/.test(v) && cpfValid(d)) return 'cpf';
    if (/^\d{4} \d{4} \d{4}$|^\d{4}-\d{4}-\d{4}$/.test(v) && aadhaarValid(d)) return 'aadhaar';
    if (/^\d{15}$|^\d \d{2} \d{2} \d{2} \d{3} \d{3} \d{2}$/.test(v) && nirValid(d)) return 'nir';
  }
  if (ukNinoValid(v) && /^[A-Z]{2}\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D]$/i.test(v)) return 'nino';
  if (id) return 'national_id_weak';
  if (mexicanClabeValid(v)) return 'clabe';
  if (UUID.test(v)) return 'uuid';
  if (/^([0-9a-f]{32}|[0-9a-f]{40}|[0-9a-f]{64}|[0-9a-f]{128})$/i.test(v)) return 'hash';
  if (HEX_ID.test(v)) return 'uuid';
  if (USER_AGENT.test(v)) return 'user_agent';
  if (FBP.test(v)) return 'fbp';
  if (GA_COOKIE.test(v)) return 'ga_cookie';
  if (GA_CLIENT_ID.test(v)) return 'ga_client_id';
  if (LAT_LNG.test(v)) return 'lat_lng';
  if (COORDINATE.test(v) && Math.abs(Number(v)) <= 180) return 'coordinate';
  if (/^-?\d+$/.test(v)) {
    if (/^\d{9}$/.test(v) && ssnValid(v)) return 'ssn_bare';
    if (/^[2-9]\d{11}$/.test(v) && aadhaarValid(v)) return 'aadhaar_bare';
    return v.replace('-', '').length >= 7 ? 'digits' : 'integer';
  }
  // A reporting period ('2026-11', '11/2026', '2026-Q3', '2026-W05'): digit groups a phone
  // parser accepts in some regions (DE), but a month or a week, never a number to call.
  if (/^(19|20)\d{2}[-/.](0[1-9]|1[0-2]|Q[1-4]|W\d{2})$|^(0[1-9]|1[0-2])[-/.](19|20)\d{2}$/i.test(v)) return 'text';
  // A Brazilian CEP or a US ZIP+4 ('01310-100', '94105-1234'): digit groups, but no phone.
  if (/^\d{5}-\d{3}(\d)?$/.test(v)) return 'postcode';
  // '161400.00', '1,234.56', '304,54': amounts, before the phone check sees digit groups.
  if (/^[-+]?\d+\.\d{1,2}$/.test(v) || (v.includes(',') && DECIMAL.test(v))) return 'decimal';
  // A reference that starts with a year ('2023-850933', school year '2024/2025'): a case or
  // period number; no numbering plan starts a national number with four digits and a year.
  if (/^(19|20)\d{2}[-/]\d/.test(v)) return 'text';
  if (PHONE_CHARS.test(v)) {
    const n = v.replace(/(x|ext\.?|extension)\s*\d+$/i, '').replace(/\D/g, '').length;
    // A national number with its area code has at least eight digits; six or seven in
    // groups are a sort code ('12-34-56') or a postcode ('6246-820', '803-4320').
    const international = /^(\+|00)/.test(v);
    // A phone has a '+' or separators between groups; '161400.00' and '12/2026' do not qualify.
    if (n >= (international ? 6 : 8) && n <= 15 && (international || /\d[\s().\-/]+\d/.test(v))) return 'phone_formatted';
  }
  if (DECIMAL.test(v)) return 'decimal';
  return 'text';
}

function median(xs: number[]): number | undefined {
  if (xs.length === 0) return undefined;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Profiles non-empty, trimmed sampled values (callers drop nulls and blanks). */
export function profileValues(values: readonly string[], now: Date = new Date()): ValueProfile {
  const primary = new Map<PrimaryKind, number>();
  const byKind = new Map<PrimaryKind, string[]>();
  let nameListed = 0, nameShaped = 0, nameMultiWord = 0, street = 0, streetShaped = 0, streetMention = 0, postcodeTelling = 0, postcodeDigits = 0;
  let genderWords = 0, genderLetters = 0, embeddedContact = 0, texty = 0, birthPlausible = 0, integersInAgeRange = 0, birthDayOffsets = 0, birthYears = 0;
  const genders = new Set<string>();
  const idSchemes = new Map<string, number>();
  const ages: number[] = [];
  for (const v of values) {
    const id = nationalIdScheme(v);
    const kind = primaryKind(v, id);
    if (id && (kind === 'national_id' || kind === 'national_id_weak')) idSchemes.set(id.scheme, (idSchemes.get(id.scheme) ?? 0) + 1);
    primary.set(kind, (primary.get(kind) ?? 0) + 1);
    const list = byKind.get(kind) ?? [];
    list.push(v);
    byKind.set(kind, list);
    if (kind === 'date') {
      const age = ageInYears(parseDate(v)!, now);
      ages.push(age);
      if (age >= 0 && age <= 120) birthPlausible++;
    }
    if (kind === 'integer' || kind === 'digits') {
      const n = Number(v);
      if (Number.isInteger(n) && n >= 0 && n <= 120) integersInAgeRange++;
      // Days before an application date (DAYS_BIRTH = -12005): 11 to 120 years back.
      if (n <= -4000 && n >= -44000) birthDayOffsets++;
      if (n >= now.getUTCFullYear() - 120 && n <= now.getUTCFullYear() - 5) birthYears++;
    }
    if (kind === 'text') {
      const look = personNameLook(v);
      if (look === 'listed') nameListed++;
      else if (look === 'shaped') nameShaped++;
      if (look !== undefined && /\S[\s,/]+\S/.test(v)) nameMultiWord++;
    }
    const st = kind === 'text' || kind === 'phone_formatted' ? streetLook(v) : undefined;
    if (st === 'street') street++;
    else if (st === 'shaped') streetShaped++;
    if (kind === 'text' && mentionsStreet(v)) streetMention++;
    const pc = postcodeLook(v);
    if (pc === 'telling') postcodeTelling++;
    else if (pc === 'digits') postcodeDigits++;
    const g = v.toLowerCase().replace(/\s+/g, '_').replace(/\.$/, '');
    if (GENDER_WORDS.has(g)) {
      genders.add(g);
      if (g.length === 1 || g === 'xna') genderLetters++;
      else genderWords++;
    }
    if (/\s/.test(v) && v.length >= 12) {
      texty++;
      if (kind === 'text' && EMBEDDED.test(v)) embeddedContact++;
    }
  }
  return {
    sampled: values.length,
    primary,
    byKind,
    nameListed,
    nameShaped,
    nameMultiWord,
    street,
    streetShaped,
    streetMention,
    postcodeTelling,
    postcodeDigits,
    genderWords,
    genderLetters,
    genderDistinct: genders.size,
    embeddedContact,
    texty,
    birthPlausible,
    medianAge: median(ages),
    integersInAgeRange,
    birthDayOffsets,
    birthYears,
    idSchemes,
  };
}
