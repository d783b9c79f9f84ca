/**
 * The labelled identity evaluation set: person records as CRM and email tools hold
 * them, with the truth (which records are one person). Generated with a fixed seed and
 * checked in as `labelled.csv`, so every run scores the same records; regenerate with
 * `npx tsx bench/identity-eval/generate.ts` after changing this file.
 *
 * What makes it hard, on purpose and in realistic shares: name typos, nicknames (some of
 * them ones the models' nickname table does not know), swapped first and last names,
 * day and month of birth transposed, birth-date typos, missing emails, a work and a
 * personal address per person, colleagues sharing their company's mail domain, a
 * shared inbox (info@, sales@) several colleagues type in, households sharing a phone
 * and a street, and common names that are different people. Eight countries, each with
 * its own names, postcode and phone formats.
 *
 * This file knows nothing of how the models match; the models must not know this file.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Rng } from '../../sandbox/world/random.js';

export interface LabelledRecord {
  readonly record_id: string;
  readonly person_id: string;
  /** The system the record is in: crm (a CRM's contacts) or email (an email tool's list). */
  readonly source_id: string;
  readonly first_name: string;
  readonly last_name: string;
  readonly email: string;
  readonly additional_emails: string;
  readonly phone: string;
  readonly company: string;
  readonly job_title: string;
  readonly street: string;
  readonly city: string;
  readonly postcode: string;
  readonly country: string;
  readonly date_of_birth: string;
}

export const LABELLED_COLUMNS: readonly (keyof LabelledRecord)[] = [
  'record_id', 'person_id', 'source_id', 'first_name', 'last_name', 'email', 'additional_emails', 'phone',
  'company', 'job_title', 'street', 'city', 'postcode', 'country', 'date_of_birth',
];

interface Country {
  readonly code: string;
  readonly first: readonly string[];
  readonly last: readonly string[];
  readonly cities: readonly string[];
  readonly streets: readonly string[];
  readonly postcode: (rng: Rng) => string;
  readonly phone: (rng: Rng) => string;
  readonly mailDomains: readonly string[];
}

const digits = (rng: Rng, n: number) => Array.from({ length: n }, () => String(rng.int(0, 9))).join('');
const letter = (rng: Rng) => String.fromCharCode(65 + rng.int(0, 25));

