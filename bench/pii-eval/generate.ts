/**
 * Writes the in-repo labelled evaluation set for the PII classifier: `tables/*.csv`
 * (one table per domain and country) and `labels.csv` (table, column, expected tag or
 * `none`). Values come from @faker-js/faker's locales and from hand-written formats —
 * never from the sandbox's generators or from the classifier's own code — and the
 * set is written once and committed, so the bench measures fixed data.
 *
 * Regenerate (deterministic, seeded): `npx tsx bench/pii-eval/generate.ts`
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Faker, base, de, en, en_AU, en_GB, en_IN, en_US, fr, pt_BR, es, it as itLocale, nl } from '@faker-js/faker';
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

const ROWS = 40;
const here = path.dirname(fileURLToPath(import.meta.url));

const LOCALES = { US: en_US, GB: en_GB, DE: de, FR: fr, IN: en_IN, BR: pt_BR, AU: en_AU, ES: es, IT: itLocale, NL: nl } as const;
type Country = keyof typeof LOCALES;

function fakerFor(country: Country, seed: number): Faker {
  const f = new Faker({ locale: [LOCALES[country], en, base] });
  f.seed(seed);
  return f;
}

// ---------- values with real structure (check digits, valid ranges) ----------

function luhnDigit(body: string): number {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) d *= 2;
    if (d > 9) d -= 9;
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

function digits(f: Faker, n: number): string {
  return Array.from({ length: n }, () => f.number.int(9)).join('');
}

/** A Luhn-valid card number of a real brand prefix and length. */
function cardNumber(f: Faker): string {
  const brand = f.helpers.arrayElement([
    { p: '4', n: 16 },
    { p: String(f.number.int({ min: 51, max: 55 })), n: 16 },
    { p: f.helpers.arrayElement(['34', '37']), n: 15 },
    { p: '6011', n: 16 },
    { p: '35' + String(f.number.int({ min: 28, max: 89 })), n: 16 },
    { p: '4', n: 13 },
  ]);
  const body = brand.p + digits(f, brand.n - brand.p.length - 1);
  return body + luhnDigit(body);
}

function groupCard(n: string, sep: string): string {
  if (n.length === 15) return [n.slice(0, 4), n.slice(4, 10), n.slice(10)].join(sep);
  return n.match(/.{1,4}/g)!.join(sep);
}

/** A valid US SSN: area not 000/666/900+, group not 00, serial not 0000. */
function ssn(f: Faker): string {
  let area = f.number.int({ min: 1, max: 899 });
  if (area === 666) area = 667;
  return `${String(area).padStart(3, '0')}-${String(f.number.int({ min: 1, max: 99 })).padStart(2, '0')}-${String(f.number.int({ min: 1, max: 9999 })).padStart(4, '0')}`;
}

/** A UK National Insurance number with a valid prefix and suffix. */
function niNumber(f: Faker, spaced: boolean): string {
  const first = 'ABCEGHJKLMNOPRSTWXYZ';
  const second = 'ABCEGHJKLMNPRSTWXYZ';
  let prefix = '';
  do prefix = f.helpers.arrayElement([...first]) + f.helpers.arrayElement([...second]);
  while (['BG', 'GB', 'NK', 'KN', 'TN', 'NT', 'ZZ'].includes(prefix));
  const d = digits(f, 6);
  const suffix = f.helpers.arrayElement(['A', 'B', 'C', 'D']);
  return spaced ? `${prefix} ${d.slice(0, 2)} ${d.slice(2, 4)} ${d.slice(4)} ${suffix}` : `${prefix}${d}${suffix}`;
}

/** A Brazilian CPF with both mod-11 check digits, formatted 123.456.789-09. */
function cpf(f: Faker): string {
  const d = Array.from({ length: 9 }, () => f.number.int(9));
  for (const len of [9, 10]) {
    const sum = d.slice(0, len).reduce((s, x, i) => s + x * (len + 1 - i), 0);
    const r = (sum * 10) % 11;
    d.push(r === 10 ? 0 : r);
  }
  const s = d.join('');
  return `${s.slice(0, 3)}.${s.slice(3, 6)}.${s.slice(6, 9)}-${s.slice(9)}`;
}

