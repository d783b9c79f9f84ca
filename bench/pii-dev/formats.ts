/**
 * How the development set's countries write phones, postcodes, street lines and dates.
 * Phones start from libphonenumber's example mobile number for the country and vary its
 * subscriber digits, keeping only numbers its full metadata calls valid, so every phone is
 * one the country's numbering plan allocates.
 */
import type { Faker } from '@faker-js/faker';
import { getExampleNumber, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import examples from 'libphonenumber-js/examples.mobile.json';
import type { Rng } from './ids.js';

export type Country = 'PL' | 'SE' | 'CA' | 'MX' | 'BE' | 'FI' | 'DK' | 'IE' | 'ZA' | 'CH' | 'AT' | 'JP' | 'NO' | 'PT' | 'CZ' | 'NZ';

/** The spellings exports really use: national with trunk prefix, international, E.164, `00`, digits only. */
export type PhoneStyle = 'national' | 'international' | 'e164' | 'idd' | 'digits' | 'dashed';

export function phone(rng: Rng, country: Country, style: PhoneStyle): string {
  const example = getExampleNumber(country as CountryCode, examples)!;
  const nsn = example.nationalNumber as string;
  for (let attempt = 0; attempt < 200; attempt++) {
    const keep = Math.min(3, nsn.length - 4);
    const candidate = nsn.slice(0, keep) + rng.digits(nsn.length - keep);
    const parsed = parsePhoneNumberFromString(`+${example.countryCallingCode}${candidate}`);
    if (!parsed?.isValid()) continue;
    switch (style) {
      case 'national': return parsed.formatNational();
      case 'international': return parsed.formatInternational();
      case 'e164': return parsed.number as string;
      case 'idd': return `00${parsed.countryCallingCode} ${parsed.nationalNumber as string}`;
      case 'digits': return parsed.formatNational().replace(/\D/g, '');
      case 'dashed': return parsed.formatInternational().replace(/ /g, '-');
    }
  }
  throw new Error(`no valid ${country} number near ${nsn}`);
}

export function postcode(rng: Rng, country: Country): string {
  const d = (n: number): string => rng.digits(n);
  const L = (): string => rng.pick('ACDEFHKNPRTVWXY'.split(''));
  switch (country) {
    case 'PL': return `${d(2)}-${d(3)}`;
    case 'SE': return `${rng.int(100, 984)} ${d(2)}`;
    case 'CA': return `${rng.pick('ABCEGHJKLMNPRSTVXY'.split(''))}${rng.int(0, 9)}${L()} ${rng.int(0, 9)}${L()}${rng.int(0, 9)}`;
    case 'MX': return String(rng.int(1000, 99999)).padStart(5, '0');
    case 'BE': case 'CH': case 'AT': case 'DK': case 'NO': case 'NZ': case 'ZA': return String(rng.int(1000, 9990));
    case 'FI': return `${rng.pick(['00', '02', '20', '33', '40', '90'])}${d(3)}`;
    case 'IE': return `${rng.pick(['D02', 'D04', 'D6W', 'T12', 'H91', 'V94', 'A94'])} ${L()}${d(2)}${L()}`;
    case 'JP': return `${rng.int(100, 999)}-${d(4)}`;
    case 'PT': return `${rng.int(1000, 9999)}-${d(3)}`;
    case 'CZ': return `${rng.int(100, 799)} ${d(2)}`;
  }
}

/** A person's street line in the country's order (number after the street in most of Europe). */
export function streetLine(rng: Rng, f: Faker, country: Country): string {
  const street = f.location.street();
  const n = rng.int(1, 240);
  switch (country) {
    case 'PL': return `ul. ${street} ${n}${rng.chance(0.5) ? `/${rng.int(1, 60)}` : ''}`;
    case 'SE': case 'NO': case 'DK': case 'FI': return `${street} ${n}${rng.chance(0.3) ? ` ${rng.pick(['A', 'B', 'C'])}` : ''}`;
    case 'CZ': return `${street} ${rng.int(100, 2999)}/${n}`;
    case 'AT': case 'CH': return `${street} ${n}${rng.chance(0.3) ? `/${rng.int(1, 20)}` : ''}`;
    case 'BE': return `${street} ${n}${rng.chance(0.3) ? ` bus ${rng.int(1, 12)}` : ''}`;
    case 'PT': return `${rng.pick(['Rua', 'Avenida', 'Travessa'])} ${f.person.lastName()}, ${n}${rng.chance(0.4) ? `, ${rng.int(1, 8)}º ${rng.pick(['Esq', 'Dto'])}` : ''}`;
    case 'MX': return `${rng.pick(['Calle', 'Av.', 'Calz.'])} ${f.person.lastName()} ${n}${rng.chance(0.4) ? ` Int. ${rng.int(1, 30)}` : ''}`;
    case 'JP': return `${rng.int(1, 9)}-${rng.int(1, 30)}-${rng.int(1, 20)} ${rng.pick(['Jingumae', 'Nishishinjuku', 'Umeda', 'Sakae', 'Tenjin'])}`;
    case 'IE': return `${n} ${f.person.lastName()} ${rng.pick(['Road', 'Street', 'Avenue', 'Park', 'Drive', 'Close'])}`;
    case 'CA': case 'NZ': case 'ZA': return rng.chance(0.2) ? `${rng.int(1, 40)}-${n} ${f.location.street()}` : `${n} ${f.location.street()}`;
  }
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
export type DateStyle = 'iso' | 'dmy_dot' | 'dmy_slash' | 'mdy_slash' | 'compact' | 'd_mon_y' | 'ymd_slash' | 'iso_time' | 'dmy_dash';

export function formatDate(d: Date, style: DateStyle): string {
  const y = d.getUTCFullYear();
  const m = String(d.getUTCMonth() + 1).padStart(2, '0');
  const day = String(d.getUTCDate()).padStart(2, '0');
  switch (style) {
    case 'iso': return `${y}-${m}-${day}`;
    case 'dmy_dot': return `${day}.${m}.${y}`;
    case 'dmy_slash': return `${day}/${m}/${y}`;
    case 'mdy_slash': return `${m}/${day}/${y}`;
    case 'compact': return `${y}${m}${day}`;
    case 'd_mon_y': return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${y}`;
    case 'ymd_slash': return `${y}/${m}/${day}`;
    case 'iso_time': return `${y}-${m}-${day}T00:00:00Z`;
    case 'dmy_dash': return `${day}-${m}-${y}`;
  }
}

/** A birth date of an adult (18–88 on the set's reference day). */
export function birthDate(rng: Rng): Date {
  return new Date(Date.UTC(rng.int(1937, 2006), rng.int(0, 11), rng.int(1, 28)));
}

/** A date in the two years before the reference day: orders, shipments, matches. */
export function recentDate(rng: Rng): Date {
  return new Date(Date.UTC(2024, 0, 1) + rng.int(0, 700) * 86_400_000);
}

export const REFERENCE_DAY = new Date(Date.UTC(2025, 11, 1));
export const ageOn = (birth: Date): number => Math.floor((REFERENCE_DAY.getTime() - birth.getTime()) / (365.2425 * 86_400_000));
