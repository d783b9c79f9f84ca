/**
 * How people and systems in each country write phones, dates and addresses, for the
 * held-out PII set. The number ranges are the national plans' (area codes, mobile
 * prefixes), so a number is one a carrier could assign; the spellings are the ones
 * exports actually carry (national, international, E.164, bare digits).
 */
import type { Faker } from '@faker-js/faker';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { Rng } from './ids.js';

export type Country = 'US' | 'GB' | 'DE' | 'FR' | 'ES' | 'NL' | 'IT' | 'BR' | 'IN' | 'AU';

type PhoneStyle = 'national' | 'international' | 'e164' | 'digits' | 'mixed';

/**
 * A phone number of `country` in one of its common spellings (`style` picks; random if
 * absent). The full numbering plan (which blocks are allocated) is libphonenumber's
 * metadata: a drawn number outside an allocated block is drawn again, so every value is
 * one a carrier could have assigned. `(0)` is a spelling people use that the parser
 * does not take, so it is checked without it.
 */
export function phone(rng: Rng, country: Country, style?: PhoneStyle): string {
  for (let attempt = 0; ; attempt++) {
    const candidate = drawPhone(rng, country, style);
    const checked = candidate.replace('(0)', '').replace(/^00/, '+');
    const parsed = parsePhoneNumberFromString(/^[1-9]\d+$/.test(checked) && checked.length > 10 ? `+${checked}` : checked, country);
    if (parsed?.isValid() || attempt > 200) return candidate;
  }
}

