/**
 * Check-digit and range rules of identifiers whose shape alone proves little: a
 * 16-digit string is a card number only if its Luhn digit agrees, 'DE89…' an IBAN only
 * if mod 97 leaves 1. Each takes the value with separators already removed (except
 * where the separators are part of the format) and says yes or no.
 */

/** ISO/IEC 7812 Luhn check over a digit string. */
export function luhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) d *= 2;
    if (d > 9) d -= 9;
    sum += d;
  }
  return sum % 10 === 0;
}

/**
 * A payment card number: Luhn-valid, and a length its brand's prefix allows. The
 * prefix check keeps 15-digit IMEIs (also Luhn) and random ids out.
 */
export function cardNumberValid(digits: string): boolean {
  if (!/^\d{12,19}$/.test(digits) || !luhnValid(digits)) return false;
  const n = digits.length;
  const p2 = Number(digits.slice(0, 2));
  const p4 = Number(digits.slice(0, 4));
  if (digits[0] === '4') return n === 13 || n === 16 || n === 19; // Visa
  if ((p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720)) return n === 16; // Mastercard
  if (p2 === 34 || p2 === 37) return n === 15; // Amex
  if (p4 === 6011 || p2 === 65 || (p4 >= 6440 && p4 <= 6499)) return n >= 16; // Discover
  if (p4 >= 3528 && p4 <= 3589) return n >= 16; // JCB
  if (p2 === 36 || p2 === 38 || (p4 >= 3000 && p4 <= 3059)) return n >= 14; // Diners
  if (p2 === 62) return n >= 16; // UnionPay
  if (p2 === 50 || (p2 >= 56 && p2 <= 69)) return n >= 12; // Maestro
  return false;
}

/** A 15-digit IMEI: Luhn-valid but (see above) not a card. */
export function imeiValid(digits: string): boolean {
  return /^\d{15}$/.test(digits) && luhnValid(digits) && !cardNumberValid(digits);
}

/** ISO 13616 IBAN: country, two check digits, up to 30 alphanumerics, mod 97 = 1. */
export function ibanValid(value: string): boolean {
  const s = value.replace(/[\s-]/g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/.test(s)) return false;
  const moved = s.slice(4) + s.slice(0, 4);
  let rem = 0;
  for (const ch of moved) {
    const code = ch >= 'A' ? String(ch.charCodeAt(0) - 55) : ch;
    for (const d of code) rem = (rem * 10 + Number(d)) % 97;
  }
  return rem === 1;
}

/** US SSN area/group/serial rules: no 000, 666 or 9xx area, no 00 group, no 0000 serial. */
export function ssnValid(digits: string): boolean {
  if (!/^\d{9}$/.test(digits)) return false;
  const area = Number(digits.slice(0, 3));
  return area !== 0 && area !== 666 && area < 900 && digits.slice(3, 5) !== '00' && digits.slice(5) !== '0000';
}

/** UK National Insurance number (HMRC's prefix rules), spaces removed. */
export function ukNinoValid(value: string): boolean {
  const s = value.replace(/\s/g, '').toUpperCase();
  if (!/^[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]\d{6}[A-D]$/.test(s)) return false;
  return !['BG', 'GB', 'NK', 'KN', 'TN', 'NT', 'ZZ'].includes(s.slice(0, 2));
}

/** Brazilian CPF: 11 digits with two mod-11 check digits (not all the same digit). */
export function cpfValid(digits: string): boolean {
  if (!/^\d{11}$/.test(digits) || /^(\d)\1{10}$/.test(digits)) return false;
  const d = [...digits].map(Number);
  for (const len of [9, 10]) {
    const sum = d.slice(0, len).reduce((s, x, i) => s + x * (len + 1 - i), 0);
    const check = ((sum * 10) % 11) % 10;
    if (check !== d[len]) return false;
  }
  return true;
}