const VERHOEFF_D = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 2, 3, 4, 0, 6, 7, 8, 9, 5], [2, 3, 4, 0, 1, 7, 8, 9, 5, 6], [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
  [4, 0, 1, 2, 3, 9, 5, 6, 7, 8], [5, 9, 8, 7, 6, 0, 4, 3, 2, 1], [6, 5, 9, 8, 7, 1, 0, 4, 3, 2], [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
  [8, 7, 6, 5, 9, 3, 2, 1, 0, 4], [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
];
const VERHOEFF_P = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 5, 7, 6, 2, 8, 3, 0, 9, 4], [5, 8, 0, 3, 7, 9, 6, 1, 4, 2], [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
  [9, 4, 5, 3, 1, 2, 6, 8, 7, 0], [4, 2, 8, 6, 5, 7, 3, 9, 0, 1], [2, 7, 9, 3, 8, 0, 6, 4, 1, 5], [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
];
const VERHOEFF_INV = [0, 4, 3, 2, 1, 5, 6, 7, 8, 9];

/** An Indian Aadhaar number (12 digits, Verhoeff check digit), grouped 4-4-4. */
function aadhaar(f: Faker): string {
  const body = String(f.number.int({ min: 2, max: 9 })) + digits(f, 10);
  let c = 0;
  [...body].reverse().forEach((ch, i) => (c = VERHOEFF_D[c]![VERHOEFF_P[(i + 1) % 8]![Number(ch)]!]!));
  const s = body + VERHOEFF_INV[c];
  return `${s.slice(0, 4)} ${s.slice(4, 8)} ${s.slice(8)}`;
}

/** A French NIR (numéro de sécurité sociale) with its mod-97 key. */
function nir(f: Faker): string {
  const body = `${f.number.int({ min: 1, max: 2 })}${String(f.number.int({ min: 40, max: 99 })).padStart(2, '0')}${String(f.number.int({ min: 1, max: 12 })).padStart(2, '0')}${String(f.number.int({ min: 1, max: 95 })).padStart(2, '0')}${digits(f, 3)}${digits(f, 3)}`;
  const key = 97 - Number(BigInt(body) % 97n);
  return `${body[0]} ${body.slice(1, 3)} ${body.slice(3, 5)} ${body.slice(5, 7)} ${body.slice(7, 10)} ${body.slice(10, 13)} ${String(key).padStart(2, '0')}`;
}

/** A valid phone number of the country, in one of the ways people type them. */
function phone(f: Faker, country: Country, style?: 'e164' | 'intl' | 'national' | 'digits'): string {
  const lengths: Record<Country, { lead: string[]; n: number }> = {
    US: { lead: ['212', '415', '312', '617', '206', '305', '702'], n: 10 },
    GB: { lead: ['7700', '7911', '20', '161', '131', '7400'], n: 10 },
    DE: { lead: ['30', '89', '40', '151', '160', '171', '221'], n: 10 },
    FR: { lead: ['1', '6', '7', '4', '3'], n: 9 },
    IN: { lead: ['98', '97', '91', '80', '22', '70'], n: 10 },
    BR: { lead: ['11', '21', '31', '41'], n: 11 },
    AU: { lead: ['4', '2', '3', '7', '8'], n: 9 },
    ES: { lead: ['6', '91', '93'], n: 9 },
    IT: { lead: ['3', '06', '02'], n: 10 },
    NL: { lead: ['6', '20', '10'], n: 9 },
  };
  const spec = lengths[country];
  for (let attempt = 0; attempt < 200; attempt++) {
    const lead = f.helpers.arrayElement(spec.lead);
    let national = lead + digits(f, spec.n - lead.length);
    if (country === 'BR') national = national.slice(0, 2) + '9' + national.slice(3);
    const parsed = parsePhoneNumberFromString(national, country as CountryCode);
    if (!parsed?.isValid()) continue;
    const s = style ?? f.helpers.arrayElement(['e164', 'intl', 'national', 'national', 'intl'] as const);
    if (s === 'e164') return parsed.number;
    if (s === 'intl') return f.datatype.boolean() ? parsed.formatInternational() : parsed.formatInternational().replace(/ /g, '-');
    if (s === 'digits') return parsed.number.slice(1);
    return parsed.formatNational();
  }
  throw new Error(`no valid phone for ${country}`);
}

/** IBAN of the country with its real mod-97 check digits (faker's are valid). */
function iban(f: Faker, country: Country, formatted: boolean): string {
  const code = country === 'US' || country === 'IN' || country === 'AU' || country === 'BR' ? 'DE' : country;
  return f.finance.iban({ formatted, countryCode: code === 'GB' ? 'GB' : code });
}

type DateStyle = 'iso' | 'dmy/' | 'mdy/' | 'dmy.' | 'ymd' | 'dmon' | 'long' | 'dmy-';
function fmtDate(d: Date, style: DateStyle): string {
  const y = d.getUTCFullYear();
  const m = String(d.getUTCMonth() + 1).padStart(2, '0');
  const day = String(d.getUTCDate()).padStart(2, '0');
  const mon = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][d.getUTCMonth()]!;
  const month = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'][d.getUTCMonth()]!;
  switch (style) {
    case 'iso': return `${y}-${m}-${day}`;
    case 'dmy/': return `${day}/${m}/${y}`;
    case 'mdy/': return `${m}/${day}/${y}`;
    case 'dmy.': return `${day}.${m}.${y}`;
    case 'dmy-': return `${day}-${m}-${y}`;
    case 'ymd': return `${y}${m}${day}`;
    case 'dmon': return `${day}-${mon}-${y}`;
    case 'long': return `${month} ${d.getUTCDate()}, ${y}`;
  }
}

const birth = (f: Faker) => f.date.birthdate({ mode: 'age', min: 18, max: 90 });
const recent = (f: Faker) => f.date.between({ from: '2019-01-01', to: '2026-06-30' });
const hex = (f: Faker, n: number) => f.string.hexadecimal({ length: n, casing: 'lower', prefix: '' });

// ---------- the tables ----------

interface Col { readonly name: string; readonly tag: string | null; readonly gen: (f: Faker, i: number) => string | number | boolean | null }
interface Table { readonly name: string; readonly country: Country; readonly columns: readonly Col[] }

const none = (name: string, gen: Col['gen']): Col => ({ name, tag: null, gen });
const tag = (name: string, t: string, gen: Col['gen']): Col => ({ name, tag: t, gen });

const TABLES: Table[] = [
  {
    name: 'hr_employees_us', country: 'US', columns: [
      none('employee_no', (_f, i) => 100200 + i),
      tag('first_name', 'name', (f) => f.person.firstName()),
      tag('last_name', 'name', (f) => f.person.lastName()),
      tag('ssn', 'government_id', (f) => ssn(f)),
      tag('dob', 'date_of_birth', (f) => fmtDate(birth(f), 'mdy/')),
      tag('gender', 'gender', (f) => f.helpers.arrayElement(['M', 'F'])),
      tag('home_phone', 'phone', (f) => phone(f, 'US', 'national')),
      tag('work_email', 'email', (f) => f.internet.email()),
      tag('street_address', 'address', (f) => f.location.streetAddress()),
      none('city', (f) => f.location.city()),
      none('state', (f) => f.location.state({ abbreviated: true })),
      tag('zip', 'address', (f) => f.location.zipCode('#####')),
      none('hire_date', (f) => fmtDate(f.date.between({ from: '2005-01-01', to: '2025-12-31' }), 'mdy/')),
      none('department', (f) => f.commerce.department()),
      none('annual_salary', (f) => f.number.int({ min: 38000, max: 210000 })),
      none('job_title', (f) => f.person.jobTitle()),
      none('FLAG_PHONE', (f) => f.number.int(1)),
    ],
  },
  {
    name: 'payroll_uk', country: 'GB', columns: [
      none('PayrollRef', (f) => `PR-${digits(f, 6)}`),
      tag('EmployeeName', 'name', (f) => `${f.person.lastName()}, ${f.person.firstName()} ${f.string.alpha({ length: 1, casing: 'upper' })}`),
      tag('NINumber', 'government_id', (f) => niNumber(f, f.datatype.boolean())),
      tag('DateOfBirth', 'date_of_birth', (f) => fmtDate(birth(f), 'dmy/')),
      none('PayDate', (f) => fmtDate(recent(f), 'dmy/')),
      tag('SortCodeAccount', 'bank_account', (f) => iban(f, 'GB', true)),
      none('GrossPay', (f) => f.finance.amount({ min: 1200, max: 9000, dec: 2 })),
      none('TaxCode', (f) => f.helpers.arrayElement(['1257L', 'BR', 'D0', '1100L', 'K475'])),
      tag('Postcode', 'address', (f) => f.location.zipCode()),
      tag('Mobile', 'phone', (f) => phone(f, 'GB', 'national')),
      none('PensionScheme', (f) => f.helpers.arrayElement(['NEST', 'Aviva', 'Scottish Widows'])),
      none('Hours', (f) => f.number.float({ min: 20, max: 45, fractionDigits: 1 })),
    ],
  },
  {
    name: 'bank_customers_de', country: 'DE', columns: [
      none('kunden_nr', (f) => Number(digits(f, 8)) + 10000000),
      tag('vorname', 'name', (f) => f.person.firstName()),
      tag('nachname', 'name', (f) => f.person.lastName()),
      tag('geburtsdatum', 'date_of_birth', (f) => fmtDate(birth(f), 'dmy.')),
      tag('geschlecht', 'gender', (f) => f.helpers.arrayElement(['m', 'w', 'd'])),
      tag('strasse', 'address', (f) => f.location.streetAddress()),
      tag('plz', 'address', (f) => f.location.zipCode()),
      none('ort', (f) => f.location.city()),
      tag('iban', 'bank_account', (f) => iban(f, 'DE', f.datatype.boolean())),
      none('kontostand', (f) => f.finance.amount({ min: -2000, max: 90000, dec: 2 })),
      tag('telefon', 'phone', (f) => phone(f, 'DE')),
      tag('email', 'email', (f) => f.internet.email()),
      none('eroeffnet_am', (f) => fmtDate(recent(f), 'dmy.')),
      none('filiale', (f) => `${f.location.city()} ${f.helpers.arrayElement(['Mitte', 'Nord', 'Süd'])}`),
    ],
  },
  {
    name: 'card_transactions', country: 'US', columns: [
      none('txn_id', (f) => Number(digits(f, 15)) + 100000000000000),
      tag('card_number', 'card_number', (f) => Number(cardNumberLen16(f))),
      none('amount', (f) => f.finance.amount({ min: 1, max: 900, dec: 2 })),
      none('currency', (f) => f.finance.currencyCode()),
      none('merchant', (f) => f.company.name()),
      none('mcc', (f) => f.helpers.arrayElement([5411, 5812, 5999, 4121, 7011, 5732])),
      none('auth_code', (f) => digits(f, 6)),
      none('txn_date', (f) => fmtDate(recent(f), 'iso')),
      tag('cardholder', 'name', (f) => f.person.fullName().toUpperCase()),
      none('card_expiry', (f) => `${String(f.number.int({ min: 1, max: 12 })).padStart(2, '0')}/${f.number.int({ min: 26, max: 31 })}`),
      tag('pos_ip', 'ip_address', (f) => f.internet.ipv4()),
      none('status', (f) => f.helpers.arrayElement(['APPROVED', 'DECLINED', 'REVERSED'])),
      none('terminal_id', (f) => `T${digits(f, 7)}`),
    ],
  },
  {
    name: 'retail_orders_fr', country: 'FR', columns: [
      none('num_commande', (f) => `CMD-${digits(f, 8)}`),
      tag('client', 'name', (f) => f.person.fullName()),
      tag('courriel', 'email', (f) => f.internet.email()),
      tag('telephone', 'phone', (f) => phone(f, 'FR')),
      tag('adresse', 'address', (f) => f.location.streetAddress()),
      tag('code_postal', 'address', (f) => f.location.zipCode()),
      none('ville', (f) => f.location.city()),
      none('date_commande', (f) => fmtDate(recent(f), 'dmy/')),
      none('montant_ttc', (f) => f.finance.amount({ min: 5, max: 800, dec: 2 }).replace('.', ',')),
      none('code_produit', (f) => digits(f, 5)),
      none('quantite', (f) => f.number.int({ min: 1, max: 12 })),
      none('mode_livraison', (f) => f.helpers.arrayElement(['Colissimo', 'Relais', 'Chronopost'])),
      tag('sexe', 'gender', (f) => f.helpers.arrayElement(['H', 'F'])),
    ],
  },
  {
    name: 'patients_in', country: 'IN', columns: [
      none('patient_ref', (f) => `MRN${digits(f, 7)}`),
      tag('patient_name', 'name', (f) => f.person.fullName()),
      tag('aadhaar_no', 'government_id', (f) => aadhaar(f)),
      tag('age', 'age', (f) => f.number.int({ min: 1, max: 92 })),
      tag('sex', 'gender', (f) => f.helpers.arrayElement(['Male', 'Female'])),
      tag('mobile', 'phone', (f) => phone(f, 'IN')),
      tag('address', 'address', (f) => `${f.location.streetAddress()}, ${f.location.city()}`),
      tag('pincode', 'address', (f) => f.location.zipCode('######')),
      none('admission_date', (f) => fmtDate(recent(f), 'dmy-')),
      none('diagnosis_code', (f) => f.helpers.arrayElement(['E11.9', 'I10', 'J45.909', 'K21.9', 'M54.5', 'A09'])),
      none('blood_group', (f) => f.helpers.arrayElement(['A+', 'B+', 'O+', 'AB-', 'O-'])),
      none('ward', (f) => f.helpers.arrayElement(['ICU', 'General', 'Maternity', 'Surgical'])),
      none('bill_amount', (f) => f.finance.amount({ min: 500, max: 250000, dec: 2 })),
      none('temperature_c', (f) => f.number.float({ min: 36, max: 40, fractionDigits: 1 })),
    ],
  },
  {
    name: 'web_access_log', country: 'US', columns: [
      none('ts', (f) => recent(f).toISOString()),
      tag('client_ip', 'ip_address', (f) => (f.number.int(4) === 0 ? f.internet.ipv6() : f.internet.ipv4())),
      none('method', (f) => f.helpers.arrayElement(['GET', 'POST', 'PUT'])),
      none('path', (f) => `/${f.word.noun()}/${f.number.int(999)}`),
      none('status', (f) => f.helpers.arrayElement([200, 200, 304, 404, 500])),
      none('bytes', (f) => f.number.int({ min: 200, max: 900000 })),
      tag('user_agent', 'none', (f) => f.internet.userAgent()),
      none('referrer', (f) => f.internet.url()),
      tag('session_id', 'online_identifier', (f) => hex(f, 32)),
      none('response_ms', (f) => f.number.int({ min: 3, max: 4000 })),
      none('server_version', (f) => `${f.number.int({ min: 1, max: 4 })}.${f.number.int(9)}.${f.number.int(20)}.${f.number.int(9)}`),
      none('request_id', (f) => f.string.uuid()),
    ],
  },
  {
    name: 'crm_export_br', country: 'BR', columns: [
      none('id_lead', (f) => digits(f, 9)),
      tag('nome_completo', 'name', (f) => f.person.fullName()),
      tag('cpf', 'government_id', (f) => cpf(f)),
      tag('data_nascimento', 'date_of_birth', (f) => fmtDate(birth(f), 'dmy/')),
      tag('celular', 'phone', (f) => phone(f, 'BR')),
      tag('e_mail', 'email', (f) => f.internet.email()),
      tag('endereco', 'address', (f) => `${f.location.street()}, ${f.number.int({ min: 1, max: 3000 })}`),
      tag('cep', 'address', (f) => f.location.zipCode()),
      none('cidade', (f) => f.location.city()),
      none('uf', (f) => f.location.state({ abbreviated: true })),
      none('origem', (f) => f.helpers.arrayElement(['Google Ads', 'Indicação', 'Instagram', 'Site'])),
      none('valor_proposta', (f) => `R$ ${f.finance.amount({ min: 100, max: 50000, dec: 2 }).replace('.', ',')}`),
      none('etapa', (f) => f.helpers.arrayElement(['Novo', 'Qualificado', 'Proposta', 'Ganho', 'Perdido'])),
    ],
  },
  {
    name: 'telco_subscribers', country: 'GB', columns: [
      none('account_id', (f) => `ACC${digits(f, 8)}`),
      tag('msisdn', 'phone', (f) => Number(phone(f, 'GB', 'digits'))),
      tag('imei', 'device_id', (f) => { const b = f.helpers.arrayElement(['35', '86', '01', '99']) + digits(f, 12); return b + luhnDigit(b); }),
      tag('imsi', 'device_id', (f) => `23415${digits(f, 10)}`),
      tag('subscriber_name', 'name', (f) => f.person.fullName()),
      none('plan', (f) => f.helpers.arrayElement(['SIM Only 30GB', 'Unlimited', 'Pay As You Go', 'Family 4x'])),
      none('data_used_mb', (f) => f.number.int({ min: 0, max: 80000 })),
      none('monthly_fee', (f) => f.finance.amount({ min: 8, max: 70, dec: 2 })),
      none('activation_date', (f) => fmtDate(recent(f), 'dmy/')),
      none('cell_id', (f) => f.number.int({ min: 10000, max: 99999 })),
      tag('last_latitude', 'precise_location', (f) => f.location.latitude({ min: 50, max: 58, precision: 6 })),
      tag('last_longitude', 'precise_location', (f) => f.location.longitude({ min: -5, max: 1.5, precision: 6 })),
      none('FLAG_ROAMING', (f) => f.helpers.arrayElement(['Y', 'N'])),
      none('network_type', (f) => f.helpers.arrayElement(['4G', '5G', '3G'])),
    ],
  },
  {
    name: 'students_au', country: 'AU', columns: [
      none('student_id', (f) => `S${digits(f, 7)}`),
      tag('Given Name', 'name', (f) => f.person.firstName()),
      tag('Family Name', 'name', (f) => f.person.lastName()),
      tag('Date of Birth', 'date_of_birth', (f) => fmtDate(f.date.birthdate({ mode: 'age', min: 17, max: 45 }), 'dmy/')),
      tag('Gender', 'gender', (f) => f.helpers.arrayElement(['Female', 'Male', 'Non-binary', 'Female', 'Male'])),
      tag('Email Address', 'email', (f) => f.internet.email()),
      tag('Phone', 'phone', (f) => phone(f, 'AU')),
      tag('Residential Address', 'address', (f) => f.location.streetAddress()),
      tag('Postcode', 'address', (f) => f.location.zipCode('####')),
      none('Suburb', (f) => f.location.city()),
      none('Course Code', (f) => f.helpers.arrayElement(['BSC01', 'BA220', 'MBA10', 'BENG4'])),
      none('Enrolment Date', (f) => fmtDate(recent(f), 'dmy/')),
      none('GPA', (f) => f.number.float({ min: 1, max: 7, fractionDigits: 2 })),
      none('Credit Points', (f) => f.helpers.arrayElement([12, 24, 36, 48])),
    ],
  },
  {
    name: 'hotel_bookings_es', country: 'ES', columns: [
      none('localizador', (f) => f.string.alphanumeric({ length: 6, casing: 'upper' })),
      tag('huesped', 'name', (f) => f.person.fullName()),
      tag('pasaporte_email', 'email', (f) => f.internet.email()),
      tag('telefono', 'phone', (f) => phone(f, 'ES')),
      none('fecha_entrada', (f) => fmtDate(recent(f), 'dmy/')),
      none('fecha_salida', (f) => fmtDate(recent(f), 'dmy/')),
      none('noches', (f) => f.number.int({ min: 1, max: 14 })),
      none('habitacion', (f) => f.number.int({ min: 101, max: 920 })),
      none('tarifa', (f) => f.finance.amount({ min: 60, max: 600, dec: 2 })),
      none('pais', (f) => f.location.countryCode()),
      tag('tarjeta', 'card_number', (f) => groupCard(cardNumber(f), ' ')),
      none('canal', (f) => f.helpers.arrayElement(['Booking', 'Directo', 'Expedia', 'Agencia'])),
    ],
  },
  {
    name: 'airline_pnr', country: 'DE', columns: [
      none('record_locator', (f) => f.string.alpha({ length: 6, casing: 'upper' })),
      tag('passenger_name', 'name', (f) => `${f.person.lastName().toUpperCase()}/${f.person.firstName().toUpperCase()} ${f.helpers.arrayElement(['MR', 'MRS', 'MS'])}`),
      tag('passenger_dob', 'date_of_birth', (f) => fmtDate(birth(f), 'dmon')),
      tag('contact_phone', 'phone', (f) => phone(f, 'DE', 'e164')),
      tag('contact_email', 'email', (f) => f.internet.email()),
      none('flight_no', (f) => `${f.helpers.arrayElement(['LH', 'BA', 'AF', 'EW'])}${f.number.int({ min: 100, max: 9999 })}`),
      none('departure_date', (f) => fmtDate(recent(f), 'dmon')),
      none('origin', (f) => f.airline.airport().iataCode),
      none('destination', (f) => f.airline.airport().iataCode),
      none('seat', (f) => `${f.number.int({ min: 1, max: 40 })}${f.helpers.arrayElement(['A', 'C', 'D', 'F'])}`),
      none('fare_eur', (f) => f.finance.amount({ min: 40, max: 2200, dec: 2 })),
      tag('frequent_flyer_gender', 'gender', (f) => f.helpers.arrayElement(['M', 'F'])),
      none('ticket_number', (f) => `220${digits(f, 10)}`),
    ],
  },
  {
    name: 'mobile_app_events', country: 'IN', columns: [
      none('event_time', (f) => recent(f).toISOString().replace('T', ' ').slice(0, 19)),
      none('event_name', (f) => f.helpers.arrayElement(['app_open', 'add_to_cart', 'purchase', 'screen_view'])),
      tag('advertising_id', 'device_id', (f) => f.string.uuid().toUpperCase()),
      tag('android_id', 'device_id', (f) => hex(f, 16)),
      none('app_version', (f) => `${f.number.int({ min: 1, max: 9 })}.${f.number.int(20)}.${f.number.int(9)}`),
      none('os_version', (f) => f.helpers.arrayElement(['14', '13', '12.1', '17.4.1'])),
      tag('ip', 'ip_address', (f) => f.internet.ipv4()),
      none('screen', (f) => f.helpers.arrayElement(['home', 'cart', 'checkout', 'pdp'])),
      none('revenue_inr', (f) => f.finance.amount({ min: 0, max: 9000, dec: 2 })),
      none('is_first_open', (f) => f.datatype.boolean()),
      tag('device_lat', 'precise_location', (f) => f.location.latitude({ min: 8, max: 30, precision: 5 })),
      tag('device_lon', 'precise_location', (f) => f.location.longitude({ min: 70, max: 88, precision: 5 })),
      none('session_number', (f) => f.number.int({ min: 1, max: 300 })),
    ],
  },
  {
    name: 'marketing_leads_us', country: 'US', columns: [
      none('LeadSource', (f) => f.helpers.arrayElement(['Webinar', 'Paid Search', 'Trade Show', 'Referral'])),
      tag('Full Name', 'name', (f) => f.person.fullName()),
      tag('Email', 'email', (f) => f.internet.email().toUpperCase()),
      tag('Phone Number', 'phone', (f) => phone(f, 'US')),
      none('Company', (f) => f.company.name()),
      none('Title', (f) => f.person.jobTitle()),
      none('Country', (f) => f.location.country()),
      none('Lead Score', (f) => f.number.int(100)),
      none('Created Date', (f) => fmtDate(recent(f), 'mdy/')),
      none('Email Opt Out', (f) => f.helpers.arrayElement(['true', 'false'])),
      none('FLAG_EMAIL', (f) => f.helpers.arrayElement([0, 1])),
      tag('Notes', 'free_text', (f) => f.helpers.arrayElement([
        `Call back on ${phone(f, 'US', 'national')} after 3pm`,
        `Prefers email: ${f.internet.email()}`,
        `Asked for pricing, reach ${f.person.firstName()} at ${f.internet.email()}`,
        f.lorem.sentence(),
      ])),
      none('Annual Revenue', (f) => `$${f.number.int({ min: 1, max: 900 })},${digits(f, 3)},000`),
    ],
  },
  {
    name: 'ecommerce_customers_nl', country: 'NL', columns: [
      none('klantnummer', (f) => f.number.int({ min: 100000, max: 999999 })),
      tag('voornaam', 'name', (f) => f.person.firstName()),
      tag('achternaam', 'name', (f) => f.person.lastName()),
      tag('emailadres', 'email', (f) => f.internet.email()),
      tag('telefoonnummer', 'phone', (f) => phone(f, 'NL')),
      tag('straat_huisnummer', 'address', (f) => f.location.streetAddress()),
      tag('postcode', 'address', (f) => `${f.number.int({ min: 1000, max: 9999 })} ${f.string.alpha({ length: 2, casing: 'upper' })}`),
      none('woonplaats', (f) => f.location.city()),
      tag('geboortedatum', 'date_of_birth', (f) => fmtDate(birth(f), 'dmy-')),
      none('lid_sinds', (f) => fmtDate(recent(f), 'dmy-')),
      none('aantal_bestellingen', (f) => f.number.int(60)),
      none('nieuwsbrief', (f) => f.helpers.arrayElement(['ja', 'nee'])),
      tag('email_sha256', 'pseudonymous_id', (f) => hex(f, 64)),
    ],
  },
  {
    name: 'insurance_claims_it', country: 'IT', columns: [
      none('numero_sinistro', (f) => `SIN${digits(f, 9)}`),
      tag('assicurato', 'name', (f) => f.person.fullName()),
      tag('data_di_nascita', 'date_of_birth', (f) => fmtDate(birth(f), 'dmy/')),
      tag('indirizzo', 'address', (f) => f.location.streetAddress()),
      tag('cap', 'address', (f) => f.location.zipCode()),
      none('citta', (f) => f.location.city()),
      none('data_sinistro', (f) => fmtDate(recent(f), 'dmy/')),
      none('importo_liquidato', (f) => f.finance.amount({ min: 100, max: 40000, dec: 2 })),
      none('tipo_polizza', (f) => f.helpers.arrayElement(['RC Auto', 'Casa', 'Vita', 'Salute'])),
      tag('iban_rimborso', 'bank_account', (f) => iban(f, 'IT', false)),
      tag('cellulare', 'phone', (f) => phone(f, 'IT')),
      none('targa', (f) => `${f.string.alpha({ length: 2, casing: 'upper' })}${digits(f, 3)}${f.string.alpha({ length: 2, casing: 'upper' })}`),
      none('perito', (f) => f.helpers.arrayElement(['Studio Rossi', 'Perizie Srl', 'AutoExpert'])),
    ],
  },
  {
    name: 'gym_members_au', country: 'AU', columns: [
      none('member_no', (f) => f.number.int({ min: 10000, max: 99999 })),
      tag('member_name', 'name', (f) => f.person.fullName()),
      tag('member_age', 'age', (f) => f.number.int({ min: 16, max: 80 })),
      tag('member_sex', 'gender', (f) => f.helpers.arrayElement(['F', 'M', 'X'])),
      tag('mobile_number', 'phone', (f) => phone(f, 'AU', 'national')),
      none('membership_type', (f) => f.helpers.arrayElement(['Off-peak', 'Full', 'Student', 'Corporate'])),
      none('joined', (f) => fmtDate(recent(f), 'dmy/')),
      none('visits_last_30d', (f) => f.number.int(30)),
      none('weekly_fee', (f) => f.finance.amount({ min: 9, max: 40, dec: 2 })),
      none('locker', (f) => f.number.int({ min: 1, max: 400 })),
      none('height_cm', (f) => f.number.int({ min: 150, max: 200 })),
      tag('billing_card', 'card_number', (f) => groupCard(cardNumber(f), '-')),
    ],
  },
  {
    name: 'support_tickets', country: 'GB', columns: [
      none('ticket_id', (f) => f.number.int({ min: 100000, max: 999999 })),
      none('opened_at', (f) => recent(f).toISOString()),
      none('priority', (f) => f.helpers.arrayElement(['P1', 'P2', 'P3', 'P4'])),
      none('category', (f) => f.helpers.arrayElement(['Billing', 'Login', 'Shipping', 'Refund'])),
      tag('requester_email', 'email', (f) => f.internet.email()),
      tag('requester', 'name', (f) => f.person.fullName()),
      tag('description', 'free_text', (f) => f.helpers.arrayElement([
        `Please call me on ${phone(f, 'GB', 'national')}, the app keeps logging me out`,
        `My order never arrived. Contact ${f.internet.email()}`,
        `${f.lorem.sentence()} You can reach me at ${phone(f, 'GB', 'intl')}.`,
        f.lorem.sentences(2),
      ])),
      none('agent', (f) => f.helpers.arrayElement(['tier1-bot', 'agent_17', 'agent_23'])),
      none('csat', (f) => f.helpers.arrayElement([1, 2, 3, 4, 5, null])),
      none('sla_breached', (f) => f.datatype.boolean()),
      none('product_sku', (f) => `SKU-${digits(f, 5)}`),
    ],
  },
  {
    name: 'ad_clicks', country: 'FR', columns: [
      none('click_ts', (f) => recent(f).toISOString()),
      tag('gclid', 'online_identifier', (f) => `Cj0KCQ${f.string.alphanumeric(40)}`),
      tag('fbp', 'online_identifier', (f) => `fb.1.${f.number.int({ min: 1600000000000, max: 1750000000000 })}.${f.number.int({ min: 100000000, max: 2147483647 })}`),
      tag('ga_client_id', 'online_identifier', (f) => `${f.number.int({ min: 100000000, max: 2147483647 })}.${f.number.int({ min: 1600000000, max: 1750000000 })}`),
      none('campaign_id', (f) => digits(f, 17)),
      none('utm_source', (f) => f.helpers.arrayElement(['google', 'facebook', 'newsletter'])),
      none('utm_campaign', (f) => f.helpers.arrayElement(['soldes_hiver', 'rentree_2025', 'black_friday'])),
      none('cost_eur', (f) => f.finance.amount({ min: 0, max: 4, dec: 4 })),
      none('landing_page', (f) => f.internet.url()),
      tag('visitor_ip', 'ip_address', (f) => f.internet.ipv6()),
      none('country', (f) => f.location.countryCode()),
      none('converted', (f) => f.helpers.arrayElement(['0', '1'])),
    ],
  },
  {
    name: 'tax_returns_fr', country: 'FR', columns: [
      none('annee', (f) => f.helpers.arrayElement([2022, 2023, 2024])),
      tag('numero_securite_sociale', 'government_id', (f) => nir(f)),
      tag('nom', 'name', (f) => f.person.lastName().toUpperCase()),
      tag('prenom', 'name', (f) => f.person.firstName()),
      tag('date_naissance', 'date_of_birth', (f) => fmtDate(birth(f), 'dmy/')),
      none('revenu_fiscal', (f) => f.number.int({ min: 8000, max: 180000 })),
      none('nombre_parts', (f) => f.helpers.arrayElement(['1', '1.5', '2', '2.5', '3'])),
      none('impot_du', (f) => f.finance.amount({ min: 0, max: 40000, dec: 0 })),
      none('centre_impots', (f) => `SIP ${f.location.city()}`),
      tag('rib', 'bank_account', (f) => iban(f, 'FR', true)),
      none('date_depot', (f) => fmtDate(recent(f), 'dmy/')),
      none('code_departement', (f) => String(f.number.int({ min: 1, max: 95 })).padStart(2, '0')),
    ],
  },
  {
    name: 'credit_applications', country: 'US', columns: [
      none('application_id', (f) => f.string.uuid()),
      tag('APPLICANT_NAME', 'name', (f) => f.person.fullName()),
      tag('CODE_GENDER', 'gender', (f) => f.helpers.arrayElement(['M', 'F', 'XNA', 'F', 'M'])),
      tag('DAYS_BIRTH', 'date_of_birth', (f) => -f.number.int({ min: 7500, max: 25000 })),
      tag('cust_ssn', 'government_id', (f) => ssn(f).replace(/-/g, '')),
      none('AMT_INCOME_TOTAL', (f) => f.number.int({ min: 20000, max: 400000 })),
      none('AMT_CREDIT', (f) => f.finance.amount({ min: 40000, max: 2000000, dec: 1 })),
      none('CNT_CHILDREN', (f) => f.number.int(4)),
      none('FLAG_PHONE', (f) => f.number.int(1)),
      none('FLAG_OWN_CAR', (f) => f.helpers.arrayElement(['Y', 'N'])),
      none('DAYS_EMPLOYED', (f) => -f.number.int({ min: 30, max: 12000 })),
      none('NAME_CONTRACT_TYPE', (f) => f.helpers.arrayElement(['Cash loans', 'Revolving loans'])),
      none('REGION_RATING_CLIENT', (f) => f.number.int({ min: 1, max: 3 })),
      tag('applicant_phone', 'phone', (f) => phone(f, 'US', 'national')),
      none('ZIP_LIKE_PRODUCT', (f) => digits(f, 5)),
    ],
  },
  {
    name: 'ride_trips_br', country: 'BR', columns: [
      none('trip_id', (f) => f.string.uuid()),
      tag('rider_phone', 'phone', (f) => phone(f, 'BR', 'e164')),
      tag('driver_name', 'name', (f) => f.person.fullName()),
      tag('pickup_lat', 'precise_location', (f) => f.location.latitude({ min: -24, max: -22, precision: 6 })),
      tag('pickup_lng', 'precise_location', (f) => f.location.longitude({ min: -47, max: -43, precision: 6 })),
      none('pickup_time', (f) => recent(f).toISOString()),
      none('distance_km', (f) => f.number.float({ min: 0.5, max: 40, fractionDigits: 2 })),
      none('fare_brl', (f) => f.finance.amount({ min: 7, max: 180, dec: 2 })),
      none('surge', (f) => f.helpers.arrayElement(['1.0', '1.2', '1.5', '2.0'])),
      none('vehicle_plate', (f) => `${f.string.alpha({ length: 3, casing: 'upper' })}${f.number.int(9)}${f.string.alpha({ length: 1, casing: 'upper' })}${digits(f, 2)}`),
      tag('rider_device_id', 'device_id', (f) => f.string.uuid()),
      none('rating', (f) => f.helpers.arrayElement([5, 5, 4, 3])),
    ],
  },
  {
    name: 'inventory_products', country: 'US', columns: [
      none('sku', (f) => `${f.string.alpha({ length: 3, casing: 'upper' })}-${digits(f, 4)}`),
      none('product_name', (f) => f.commerce.productName()),
      none('upc', (f) => digits(f, 12)),
      none('ean13', (f) => { const b = '40' + digits(f, 10); let s = 0; [...b].forEach((c, i) => (s += Number(c) * (i % 2 ? 3 : 1))); return b + ((10 - (s % 10)) % 10); }),
      none('price', (f) => f.commerce.price()),
      none('stock_qty', (f) => f.number.int(500)),
      none('warehouse_zip_code_like', (f) => digits(f, 5)),
      none('supplier', (f) => f.company.name()),
      none('last_restock', (f) => fmtDate(recent(f), 'iso')),
      none('weight_kg', (f) => f.number.float({ min: 0.1, max: 30, fractionDigits: 2 })),
      none('color', (f) => f.color.human()),
      none('size', (f) => f.helpers.arrayElement(['S', 'M', 'L', 'XL'])),
      none('serial_number', (f) => Number(digits(f, 16)) + 1000000000000000),
      none('firmware', (f) => `${f.number.int(3)}.${f.number.int(9)}.${f.number.int(9)}.${f.number.int(9)}`),
    ],
  },
  {
    name: 'newsletter_subscribers_de', country: 'DE', columns: [
      tag('E-Mail-Adresse', 'email', (f) => f.internet.email()),
      tag('Anrede_Name', 'name', (f) => `${f.helpers.arrayElement(['Herr', 'Frau'])} ${f.person.firstName()} ${f.person.lastName()}`),
      none('Anmeldedatum', (f) => fmtDate(recent(f), 'dmy.')),
      none('Quelle', (f) => f.helpers.arrayElement(['Website', 'Gewinnspiel', 'Shop'])),
      none('Status', (f) => f.helpers.arrayElement(['aktiv', 'abgemeldet', 'bounce'])),
      none('Oeffnungen', (f) => f.number.int(80)),
      none('Klicks', (f) => f.number.int(20)),
      tag('IP bei Anmeldung', 'ip_address', (f) => f.internet.ipv4()),
      none('Double_OptIn', (f) => f.helpers.arrayElement(['ja', 'nein'])),
      none('Interessen', (f) => f.helpers.arrayElement(['Mode', 'Technik', 'Reisen', 'Sport'])),
      tag('Cookie-ID', 'online_identifier', (f) => f.string.uuid()),
      none('Land', (f) => f.helpers.arrayElement(['DE', 'AT', 'CH'])),
    ],
  },
  {
    name: 'clinic_appointments_us', country: 'US', columns: [
      none('appt_id', (f) => f.number.int({ min: 1000000, max: 9999999 })),
      tag('patient', 'name', (f) => `${f.person.lastName()}, ${f.person.firstName()}`),
      tag('patient_birth_date', 'date_of_birth', (f) => fmtDate(birth(f), 'iso')),
      tag('patient_age', 'age', (f) => f.number.int({ min: 0, max: 99 })),
      tag('ssn_last4', 'government_id', (f) => digits(f, 4)),
      tag('callback_number', 'phone', (f) => phone(f, 'US', 'national')),
      none('appointment_date', (f) => fmtDate(recent(f), 'long')),
      none('provider_npi', (f) => `1${digits(f, 9)}`),
      none('cpt_code', (f) => f.helpers.arrayElement(['99213', '99214', '90834', '99203'])),
      none('copay', (f) => f.helpers.arrayElement(['$20.00', '$35.00', '$0.00', '$50.00'])),
      none('no_show', (f) => f.datatype.boolean()),
      none('room', (f) => `${f.number.int({ min: 1, max: 5 })}${f.string.alpha({ length: 1, casing: 'upper' })}`),
      tag('insurance_member_id', 'person_id', (f) => `${f.string.alpha({ length: 3, casing: 'upper' })}${digits(f, 9)}`),
    ],
  },
];

function cardNumberLen16(f: Faker): string {
  for (;;) {
    const n = cardNumber(f);
    if (n.length === 16) return n;
  }
}

function csvCell(v: string | number | boolean | null): string {
  if (v === null) return '';
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const tablesDir = path.join(here, 'tables');
fs.rmSync(tablesDir, { recursive: true, force: true });
fs.mkdirSync(tablesDir, { recursive: true });
const labels = ['table,column,tag'];
TABLES.forEach((t, ti) => {
  const lines = [t.columns.map((c) => csvCell(c.name)).join(',')];
  const fakers = t.columns.map((_c, ci) => fakerFor(t.country, 1000 * ti + ci + 1));
  for (let i = 0; i < ROWS; i++) lines.push(t.columns.map((c, ci) => csvCell(c.gen(fakers[ci]!, i))).join(','));
  fs.writeFileSync(path.join(tablesDir, `${t.name}.csv`), `${lines.join('\n')}\n`);
  for (const c of t.columns) labels.push([t.name, csvCell(c.name), c.tag ?? 'none'].join(','));
});
fs.writeFileSync(path.join(here, 'labels.csv'), `${labels.join('\n')}\n`);
process.stderr.write(`pii-eval: ${TABLES.length} tables, ${labels.length - 1} columns, ${labels.filter((l) => !l.endsWith(',none')).length - 1} personal\n`);