const COUNTRIES: readonly Country[] = [
  {
    code: 'US',
    first: ['James', 'Robert', 'John', 'Michael', 'William', 'David', 'Richard', 'Joseph', 'Thomas', 'Christopher', 'Mary', 'Patricia', 'Jennifer', 'Linda', 'Elizabeth', 'Barbara', 'Susan', 'Jessica', 'Margaret', 'Katherine', 'Daniel', 'Matthew', 'Anthony', 'Nancy', 'Karen'],
    last: ['Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez', 'Wilson', 'Anderson', 'Taylor', 'Thomas', 'Moore', 'Jackson', 'Martin', 'Lee', 'Thompson', 'White', 'Harris', 'Clark', 'Lewis', 'Walker', 'Young', 'Allen', 'Wright', 'Scott', 'Hill', 'Green'],
    cities: ['New York', 'Chicago', 'Houston', 'Phoenix', 'Philadelphia', 'San Antonio', 'San Diego', 'Dallas', 'Austin', 'Seattle', 'Denver', 'Boston'],
    streets: ['Main Street', 'Oak Avenue', 'Maple Drive', 'Cedar Lane', 'Elm Street', 'Washington Blvd', 'Park Avenue', 'Lakeview Road', 'Sunset Drive', 'Hillcrest Court'],
    postcode: (rng) => digits(rng, 5),
    phone: (rng) => `(${rng.int(201, 989)}) ${rng.int(200, 999)}-${digits(rng, 4)}`,
    mailDomains: ['gmail.com', 'yahoo.com', 'outlook.com', 'aol.com', 'icloud.com'],
  },
  {
    code: 'GB',
    first: ['Oliver', 'George', 'Harry', 'Jack', 'Charlie', 'Thomas', 'Amelia', 'Olivia', 'Emily', 'Isla', 'Sophie', 'Jessica', 'William', 'Edward', 'Eleanor', 'Margaret', 'Alexander', 'Samuel', 'Rebecca', 'Victoria'],
    last: ['Smith', 'Jones', 'Taylor', 'Brown', 'Williams', 'Wilson', 'Johnson', 'Davies', 'Robinson', 'Wright', 'Thompson', 'Evans', 'Walker', 'White', 'Roberts', 'Green', 'Hall', 'Wood', 'Jackson', 'Clarke', 'Patel', 'Khan', 'Hughes', 'Edwards'],
    cities: ['London', 'Manchester', 'Birmingham', 'Leeds', 'Glasgow', 'Liverpool', 'Bristol', 'Sheffield', 'Edinburgh', 'Cardiff'],
    streets: ['High Street', 'Station Road', 'Church Lane', 'Victoria Road', 'Green Lane', 'Manor Road', 'Park Road', 'Queens Road', 'The Crescent', 'Mill Lane'],
    postcode: (rng) => `${letter(rng)}${letter(rng)}${rng.int(1, 20)} ${rng.int(1, 9)}${letter(rng)}${letter(rng)}`,
    phone: (rng) => `07${rng.int(100, 999)} ${digits(rng, 6)}`,
    mailDomains: ['gmail.com', 'hotmail.co.uk', 'btinternet.com', 'yahoo.co.uk', 'outlook.com'],
  },
  {
    code: 'DE',
    first: ['Lukas', 'Leon', 'Maximilian', 'Felix', 'Paul', 'Jonas', 'Johannes', 'Stefanie', 'Anna', 'Lea', 'Lena', 'Hannah', 'Sophie', 'Friedrich', 'Ulrich', 'Josef', 'Helene', 'Katharina', 'Jürgen', 'Sabine'],
    last: ['Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Schulz', 'Hoffmann', 'Schäfer', 'Koch', 'Bauer', 'Richter', 'Klein', 'Wolf', 'Schröder', 'Neumann'],
    cities: ['Berlin', 'Hamburg', 'München', 'Köln', 'Frankfurt am Main', 'Stuttgart', 'Düsseldorf', 'Leipzig', 'Dortmund', 'Bremen'],
    streets: ['Hauptstraße', 'Schulstraße', 'Gartenstraße', 'Bahnhofstraße', 'Dorfstraße', 'Bergstraße', 'Lindenstraße', 'Kirchweg', 'Ringstraße', 'Waldweg'],
    postcode: (rng) => String(rng.int(10000, 99999)),
    phone: (rng) => `0${rng.int(151, 179)} ${digits(rng, 7)}`,
    mailDomains: ['gmx.de', 'web.de', 't-online.de', 'gmail.com', 'posteo.de'],
  },
  {
    code: 'FR',
    first: ['Jean', 'Pierre', 'Michel', 'Philippe', 'Alain', 'Nicolas', 'Marie', 'Nathalie', 'Isabelle', 'Sylvie', 'Catherine', 'Camille', 'Léa', 'Chloé', 'Hélène', 'François', 'Théo', 'Julien'],
    last: ['Martin', 'Bernard', 'Dubois', 'Thomas', 'Robert', 'Richard', 'Petit', 'Durand', 'Leroy', 'Moreau', 'Simon', 'Laurent', 'Lefèvre', 'Michel', 'Garcia', 'Fournier', 'Girard', 'Bonnet'],
    cities: ['Paris', 'Marseille', 'Lyon', 'Toulouse', 'Nice', 'Nantes', 'Strasbourg', 'Montpellier', 'Bordeaux', 'Lille'],
    streets: ['Rue de la Paix', 'Rue Victor Hugo', 'Avenue Jean Jaurès', 'Rue Pasteur', 'Boulevard Voltaire', 'Rue de la République', 'Place de la Gare', 'Rue des Écoles'],
    postcode: (rng) => String(rng.int(1000, 95999)).padStart(5, '0'),
    phone: (rng) => `06 ${digits(rng, 2)} ${digits(rng, 2)} ${digits(rng, 2)} ${digits(rng, 2)}`,
    mailDomains: ['orange.fr', 'free.fr', 'gmail.com', 'laposte.net', 'sfr.fr'],
  },
  {
    code: 'ES',
    first: ['José', 'Antonio', 'Manuel', 'Francisco', 'David', 'Javier', 'María', 'Carmen', 'Ana', 'Isabel', 'Dolores', 'Laura', 'Lucía', 'Ignacio', 'Enrique', 'Pilar'],
    last: ['García', 'Rodríguez', 'González', 'Fernández', 'López', 'Martínez', 'Sánchez', 'Pérez', 'Gómez', 'Martín', 'Jiménez', 'Ruiz', 'Hernández', 'Díaz', 'Moreno', 'Álvarez'],
    cities: ['Madrid', 'Barcelona', 'Valencia', 'Sevilla', 'Zaragoza', 'Málaga', 'Bilbao', 'Murcia'],
    streets: ['Calle Mayor', 'Calle Real', 'Avenida de la Constitución', 'Calle del Sol', 'Plaza de España', 'Calle Nueva', 'Calle San José'],
    postcode: (rng) => String(rng.int(1000, 52999)).padStart(5, '0'),
    phone: (rng) => `6${digits(rng, 2)} ${digits(rng, 3)} ${digits(rng, 3)}`,
    mailDomains: ['gmail.com', 'hotmail.es', 'yahoo.es', 'telefonica.net'],
  },
  {
    code: 'IT',
    first: ['Giuseppe', 'Giovanni', 'Antonio', 'Mario', 'Luigi', 'Francesco', 'Alessandro', 'Federico', 'Maria', 'Anna', 'Giulia', 'Francesca', 'Chiara', 'Sara', 'Paola', 'Lorenzo'],
    last: ['Rossi', 'Russo', 'Ferrari', 'Esposito', 'Bianchi', 'Romano', 'Colombo', 'Ricci', 'Marino', 'Greco', 'Bruno', 'Gallo', 'Conti', 'De Luca', 'Costa', 'Giordano'],
    cities: ['Roma', 'Milano', 'Napoli', 'Torino', 'Palermo', 'Genova', 'Bologna', 'Firenze'],
    streets: ['Via Roma', 'Via Garibaldi', 'Via Mazzini', 'Corso Italia', 'Via Dante', 'Via Verdi', 'Piazza del Duomo'],
    postcode: (rng) => String(rng.int(10, 98199)).padStart(5, '0'),
    phone: (rng) => `3${digits(rng, 2)} ${digits(rng, 7)}`,
    mailDomains: ['libero.it', 'gmail.com', 'tiscali.it', 'virgilio.it'],
  },
  {
    code: 'NL',
    first: ['Daan', 'Sem', 'Lucas', 'Willem', 'Jan', 'Pieter', 'Emma', 'Julia', 'Sophie', 'Anna', 'Femke', 'Sanne', 'Johannes', 'Maarten'],
    last: ['de Jong', 'Jansen', 'de Vries', 'van den Berg', 'van Dijk', 'Bakker', 'Janssen', 'Visser', 'Smit', 'Meijer', 'de Boer', 'Mulder', 'de Groot', 'Bos'],
    cities: ['Amsterdam', 'Rotterdam', 'Den Haag', 'Utrecht', 'Eindhoven', 'Groningen', 'Tilburg', 'Almere'],
    streets: ['Kerkstraat', 'Dorpsstraat', 'Molenweg', 'Schoolstraat', 'Stationsweg', 'Nieuwstraat', 'Julianastraat'],
    postcode: (rng) => `${rng.int(1000, 9999)} ${letter(rng)}${letter(rng)}`,
    phone: (rng) => `06-${digits(rng, 8)}`,
    mailDomains: ['gmail.com', 'ziggo.nl', 'kpnmail.nl', 'hotmail.nl'],
  },
  {
    code: 'AU',
    first: ['Jack', 'Noah', 'William', 'Thomas', 'Oliver', 'Charlotte', 'Olivia', 'Mia', 'Chloe', 'Emily', 'Matthew', 'Samuel', 'Benjamin', 'Rebecca', 'Nicholas'],
    last: ['Smith', 'Jones', 'Williams', 'Brown', 'Wilson', 'Taylor', 'Nguyen', 'Johnson', 'Martin', 'White', 'Anderson', 'Walker', 'Thompson', 'Kelly', 'Ryan'],
    cities: ['Sydney', 'Melbourne', 'Brisbane', 'Perth', 'Adelaide', 'Canberra', 'Hobart', 'Darwin'],
    streets: ['George Street', 'Pitt Street', 'Beach Road', 'Pacific Highway', 'Bay Street', 'Station Street', 'Military Road'],
    postcode: (rng) => String(rng.int(800, 7999)).padStart(4, '0'),
    phone: (rng) => `04${digits(rng, 2)} ${digits(rng, 3)} ${digits(rng, 3)}`,
    mailDomains: ['gmail.com', 'bigpond.com', 'optusnet.com.au', 'outlook.com'],
  },
];

