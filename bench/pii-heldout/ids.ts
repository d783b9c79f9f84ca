/**
 * Identifiers with real check digits for the held-out PII set, written from the published
 * rules of each scheme (not from the classifier): a validator that only checks a shape is
 * not rewarded, and one that checks the digits sees valid values.
 */

export { luhnDigit, makeRng, type Rng } from '../lib/labelled-pii-set.js';
import { luhnDigit, type Rng } from '../lib/labelled-pii-set.js';

const pad = (n: number, width: number): string => String(n).padStart(width, '0');


/** A card number of a real brand's prefix and length, Luhn-valid. */
export function cardNumber(rng: Rng): string {
  const brand = rng.pick(['visa', 'visa', 'mc', 'mc2', 'amex', 'discover'] as const);
  const [prefix, length] =
    brand === 'visa' ? ['4', 16] : brand === 'mc' ? [String(rng.int(51, 55)), 16] : brand === 'mc2' ? [String(rng.int(2221, 2720)), 16] : brand === 'amex' ? [rng.pick(['34', '37']), 15] : ['6011', 16];
  const body = prefix + rng.digits(length - prefix.length - 1);
  return body + luhnDigit(body);
}

export function groupCard(pan: string, sep: string): string {
  if (pan.length === 15) return [pan.slice(0, 4), pan.slice(4, 10), pan.slice(10)].join(sep);
  return pan.match(/.{1,4}/g)!.join(sep);
}

/** A 15-digit IMEI (8-digit type allocation code, serial, Luhn digit). */
export function imei(rng: Rng): string {
  const body = rng.pick(['35', '86', '01', '49']) + rng.digits(12);
  return body + luhnDigit(body);
}

/** Remainder of a long decimal string mod 97, digit by digit (it overflows a double). */
function mod97(digits: string): number {
  let r = 0;
  for (const ch of digits) r = (r * 10 + Number(ch)) % 97;
  return r;
}

const letterDigits = (s: string): string => [...s].map((ch) => (/[A-Z]/.test(ch) ? String(ch.charCodeAt(0) - 55) : ch)).join('');

const BBAN: Readonly<Record<string, (rng: Rng) => string>> = {
  DE: (rng) => rng.digits(8) + rng.digits(10),
  NL: (rng) => rng.pick(['ABNA', 'INGB', 'RABO', 'SNSB', 'TRIO']) + rng.digits(10),
  FR: (rng) => rng.digits(10) + rng.digits(11) + rng.digits(2),
  ES: (rng) => rng.digits(20),
  IT: (rng) => String.fromCharCode(65 + rng.int(0, 25)) + rng.digits(10) + rng.digits(12),
  GB: (rng) => rng.pick(['NWBK', 'BARC', 'LOYD', 'HBUK', 'MIDL']) + rng.digits(14),
  BE: (rng) => rng.digits(12),
};

/** An IBAN with valid mod-97 check digits, compact. */
export function iban(rng: Rng, country: keyof typeof BBAN & string): string {
  const bban = BBAN[country]!(rng);
  const check = 98 - mod97(letterDigits(bban + country + '00'));
  return country + pad(check, 2) + bban;
}

export const groupIban = (compact: string): string => compact.match(/.{1,4}/g)!.join(' ');

/** US SSN: area 001–899 but not 666, group 01–99, serial 0001–9999. */
export function ssn(rng: Rng, sep = '-'): string {
  let area = rng.int(1, 899);
  if (area === 666) area = 667;
  return [pad(area, 3), pad(rng.int(1, 99), 2), pad(rng.int(1, 9999), 4)].join(sep);
}

/** UK National Insurance number: valid prefix letters, six digits, suffix A–D. */
export function nino(rng: Rng, spaced: boolean): string {
  const first = 'ABCEGHJKLMNOPRSTWXYZ';
  const second = 'ABCEGHJKLMNPRSTWXYZ';
  let prefix = '';
  do prefix = rng.pick([...first]) + rng.pick([...second]);
  while (['BG', 'GB', 'NK', 'KN', 'TN', 'NT', 'ZZ'].includes(prefix));
  const d = rng.digits(6);
  const suffix = rng.pick(['A', 'B', 'C', 'D']);
  return spaced ? `${prefix} ${d.slice(0, 2)} ${d.slice(2, 4)} ${d.slice(4)} ${suffix}` : prefix + d + suffix;
}

/** French NIR (numéro de sécurité sociale): 13 digits + key 97 − (n mod 97). */
export function nir(rng: Rng, sex: 'm' | 'f', birth: Date, spaced: boolean): string {
  const parts = [sex === 'm' ? '1' : '2', pad(birth.getUTCFullYear() % 100, 2), pad(birth.getUTCMonth() + 1, 2), pad(rng.int(1, 95), 2), pad(rng.int(1, 990), 3), pad(rng.int(1, 999), 3)];
  const key = pad(97 - mod97(parts.join('')), 2);
  return spaced ? [...parts, key].join(' ') : parts.join('') + key;
}

/** Spanish DNI: eight digits and the letter of their remainder mod 23. */
export function dni(rng: Rng): string {
  const n = rng.int(1_000_000, 99_999_999);
  return pad(n, 8) + 'TRWAGMYFPDXBNJZSQVHLCKE'[n % 23];
}

/** Dutch BSN: nine digits passing the 11-test (weights 9..2, last digit −1). */
export function bsn(rng: Rng): string {
  for (;;) {
    const d = rng.digits(8);
    if (d[0] === '0') continue;
    let sum = 0;
    for (let i = 0; i < 8; i++) sum += Number(d[i]) * (9 - i);
    const last = sum % 11;
    if (last <= 9) return d + String(last);
  }
}

