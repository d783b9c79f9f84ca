/**
 * The development set's tables: domains (logistics, gaming, government open data,
 * insurance, utilities, pharmacy, ticketing, mobility, airline crews, schools, a vet
 * clinic, a loyalty app, proxy logs, complaints) and countries (PL, SE, CA, MX, BE, FI, DK,
 * IE, NZ, ZA, CH, AT, NO, PT, JP, CZ) that neither bench/pii-eval nor bench/pii-heldout
 * covers. Written before the classifier was tuned on it; labels say what a
 * data-protection officer would tag each column, from what it holds.
 *
 * Conventions (the other sets'): a city, municipality, region or country alone is `none`;
 * a person's street line and postcode are `address`; a company's, server's or pet's own
 * attributes are `none`; ids a system gives a person are `person_id`; a salutation
 * (Herr/Frau) says the gender, so it is `gender`; a passport number is `government_id`;
 * free text is `free_text` only where people type contact details; a user agent and a
 * masked card (last four) are `none`; coordinates of a person's trip are
 * `precise_location`.
 */
import { fakerCS_CZ, fakerDA, fakerDE_AT, fakerDE_CH, fakerEN, fakerEN_CA, fakerEN_IE, fakerEN_ZA, fakerES_MX, fakerFI, fakerJA, fakerNB_NO, fakerNL_BE, fakerPL, fakerPT_PT, fakerSV } from '@faker-js/faker';
import { ahv, belgianRrn, cardNumber, clabe, containerNumber, cpr, curp, ean13, fodselsnummer, hetu, imei, nif, personnummer, ppsn, rodneCislo, saId, sin } from './ids.js';
import type { ColumnSpec as SharedColumnSpec, Ctx as SharedCtx, TableSpec as SharedTableSpec, Value } from '../lib/labelled-pii-set.js';
import { ageOn, type Country, type DateStyle, formatDate, phone, postcode, recentDate, streetLine } from './formats.js';

export type { Person, Value } from '../lib/labelled-pii-set.js';
export type Ctx = SharedCtx<Country>;
export type ColumnSpec = SharedColumnSpec<Country>;
export type TableSpec = SharedTableSpec<Country>;

const col = (name: string, tag: string, gen: (c: Ctx) => Value, type?: ColumnSpec['type']): ColumnSpec => (type ? { name, tag, gen, type } : { name, tag, gen });

const amount = (c: Ctx, lo: number, hi: number, style: 'en' | 'eu' | 'space'): string => {
  const [int, dec] = (c.rng.int(lo * 100, hi * 100) / 100).toFixed(2).split('.');
  const sep = style === 'en' ? ',' : style === 'eu' ? '.' : ' ';
  return `${int!.replace(/\B(?=(\d{3})+(?!\d))/g, sep)}${style === 'en' ? '.' : ','}${dec}`;
};
const recent = (c: Ctx, style: DateStyle): string => formatDate(recentDate(c.rng), style);
const stamp = (c: Ctx): string => `${formatDate(recentDate(c.rng), 'iso')} ${String(c.rng.int(0, 23)).padStart(2, '0')}:${String(c.rng.int(0, 59)).padStart(2, '0')}:${String(c.rng.int(0, 59)).padStart(2, '0')}`;
const uuid = (c: Ctx): string => c.f.string.uuid();
const hex = (c: Ctx, n: number): string => c.f.string.hexadecimal({ length: n, casing: 'lower', prefix: '' });
const near = (c: Ctx, centre: number, spread: number, digits = 6): number => Number((centre + (c.rng() - 0.5) * spread).toFixed(digits));
const publicIpv4 = (c: Ctx): string => `${c.rng.pick([31, 46, 62, 77, 85, 89, 109, 151, 178, 185, 193, 212])}.${c.rng.int(0, 255)}.${c.rng.int(0, 255)}.${c.rng.int(1, 254)}`;
const sex = <T>(c: Ctx, m: T, f: T): T => (c.p.sex === 'm' ? m : f);