/** How people shorten names in practice; deliberately not the models' table. */
const NICKNAMES: Readonly<Record<string, readonly string[]>> = {
  robert: ['Bob', 'Rob', 'Bobby', 'Robbie'], william: ['Bill', 'Will', 'Billy', 'Liam'], james: ['Jim', 'Jimmy', 'Jamie'],
  john: ['Jack', 'Johnny'], michael: ['Mike', 'Mick', 'Mikey'], richard: ['Rick', 'Dick', 'Rich'], joseph: ['Joe', 'Joey'],
  thomas: ['Tom', 'Tommy'], christopher: ['Chris', 'Kit'], elizabeth: ['Liz', 'Beth', 'Betty', 'Eliza'],
  margaret: ['Maggie', 'Peggy', 'Meg'], katherine: ['Kate', 'Kathy', 'Katie'], jennifer: ['Jen', 'Jenny'],
  patricia: ['Pat', 'Patty', 'Trish'], susan: ['Sue', 'Susie'], daniel: ['Dan', 'Danny'], matthew: ['Matt'],
  anthony: ['Tony'], alexander: ['Alex', 'Sandy', 'Xander'], samuel: ['Sam', 'Sammy'], rebecca: ['Becky', 'Becca'],
  victoria: ['Vicky', 'Tori'], edward: ['Ed', 'Ted', 'Eddie'], nicholas: ['Nick', 'Nico'], benjamin: ['Ben', 'Benji'],
  giuseppe: ['Beppe', 'Peppe'], francisco: ['Paco', 'Curro'], jose: ['Pepe'], johannes: ['Hans', 'Jan'],
  friedrich: ['Fritz'], alessandro: ['Sandro', 'Ale'], federico: ['Fede'], ignacio: ['Nacho'], stefanie: ['Steffi'],
  charlotte: ['Lottie', 'Charlie'], oliver: ['Olly'], eleanor: ['Ellie', 'Nell'],
};

