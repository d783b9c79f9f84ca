/**
 * Person records at any size, with duplicates as CRM and email tools hold them: the
 * bench's data for probabilistic matching at a million records. The labelled set
 * (bench/identity-eval/) draws names from a few dozen per country, which at a million
 * records would make every name a crowd; here names come from faker's English lists
 * (≈ 2,950 first names, 473 surnames), cities from its 927, streets from a surname and
 * one of 195 suffixes, so a name and birth date are about as distinctive as in a real
 * contact list. Values are drawn uniformly, not by real frequencies.
 *
 * Each person has one to three records (mean ≈ 1.8), in the CRM or the email tool, each
 * independently: a first or last name misspelt (10 % each), names swapped (3 %), a name
 * missing (3–4 %); an email (70 %: personal or work, one of them mistyped 5 %); a birth
 * date (45 %; day and month transposed 5 %, a digit off 4 %); an address (55 %; street
 * mistyped 10 %, postcode 5 %). 4 % of people share a household (surname, street,
 * postcode) with the person before them, and names repeat between different people
 * wherever the lists make them repeat. Deterministic for a seed.
 */
import { en } from '@faker-js/faker';
import { Rng } from '../../sandbox/world/random.js';
import type { EvalRecord } from './identity-eval.js';

const FIRST_NAMES: readonly string[] = [...new Set([...en.person!.first_name!.female!, ...en.person!.first_name!.male!])];
const LAST_NAMES: readonly string[] = en.person!.last_name!.generic!;
const CITIES: readonly string[] = en.location!.city_name!;
const STREET_SUFFIXES: readonly string[] = en.location!.street_suffix!;
const MAIL_DOMAINS = ['gmail.com', 'yahoo.com', 'outlook.com', 'hotmail.com', 'icloud.com', 'aol.com', 'proton.me'];

function typo(s: string, rng: Rng): string {
  if (s.length < 3) return s;
  const i = rng.int(1, s.length - 2);
  switch (rng.int(0, 3)) {
    case 0: return s.slice(0, i) + s.slice(i + 1);
    case 1: return s.slice(0, i) + s[i + 1] + s[i] + s.slice(i + 2);
    case 2: return s.slice(0, i) + s[i] + s.slice(i);
    default: return s.slice(0, i) + 'aeioun'[rng.int(0, 5)] + s.slice(i + 1);
  }
}

interface Person {
  readonly first: string;
  readonly last: string;
  readonly dob: string;
  readonly personal: string;
  readonly work: string | null;
  readonly company: string;
  readonly street: string;
  readonly city: string;
  readonly postcode: string;
}

/** At least `records` person records (stops after the person that reaches it). */
export function generatePersonRecords(options: { records: number; seed?: number }): EvalRecord[] {
  const rng = new Rng(`${options.seed ?? 42}:person-records`);
  // a city keeps its postcodes, as real ones do
  const cityPostcode = CITIES.map(() => 1000 + rng.int(0, 8999));
  const out: EvalRecord[] = [];
  let previous: Person | null = null;
  for (let p = 0; out.length < options.records; p++) {
    const household = previous !== null && rng.chance(0.04) ? previous : null;
    const first = rng.pick(FIRST_NAMES);
    const last = household?.last ?? rng.pick(LAST_NAMES);
    const y = rng.int(1940, 2005);
    const m = rng.int(1, 12);
    const d = rng.int(1, 28);
    const cityIndex = rng.int(0, CITIES.length - 1);
    const f = first.toLowerCase().replace(/[^a-z]/g, '');
    const l = last.toLowerCase().replace(/[^a-z]/g, '');
    const company = rng.chance(0.6) ? `${rng.pick(LAST_NAMES)} ${rng.pick(['Ltd', 'Inc', 'Group', 'Partners', 'Labs'])}` : '';
    // the person's index in the local part keeps every address one person's
    const person: Person = {
      first,
      last,
      dob: `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`,
      personal: `${rng.pick([`${f}.${l}`, `${f}${l}`, `${f[0]}${l}`, `${l}.${f}`])}${p}@${rng.pick(MAIL_DOMAINS)}`,
      work: company === '' ? null : `${f}.${l}${p}@${company.split(' ')[0]!.toLowerCase().replace(/[^a-z]/g, '')}${p % 997}.com`,
      company,
      street: household?.street ?? `${rng.int(1, 300)} ${rng.pick(LAST_NAMES)} ${rng.pick(STREET_SUFFIXES)}`,
      city: household?.city ?? CITIES[cityIndex]!,
      postcode: household?.postcode ?? String(cityPostcode[cityIndex]! + rng.int(0, 9)),
    };
    previous = person;
    const count = rng.weighted<number>([[1, 4], [2, 4], [3, 2]]);
    for (let r = 0; r < count; r++) {
      const sourceId = rng.pick(['crm', 'email']);
      let fn = person.first;
      let ln = person.last;
      if (rng.chance(0.1)) fn = typo(fn, rng);
      if (rng.chance(0.1)) ln = typo(ln, rng);
      if (rng.chance(0.03)) [fn, ln] = [ln, fn];
      let email = '';
      if (rng.chance(0.7)) email = person.work !== null && rng.chance(sourceId === 'crm' ? 0.6 : 0.2) ? person.work : person.personal;
      if (email !== '' && rng.chance(0.05)) email = `${typo(email.split('@')[0]!, rng)}@${email.split('@')[1]!}`;
      let dob = '';
      if (rng.chance(0.45)) {
        const [yy, mm, dd] = person.dob.split('-') as [string, string, string];
        if (rng.chance(0.05) && Number(dd) <= 12) dob = `${yy}-${dd}-${mm}`;
        else if (rng.chance(0.04)) dob = `${yy}-${mm}-${String(Math.min(28, Math.max(1, Number(dd) + rng.pick([-1, 1, 10, -10])))).padStart(2, '0')}`;
        else dob = person.dob;
      }
      const hasAddress = rng.chance(0.55);
      out.push({
        recordId: `p${out.length + 1}`,
        cluster: String(p),
        sourceId,
        firstName: rng.chance(0.03) ? '' : fn,
        lastName: rng.chance(0.04) ? '' : ln,
        email,
        additionalEmails: '',
        phone: '',
        company: sourceId === 'crm' ? person.company : '',
        jobTitle: '',
        street: hasAddress ? (rng.chance(0.1) ? typo(person.street, rng) : person.street) : '',
        city: hasAddress || rng.chance(0.3) ? person.city : '',
        postcode: hasAddress ? (rng.chance(0.05) ? typo(person.postcode, rng) : person.postcode) : '',
        state: '',
        country: 'US',
        dateOfBirth: dob,
      });
    }
  }
  return out;
}