function drawPhone(rng: Rng, country: Country, style?: PhoneStyle): string {
  const s = style === undefined || style === 'mixed' ? rng.pick(['national', 'national', 'international', 'e164'] as const) : style;
  const n = (a: number, b: number): string => String(rng.int(a, b));
  switch (country) {
    case 'US': {
      const area = rng.pick(['212', '415', '312', '617', '206', '303', '404', '512', '702', '919', '646', '213']);
      const ex = n(2, 9) + rng.digits(2);
      const line = rng.digits(4);
      if (s === 'national') return rng.pick([`(${area}) ${ex}-${line}`, `${area}-${ex}-${line}`, `${area}.${ex}.${line}`]);
      if (s === 'international') return rng.pick([`+1 ${area} ${ex} ${line}`, `+1 (${area}) ${ex}-${line}`, `1-${area}-${ex}-${line}`]);
      if (s === 'e164') return `+1${area}${ex}${line}`;
      return `${area}${ex}${line}`;
    }
    case 'GB': {
      const mobile = rng.chance(0.6);
      const nat = mobile ? `07${n(4, 9)}${rng.digits(2)} ${rng.digits(6)}` : rng.pick([`020 7${rng.digits(3)} ${rng.digits(4)}`, `0161 ${n(2, 9)}${rng.digits(2)} ${rng.digits(4)}`, `0131 ${n(2, 9)}${rng.digits(2)} ${rng.digits(4)}`]);
      const compact = nat.replace(/\s/g, '');
      if (s === 'national') return nat;
      if (s === 'international') return '+44 ' + nat.slice(1);
      if (s === 'e164') return '+44' + compact.slice(1);
      return '44' + compact.slice(1);
    }
    case 'DE': {
      const mobile = rng.chance(0.5);
      const prefix = mobile ? rng.pick(['151', '152', '160', '170', '171', '176', '157']) : rng.pick(['30', '40', '89', '221', '69', '711', '211']);
      const sub = mobile ? rng.digits(prefix === '176' || prefix === '157' ? 8 : 7) : n(2, 9) + rng.digits(prefix.length === 2 ? 7 : 6);
      if (s === 'national') return rng.pick([`0${prefix} ${sub}`, `0${prefix}/${sub}`, `(0${prefix}) ${sub}`, `0${prefix}-${sub}`]);
      if (s === 'international') return rng.pick([`+49 ${prefix} ${sub}`, `+49 (0)${prefix} ${sub}`, `0049 ${prefix} ${sub}`]);
      if (s === 'e164') return `+49${prefix}${sub}`;
      return `49${prefix}${sub}`;
    }
    case 'FR': {
      const first = rng.pick(['1', '2', '3', '4', '5', '6', '7', '9']);
      const rest = rng.digits(8);
      const pairs = (first + rest).match(/^(\d)(\d\d)(\d\d)(\d\d)(\d\d)$/)!.slice(1);
      if (s === 'national') return rng.pick(['0' + pairs.join(' '), '0' + pairs.join('.'), '0' + first + rest]);
      if (s === 'international') return rng.pick(['+33 ' + pairs.join(' '), '+33 (0)' + pairs.join(' ')]);
      if (s === 'e164') return '+33' + first + rest;
      return '33' + first + rest;
    }
    case 'ES': {
      const first = rng.pick(['6', '7', '9']);
      const nine = first + (first === '7' ? n(1, 4) : n(0, 9)) + rng.digits(7);
      const spaced = `${nine.slice(0, 3)} ${nine.slice(3, 6)} ${nine.slice(6)}`;
      if (s === 'national') return rng.pick([spaced, nine, `${nine.slice(0, 3)} ${nine.slice(3, 5)} ${nine.slice(5, 7)} ${nine.slice(7)}`]);
      if (s === 'international') return rng.pick([`+34 ${spaced}`, `0034 ${spaced}`]);
      if (s === 'e164') return `+34${nine}`;
      return `34${nine}`;
    }
    case 'NL': {
      const mobile = rng.chance(0.6);
      const nat = mobile ? `06${n(1, 5)}${rng.digits(7)}` : `0${rng.pick(['20', '10', '70', '30', '40', '50'])}${n(2, 8)}${rng.digits(6)}`;
      if (s === 'national') return mobile ? rng.pick([`06-${nat.slice(2)}`, `06 ${nat.slice(2, 4)} ${nat.slice(4, 6)} ${nat.slice(6, 8)} ${nat.slice(8)}`, nat]) : rng.pick([`${nat.slice(0, 3)}-${nat.slice(3)}`, `${nat.slice(0, 3)} ${nat.slice(3, 6)} ${nat.slice(6)}`]);
      if (s === 'international') return `+31 ${nat.slice(1, mobile ? 2 : 3)} ${nat.slice(mobile ? 2 : 3)}`;
      if (s === 'e164') return '+31' + nat.slice(1);
      return '31' + nat.slice(1);
    }
    case 'IT': {
      const mobile = rng.chance(0.6);
      const nat = mobile ? `3${rng.pick(['20', '28', '33', '35', '38', '40', '47', '49', '66', '88', '92'])}${rng.digits(7)}` : `0${rng.pick(['2', '6', '11', '51', '55', '81'])}${rng.digits(7)}`;
      const spaced = mobile ? `${nat.slice(0, 3)} ${nat.slice(3, 6)} ${nat.slice(6)}` : `${nat.slice(0, nat.length - 7)} ${nat.slice(-7, -4)} ${nat.slice(-4)}`;
      if (s === 'national') return rng.pick([spaced, nat]);
      if (s === 'international') return rng.pick([`+39 ${spaced}`, `0039 ${spaced}`]);
      if (s === 'e164') return `+39${nat}`;
      return `39${nat}`;
    }
    case 'BR': {
      const ddd = rng.pick(['11', '21', '31', '41', '51', '61', '71', '81', '85', '19']);
      const mobile = rng.chance(0.7);
      const sub = mobile ? `9${n(6, 9)}${rng.digits(3)}-${rng.digits(4)}` : `${n(2, 5)}${rng.digits(3)}-${rng.digits(4)}`;
      if (s === 'national') return rng.pick([`(${ddd}) ${sub}`, `${ddd} ${sub}`, `0${ddd} ${sub.replace('-', '')}`]);
      if (s === 'international') return `+55 ${ddd} ${sub}`;
      if (s === 'e164') return `+55${ddd}${sub.replace('-', '')}`;
      return `55${ddd}${sub.replace('-', '')}`;
    }
    case 'IN': {
      const ten = rng.pick(['9', '8', '7', '6']) + rng.digits(9);
      if (s === 'national') return rng.pick([`0${ten.slice(0, 5)} ${ten.slice(5)}`, ten, `${ten.slice(0, 5)}-${ten.slice(5)}`]);
      if (s === 'international') return rng.pick([`+91 ${ten.slice(0, 5)} ${ten.slice(5)}`, `+91-${ten}`]);
      if (s === 'e164') return `+91${ten}`;
      return `91${ten}`;
    }
    case 'AU': {
      const mobile = rng.chance(0.6);
      const nat = mobile ? `04${rng.digits(8)}` : `0${rng.pick(['2', '3', '7', '8'])}${n(5, 9)}${rng.digits(7)}`;
      const spaced = mobile ? `${nat.slice(0, 4)} ${nat.slice(4, 7)} ${nat.slice(7)}` : `(${nat.slice(0, 2)}) ${nat.slice(2, 6)} ${nat.slice(6)}`;
      if (s === 'national') return rng.pick([spaced, nat]);
      if (s === 'international') return mobile ? `+61 ${nat.slice(1, 4)} ${nat.slice(4, 7)} ${nat.slice(7)}` : `+61 ${nat.slice(1, 2)} ${nat.slice(2, 6)} ${nat.slice(6)}`;
      if (s === 'e164') return '+61' + nat.slice(1);
      return '61' + nat.slice(1);
    }
  }
}