const COMPANY_WORDS = ['Acme', 'Northwind', 'Globex', 'Initech', 'Umbrella', 'Stark', 'Wayne', 'Hooli', 'Vandelay', 'Cyberdyne', 'Soylent', 'Tyrell', 'Wonka', 'Gringotts', 'Oceanic', 'Massive', 'Pied Piper', 'Monarch', 'Aperture', 'Black Mesa', 'Blue Sun', 'Dunder', 'Bluth', 'Prestige', 'Sterling'];
const COMPANY_KINDS = ['Ltd', 'GmbH', 'SA', 'BV', 'Inc', 'Group', 'Pty Ltd', 'S.r.l.'];
const TITLES = ['Marketing Manager', 'Head of Sales', 'CFO', 'Software Engineer', 'Account Executive', 'Office Manager', 'Founder', 'Data Analyst', 'Procurement Lead', 'HR Business Partner'];
const SHARED_LOCALS = ['info', 'sales', 'office', 'contact', 'hello'];

interface Person {
  readonly id: string;
  readonly country: Country;
  readonly first: string;
  readonly last: string;
  readonly dob: string; // YYYY-MM-DD
  readonly personal: string;
  readonly work: string | null;
  readonly company: { name: string; domain: string } | null;
  readonly title: string;
  readonly phone: string;
  readonly street: string;
  readonly city: string;
  readonly postcode: string;
}

