/**
 * How people *type* contact details: the same address or number, written the many ways
 * real sources hold them. Every variant here still normalises back to the canonical
 * value (trim + lower case for email; libphonenumber-js with the record's country for
 * phones), so deterministic stitching can recover the person — that is the point.
 */
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import type { Rng } from './random.js';

/** Capitalises each dot/underscore/hyphen-separated part: 'ada.lovelace' → 'Ada.Lovelace'. */
function titleParts(local: string): string {
  return local.replace(/(^|[._-])([a-z])/g, (_m, sep: string, ch: string) => sep + ch.toUpperCase());
}

/** One typed form of a canonical email; `kind` chooses the mess deterministically. */
export function emailVariant(canonical: string, kind: number): string {
  const at = canonical.indexOf('@');
  const local = canonical.slice(0, at);
  const domain = canonical.slice(at + 1);
  switch (kind) {
    case 0:
      return canonical;
    case 1: // 'First.Last@Domain.COM'
      return `${titleParts(local)}@${domain.charAt(0).toUpperCase()}${domain.slice(1, domain.lastIndexOf('.'))}${domain.slice(domain.lastIndexOf('.')).toUpperCase()}`;
    case 2:
      return ` ${canonical}`;
    case 3:
      return `${canonical}  `;
    case 4:
      return canonical.toUpperCase();
    case 5:
      return `${titleParts(local)}@${domain}`;
    case 6:
      return `\t${titleParts(local)}@${domain} `;
    default:
      return `${local}@${domain.toUpperCase()}`;
  }
}

/** Number of distinct `emailVariant` kinds. */
export const EMAIL_VARIANT_KINDS = 8;

/** Typed the way a form or a CRM user left it: mostly clean, often not. */
export function messyEmail(canonical: string, rng: Rng, cleanShare = 0.65): string {
  if (rng.chance(cleanShare)) return canonical;
  return emailVariant(canonical, rng.int(1, EMAIL_VARIANT_KINDS - 1));
}

/** A typed variant guaranteed to differ from `typed` but to normalise to the same canonical email. */
export function otherEmailVariant(canonical: string, typed: string, rng: Rng): string {
  const start = rng.int(0, EMAIL_VARIANT_KINDS - 1);
  for (let i = 0; i < EMAIL_VARIANT_KINDS; i++) {
    const v = emailVariant(canonical, (start + i) % EMAIL_VARIANT_KINDS);
    if (v !== typed) return v;
  }
  return ` ${typed} `;
}

/** The canonical form of a typed email (what Mailchimp hashes for its member id). */
export function canonicalEmail(typed: string): string {
  return typed.trim().toLowerCase();
}

/** The printable forms of one canonical number. */
interface PhoneForms {
  readonly national: string;
  readonly international: string;
  readonly nationalNumber: string;
  readonly callingCode: string;
  readonly country: string | undefined;
}

/**
 * Memo of each canonical number's printable forms, one per population run:
 * libphonenumber-js parsing and formatting is the generator's costliest call, and
 * each number is typed several times (HubSpot, its duplicate, Mailchimp, web).
 */
export class PhoneBook {
  private readonly cache = new Map<string, PhoneForms | null>();

  forms(e164: string): PhoneForms | null {
    let forms = this.cache.get(e164);
    if (forms === undefined) {
      const parsed = parsePhoneNumberFromString(e164);
      forms = parsed
        ? {
            national: parsed.formatNational(),
            international: parsed.formatInternational(),
            nationalNumber: String(parsed.nationalNumber),
            callingCode: String(parsed.countryCallingCode),
            country: parsed.country,
          }
        : null;
      this.cache.set(e164, forms);
    }
    return forms;
  }

  /** '+44 20 7946 0958' — what a person types into a form with no country field. */
  international(e164: string): string {
    return this.forms(e164)?.international ?? e164;
  }
}