export const TABLES: readonly TableSpec[] = [
  {
    name: 'przesylki_kurierskie_pl', country: 'PL', faker: fakerPL, format: 'csv',
    columns: [
      col('Numer przesyłki', 'none', (c) => `6${c.rng.digits(13)}`),
      col('Odbiorca', 'name', (c) => `${c.p.first} ${c.p.last}`),
      col('Telefon odbiorcy', 'phone', (c) => phone(c.rng, 'PL', 'digits')),
      col('E-mail odbiorcy', 'email', (c) => c.p.email),
      col('Ulica i numer', 'address', (c) => streetLine(c.rng, c.f, 'PL')),
      col('Kod pocztowy', 'address', (c) => postcode(c.rng, 'PL')),
      col('Miejscowość', 'none', (c) => c.f.location.city()),
      col('Waga (kg)', 'none', (c) => (c.rng.int(10, 3000) / 100).toFixed(2).replace('.', ',')),
      col('Data nadania', 'none', (c) => recent(c, 'dmy_dot')),
      col('Status', 'none', (c) => c.rng.pick(['doręczona', 'w drodze', 'awizo', 'zwrot'])),
      col('Kontener', 'none', (c) => containerNumber(c.rng)),
      col('Uwagi dla kuriera', 'free_text', (c) => c.rng.pick([`Proszę dzwonić pod ${phone(c.rng, 'PL', 'national')} przed doręczeniem`, 'Zostawić u sąsiada', `Kod do domofonu 12${c.rng.int(10, 99)}`, `W razie problemów pisać na ${c.p.email}`, 'Brama od podwórza', 'Paczkomat obok sklepu'])),
    ],
  },
  {
    name: 'player_accounts_se', country: 'SE', faker: fakerSV, format: 'csv',
    columns: [
      col('player_id', 'person_id', (c) => `pl_${hex(c, 12)}`),
      col('email', 'email', (c) => c.p.email),
      col('personnummer', 'government_id', (c) => personnummer(c.rng, c.p.birth)),
      col('fodelsedatum', 'date_of_birth', (c) => formatDate(c.p.birth, 'iso')),
      col('kon', 'gender', (c) => sex(c, 'Man', 'Kvinna')),
      col('mobilnummer', 'phone', (c) => phone(c.rng, 'SE', 'national')),
      col('signup_ip', 'ip_address', (c) => publicIpv4(c)),
      col('device_idfa', 'device_id', (c) => c.f.string.uuid().toUpperCase()),
      col('country', 'none', () => 'SE'),
      col('level', 'none', (c) => c.rng.int(1, 120)),
      col('total_playtime_min', 'none', (c) => c.rng.int(0, 90_000)),
      col('deposit_limit_sek', 'none', (c) => c.rng.pick([500, 1000, 2000, 5000, 10000])),
      col('last_login', 'none', (c) => stamp(c)),
      col('self_excluded', 'none', (c) => c.rng.chance(0.05)),
    ],
  },
  {
    name: 'match_telemetry', country: 'SE', faker: fakerEN, format: 'parquet',
    columns: [
      col('match_id', 'none', (c) => uuid(c)),
      col('player_uuid', 'person_id', (c) => uuid(c)),
      col('kills', 'none', (c) => c.rng.int(0, 40), 'INTEGER'),
      col('deaths', 'none', (c) => c.rng.int(0, 30), 'INTEGER'),
      col('score', 'none', (c) => c.rng.int(0, 9000), 'INTEGER'),
      col('server_ip', 'none', (c) => `10.${c.rng.int(0, 3)}.${c.rng.int(0, 255)}.${c.rng.int(1, 254)}`),
      col('client_ip', 'ip_address', (c) => (c.rng.chance(0.8) ? publicIpv4(c) : c.f.internet.ipv6())),
      col('ping_ms', 'none', (c) => c.rng.int(8, 250), 'INTEGER'),
      col('map', 'none', (c) => c.rng.pick(['dust', 'harbor', 'citadel', 'canyon'])),
      col('started_at', 'none', (c) => stamp(c)),
      col('gaid', 'device_id', (c) => uuid(c)),
      col('client_build', 'none', (c) => `${c.rng.int(1, 3)}.${c.rng.int(0, 40)}.${c.rng.int(0, 255)}.${c.rng.int(1000, 9999)}`),
    ],
  },
  {
    name: 'building_permit_applications_ca', country: 'CA', faker: fakerEN_CA, format: 'csv',
    columns: [
      col('Permit Number', 'none', (c) => `${c.rng.int(20, 25)} ${c.rng.digits(6)} BLD`),
      col('Applicant Name', 'name', (c) => `${c.p.first} ${c.p.last}`),
      col('Applicant Phone', 'phone', (c) => phone(c.rng, 'CA', 'national')),
      col('Site Address', 'address', (c) => streetLine(c.rng, c.f, 'CA')),
      col('Postal Code', 'address', (c) => postcode(c.rng, 'CA')),
      col('Ward', 'none', (c) => `Ward ${c.rng.int(1, 25)}`),
      col('Permit Type', 'none', (c) => c.rng.pick(['Small Residential Projects', 'Demolition', 'New Houses', 'Plumbing(PS)'])),
      col('Est. Construction Cost', 'none', (c) => `$${amount(c, 2000, 900000, 'en')}`),
      col('Issued Date', 'none', (c) => recent(c, 'iso')),
      col('Latitude', 'precise_location', (c) => near(c, 43.7, 0.3)),
      col('Longitude', 'precise_location', (c) => near(c, -79.4, 0.4)),
      col('Contractor', 'none', (c) => c.f.company.name()),
      col('SIN (owner-builder)', 'government_id', (c) => { const s = sin(c.rng); return `${s.slice(0, 3)} ${s.slice(3, 6)} ${s.slice(6)}`; }),
    ],
  },
  {
    name: 'padron_beneficiarios_mx', country: 'MX', faker: fakerES_MX, format: 'csv',
    columns: [
      col('CURP', 'government_id', (c) => curp(c.rng, c.p.first, c.p.last, c.p.birth, c.p.sex)),
      col('Nombre(s)', 'name', (c) => c.p.first),
      col('Primer Apellido', 'name', (c) => c.p.last),
      col('Segundo Apellido', 'name', (c) => c.f.person.lastName()),
      col('Sexo', 'gender', (c) => sex(c, 'H', 'M')),
      col('Fecha de Nacimiento', 'date_of_birth', (c) => formatDate(c.p.birth, 'dmy_slash')),
      col('Edad', 'age', (c) => ageOn(c.p.birth)),
      col('Entidad Federativa', 'none', (c) => c.f.location.state()),
      col('Municipio', 'none', (c) => c.f.location.city()),
      col('Código Postal', 'address', (c) => postcode(c.rng, 'MX')),
      col('Monto del Apoyo', 'none', (c) => amount(c, 800, 12000, 'en')),
      col('CLABE Interbancaria', 'bank_account', (c) => clabe(c.rng)),
      col('Teléfono Celular', 'phone', (c) => phone(c.rng, 'MX', 'digits')),
      col('Fecha de Registro', 'none', (c) => recent(c, 'dmy_slash')),
    ],
  },
  {
    name: 'polishouders_be', country: 'BE', faker: fakerNL_BE, format: 'csv',
    columns: [
      col('polisnummer', 'none', (c) => `BP-${c.rng.digits(8)}`),
      col('rijksregisternummer', 'government_id', (c) => belgianRrn(c.rng, c.p.birth, c.p.sex)),
      col('naam_verzekeringnemer', 'name', (c) => `${c.p.last}, ${c.p.first}`),
      col('geboortedatum', 'date_of_birth', (c) => formatDate(c.p.birth, 'dmy_slash')),
      col('geslacht', 'gender', (c) => sex(c, 'M', 'V')),
      col('IBAN', 'bank_account', (c) => c.f.finance.iban({ countryCode: 'BE', formatted: true })),
      col('straat_en_nummer', 'address', (c) => streetLine(c.rng, c.f, 'BE')),
      col('postcode', 'address', (c) => postcode(c.rng, 'BE')),
      col('gemeente', 'none', (c) => c.f.location.city()),
      col('jaarpremie', 'none', (c) => amount(c, 150, 4000, 'eu')),
      col('ingangsdatum', 'none', (c) => recent(c, 'dmy_slash')),
      col('e_mail', 'email', (c) => c.p.email),
      col('gsm', 'phone', (c) => phone(c.rng, 'BE', 'international')),
    ],
  },
  {
    name: 'elainklinikka_kaynnit_fi', country: 'FI', faker: fakerFI, format: 'csv',
    columns: [
      col('käynti_id', 'none', (c) => String(500000 + c.i)),
      col('omistaja', 'name', (c) => `${c.p.first} ${c.p.last}`),
      col('puhelin', 'phone', (c) => phone(c.rng, 'FI', 'national')),
      col('sähköposti', 'email', (c) => c.p.email),
      col('osoite', 'address', (c) => streetLine(c.rng, c.f, 'FI')),
      col('postinumero', 'address', (c) => postcode(c.rng, 'FI')),
      col('lemmikin_nimi', 'none', (c) => c.rng.pick(['Musti', 'Rekku', 'Miuku', 'Nalle', 'Pörri', 'Tassu', 'Luna', 'Onni'])),
      col('laji', 'none', (c) => c.rng.pick(['koira', 'kissa', 'kani', 'marsu'])),
      col('lemmikin_syntymäaika', 'none', (c) => formatDate(new Date(Date.UTC(c.rng.int(2010, 2024), c.rng.int(0, 11), c.rng.int(1, 28))), 'dmy_dot')),
      col('paino_kg', 'none', (c) => (c.rng.int(20, 450) / 10).toFixed(1)),
      col('käyntipäivä', 'none', (c) => recent(c, 'dmy_dot')),
      col('diagnoosi', 'none', (c) => c.rng.pick(['otiitti', 'rokotus', 'hammaskivi', 'ihottuma'])),
      col('lasku_eur', 'none', (c) => amount(c, 30, 900, 'space')),
      col('omistajan_hetu', 'government_id', (c) => hetu(c.rng, c.p.birth)),
    ],
  },
  {
    name: 'borgersager_kommune_dk', country: 'DK', faker: fakerDA, format: 'csv',
    columns: [
      col('sagsnummer', 'none', (c) => `${c.rng.int(2023, 2025)}-${c.rng.digits(6)}`),
      col('cpr_nr', 'government_id', (c) => cpr(c.rng, c.p.birth, c.p.sex)),
      col('fornavn', 'name', (c) => c.p.first),
      col('efternavn', 'name', (c) => c.p.last),
      col('adresse', 'address', (c) => streetLine(c.rng, c.f, 'DK')),
      col('postnr', 'address', (c) => postcode(c.rng, 'DK')),
      col('by', 'none', (c) => c.f.location.city()),
      col('telefon', 'phone', (c) => phone(c.rng, 'DK', 'digits')),
      col('email', 'email', (c) => c.p.email),
      col('koen', 'gender', (c) => sex(c, 'M', 'K')),
      col('alder', 'age', (c) => ageOn(c.p.birth)),
      col('oprettet', 'none', (c) => recent(c, 'dmy_dash')),
      col('sagstype', 'none', (c) => c.rng.pick(['Boligstøtte', 'Parkeringstilladelse', 'Byggetilladelse', 'Affald'])),
    ],
  },
  {
    name: 'ticket_orders_ie', country: 'IE', faker: fakerEN_IE, format: 'csv',
    columns: [
      col('order_ref', 'none', (c) => `TK${c.rng.digits(9)}`),
      col('buyer_first_name', 'name', (c) => c.p.first),
      col('buyer_surname', 'name', (c) => c.p.last),
      col('buyer_email', 'email', (c) => c.p.email),
      col('buyer_mobile', 'phone', (c) => phone(c.rng, 'IE', c.rng.pick(['international', 'national']))),
      col('eircode', 'address', (c) => postcode(c.rng, 'IE')),
      col('county', 'none', (c) => c.rng.pick(['Dublin', 'Cork', 'Galway', 'Limerick', 'Kerry'])),
      col('event_name', 'none', (c) => c.rng.pick(['Electric Picnic', 'Six Nations: Ireland v France', 'Riverdance', 'Longitude'])),
      col('seat', 'none', (c) => `Block ${c.rng.pick(['A', 'B', 'C', 'D'])} Row ${c.rng.int(1, 40)} Seat ${c.rng.int(1, 30)}`),
      col('ticket_price_eur', 'none', (c) => amount(c, 25, 250, 'en')),
      col('purchase_ip', 'ip_address', (c) => publicIpv4(c)),
      col('card_last4', 'none', (c) => c.rng.digits(4)),
      col('order_time', 'none', (c) => stamp(c)),
      col('user_agent', 'none', (c) => c.f.internet.userAgent()),
      col('ppsn', 'government_id', (c) => ppsn(c.rng)),
    ],
  },
  {
    name: 'scooter_trips_nz', country: 'NZ', faker: fakerEN, format: 'parquet',
    columns: [
      col('trip_id', 'none', (c) => uuid(c)),
      col('rider_id', 'person_id', (c) => 100000 + c.rng.int(0, 899999), 'INTEGER'),
      col('start_lat', 'precise_location', (c) => near(c, -36.85, 0.1), 'DOUBLE'),
      col('start_lng', 'precise_location', (c) => near(c, 174.76, 0.1), 'DOUBLE'),
      col('end_lat', 'precise_location', (c) => near(c, -36.85, 0.1), 'DOUBLE'),
      col('end_lng', 'precise_location', (c) => near(c, 174.76, 0.1), 'DOUBLE'),
      col('distance_km', 'none', (c) => c.rng.int(2, 120) / 10, 'DOUBLE'),
      col('fare_nzd', 'none', (c) => c.rng.int(150, 2500) / 100, 'DOUBLE'),
      col('started_at', 'none', (c) => stamp(c)),
      col('scooter_serial', 'none', (c) => `NB${c.rng.digits(10)}`),
      col('rider_phone', 'phone', (c) => phone(c.rng, 'NZ', 'e164')),
      col('payment_card', 'card_number', (c) => cardNumber(c.rng), 'BIGINT'),
      col('battery_pct', 'none', (c) => c.rng.int(5, 100), 'INTEGER'),
    ],
  },
  {
    name: 'employee_master_za', country: 'ZA', faker: fakerEN_ZA, format: 'csv',
    columns: [
      col('Employee Number', 'person_id', (c) => `EMP${String(3000 + c.i).padStart(5, '0')}`),
      col('Full Name', 'name', (c) => `${c.p.first} ${c.p.last}`),
      col('ID Number', 'government_id', (c) => saId(c.rng, c.p.birth, c.p.sex)),
      col('Date of Birth', 'date_of_birth', (c) => formatDate(c.p.birth, 'd_mon_y')),
      col('Gender', 'gender', (c) => sex(c, 'Male', 'Female')),
      col('Cell Number', 'phone', (c) => phone(c.rng, 'ZA', 'national')),
      col('Email Address', 'email', (c) => c.p.email),
      col('Residential Address', 'address', (c) => streetLine(c.rng, c.f, 'ZA')),
      col('Postal Code', 'address', (c) => postcode(c.rng, 'ZA')),
      col('Department', 'none', (c) => c.rng.pick(['Finance', 'Operations', 'Sales', 'IT'])),
      col('Basic Salary', 'none', (c) => `R ${amount(c, 8000, 90000, 'space')}`),
      col('Bank Account Number', 'bank_account', (c) => c.rng.digits(c.rng.pick([10, 11]))),
      col('Branch Code', 'none', (c) => c.rng.pick(['250655', '198765', '632005', '470010', '051001'])),
      col('Start Date', 'none', (c) => recent(c, 'd_mon_y')),
      col('Tax Number', 'government_id', (c) => `${c.rng.pick(['0', '1', '2', '3', '9'])}${c.rng.digits(9)}`),
    ],
  },
  {
    name: 'apotheke_abgaben_ch', country: 'CH', faker: fakerDE_CH, format: 'csv',
    columns: [
      col('AHV-Nr', 'government_id', (c) => ahv(c.rng)),
      col('Name', 'name', (c) => c.p.last),
      col('Vorname', 'name', (c) => c.p.first),
      col('Geb.-Datum', 'date_of_birth', (c) => formatDate(c.p.birth, 'dmy_dot')),
      col('Geschlecht', 'gender', (c) => sex(c, 'm', 'w')),
      col('Strasse', 'address', (c) => streetLine(c.rng, c.f, 'CH')),
      col('PLZ', 'address', (c) => postcode(c.rng, 'CH')),
      col('Ort', 'none', (c) => c.f.location.city()),
      col('Telefon', 'phone', (c) => phone(c.rng, 'CH', 'national')),
      col('Medikament', 'none', (c) => c.rng.pick(['Dafalgan 1g', 'Ibuprofen 400', 'Pantoprazol 20', 'Amoxicillin 1000'])),
      col('Pharmacode', 'none', (c) => c.rng.digits(7)),
      col('GTIN', 'none', (c) => ean13(c.rng)),
      col('Abgabedatum', 'none', (c) => recent(c, 'dmy_dot')),
      col('Menge', 'none', (c) => c.rng.int(1, 4)),
      col('Krankenkasse', 'none', (c) => c.rng.pick(['CSS', 'Helsana', 'Swica', 'Sanitas', 'Visana'])),
    ],
  },
  {
    name: 'zaehlerstaende_at', country: 'AT', faker: fakerDE_AT, format: 'csv',
    columns: [
      col('Kundennummer', 'person_id', (c) => String(4_000_000 + c.i * 17)),
      col('Anrede', 'gender', (c) => sex(c, 'Herr', 'Frau')),
      col('Vorname', 'name', (c) => c.p.first),
      col('Nachname', 'name', (c) => c.p.last),
      col('Anlageadresse', 'address', (c) => streetLine(c.rng, c.f, 'AT')),
      col('PLZ', 'address', (c) => postcode(c.rng, 'AT')),
      col('Zählernummer', 'none', (c) => `1ESY${c.rng.digits(10)}`),
      col('Verbrauch kWh', 'none', (c) => c.rng.int(800, 9000)),
      col('Ablesedatum', 'none', (c) => recent(c, 'dmy_dot')),
      col('Tarif', 'none', (c) => c.rng.pick(['Optima Float', 'Strom Fix', 'Wärmepumpe'])),
      col('IBAN', 'bank_account', (c) => c.f.finance.iban({ countryCode: 'AT' })),
      col('E-Mail-Adresse', 'email', (c) => c.p.email),
      col('Telefonnummer', 'phone', (c) => phone(c.rng, 'AT', 'idd')),
      col('Vertragskonto', 'none', (c) => c.rng.digits(12)),
    ],
  },
  {
    name: 'crew_roster_no', country: 'NO', faker: fakerNB_NO, format: 'csv',
    columns: [
      col('CREW_ID', 'person_id', (c) => `C${c.rng.digits(5)}`),
      col('CREW_NAME', 'name', (c) => `${c.p.last.toUpperCase()}/${c.p.first.toUpperCase()}`),
      col('FNR', 'government_id', (c) => fodselsnummer(c.rng, c.p.birth)),
      col('PASSPORT_NO', 'government_id', (c) => `${c.rng.pick(['F', 'P', 'N'])}${c.rng.pick(['K', 'C', 'L'])}${c.rng.digits(7)}`),
      col('BASE', 'none', (c) => c.rng.pick(['OSL', 'BGO', 'TRD', 'SVG'])),
      col('FLT_NO', 'none', (c) => `DY${c.rng.int(100, 9999)}`),
      col('AC_REG', 'none', (c) => `LN-${c.rng.pick(['NGA', 'ENR', 'KKL', 'RRS', 'NIB'])}`),
      col('DUTY_START_UTC', 'none', (c) => `${formatDate(recentDate(c.rng), 'iso')}T${String(c.rng.int(0, 23)).padStart(2, '0')}:${c.rng.pick(['00', '15', '30', '45'])}:00Z`),
      col('DUTY_HRS', 'none', (c) => (c.rng.int(20, 130) / 10).toFixed(1)),
      col('MOBILE', 'phone', (c) => phone(c.rng, 'NO', 'international')),
      col('DOB', 'date_of_birth', (c) => formatDate(c.p.birth, 'compact')),
    ],
  },
  {
    name: 'matriculas_escola_pt', country: 'PT', faker: fakerPT_PT, format: 'csv',
    columns: [
      col('nº aluno', 'person_id', (c) => String(20240000 + c.i)),
      col('nome completo', 'name', (c) => `${c.p.first} ${c.p.last} ${c.f.person.lastName()}`),
      col('data de nascimento', 'date_of_birth', (c) => formatDate(new Date(Date.UTC(c.rng.int(2008, 2015), c.rng.int(0, 11), c.rng.int(1, 28))), 'dmy_dash')),
      col('idade', 'age', (c) => c.rng.int(10, 17)),
      col('sexo', 'gender', (c) => sex(c, 'M', 'F')),
      col('NIF', 'government_id', (c) => nif(c.rng)),
      col('encarregado de educação', 'name', (c) => c.f.person.fullName()),
      col('telemóvel encarregado', 'phone', (c) => phone(c.rng, 'PT', 'national')),
      col('email encarregado', 'email', (c) => c.f.internet.email().toLowerCase()),
      col('morada', 'address', (c) => streetLine(c.rng, c.f, 'PT')),
      col('código postal', 'address', (c) => postcode(c.rng, 'PT')),
      col('turma', 'none', (c) => `${c.rng.int(5, 12)}º${c.rng.pick(['A', 'B', 'C'])}`),
      col('média', 'none', (c) => (c.rng.int(80, 200) / 10).toFixed(1).replace('.', ',')),
      col('ano letivo', 'none', () => '2024/2025'),
    ],
  },
  {
    name: 'kaiin_list_jp', country: 'JP', faker: fakerJA, format: 'csv',
    columns: [
      col('会員番号', 'person_id', (c) => `M${c.rng.digits(8)}`),
      col('氏名', 'name', (c) => `${c.p.last} ${c.p.first}`),
      col('生年月日', 'date_of_birth', (c) => formatDate(c.p.birth, 'ymd_slash')),
      col('性別', 'gender', (c) => sex(c, '男性', '女性')),
      col('郵便番号', 'address', (c) => postcode(c.rng, 'JP')),
      col('住所', 'address', (c) => `${c.f.location.state()}${c.f.location.city()}${c.f.location.street()}`),
      col('電話番号', 'phone', (c) => phone(c.rng, 'JP', 'national')),
      col('メールアドレス', 'email', () => fakerEN.internet.email().toLowerCase()),
      col('ポイント残高', 'none', (c) => c.rng.int(0, 30000)),
      col('最終来店日', 'none', (c) => recent(c, 'ymd_slash')),
      col('店舗コード', 'none', (c) => `S${c.rng.int(100, 999)}`),
      col('購入金額', 'none', (c) => `¥${c.rng.int(300, 90000).toLocaleString('en-US')}`),
    ],
  },
  {
    name: 'proxy_access_log_cz', country: 'CZ', faker: fakerCS_CZ, format: 'csv',
    columns: [
      col('ts', 'none', (c) => stamp(c)),
      col('x_forwarded_for', 'ip_address', (c) => (c.rng.chance(0.6) ? `${publicIpv4(c)}, 10.20.${c.rng.int(0, 9)}.${c.rng.int(1, 254)}` : publicIpv4(c))),
      col('upstream_addr', 'none', (c) => `10.20.${c.rng.int(0, 9)}.${c.rng.int(1, 254)}:8080`),
      col('method', 'none', (c) => c.rng.pick(['GET', 'POST', 'GET', 'GET'])),
      col('path', 'none', (c) => c.rng.pick(['/cs/produkty', '/api/kosik', '/cs/ucet/prihlaseni', '/static/app.js'])),
      col('status', 'none', (c) => c.rng.pick([200, 200, 304, 404, 302])),
      col('bytes_sent', 'none', (c) => c.rng.int(200, 90000)),
      col('user_agent', 'none', (c) => c.f.internet.userAgent()),
      col('sid', 'online_identifier', (c) => hex(c, 32)),
      col('ga_cid', 'online_identifier', (c) => `GA1.2.${c.rng.int(100000000, 2000000000)}.${c.rng.int(1690000000, 1760000000)}`),
      col('login_email', 'email', (c) => (c.rng.chance(0.7) ? c.p.email : '-')),
      col('request_time_ms', 'none', (c) => c.rng.int(1, 2500)),
    ],
  },
  {
    name: 'reklamace_cz', country: 'CZ', faker: fakerCS_CZ, format: 'csv',
    columns: [
      col('číslo reklamace', 'none', (c) => `RK-${c.rng.int(2024, 2025)}-${c.rng.digits(5)}`),
      col('jméno a příjmení', 'name', (c) => `${c.p.first} ${c.p.last}`),
      col('rodné číslo', 'government_id', (c) => rodneCislo(c.rng, c.p.birth, c.p.sex)),
      col('telefon', 'phone', (c) => phone(c.rng, 'CZ', 'international')),
      col('e-mail', 'email', (c) => c.p.email),
      col('popis závady', 'free_text', (c) => c.rng.pick([`Nefunguje displej, volejte prosím na ${phone(c.rng, 'CZ', 'national')}`, 'Praskla baterie po dvou týdnech.', `Odpověď prosím na ${c.p.email}, děkuji`, 'Chybí nabíječka v balení.', 'Výrobek nelze zapnout.'])),
      col('datum přijetí', 'none', (c) => recent(c, 'dmy_dot')),
      col('částka', 'none', (c) => `${amount(c, 200, 40000, 'space')} Kč`),
      col('stav', 'none', (c) => c.rng.pick(['přijato', 'vyřízeno', 'zamítnuto'])),
      col('EAN výrobku', 'none', (c) => ean13(c.rng)),
      col('IMEI', 'device_id', (c) => imei(c.rng)),
    ],
  },
];