export type DateStyle = 'iso' | 'us' | 'eu_slash' | 'eu_dot' | 'eu_dash' | 'dmy_mon' | 'long_en' | 'compact' | 'iso_slash' | 'iso_time' | 'us_time';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const MONTHS_LONG = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const p2 = (n: number): string => String(n).padStart(2, '0');

export function formatDate(d: Date, style: DateStyle): string {
  const y = d.getUTCFullYear(), m = d.getUTCMonth() + 1, day = d.getUTCDate();
  switch (style) {
    case 'iso': return `${y}-${p2(m)}-${p2(day)}`;
    case 'us': return `${p2(m)}/${p2(day)}/${y}`;
    case 'eu_slash': return `${p2(day)}/${p2(m)}/${y}`;
    case 'eu_dot': return `${p2(day)}.${p2(m)}.${y}`;
    case 'eu_dash': return `${p2(day)}-${p2(m)}-${y}`;
    case 'dmy_mon': return `${p2(day)}-${MONTHS[m - 1]}-${y}`;
    case 'long_en': return `${MONTHS_LONG[m - 1]} ${day}, ${y}`;
    case 'compact': return `${y}${p2(m)}${p2(day)}`;
    case 'iso_slash': return `${y}/${p2(m)}/${p2(day)}`;
    case 'iso_time': return `${y}-${p2(m)}-${p2(day)}T${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}Z`;
    case 'us_time': {
      const h = d.getUTCHours();
      return `${m}/${day}/${y} ${h % 12 === 0 ? 12 : h % 12}:${p2(d.getUTCMinutes())} ${h < 12 ? 'AM' : 'PM'}`;
    }
  }
}

/** A birth date of someone between 18 and 90 at the set's reference date. */
export function birthDate(rng: Rng): Date {
  return new Date(Date.UTC(rng.int(1934, 2006), rng.int(0, 11), rng.int(1, 28)));
}

/** A business date within the two years before the reference date (orders, visits, hires). */
export function recentDate(rng: Rng): Date {
  return new Date(Date.UTC(2024, 0, 1) + rng.int(0, 700) * 86_400_000 + rng.int(0, 86_399) * 1000);
}

