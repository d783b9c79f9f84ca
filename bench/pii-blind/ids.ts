/**
 * Identifiers with their real check digits, written from each scheme's published rule, so
 * that a classifier which validates (rather than matches a shape) still sees valid values.
 */
import { luhnDigit, type Rng } from '../lib/labelled-pii-set.js';

const pad = (n: number, w: number): string => String(n).padStart(w, '0');
const yy = (d: Date): string => pad(d.getUTCFullYear() % 100, 2);
const mm = (d: Date): string => pad(d.getUTCMonth() + 1, 2);
const dd = (d: Date): string => pad(d.getUTCDate(), 2);

/** US SSN: no area 000, 666 or 900-999, no group 00, no serial 0000. */
export function usSsn(r: Rng, dashed = true): string {
  let area = r.int(1, 899);
  if (area === 666) area = 667;
  const s = `${pad(area, 3)}${pad(r.int(1, 99), 2)}${pad(r.int(1, 9999), 4)}`;
  return dashed ? `${s.slice(0, 3)}-${s.slice(3, 5)}-${s.slice(5)}` : s;
}

/** German tax id (Steuer-IdNr): one digit twice among the first ten, ISO 7064 MOD 11,10. */
export function deSteuerId(r: Rng): string {
  const pool = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  for (let i = pool.length - 1; i > 0; i--) {
    const j = r.int(0, i);
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  const nine = pool.slice(0, 9);
  if (nine[0] === 0) [nine[0], nine[1]] = [nine[1]!, nine[0]!];
  const digits = [...nine];
  digits.splice(r.int(1, 9), 0, nine[r.int(1, 8)]!);
  let product = 10;
  for (const d of digits) {
    let sum = (d + product) % 10;
    if (sum === 0) sum = 10;
    product = (sum * 2) % 11;
  }
  const check = (11 - product) % 10;
  return digits.join('') + check;
}

const DNI_LETTERS = 'TRWAGMYFPDXBNJZSQVHLCKE';
/** Spanish DNI (8 digits + letter) or, for residents, NIE (X/Y/Z + 7 digits + letter). */
export function esDniOrNie(r: Rng): string {
  if (r.chance(0.15)) {
    const lead = r.int(0, 2);
    const seven = r.digits(7);
    return `${'XYZ'[lead]}${seven}${DNI_LETTERS[Number(`${lead}${seven}`) % 23]}`;
  }
  const n = r.int(1000000, 99999999);
  return `${pad(n, 8)}${DNI_LETTERS[n % 23]}`;
}

const CF_ODD: Record<string, number> = {};
'1,0,5,7,9,13,15,17,19,21,1,0,5,7,9,13,15,17,19,21,2,4,18,20,11,3,6,8,12,14,16,10,22,25,24,23'
  .split(',')
  .forEach((v, i) => (CF_ODD['0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ'[i]!] = Number(v)));
const cfEven = (c: string): number => (/\d/.test(c) ? Number(c) : c.charCodeAt(0) - 65);
const consonants = (s: string): string => s.toUpperCase().normalize('NFD').replace(/[^A-Z]/g, '').replace(/[AEIOU]/g, '');
const vowels = (s: string): string => s.toUpperCase().normalize('NFD').replace(/[^A-Z]/g, '').replace(/[^AEIOU]/g, '');

/** Italian codice fiscale: surname/name letters, birth date and sex, comune, check letter. */
export function itCodiceFiscale(last: string, first: string, sex: 'm' | 'f', birth: Date, comune: string): string {
  const three = (s: string): string => (consonants(s) + vowels(s) + 'XXX').slice(0, 3);
  const fc = consonants(first);
  const firstPart = fc.length >= 4 ? fc[0]! + fc[2]! + fc[3]! : three(first);
  const day = birth.getUTCDate() + (sex === 'f' ? 40 : 0);
  const body = `${three(last)}${firstPart}${yy(birth)}${'ABCDEHLMPRST'[birth.getUTCMonth()]}${pad(day, 2)}${comune}`;
  let sum = 0;
  for (let i = 0; i < body.length; i++) sum += i % 2 === 0 ? CF_ODD[body[i]!]! : cfEven(body[i]!);
  return body + String.fromCharCode(65 + (sum % 26));
}

/** Dutch BSN: 9 digits passing the eleven test (9a + 8b + … + 2h − i ≡ 0 mod 11). */
export function nlBsn(r: Rng): string {
  for (;;) {
    const d = [r.int(1, 9), ...r.digits(7).split('').map(Number)];
    const s = d.reduce((acc, v, i) => acc + v * (9 - i), 0);
    const last = s % 11;
    if (last < 10) return d.join('') + last;
  }
}

/** Brazilian CPF with its two mod-11 digits. */
export function brCpf(r: Rng, formatted: boolean): string {
  const d = r.digits(9).split('').map(Number);
  for (const len of [9, 10]) {
    const s = d.slice(0, len).reduce((acc, v, i) => acc + v * (len + 1 - i), 0);
    const rem = s % 11;
    d.push(rem < 2 ? 0 : 11 - rem);
  }
  const s = d.join('');
  return formatted ? `${s.slice(0, 3)}.${s.slice(3, 6)}.${s.slice(6, 9)}-${s.slice(9)}` : s;
}

/** Brazilian PIS/PASEP (the payroll registration) with its mod-11 digit. */
export function brPis(r: Rng): string {
  const w = [3, 2, 9, 8, 7, 6, 5, 4, 3, 2];
  const d = [1, ...r.digits(9).split('').map(Number)];
  const rem = 11 - (d.reduce((acc, v, i) => acc + v * w[i]!, 0) % 11);
  const s = d.join('') + (rem >= 10 ? 0 : rem);
  return `${s.slice(0, 3)}.${s.slice(3, 8)}.${s.slice(8, 10)}-${s.slice(10)}`;
}

const V_D = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  [1, 2, 3, 4, 0, 6, 7, 8, 9, 5],
  [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
  [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
  [4, 0, 1, 2, 3, 9, 5, 6, 7, 8],
  [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
  [6, 5, 9, 8, 7, 1, 0, 4, 3, 2],
  [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
  [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
  [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
];
const V_P = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  [1, 5, 7, 6, 2, 8, 3, 0, 9, 4],
  [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
  [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
  [9, 4, 5, 3, 1, 2, 6, 8, 7, 0],
  [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
  [2, 7, 9, 3, 8, 0, 6, 4, 1, 5],
  [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
];
const V_INV = [0, 4, 3, 2, 1, 5, 6, 7, 8, 9];

export function verhoeffValid(s: string): boolean {
  let c = 0;
  [...s].reverse().forEach((ch, i) => (c = V_D[c]![V_P[i % 8]![Number(ch)]!]!));
  return c === 0;
}

/** Indian Aadhaar: 12 digits, first 2-9, Verhoeff check digit; printed in groups of four. */
export function inAadhaar(r: Rng, spaced: boolean): string {
  const body = String(r.int(2, 9)) + r.digits(10);
  let c = 0;
  [...body].reverse().forEach((ch, i) => (c = V_D[c]![V_P[(i + 1) % 8]![Number(ch)]!]!));
  const s = body + V_INV[c];
  return spaced ? `${s.slice(0, 4)} ${s.slice(4, 8)} ${s.slice(8)}` : s;
}

/** Polish PESEL: birth date (month + 20 after 1999), serial, sex digit, weighted check. */
export function plPesel(r: Rng, sex: 'm' | 'f', birth: Date): string {
  const month = birth.getUTCMonth() + 1 + (birth.getUTCFullYear() >= 2000 ? 20 : 0);
  const sexDigit = r.int(0, 4) * 2 + (sex === 'm' ? 1 : 0);
  const body = `${yy(birth)}${pad(month, 2)}${dd(birth)}${r.digits(3)}${sexDigit}`;
  const w = [1, 3, 7, 9, 1, 3, 7, 9, 1, 3];
  const s = [...body].reduce((acc, ch, i) => acc + Number(ch) * w[i]!, 0);
  return body + ((10 - (s % 10)) % 10);
}

/** Swedish personnummer: YYMMDD-NNNC (or with the century), Luhn over the nine digits. */
export function sePersonnummer(r: Rng, sex: 'm' | 'f', birth: Date, century: boolean): string {
  const serial = r.digits(2) + String(r.int(0, 4) * 2 + (sex === 'm' ? 1 : 0));
  const nine = `${yy(birth)}${mm(birth)}${dd(birth)}${serial}`;
  const check = luhnDigit(nine);
  const head = century ? `${birth.getUTCFullYear()}${mm(birth)}${dd(birth)}` : nine.slice(0, 6);
  return `${head}-${serial}${check}`;
}

/** South African ID: YYMMDD, gender block, citizenship, 8, Luhn. */
export function zaId(r: Rng, sex: 'm' | 'f', birth: Date): string {
  const g = sex === 'f' ? r.int(0, 4999) : r.int(5000, 9999);
  const body = `${yy(birth)}${mm(birth)}${dd(birth)}${pad(g, 4)}${r.chance(0.9) ? 0 : 1}8`;
  return body + luhnDigit(body);
}

/** Chinese resident identity number: region, YYYYMMDD, sequence (odd = male), ISO 7064 MOD 11-2. */
export function cnResidentId(r: Rng, region: string, sex: 'm' | 'f', birth: Date): string {
  const seq = r.digits(2) + String(r.int(0, 4) * 2 + (sex === 'm' ? 1 : 0));
  const body = `${region}${birth.getUTCFullYear()}${mm(birth)}${dd(birth)}${seq}`;
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const s = [...body].reduce((acc, ch, i) => acc + Number(ch) * w[i]!, 0);
  return body + '10X98765432'[s % 11];
}

/** Australian tax file number: 9 digits whose weighted sum is a multiple of 11. */
export function auTfn(r: Rng): string {
  const w = [1, 4, 3, 7, 5, 8, 6, 9, 10];
  for (;;) {
    const d = [r.int(1, 9), ...r.digits(8).split('').map(Number)];
    if (d.reduce((acc, v, i) => acc + v * w[i]!, 0) % 11 === 0) {
      const s = d.join('');
      return r.chance(0.5) ? `${s.slice(0, 3)} ${s.slice(3, 6)} ${s.slice(6)}` : s;
    }
  }
}

/** IBAN from a country's BBAN with the ISO 13616 mod-97 check digits. */
export function iban(country: string, bban: string, spaced: boolean): string {
  const numeric = (bban + country + '00').replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
  let rem = 0;
  for (const ch of numeric) rem = (rem * 10 + Number(ch)) % 97;
  const s = `${country}${pad(98 - rem, 2)}${bban}`;
  return spaced ? s.replace(/(.{4})/g, '$1 ').trim() : s;
}

const upper = (r: Rng, n: number): string => Array.from({ length: n }, () => String.fromCharCode(65 + r.int(0, 25))).join('');

/** A BBAN in the country's layout (bank code, branch, account). */
export function bban(r: Rng, country: string): string {
  switch (country) {
    case 'DE':
      return r.pick(['10070000', '20050550', '37040044', '50010517', '70150000', '76050101']) + r.digits(10);
    case 'FR':
      return r.pick(['30004', '30003', '20041', '10278', '11315']) + r.digits(5) + r.digits(11) + r.digits(2);
    case 'ES':
      return r.pick(['2100', '0049', '0182', '2085', '0081']) + r.digits(4) + r.digits(2) + r.digits(10);
    case 'IT':
      return upper(r, 1) + r.pick(['03069', '02008', '05034', '01030']) + r.digits(5) + r.digits(12);
    case 'NL':
      return r.pick(['ABNA', 'INGB', 'RABO', 'TRIO', 'SNSB', 'KNAB']) + r.digits(10);
    case 'GB':
      return r.pick(['NWBK', 'BARC', 'LOYD', 'HBUK', 'MIDL']) + r.digits(6) + r.digits(8);
    case 'PL':
      return r.digits(24);
    case 'BR':
      return r.digits(8) + r.digits(5) + r.digits(10) + 'C1';
    case 'SE':
      return r.pick(['500', '800', '600', '300']) + r.digits(17);
    default:
      throw new Error(`no BBAN layout for ${country}`);
  }
}

/** A payment card number of a real brand's range, Luhn-valid. */
export function cardNumber(r: Rng): { pan: string; brand: string } {
  const brand = r.pick(['visa', 'visa', 'mastercard', 'mastercard', 'amex', 'discover', 'jcb']);
  let body: string;
  if (brand === 'visa') body = '4' + r.digits(14);
  else if (brand === 'mastercard') body = mcBody(r);
  else if (brand === 'amex') body = r.pick(['34', '37']) + r.digits(12);
  else if (brand === 'discover') body = '6011' + r.digits(11);
  else body = String(r.int(3528, 3589)) + r.digits(11);
  return { pan: body + luhnDigit(body), brand };
}

function mcBody(r: Rng): string {
  return r.chance(0.7) ? String(r.int(51, 55)) + r.digits(13) : String(r.int(2221, 2720)) + r.digits(11);
}

export function groupCard(pan: string, sep: string): string {
  if (pan.length === 15) return `${pan.slice(0, 4)}${sep}${pan.slice(4, 10)}${sep}${pan.slice(10)}`;
  return pan.replace(/(.{4})(?=.)/g, `$1${sep}`);
}
