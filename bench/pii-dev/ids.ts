/**
 * Identifiers with their real check digits, for the development set's countries (none of
 * them are the held-out set's or pii-eval's): each one is what the issuing system would
 * accept, so a validator that checks the digits sees real-shaped data, and a column of
 * random digits of the same length (a hard negative) does not pass by chance.
 */

export { luhnDigit, makeRng, type Rng } from '../lib/labelled-pii-set.js';
import { luhnDigit, type Rng } from '../lib/labelled-pii-set.js';

const pad = (n: number, w: number): string => String(n).padStart(w, '0');


/** Swedish personnummer, `YYMMDD-NNNC` (Luhn over the ten digits). */
export function personnummer(rng: Rng, birth: Date): string {
  const body = `${pad(birth.getUTCFullYear() % 100, 2)}${pad(birth.getUTCMonth() + 1, 2)}${pad(birth.getUTCDate(), 2)}${rng.digits(3)}`;
  return `${body.slice(0, 6)}-${body.slice(6)}${luhnDigit(body)}`;
}

/** Canadian SIN: nine digits, Luhn; the first digit says the province (1–7, 9 temporary). */
export function sin(rng: Rng): string {
  const body = `${rng.int(1, 7)}${rng.digits(7)}`;
  return body + luhnDigit(body);
}

const CURP_CHARS = '0123456789ABCDEFGHIJKLMNÑOPQRSTUVWXYZ';
const CURP_STATES = ['AS', 'BC', 'CL', 'DF', 'JC', 'MC', 'NL', 'PL', 'QT', 'SP', 'VZ', 'YN'];
/** Mexican CURP: name letters, birth date, sex, state, consonants, homoclave, check digit. */
export function curp(rng: Rng, first: string, last: string, birth: Date, sex: 'm' | 'f'): string {
  const up = (s: string): string => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toUpperCase().replace(/[^A-Z]/g, 'X');
  const l = up(last).padEnd(3, 'X');
  const f = up(first).padEnd(2, 'X');
  const vowel = [...l.slice(1)].find((c) => 'AEIOU'.includes(c)) ?? 'X';
  const cons = (s: string): string => [...s.slice(1)].find((c) => !'AEIOU'.includes(c)) ?? 'X';
  const body = `${l[0]}${vowel}${rng.pick('ABCDEFGHIJKLMNOPRSTUVZ'.split(''))}${f[0]}${pad(birth.getUTCFullYear() % 100, 2)}${pad(birth.getUTCMonth() + 1, 2)}${pad(birth.getUTCDate(), 2)}${sex === 'm' ? 'H' : 'M'}${rng.pick(CURP_STATES)}${cons(l)}${cons(rng.pick(['GARCIA', 'LOPEZ', 'MARTINEZ', 'SANCHEZ']))}${cons(f)}${birth.getUTCFullYear() >= 2000 ? 'A' : String(rng.int(0, 9))}`;
  const sum = [...body].reduce((s, ch, i) => s + CURP_CHARS.indexOf(ch) * (18 - i), 0);
  return body + String((10 - (sum % 10)) % 10);
}

/** Belgian national register number `YY.MM.DD-SSS.CC` (97 − mod 97, with a 2 prefix after 2000). */
export function belgianRrn(rng: Rng, birth: Date, sex: 'm' | 'f'): string {
  const serial = pad(rng.int(1, 498) * 2 + (sex === 'm' ? 1 : 0), 3);
  const base = `${pad(birth.getUTCFullYear() % 100, 2)}${pad(birth.getUTCMonth() + 1, 2)}${pad(birth.getUTCDate(), 2)}${serial}`;
  const n = BigInt((birth.getUTCFullYear() >= 2000 ? '2' : '') + base);
  const check = pad(97 - Number(n % 97n), 2);
  return `${base.slice(0, 2)}.${base.slice(2, 4)}.${base.slice(4, 6)}-${base.slice(6)}.${check}`;
}

const HETU_CHARS = '0123456789ABCDEFHJKLMNPRSTUVWXY';
/** Finnish henkilötunnus `DDMMYY-NNNC`: the check character is DDMMYYNNN mod 31. */
export function hetu(rng: Rng, birth: Date): string {
  const date = `${pad(birth.getUTCDate(), 2)}${pad(birth.getUTCMonth() + 1, 2)}${pad(birth.getUTCFullYear() % 100, 2)}`;
  const serial = pad(rng.int(2, 899), 3);
  const sep = birth.getUTCFullYear() >= 2000 ? 'A' : '-';
  return `${date}${sep}${serial}${HETU_CHARS[Number(BigInt(date + serial) % 31n)]}`;
}

/** Irish PPSN: seven digits and a check letter (weights 8…2, mod 23), sometimes a trailing letter. */
export function ppsn(rng: Rng): string {
  const digits = rng.digits(7);
  const sum = [...digits].reduce((s, d, i) => s + Number(d) * (8 - i), 0);
  const letters = 'WABCDEFGHIJKLMNOPQRSTUV';
  return `${digits}${letters[sum % 23]}${rng.chance(0.3) ? 'A' : ''}`;
}

/** South African ID: YYMMDD, gender serial, citizenship, 8, Luhn. */
export function saId(rng: Rng, birth: Date, sex: 'm' | 'f'): string {
  const g = sex === 'm' ? rng.int(5000, 9999) : rng.int(0, 4999);
  const body = `${pad(birth.getUTCFullYear() % 100, 2)}${pad(birth.getUTCMonth() + 1, 2)}${pad(birth.getUTCDate(), 2)}${pad(g, 4)}${rng.chance(0.9) ? 0 : 1}8`;
  return body + luhnDigit(body);
}