const VERHOEFF_D = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 2, 3, 4, 0, 6, 7, 8, 9, 5], [2, 3, 4, 0, 1, 7, 8, 9, 5, 6], [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
  [4, 0, 1, 2, 3, 9, 5, 6, 7, 8], [5, 9, 8, 7, 6, 0, 4, 3, 2, 1], [6, 5, 9, 8, 7, 1, 0, 4, 3, 2], [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
  [8, 7, 6, 5, 9, 3, 2, 1, 0, 4], [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
] as const;
const VERHOEFF_P = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 5, 7, 6, 2, 8, 3, 0, 9, 4], [5, 8, 0, 3, 7, 9, 6, 1, 4, 2], [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
  [9, 4, 5, 3, 1, 2, 6, 8, 7, 0], [4, 2, 8, 6, 5, 7, 3, 9, 0, 1], [2, 7, 9, 3, 8, 0, 6, 4, 1, 5], [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
] as const;

/** Indian Aadhaar: 12 digits, not starting 0 or 1, Verhoeff check digit. */
export function aadhaarValid(digits: string): boolean {
  if (!/^[2-9]\d{11}$/.test(digits)) return false;
  let c = 0;
  [...digits].reverse().forEach((ch, i) => {
    c = VERHOEFF_D[c]![VERHOEFF_P[i % 8]![Number(ch)]!]!;
  });
  return c === 0;
}

/** French NIR (sécurité sociale): 13 digits (sex 1/2, year, month 01–12 …) and a 97-mod key. */
export function nirValid(digits: string): boolean {
  if (!/^[12]\d{2}(0[1-9]|1[0-2]|[2-9]\d)\d{8}\d{2}$/.test(digits)) return false;
  const body = BigInt(digits.slice(0, 13));
  return 97 - Number(body % 97n) === Number(digits.slice(13));
}

/** A calendar date from two-digit year, month and day (any century: ids drop it). */
function dateDigits(yy: string, mm: string, dd: string): boolean {
  const m = Number(mm);
  const d = Number(dd);
  if (m < 1 || m > 12 || d < 1 || d > 31) return false;
  for (const century of [1900, 2000]) {
    const date = new Date(Date.UTC(century + Number(yy), m - 1, d));
    if (date.getUTCMonth() === m - 1) return true;
  }
  return false;
}

const weighted = (digits: string, weights: readonly number[]): number => [...digits].reduce((s, d, i) => s + Number(d) * weights[i]!, 0);

/** Swedish personnummer (`YYMMDD-NNNC`, or with the century): a birth date and a Luhn digit over ten digits. */
export function swedishPersonnummerValid(value: string): boolean {
  const m = /^(?:19|20)?(\d{2})(\d{2})(\d{2})[-+]?(\d{4})$/.exec(value.trim());
  if (!m || !/[-+]|^\d{12}$/.test(value.trim())) return false;
  return dateDigits(m[1]!, m[2]!, m[3]!) && luhnValid(`${m[1]}${m[2]}${m[3]}${m[4]}`);
}

/** Finnish henkilötunnus `DDMMYYCNNNX`: century sign, individual number, mod-31 check character. */
export function finnishHetuValid(value: string): boolean {
  const m = /^(\d{2})(\d{2})(\d{2})[-+A-FU-Y](\d{3})([0-9A-Y])$/i.exec(value.trim());
  if (!m || !dateDigits(m[3]!, m[2]!, m[1]!)) return false;
  return '0123456789ABCDEFHJKLMNPRSTUVWXY'[Number(BigInt(`${m[1]}${m[2]}${m[3]}${m[4]}`) % 31n)] === m[5]!.toUpperCase();
}

/** Danish CPR `DDMMYY-SSSS`: a birth date and a serial (the mod-11 rule was dropped in 2007, so the shape is all there is). */
export function danishCprShaped(value: string): boolean {
  const m = /^(\d{2})(\d{2})(\d{2})-\d{4}$/.exec(value.trim());
  return m !== null && dateDigits(m[3]!, m[2]!, m[1]!);
}

/** Canadian SIN: nine digits in groups of three (or bare), Luhn-valid, first digit not 0 or 8. */
export function canadianSinValid(value: string): boolean {
  const v = value.trim();
  if (!/^\d{3}([ -]?)\d{3}\1\d{3}$/.test(v)) return false;
  const d = v.replace(/\D/g, '');
  return d[0] !== '0' && d[0] !== '8' && luhnValid(d);
}

/** Belgian national register number `YY.MM.DD-SSS.CC`: 97 − (number mod 97), with a 2 in front for births from 2000. */
export function belgianNationalNumberValid(value: string): boolean {
  const v = value.trim();
  if (!/^\d{2}\.?\d{2}\.?\d{2}[-.]?\d{3}\.?\d{2}$/.test(v)) return false;
  const d = v.replace(/\D/g, '');
  if (Number(d.slice(2, 4)) > 12) return false;
  const check = Number(d.slice(9));
  const body = d.slice(0, 9);
  return 97 - Number(BigInt(body) % 97n) === check || 97 - Number(BigInt(`2${body}`) % 97n) === check;
}

/** South African ID: YYMMDD, four serial digits, citizenship 0/1, a digit, Luhn; 13 digits. */
export function southAfricanIdValid(value: string): boolean {
  const d = value.trim();
  if (!/^\d{10}[01]\d{2}$/.test(d)) return false;
  return dateDigits(d.slice(0, 2), d.slice(2, 4), d.slice(4, 6)) && luhnValid(d);
}

/** Swiss AHV/AVS number `756.XXXX.XXXX.XX`: country prefix 756 and an EAN-13 check digit. */
export function swissAhvValid(value: string): boolean {
  const v = value.trim();
  if (!/^756\.?\d{4}\.?\d{4}\.?\d{2}$/.test(v)) return false;
  const d = v.replace(/\D/g, '');
  const sum = [...d.slice(0, 12)].reduce((s, x, i) => s + Number(x) * (i % 2 === 0 ? 1 : 3), 0);
  return (10 - (sum % 10)) % 10 === Number(d[12]);
}

/** Norwegian fødselsnummer: DDMMYY, individual number, two mod-11 check digits (D-numbers add 4 to the day). */
export function norwegianFodselsnummerValid(value: string): boolean {
  const d = value.trim().replace(/ /g, '');
  if (!/^\d{11}$/.test(d)) return false;
  const day = Number(d.slice(0, 2)) > 40 ? String(Number(d.slice(0, 2)) - 40).padStart(2, '0') : d.slice(0, 2);
  if (!dateDigits(d.slice(4, 6), d.slice(2, 4), day)) return false;
  const k1 = (11 - (weighted(d.slice(0, 9), [3, 7, 6, 1, 8, 9, 4, 5, 2]) % 11)) % 11;
  const k2 = (11 - (weighted(d.slice(0, 10), [5, 4, 3, 2, 7, 6, 5, 4, 3, 2]) % 11)) % 11;
  return k1 === Number(d[9]) && k2 === Number(d[10]);
}

/** Polish PESEL: birth date (century in the month), serial and a weighted check digit; 11 digits. */
export function polishPeselValid(value: string): boolean {
  const d = value.trim();
  if (!/^\d{11}$/.test(d)) return false;
  const month = Number(d.slice(2, 4)) % 20;
  if (!dateDigits(d.slice(0, 2), String(month).padStart(2, '0'), d.slice(4, 6))) return false;
  return (10 - (weighted(d.slice(0, 10), [1, 3, 7, 9, 1, 3, 7, 9, 1, 3]) % 10)) % 10 === Number(d[10]);
}

/** Czech/Slovak rodné číslo `YYMMDD/SSSC`: women's month + 50 (or + 20/+ 70 since 2004), whole number divisible by 11. */
export function czechBirthNumberValid(value: string): boolean {
  const m = /^(\d{2})(\d{2})(\d{2})\/?(\d{3,4})$/.exec(value.trim());
  if (!m) return false;
  const month = Number(m[2]) % 50 > 12 ? (Number(m[2]) % 50) - 20 : Number(m[2]) % 50;
  if (!dateDigits(m[1]!, String(month).padStart(2, '0'), m[3]!)) return false;
  if (m[4]!.length === 3) return value.includes('/'); // before 1954: nine digits, no check
  const n = BigInt(`${m[1]}${m[2]}${m[3]}${m[4]}`);
  return n % 11n === 0n || (Number(BigInt(`${m[1]}${m[2]}${m[3]}${m[4]!.slice(0, 3)}`) % 11n) === 10 && m[4]!.endsWith('0'));
}

/** Irish PPSN: seven digits and a check letter (weights 8…2, plus 9 × a second letter), mod 23. */
export function irishPpsnValid(value: string): boolean {
  const m = /^(\d{7})([A-W])([A-IW]?)$/i.exec(value.trim());
  if (!m) return false;
  const second = m[3] ? (m[3].toUpperCase() === 'W' ? 0 : m[3].toUpperCase().charCodeAt(0) - 64) : 0;
  const sum = weighted(m[1]!, [8, 7, 6, 5, 4, 3, 2]) + second * 9;
  return 'WABCDEFGHIJKLMNOPQRSTUV'[sum % 23] === m[2]!.toUpperCase();
}

const CURP_ALPHABET = '0123456789ABCDEFGHIJKLMNÑOPQRSTUVWXYZ';
/** Mexican CURP: four letters, birth date, sex, state, three consonants, homoclave and a weighted check digit. */
export function mexicanCurpValid(value: string): boolean {
  const v = value.trim().toUpperCase();
  const m = /^[A-Z]{4}(\d{2})(\d{2})(\d{2})[HMX][A-Z]{2}[B-DF-HJ-NP-TV-Z]{3}[0-9A-Z]\d$/.exec(v);
  if (!m || !dateDigits(m[1]!, m[2]!, m[3]!)) return false;
  const sum = [...v.slice(0, 17)].reduce((s, ch, i) => s + CURP_ALPHABET.indexOf(ch) * (18 - i), 0);
  return (10 - (sum % 10)) % 10 === Number(v[17]);
}

/** Portuguese NIF of a person (first digit 1–3): nine digits, mod-11 check digit. */
export function portugueseNifValid(value: string): boolean {
  const d = value.trim();
  if (!/^[123]\d{8}$/.test(d)) return false;
  const r = 11 - (weighted(d.slice(0, 8), [9, 8, 7, 6, 5, 4, 3, 2]) % 11);
  return (r >= 10 ? 0 : r) === Number(d[8]);
}

/** Mexican CLABE (interbank account): 18 digits, weights 3, 7, 1 taken mod 10. */
export function mexicanClabeValid(value: string): boolean {
  const d = value.trim();
  if (!/^\d{18}$/.test(d)) return false;
  const sum = [...d.slice(0, 17)].reduce((s, x, i) => s + ((Number(x) * [3, 7, 1][i % 3]!) % 10), 0);
  return (10 - (sum % 10)) % 10 === Number(d[17]);
}

/** Chinese resident identity number: region, YYYYMMDD birth date, sequence, ISO 7064 MOD 11-2 check (0-9 or X). */
export function chineseResidentIdValid(value: string): boolean {
  const v = value.trim().toUpperCase();
  const m = /^[1-9]\d{5}(19|20)(\d{2})(\d{2})(\d{2})\d{3}[\dX]$/.exec(v);
  if (!m || !dateDigits(m[2]!, m[3]!, m[4]!)) return false;
  const sum = weighted(v.slice(0, 17), [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]);
  return '10X98765432'[sum % 11] === v[17];
}

/** Brazilian PIS/PASEP/NIT (`123.45678.90-1`): eleven digits, weights 3 2 9 8 7 6 5 4 3 2, mod-11 digit. */
export function brazilianPisValid(value: string): boolean {
  const v = value.trim();
  if (!/^\d{3}\.\d{5}\.\d{2}-\d$/.test(v)) return false;
  const d = v.replace(/\D/g, '');
  const r = 11 - (weighted(d.slice(0, 10), [3, 2, 9, 8, 7, 6, 5, 4, 3, 2]) % 11);
  return (r >= 10 ? 0 : r) === Number(d[10]);
}

/**
 * Which national id scheme a value's format and check digits satisfy, if any, strongest
 * first. `weak` schemes (a bare number whose check leaves 1 in 10 or 11 random strings
 * passing, or a shape with no check at all) only count beside a column name that says id.
 */
export function nationalIdScheme(value: string): { scheme: string; weak: boolean } | undefined {
  if (mexicanCurpValid(value)) return { scheme: 'Mexican CURP', weak: false };
  if (chineseResidentIdValid(value)) return { scheme: 'Chinese resident id', weak: false };
  // Only in its dotted format: bare, eleven digits with a 1-in-11 check pass by chance.
  if (brazilianPisValid(value)) return { scheme: 'Brazilian PIS', weak: false };
  if (finnishHetuValid(value)) return { scheme: 'Finnish HETU', weak: false };
  if (swissAhvValid(value)) return { scheme: 'Swiss AHV', weak: false };
  if (irishPpsnValid(value)) return { scheme: 'Irish PPSN', weak: false };
  if (swedishPersonnummerValid(value)) return { scheme: 'Swedish personnummer', weak: false };
  if (/[./-]/.test(value) && belgianNationalNumberValid(value)) return { scheme: 'Belgian national number', weak: false };
  if (value.includes('/') && czechBirthNumberValid(value)) return { scheme: 'Czech birth number', weak: false };
  if (southAfricanIdValid(value)) return { scheme: 'South African ID', weak: false };
  if (norwegianFodselsnummerValid(value)) return { scheme: 'Norwegian fødselsnummer', weak: false };
  if (polishPeselValid(value)) return { scheme: 'Polish PESEL', weak: false };
  if (/[ -]/.test(value) && canadianSinValid(value)) return { scheme: 'Canadian SIN', weak: false };
  if (danishCprShaped(value)) return { scheme: 'Danish CPR', weak: true };
  if (belgianNationalNumberValid(value)) return { scheme: 'Belgian national number', weak: true };
  if (czechBirthNumberValid(value)) return { scheme: 'Czech birth number', weak: true };
  if (canadianSinValid(value)) return { scheme: 'Canadian SIN', weak: true };
  if (portugueseNifValid(value)) return { scheme: 'Portuguese NIF', weak: true };
  return undefined;
}