export const ageAt = (birth: Date, at = new Date(Date.UTC(2025, 10, 1))): number => Math.floor((at.getTime() - birth.getTime()) / (365.25 * 86_400_000));

/** A street line as that country writes it (street type, house number position, flats). */
export function streetLine(rng: Rng, f: Faker, country: Country): string {
  const street = f.location.street();
  const no = rng.int(1, 220);
  switch (country) {
    case 'DE': return rng.pick([`${street} ${no}`, `${street} ${no}${rng.pick(['a', 'b', ''])}`, f.location.streetAddress()]);
    case 'NL': return rng.pick([`${street} ${no}`, `${street} ${no}-${rng.int(1, 3)}`, `${street} ${no}${rng.pick(['A', 'B', 'hs'])}`]);
    case 'FR': return rng.pick([`${no} ${street}`, `${no} bis ${street}`, f.location.streetAddress()]);
    case 'ES': return rng.pick([`${street}, ${no}`, `${street}, ${no}, ${rng.int(1, 8)}º ${rng.pick(['A', 'B', 'C', 'D'])}`, f.location.streetAddress()]);
    case 'IT': return rng.pick([`${street} ${no}`, `${street}, ${no}`, f.location.streetAddress()]);
    case 'BR': return rng.pick([`${street}, ${no}`, `${street}, ${no} - Apto ${rng.int(11, 184)}`, f.location.streetAddress()]);
    case 'IN': return rng.pick([`Flat ${rng.int(1, 40)}${rng.pick(['A', 'B', ''])}, ${f.location.street()}`, `${no}, ${street}`, `H.No. ${rng.int(1, 30)}-${rng.int(1, 300)}, ${street}`]);
    case 'AU': return rng.pick([`${no} ${street}`, `Unit ${rng.int(1, 30)}/${no} ${street}`, f.location.streetAddress()]);
    case 'GB': return rng.pick([`${no} ${street}`, `Flat ${rng.int(1, 12)}, ${no} ${street}`, f.location.streetAddress()]);
    case 'US': return rng.pick([f.location.streetAddress(), `${rng.int(10, 9999)} ${street}`, `${rng.int(10, 9999)} ${street} ${rng.pick(['Apt', 'Suite', 'Unit'])} ${rng.int(1, 40)}`]);
  }
}

const L = 'ABCDEFGHJKLMNPRSTUWXY';

/** A postcode in the country's format. */
export function postcode(rng: Rng, country: Country): string {
  switch (country) {
    case 'US': return rng.chance(0.8) ? String(rng.int(1001, 99950)).padStart(5, '0') : `${String(rng.int(1001, 99950)).padStart(5, '0')}-${rng.digits(4)}`;
    case 'GB': return `${rng.pick(['SW', 'E', 'N', 'M', 'B', 'LS', 'EH', 'G', 'CF', 'BS'])}${rng.int(1, 20)} ${rng.int(1, 9)}${rng.pick([...L])}${rng.pick([...L])}`;
    case 'DE': return String(rng.int(1067, 99998)).padStart(5, '0');
    case 'FR': return String(rng.pick([75, 69, 13, 33, 31, 59, 67, 44, 6, 34]) * 1000 + rng.int(0, 20) * 10).padStart(5, '0');
    case 'ES': return String(rng.int(1, 52) * 1000 + rng.int(0, 999)).padStart(5, '0');
    case 'NL': return `${rng.int(1011, 9999)} ${rng.pick([...L])}${rng.pick([...L])}`;
    case 'IT': return String(rng.int(10, 98) * 1000 + rng.int(0, 199)).padStart(5, '0');
    case 'BR': return `${rng.digits(5)}-${rng.digits(3)}`;
    case 'IN': return String(rng.int(110001, 855117));
    case 'AU': return String(rng.int(2000, 7999));
  }
}