/** Brazilian CPF with both mod-11 check digits, `123.456.789-09` or bare. */
export function cpf(rng: Rng, formatted: boolean): string {
  const d = rng.digits(9).split('').map(Number);
  const check = (ds: number[]): number => {
    const s = ds.reduce((acc, x, i) => acc + x * (ds.length + 1 - i), 0);
    const r = (s * 10) % 11;
    return r === 10 ? 0 : r;
  };
  d.push(check(d));
  d.push(check(d));
  const s = d.join('');
  return formatted ? `${s.slice(0, 3)}.${s.slice(3, 6)}.${s.slice(6, 9)}-${s.slice(9)}` : s;
}

// Verhoeff's dihedral-group tables (Aadhaar's check digit).
const VD = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 2, 3, 4, 0, 6, 7, 8, 9, 5], [2, 3, 4, 0, 1, 7, 8, 9, 5, 6], [3, 4, 0, 1, 2, 8, 9, 5, 6, 7], [4, 0, 1, 2, 3, 9, 5, 6, 7, 8],
  [5, 9, 8, 7, 6, 0, 4, 3, 2, 1], [6, 5, 9, 8, 7, 1, 0, 4, 3, 2], [7, 6, 5, 9, 8, 2, 1, 0, 4, 3], [8, 7, 6, 5, 9, 3, 2, 1, 0, 4], [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
];
const VP = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 5, 7, 6, 2, 8, 3, 0, 9, 4], [5, 8, 0, 3, 7, 9, 6, 2, 4, 1], [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
  [9, 4, 5, 3, 1, 2, 6, 8, 7, 0], [4, 2, 8, 6, 5, 7, 3, 9, 0, 1], [2, 7, 9, 3, 8, 0, 6, 4, 1, 5], [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
];
const VINV = [0, 4, 3, 2, 1, 5, 9, 8, 7, 6];

export function verhoeffDigit(body: string): string {
  let c = 0;
  const ds = [...body].reverse().map(Number);
  for (let i = 0; i < ds.length; i++) c = VD[c]![VP[(i + 1) % 8]![ds[i]!]!]!;
  return String(VINV[c]);
}

/** Indian Aadhaar: 12 digits, not starting 0/1, Verhoeff check digit; `1234 5678 9012`. */
export function aadhaar(rng: Rng, spaced: boolean): string {
  const body = String(rng.int(2, 9)) + rng.digits(10);
  const s = body + verhoeffDigit(body);
  return spaced ? `${s.slice(0, 4)} ${s.slice(4, 8)} ${s.slice(8)}` : s;
}

/** German Steuer-ID: 11 digits, one digit twice in the first ten, ISO 7064 MOD 11,10 check. */
export function steuerId(rng: Rng): string {
  for (;;) {
    const pool = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
    const missing = pool.splice(rng.int(0, 9), 1)[0]!;
    void missing;
    const doubled = rng.pick(pool);
    const ten = [...pool, doubled].sort(() => rng() - 0.5);
    if (ten[0] === 0) continue;
    let product = 10;
    for (const d of ten) {
      let sum = (d + product) % 10;
      if (sum === 0) sum = 10;
      product = (sum * 2) % 11;
    }
    const check = (11 - product) % 10;
    return ten.join('') + String(check);
  }
}

// Codice fiscale: the values of each character in odd (1st, 3rd…) and even positions.
const CF_ODD: Readonly<Record<string, number>> = Object.fromEntries(
  [...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ'].map((ch, i) => [ch, [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23][i]!]),
);
const cfEven = (ch: string): number => (/[0-9]/.test(ch) ? Number(ch) : ch.charCodeAt(0) - 65);

function cfLetters(word: string, forFirstName: boolean): string {
  const w = word.toUpperCase().normalize('NFD').replace(/[^A-Z]/g, '');
  let cons = [...w].filter((c) => !'AEIOU'.includes(c));
  const vows = [...w].filter((c) => 'AEIOU'.includes(c));
  if (forFirstName && cons.length >= 4) cons = [cons[0]!, cons[2]!, cons[3]!];
  return (cons.join('') + vows.join('') + 'XXX').slice(0, 3);
}

/** Italian codice fiscale from the person's names, birth date and sex, with its check letter. */
export function codiceFiscale(rng: Rng, first: string, last: string, sex: 'm' | 'f', birth: Date): string {
  const month = 'ABCDEHLMPRST'[birth.getUTCMonth()]!;
  const day = birth.getUTCDate() + (sex === 'f' ? 40 : 0);
  const town = rng.pick(['F205', 'H501', 'L219', 'F839', 'A662', 'G273', 'D612', 'L736']);
  const body = cfLetters(last, false) + cfLetters(first, true) + pad(birth.getUTCFullYear() % 100, 2) + month + pad(day, 2) + town;
  let sum = 0;
  for (let i = 0; i < body.length; i++) sum += i % 2 === 0 ? CF_ODD[body[i]!]! : cfEven(body[i]!);
  return body + String.fromCharCode(65 + (sum % 26));
}

/** An ABA routing number (a bank's, not a person's): 9 digits with the 3-7-1 checksum. */
export function abaRouting(rng: Rng): string {
  const d = (pad(rng.int(1, 12), 2) + rng.digits(6)).split('').map(Number);
  const s = 3 * (d[0]! + d[3]! + d[6]!) + 7 * (d[1]! + d[4]! + d[7]!) + (d[2]! + d[5]!);
  return d.join('') + String((10 - (s % 10)) % 10);
}