/** Swiss AHV/AVS number `756.XXXX.XXXX.XC` (EAN-13 check digit). */
export function ahv(rng: Rng): string {
  const body = `756${rng.digits(9)}`;
  const sum = [...body].reduce((s, d, i) => s + Number(d) * (i % 2 === 0 ? 1 : 3), 0);
  const n = body + String((10 - (sum % 10)) % 10);
  return `${n.slice(0, 3)}.${n.slice(3, 7)}.${n.slice(7, 11)}.${n.slice(11)}`;
}

/** Norwegian fødselsnummer: DDMMYY, individual number, two mod-11 check digits. */
export function fodselsnummer(rng: Rng, birth: Date): string {
  for (;;) {
    const base = `${pad(birth.getUTCDate(), 2)}${pad(birth.getUTCMonth() + 1, 2)}${pad(birth.getUTCFullYear() % 100, 2)}${pad(rng.int(0, 499), 3)}`;
    const k1w = [3, 7, 6, 1, 8, 9, 4, 5, 2];
    const k1 = (11 - ([...base].reduce((s, d, i) => s + Number(d) * k1w[i]!, 0) % 11)) % 11;
    if (k1 === 10) continue;
    const k2w = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
    const withK1 = base + k1;
    const k2 = (11 - ([...withK1].reduce((s, d, i) => s + Number(d) * k2w[i]!, 0) % 11)) % 11;
    if (k2 === 10) continue;
    return withK1 + k2;
  }
}

/** Portuguese NIF of a person (first digit 1–3), mod 11. */
export function nif(rng: Rng): string {
  const body = `${rng.int(1, 3)}${rng.digits(7)}`;
  const sum = [...body].reduce((s, d, i) => s + Number(d) * (9 - i), 0);
  const r = 11 - (sum % 11);
  return body + String(r >= 10 ? 0 : r);
}

/** Czech rodné číslo `YYMMDD/XXXX`, women's month + 50, the whole number divisible by 11. */
export function rodneCislo(rng: Rng, birth: Date, sex: 'm' | 'f'): string {
  const month = birth.getUTCMonth() + 1 + (sex === 'f' ? 50 : 0);
  const date = `${pad(birth.getUTCFullYear() % 100, 2)}${pad(month, 2)}${pad(birth.getUTCDate(), 2)}`;
  for (;;) {
    const serial = rng.digits(3);
    const r = Number(BigInt(date + serial) % 11n);
    if (r === 10) continue;
    return `${date}/${serial}${r}`;
  }
}

/** Danish CPR `DDMMYY-SSSS` (the mod-11 rule was dropped in 2007, so any serial). */
export function cpr(rng: Rng, birth: Date, sex: 'm' | 'f'): string {
  const last = sex === 'm' ? rng.pick([1, 3, 5, 7, 9]) : rng.pick([0, 2, 4, 6, 8]);
  return `${pad(birth.getUTCDate(), 2)}${pad(birth.getUTCMonth() + 1, 2)}${pad(birth.getUTCFullYear() % 100, 2)}-${rng.digits(3)}${last}`;
}

/** Mexican CLABE: bank, branch, account, weighted (3, 7, 1) check digit; 18 digits. */
export function clabe(rng: Rng): string {
  const body = `${rng.pick(['002', '012', '014', '021', '030', '036', '044', '072'])}${pad(rng.int(1, 999), 3)}${rng.digits(11)}`;
  const w = [3, 7, 1];
  const sum = [...body].reduce((s, d, i) => s + ((Number(d) * w[i % 3]!) % 10), 0);
  return body + String((10 - (sum % 10)) % 10);
}

const CARD_PREFIXES = ['4', '51', '52', '53', '54', '55', '2221', '2720', '34', '37', '6011', '65', '35'];
/** A card number of a real brand prefix with its Luhn digit (Amex 15, others 16). */
export function cardNumber(rng: Rng): string {
  const prefix = rng.pick(CARD_PREFIXES);
  const len = prefix === '34' || prefix === '37' ? 15 : 16;
  const body = prefix + rng.digits(len - 1 - prefix.length);
  return body + luhnDigit(body);
}

/** A 15-digit IMEI: reporting body, type allocation, serial, Luhn. */
export function imei(rng: Rng): string {
  const body = `${rng.pick(['35', '86', '01', '99'])}${rng.digits(12)}`;
  return body + luhnDigit(body);
}

/** ISO 6346 container number (owner, U, serial, check digit): a hard negative for ids. */
export function containerNumber(rng: Rng): string {
  const owner = rng.pick(['MSCU', 'MAEU', 'CMAU', 'HLXU', 'OOLU', 'TGHU']);
  const serial = rng.digits(6);
  const value = (ch: string): number => {
    if (/\d/.test(ch)) return Number(ch);
    const v = ch.charCodeAt(0) - 55;
    return v + Math.floor((v - 1) / 10);
  };
  const sum = [...owner + serial].reduce((s, ch, i) => s + value(ch) * 2 ** i, 0);
  return `${owner}${serial}${(sum % 11) % 10}`;
}

/** EAN-13 article code: a hard negative beside card and id columns. */
export function ean13(rng: Rng): string {
  const body = `${rng.pick(['590', '730', '400', '871', '760'])}${rng.digits(9)}`;
  const sum = [...body].reduce((s, d, i) => s + Number(d) * (i % 2 === 0 ? 1 : 3), 0);
  return body + String((10 - (sum % 10)) % 10);
}