/**
 * A typed form of a canonical E.164 number, parseable back with `country` as default:
 * '(415) 555-0100', '+1 415-555-0100', '415.555.0100', '+44 20 7946 0958', '020 7946 0958' …
 */
export function messyPhone(e164: string, country: string, rng: Rng, book: PhoneBook): string {
  const forms = book.forms(e164);
  if (!forms) return e164;
  const { national, international } = forms;
  const nsn = forms.nationalNumber;
  if (forms.callingCode === '1' && nsn.length === 10) {
    const [a, b, c] = [nsn.slice(0, 3), nsn.slice(3, 6), nsn.slice(6)];
    return rng.weighted<string>([
      [national, 30], // (415) 555-0100
      [`+1 ${a}-${b}-${c}`, 15],
      [`${a}.${b}.${c}`, 12],
      [nsn, 10],
      [`1-${a}-${b}-${c}`, 8],
      [international, 10],
      [e164, 15],
    ]);
  }
  // Outside NANP a national format only means something with the record's country.
  const nationalOk = (forms.country ?? '') === country;
  return rng.weighted<string>([
    [nationalOk ? national : international, 35],
    [international, 35],
    [e164, 15],
    [nationalOk ? national.replace(/[\s()]/g, '') : e164, 15],
  ]);
}

/** Parses a typed phone with the record's country as default; the canonical E.164 or null. */
export function canonicalPhone(typed: string, country: string | null): string | null {
  const parsed = parsePhoneNumberFromString(typed, (country ?? undefined) as CountryCode | undefined);
  return parsed?.isValid() ? parsed.number : null;
}

const AREA_CODES: Readonly<Record<string, readonly string[]>> = {
  US: ['415', '212', '646', '312', '617', '206', '512', '303', '404', '305', '213', '718', '202', '503', '612', '919', '804', '702'],
  CA: ['416', '604', '514', '403', '613'],
  GB: ['20 7946', '161 496', '113 496', '131 496', '20 3'],
  DE: ['30', '40', '89', '69', '221'],
  FR: ['1', '4', '5'],
  AU: ['2', '3', '7'],
  NL: ['20', '10'],
  IE: ['1'],
};

const CALLING_CODES: Readonly<Record<string, string>> = {
  US: '1', CA: '1', GB: '44', DE: '49', FR: '33', AU: '61', NL: '31', IE: '353',
};

/**
 * A valid, unique canonical E.164 number for `country` (checked with libphonenumber-js's
 * full metadata). North American numbers use the 555 exchange, British ones Ofcom's
 * drama ranges, so nothing generated is likely to ring a real line.
 */
export function makePhone(country: string, rng: Rng, used: Set<string>): string {
  const cc = CALLING_CODES[country] ?? '1';
  const areas = AREA_CODES[country] ?? AREA_CODES.US!;
  for (let attempt = 0; attempt < 200; attempt++) {
    const area = rng.pick(areas).replace(/\s/g, '');
    let rest: string;
    if (cc === '1') rest = (attempt < 100 ? '555' : String(rng.int(201, 989))) + String(rng.int(0, 9999)).padStart(4, '0');
    else if (cc === '44') rest = String(rng.int(0, 10 ** (10 - area.length) - 1)).padStart(10 - area.length, '0');
    else if (cc === '49') rest = String(rng.int(1_000_000, 99_999_999)).slice(0, 10 - area.length);
    else if (cc === '33') rest = String(rng.int(0, 99_999_999)).padStart(8, '0');
    else if (cc === '61') rest = String(rng.int(10_000_000, 99_999_999));
    else if (cc === '31') rest = String(rng.int(1_000_000, 9_999_999));
    else rest = String(rng.int(2_000_000, 9_999_999));
    const candidate = `+${cc}${area}${rest}`;
    if (used.has(candidate)) continue;
    const parsed = parsePhoneNumberFromString(candidate);
    if (parsed?.isValid() && parsed.number === candidate) {
      used.add(candidate);
      return candidate;
    }
  }
  throw new Error(`could not generate a valid phone number for ${country}`);
}