function ascii(s: string): string {
  return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z]/g, '');
}

function typo(s: string, rng: Rng): string {
  if (s.length < 3) return s;
  const i = rng.int(1, s.length - 2);
  switch (rng.int(0, 3)) {
    case 0: return s.slice(0, i) + s.slice(i + 1); // dropped letter
    case 1: return s.slice(0, i) + s[i + 1] + s[i] + s.slice(i + 2); // transposed letters
    case 2: return s.slice(0, i) + s[i] + s.slice(i); // doubled letter
    default: return s.slice(0, i) + 'aeioun'[rng.int(0, 5)] + s.slice(i + 1); // wrong letter
  }
}

function makeDob(rng: Rng): string {
  const y = rng.int(1945, 2004);
  const m = rng.int(1, 12);
  const d = rng.int(1, 28);
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function personalEmail(first: string, last: string, dob: string, country: Country, rng: Rng): string {
  const f = ascii(first);
  const l = ascii(last);
  const year = dob.slice(2, 4);
  const local = rng.pick([`${f}.${l}`, `${f}${l}`, `${f[0]}${l}`, `${f}${year}`, `${l}.${f}`, `${f}_${l}${rng.int(1, 99)}`, `${f}${l[0]}${rng.int(10, 99)}`]);
  return `${local}@${rng.pick(country.mailDomains)}`;
}

export function generateLabelledSet(options: { seed?: number; people?: number } = {}): LabelledRecord[] {
  const rng = new Rng(`${options.seed ?? 7}:identity-eval`);
  const peopleWanted = options.people ?? 1500;
  const companies = Array.from({ length: 60 }, (_, i) => {
    const word = COMPANY_WORDS[i % COMPANY_WORDS.length]!;
    const name = `${word}${i >= COMPANY_WORDS.length ? ` ${rng.pick(['Systems', 'Labs', 'Partners', 'Foods', 'Logistics'])}` : ''} ${rng.pick(COMPANY_KINDS)}`;
    return { name, domain: `${ascii(name.split(' ').slice(0, 2).join(''))}.${rng.pick(['com', 'io', 'de', 'co.uk', 'eu', 'nl'])}` };
  });

  const people: Person[] = [];
  // An address belongs to one person: a second John Smith at gmail gets john.smith2.
  const taken = new Set<string>();
  const unique = (email: string) => {
    const [local, domain] = email.split('@') as [string, string];
    let candidate = email;
    for (let n = 2; taken.has(candidate); n++) candidate = `${local}${n}@${domain}`;
    taken.add(candidate);
    return candidate;
  };
  for (let i = 0; i < peopleWanted; i++) {
    const country = rng.pick(COUNTRIES);
    // ~8 %: the same name as someone already made (common names are different people)
    const twin = people.length > 0 && rng.chance(0.08) ? rng.pick(people.filter((p) => p.country === country).concat(people).slice(0, 50)) : null;
    const first = twin?.first ?? rng.pick(country.first);
    // ~4 %: a household member of someone already made: same surname, street, phone
    const household = twin === null && people.length > 0 && rng.chance(0.04) ? people[people.length - 1]! : null;
    const last = twin?.last ?? household?.last ?? rng.pick(country.last);
    const dob = makeDob(rng);
    const company = rng.chance(0.75) ? rng.pick(companies) : null;
    const workLocal = rng.pick([`${ascii(first)}.${ascii(last)}`, `${ascii(first)[0]}${ascii(last)}`, `${ascii(first)}`]);
    people.push({
      id: `person_${String(i + 1).padStart(5, '0')}`,
      country: household?.country ?? country,
      first,
      last,
      dob,
      personal: unique(personalEmail(first, last, dob, country, rng)),
      work: company === null ? null : unique(`${workLocal}@${company.domain}`),
      company,
      title: rng.pick(TITLES),
      phone: household?.phone ?? country.phone(rng),
      street: household?.street ?? `${rng.int(1, 240)} ${rng.pick(country.streets)}`,
      city: household?.city ?? rng.pick(country.cities),
      postcode: household?.postcode ?? country.postcode(rng),
    });
  }

  const records: LabelledRecord[] = [];
  let next = 1;
  for (const p of people) {
    // 1–4 records: most people are in the CRM and the email tool, some twice in one.
    const count = rng.weighted<number>([[1, 3], [2, 5], [3, 3], [4, 1]]);
    for (let r = 0; r < count; r++) {
      const source = r === 0 ? rng.pick(['crm', 'email']) : rng.pick(['crm', 'email', 'crm']);
      const crm = source === 'crm';
      let first = p.first;
      let last = p.last;
      const nick = NICKNAMES[ascii(p.first)];
      if (nick && rng.chance(0.15)) first = rng.pick(nick);
      if (rng.chance(0.1)) first = typo(first, rng);
      if (rng.chance(0.1)) last = typo(last, rng);
      if (rng.chance(0.03)) [first, last] = [last, first];
      if (rng.chance(0.05)) first = first.toUpperCase();
      // which address: the CRM mostly knows the work one, the email tool the personal one
      let email = '';
      const roll = rng.next();
      if (roll < 0.2) email = '';
      else if (p.work !== null && (crm ? roll < 0.75 : roll < 0.35)) email = p.work;
      else email = p.personal;
      if (email !== '' && rng.chance(0.05)) email = typo(email.split('@')[0]!, rng) + '@' + email.split('@')[1];
      if (email !== '' && rng.chance(0.05)) email = email.replace(/^./, (c) => c.toUpperCase()) + ' ';
      // ~4 %: the company's shared inbox instead of their own
      if (p.company !== null && rng.chance(0.04)) email = `${rng.pick(SHARED_LOCALS)}@${p.company.domain}`;
      const additional = crm && p.work !== null && email === p.work && rng.chance(0.2) ? p.personal : '';
      let dob = '';
      if (rng.chance(crm ? 0.6 : 0.3)) {
        dob = p.dob;
        const [y, m, d] = dob.split('-');
        if (rng.chance(0.05) && Number(d) <= 12) dob = `${y}-${d}-${m}`; // day and month transposed
        else if (rng.chance(0.04)) dob = `${y}-${m}-${String(Math.min(28, Math.max(1, Number(d) + rng.pick([-1, 1, 10, -10])))).padStart(2, '0')}`;
      }
      const hasAddress = rng.chance(crm ? 0.6 : 0.35);
      records.push({
        record_id: `r${String(next++).padStart(6, '0')}`,
        person_id: p.id,
        source_id: source,
        first_name: rng.chance(0.03) ? '' : first,
        last_name: rng.chance(0.04) ? '' : last,
        email,
        additional_emails: additional,
        phone: rng.chance(crm ? 0.5 : 0.15) ? p.phone : '',
        company: crm && p.company !== null && rng.chance(0.8) ? p.company.name : '',
        job_title: crm && p.company !== null && rng.chance(0.6) ? p.title : '',
        street: hasAddress ? (rng.chance(0.1) ? typo(p.street, rng) : p.street) : '',
        city: hasAddress || rng.chance(0.3) ? p.city : '',
        postcode: hasAddress ? (rng.chance(0.05) ? typo(p.postcode, rng) : p.postcode) : '',
        country: p.country.code,
        date_of_birth: dob,
      });
    }
  }
  // Records in a random order, as sources hold them: nothing to learn from adjacency.
  for (let i = records.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [records[i], records[j]] = [records[j]!, records[i]!];
  }
  return records;
}

function csvCell(v: string): string {
  return /[",\n]/.test(v) || v !== v.trim() ? `"${v.replace(/"/g, '""')}"` : v;
}

export const LABELLED_CSV = path.join(path.dirname(fileURLToPath(import.meta.url)), 'labelled.csv');

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const records = generateLabelledSet();
  const lines = [LABELLED_COLUMNS.join(','), ...records.map((r) => LABELLED_COLUMNS.map((c) => csvCell(r[c])).join(','))];
  fs.writeFileSync(LABELLED_CSV, lines.join('\n') + '\n');
  console.log(`wrote ${records.length} records of ${new Set(records.map((r) => r.person_id)).size} people to ${LABELLED_CSV}`);
}
