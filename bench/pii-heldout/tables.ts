/**
 * The held-out set's tables: what each column is called, how its values are made, and the
 * tag a data-protection officer gives it (`none` when it is not personal). Labels were
 * decided from what the column holds, before the classifier saw any of it.
 *
 * Conventions: a city, region, state, country or neighbourhood alone is `none` (coarser
 * than a street); street lines and postcodes of a person are `address`; a company's,
 * store's or server's own location or address is `none`; ids a system gives a person are
 * `person_id`; a hash of an email is `pseudonymous_id` (a file checksum is not); free
 * text is `free_text` only when people type contact details into it; masked card numbers
 * (last four) are not a card number (PCI DSS: truncated PANs are not cardholder data).
 */
import type { Faker } from '@faker-js/faker';
import { fakerDE, fakerEN_AU, fakerEN_GB, fakerEN_IN, fakerEN_US, fakerES, fakerFR, fakerIT, fakerNL, fakerPT_BR } from '@faker-js/faker';
import { aadhaar, abaRouting, bsn, cardNumber, codiceFiscale, cpf, dni, groupCard, groupIban, iban, imei, nino, nir, ssn, steuerId, type Rng } from './ids.js';
import { ageAt, type Country, formatDate, phone, postcode, recentDate, streetLine } from './formats.js';

export type Value = string | number | boolean | null;

export interface Person {
  readonly first: string;
  readonly last: string;
  readonly sex: 'm' | 'f';
  readonly birth: Date;
  readonly email: string;
}

export interface Ctx {
  readonly rng: Rng;
  readonly f: Faker;
  readonly p: Person;
  readonly i: number;
  readonly country: Country;
}

export interface ColumnSpec {
  readonly name: string;
  readonly tag: string;
  readonly gen: (c: Ctx) => Value;
  /** DuckDB type when the table is written as Parquet (VARCHAR otherwise). */
  readonly type?: 'BIGINT' | 'DOUBLE' | 'BOOLEAN' | 'INTEGER';
}

export interface TableSpec {
  readonly name: string;
  readonly country: Country;
  readonly faker: Faker;
  readonly format: 'csv' | 'parquet';
  readonly columns: readonly ColumnSpec[];
}

const col = (name: string, tag: string, gen: (c: Ctx) => Value, type?: ColumnSpec['type']): ColumnSpec => (type ? { name, tag, gen, type } : { name, tag, gen });

const money = (c: Ctx, lo: number, hi: number, style: 'en' | 'eu'): string => {
  const v = (c.rng.int(lo * 100, hi * 100) / 100).toFixed(2);
  const [int, dec] = v.split('.');
  const grouped = int!.replace(/\B(?=(\d{3})+(?!\d))/g, style === 'en' ? ',' : '.');
  return style === 'en' ? `${grouped}.${dec}` : `${grouped},${dec}`;
};
const uuid = (c: Ctx): string => c.f.string.uuid();
const hex = (c: Ctx, n: number): string => c.f.string.hexadecimal({ length: n, casing: 'lower', prefix: '' });
const coord = (c: Ctx, lo: number, hi: number, digits: number): number => Number((lo + c.rng() * (hi - lo)).toFixed(digits));
const sentence = (c: Ctx): string => c.f.lorem.sentence({ min: 5, max: 12 });
const en = (c: Ctx): string => c.rng.pick(['Please advise on the delivery window for the next batch.', 'Invoice attached, payment terms net 30.', 'Customer asked about the warranty on the blender.', 'Resolved after a restart of the router.', 'Follow up next week regarding the upgrade.', 'Item arrived damaged, replacement shipped.', 'Requested a copy of the terms and conditions.', 'Wants to change the plan to annual billing.']);
const sexWord = (c: Ctx, words: readonly [string, string]): string => (c.p.sex === 'm' ? words[0] : words[1]);

export const TABLES: readonly TableSpec[] = [
  {
    name: 'personal_stammdaten_de', country: 'DE', faker: fakerDE, format: 'csv',
    columns: [
      col('Personalnummer', 'person_id', (c) => `P${String(10000 + c.i)}`),
      col('Vorname', 'name', (c) => c.p.first),
      col('Nachname', 'name', (c) => c.p.last),
      col('Geburtsdatum', 'date_of_birth', (c) => formatDate(c.p.birth, 'eu_dot')),
      col('Geschlecht', 'gender', (c) => (c.rng.chance(0.03) ? 'divers' : sexWord(c, ['männlich', 'weiblich']))),
      col('E-Mail', 'email', (c) => c.p.email),
      col('Telefon privat', 'phone', (c) => phone(c.rng, 'DE')),
      col('Straße', 'address', (c) => streetLine(c.rng, c.f, 'DE')),
      col('PLZ', 'address', (c) => postcode(c.rng, 'DE')),
      col('Ort', 'none', (c) => c.f.location.city()),
      col('Eintrittsdatum', 'none', (c) => formatDate(recentDate(c.rng), 'eu_dot')),
      col('Abteilung', 'none', (c) => c.rng.pick(['Vertrieb', 'Buchhaltung', 'IT', 'Personal', 'Einkauf', 'Logistik'])),
      col('Bruttogehalt', 'none', (c) => money(c, 2800, 9800, 'eu')),
      col('Steuer-ID', 'government_id', (c) => steuerId(c.rng)),
      col('IBAN', 'bank_account', (c) => groupIban(iban(c.rng, 'DE'))),
      col('Urlaubstage', 'none', (c) => c.rng.int(24, 30)),
      col('Steuerklasse', 'none', (c) => c.rng.int(1, 6)),
    ],
  },
  {
    name: 'payroll_run_uk', country: 'GB', faker: fakerEN_GB, format: 'csv',
    columns: [
      col('EmployeeRef', 'person_id', (c) => `EMP${String(c.i + 1).padStart(5, '0')}`),
      col('Forename', 'name', (c) => c.p.first),
      col('Surname', 'name', (c) => c.p.last),
      col('NINumber', 'government_id', (c) => nino(c.rng, c.rng.chance(0.5))),
      col('DOB', 'date_of_birth', (c) => formatDate(c.p.birth, 'eu_slash')),
      col('SortCode', 'none', (c) => `${c.rng.digits(2)}-${c.rng.digits(2)}-${c.rng.digits(2)}`),
      col('AccountNumber', 'bank_account', (c) => c.rng.digits(8)),
      col('GrossPay', 'none', (c) => `£${money(c, 1500, 7500, 'en')}`),
      col('TaxCode', 'none', (c) => c.rng.pick(['1257L', 'BR', 'K475', '1100L', 'D0', 'S1257L'])),
      col('PayDate', 'none', (c) => formatDate(recentDate(c.rng), 'eu_slash')),
      col('Postcode', 'address', (c) => postcode(c.rng, 'GB')),
      col('MobileNo', 'phone', (c) => phone(c.rng, 'GB')),
      col('PensionPct', 'none', (c) => c.rng.pick(['3', '4', '5', '8'])),
      col('HoursWorked', 'none', (c) => (c.rng.int(600, 1800) / 10).toFixed(1)),
    ],
  },
  {
    name: 'bank_klanten_nl', country: 'NL', faker: fakerNL, format: 'csv',
    columns: [
      col('klantnummer', 'person_id', (c) => String(700000 + c.i * 7)),
      col('voornaam', 'name', (c) => c.p.first),
      col('achternaam', 'name', (c) => c.p.last),
      col('geboortedatum', 'date_of_birth', (c) => formatDate(c.p.birth, 'eu_dash')),
      col('bsn', 'government_id', (c) => bsn(c.rng)),
      col('iban', 'bank_account', (c) => iban(c.rng, 'NL')),
      col('telefoonnummer', 'phone', (c) => phone(c.rng, 'NL')),
      col('straat', 'address', (c) => streetLine(c.rng, c.f, 'NL')),
      col('postcode', 'address', (c) => postcode(c.rng, 'NL')),
      col('woonplaats', 'none', (c) => c.f.location.city()),
      col('saldo', 'none', (c) => money(c, -500, 25000, 'eu')),
      col('rekening_type', 'none', (c) => c.rng.pick(['betaalrekening', 'spaarrekening', 'zakelijk'])),
      col('aangemaakt_op', 'none', (c) => formatDate(recentDate(c.rng), 'iso_time')),
      col('risicoscore', 'none', (c) => c.rng.int(1, 100)),
      col('geslacht', 'gender', (c) => sexWord(c, ['M', 'V'])),
    ],
  },
  {
    name: 'card_authorisations', country: 'US', faker: fakerEN_US, format: 'parquet',
    columns: [
      col('txn_id', 'none', uuid),
      col('card_number', 'card_number', (c) => groupCard(cardNumber(c.rng), c.rng.pick([' ', '-', '']))),
      col('pan', 'card_number', (c) => cardNumber(c.rng), 'BIGINT'),
      col('card_last4', 'none', (c) => `**** **** **** ${c.rng.digits(4)}`),
      col('cardholder', 'name', (c) => `${c.p.first} ${c.rng.pick(['', `${c.f.string.alpha({ length: 1, casing: 'upper' })} `])}${c.p.last}`.toUpperCase()),
      col('merchant_name', 'none', (c) => c.f.company.name()),
      col('mcc', 'none', (c) => c.rng.pick(['5411', '5812', '5999', '4111', '5732', '7011'])),
      col('amount', 'none', (c) => c.rng.int(100, 250000) / 100, 'DOUBLE'),
      col('currency', 'none', (c) => c.rng.pick(['USD', 'USD', 'EUR', 'GBP'])),
      col('txn_ts', 'none', (c) => formatDate(recentDate(c.rng), 'iso_time')),
      col('auth_code', 'none', (c) => c.f.string.alphanumeric({ length: 6, casing: 'upper' })),
      col('terminal_id', 'none', (c) => `T${c.rng.digits(8)}`),
      col('billing_zip', 'address', (c) => postcode(c.rng, 'US')),
      col('is_fraud', 'none', (c) => c.rng.chance(0.05), 'BOOLEAN'),
      col('order_ref', 'none', (c) => `9${c.rng.digits(15)}`, 'BIGINT'),
    ],
  },
  {
    name: 'commandes_fr', country: 'FR', faker: fakerFR, format: 'csv',
    columns: [
      col('numero_commande', 'none', (c) => `CMD-2024-${String(c.i + 1).padStart(6, '0')}`),
      col('date_commande', 'none', (c) => formatDate(recentDate(c.rng), 'eu_slash')),
      col('prénom', 'name', (c) => c.p.first),
      col('nom', 'name', (c) => c.p.last),
      col('courriel', 'email', (c) => c.p.email),
      col('téléphone', 'phone', (c) => phone(c.rng, 'FR')),
      col('adresse_livraison', 'address', (c) => streetLine(c.rng, c.f, 'FR')),
      col('code_postal', 'address', (c) => postcode(c.rng, 'FR')),
      col('ville', 'none', (c) => c.f.location.city()),
      col('pays', 'none', () => 'France'),
      col('sku', 'none', (c) => `SKU-${c.rng.digits(5)}-${c.rng.pick(['BL', 'RG', 'NR', 'XL'])}`),
      col('quantité', 'none', (c) => c.rng.int(1, 6)),
      col('prix_ttc', 'none', (c) => money(c, 5, 900, 'eu')),
      col('mode_paiement', 'none', (c) => c.rng.pick(['CB', 'PayPal', 'Virement', 'Chèque'])),
      col('code_article', 'none', (c) => c.rng.digits(5)),
      col('note_client', 'none', (c) => c.rng.int(1, 5)),
    ],
  },
  {
    name: 'clinic_visits_us', country: 'US', faker: fakerEN_US, format: 'csv',
    columns: [
      col('MRN', 'person_id', (c) => `MRN${c.rng.digits(7)}`),
      col('PatientName', 'name', (c) => `${c.p.last}, ${c.p.first}${c.rng.chance(0.5) ? ` ${c.f.string.alpha({ length: 1, casing: 'upper' })}` : ''}`),
      col('DOB', 'date_of_birth', (c) => formatDate(c.p.birth, 'us')),
      col('Sex', 'gender', (c) => sexWord(c, ['M', 'F'])),
      col('PatientPhone', 'phone', (c) => phone(c.rng, 'US', 'national')),
      col('SSN', 'government_id', (c) => ssn(c.rng)),
      col('ApptDate', 'none', (c) => formatDate(recentDate(c.rng), 'us')),
      col('ApptTime', 'none', (c) => `${c.rng.int(8, 17)}:${c.rng.pick(['00', '15', '30', '45'])}`),
      col('Provider', 'name', (c) => `Dr. ${c.f.person.firstName()} ${c.f.person.lastName()}`),
      col('Department', 'none', (c) => c.rng.pick(['Cardiology', 'Dermatology', 'Pediatrics', 'Orthopedics', 'Family Medicine'])),
      col('VisitReason', 'none', (c) => c.rng.pick(['Annual physical', 'Follow-up', 'Knee pain', 'Rash', 'Flu symptoms', 'Medication review'])),
      col('InsuranceMemberID', 'person_id', (c) => `${c.f.string.alpha({ length: 3, casing: 'upper' })}${c.rng.digits(9)}`),
      col('Copay', 'none', (c) => `$${c.rng.pick(['0.00', '20.00', '35.00', '50.00'])}`),
      col('Room', 'none', (c) => `${c.rng.int(1, 4)}${c.rng.digits(2)}`),
      col('Weight_kg', 'none', (c) => (c.rng.int(450, 1300) / 10).toFixed(1)),
    ],
  },
  {
    name: 'hospital_patients_in', country: 'IN', faker: fakerEN_IN, format: 'csv',
    columns: [
      col('patient_id', 'person_id', (c) => `PT-${c.rng.digits(6)}`),
      col('full_name', 'name', (c) => `${c.p.first} ${c.p.last}`),
      col('aadhaar_no', 'government_id', (c) => aadhaar(c.rng, c.rng.chance(0.6))),
      col('age', 'age', (c) => ageAt(c.p.birth)),
      col('gender', 'gender', (c) => sexWord(c, ['Male', 'Female'])),
      col('mobile', 'phone', (c) => phone(c.rng, 'IN')),
      col('address', 'address', (c) => streetLine(c.rng, c.f, 'IN')),
      col('pin_code', 'address', (c) => postcode(c.rng, 'IN')),
      col('state', 'none', (c) => c.f.location.state()),
      col('blood_group', 'none', (c) => c.rng.pick(['A+', 'B+', 'O+', 'AB+', 'A-', 'O-'])),
      col('admission_date', 'none', (c) => formatDate(recentDate(c.rng), 'eu_dash')),
      col('ward', 'none', (c) => c.rng.pick(['General', 'ICU', 'Maternity', 'Surgical'])),
      col('bill_amount', 'none', (c) => `₹${money(c, 500, 250000, 'en')}`),
      col('attending_doctor', 'name', (c) => `Dr. ${c.f.person.firstName()} ${c.f.person.lastName()}`),
    ],
  },
  {
    name: 'nginx_access', country: 'US', faker: fakerEN_US, format: 'csv',
    columns: [
      col('time_local', 'none', (c) => { const d = recentDate(c.rng); return `${String(d.getUTCDate()).padStart(2, '0')}/${['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][d.getUTCMonth()]}/${d.getUTCFullYear()}:${d.toISOString().slice(11, 19)} +0000`; }),
      col('remote_addr', 'ip_address', (c) => c.f.internet.ipv4()),
      col('server_addr', 'none', (c) => `10.0.${c.rng.int(0, 3)}.${c.rng.int(10, 20)}`),
      col('request_method', 'none', (c) => c.rng.pick(['GET', 'GET', 'POST', 'HEAD'])),
      col('request_uri', 'none', (c) => c.rng.pick(['/', '/products/', '/cart', '/api/v2/items/', '/static/app.js', '/search?q=shoes']) + (c.rng.chance(0.5) ? String(c.rng.int(1, 9999)) : '')),
      col('status', 'none', (c) => c.rng.pick([200, 200, 200, 304, 404, 500])),
      col('body_bytes_sent', 'none', (c) => c.rng.int(0, 90000)),
      col('http_referer', 'none', (c) => c.rng.pick(['-', 'https://www.google.com/', 'https://shop.example.com/cart', 'https://t.co/abc123'])),
      col('http_user_agent', 'none', (c) => c.f.internet.userAgent()),
      col('request_time', 'none', (c) => (c.rng.int(1, 3000) / 1000).toFixed(3)),
      col('http_x_forwarded_for', 'ip_address', (c) => (c.rng.chance(0.3) ? `${c.f.internet.ipv4()}, ${c.f.internet.ipv4()}` : c.f.internet.ipv4())),
      col('client_ipv6', 'ip_address', (c) => c.f.internet.ipv6()),
      col('app_build', 'none', (c) => `${c.rng.int(1, 12)}.${c.rng.int(0, 9)}.${c.rng.int(0, 30)}.${c.rng.int(0, 250)}`),
      col('cookie_sid', 'online_identifier', (c) => hex(c, 32)),
      col('request_id', 'none', uuid),
    ],
  },
  {
    name: 'salesforce_contacts_export', country: 'US', faker: fakerEN_US, format: 'csv',
    columns: [
      col('Contact ID', 'person_id', (c) => `003${c.f.string.alphanumeric({ length: 15 })}`),
      col('First Name', 'name', (c) => c.p.first),
      col('Last Name', 'name', (c) => c.p.last),
      col('Title', 'none', (c) => c.f.person.jobTitle()),
      col('Account Name', 'none', (c) => c.f.company.name()),
      col('Email', 'email', (c) => c.p.email),
      col('Phone', 'phone', (c) => phone(c.rng, 'US')),
      col('Mobile Phone', 'phone', (c) => (c.rng.chance(0.2) ? null : phone(c.rng, 'US'))),
      col('Mailing Street', 'address', (c) => streetLine(c.rng, c.f, 'US')),
      col('Mailing City', 'none', (c) => c.f.location.city()),
      col('Mailing Zip/Postal Code', 'address', (c) => postcode(c.rng, 'US')),
      col('Mailing Country', 'none', () => 'United States'),
      col('Lead Source', 'none', (c) => c.rng.pick(['Web', 'Trade Show', 'Partner Referral', 'Cold Call'])),
      col('Created Date', 'none', (c) => formatDate(recentDate(c.rng), 'us_time')),
      col('Contact Owner', 'name', (c) => c.rng.pick(['Maria Gonzalez', 'Tom Becker', 'Priya Raman', 'James O\'Connor'])),
      col('Email Opt Out', 'none', (c) => (c.rng.chance(0.2) ? '1' : '0')),
      col('Birthdate', 'date_of_birth', (c) => (c.rng.chance(0.3) ? null : formatDate(c.p.birth, 'us'))),
    ],
  },
  {
    name: 'hubspot_contacts_export', country: 'GB', faker: fakerEN_GB, format: 'csv',
    columns: [
      col('hs_object_id', 'person_id', (c) => String(51000000 + c.i * 13)),
      col('firstname', 'name', (c) => c.p.first),
      col('lastname', 'name', (c) => c.p.last),
      col('email', 'email', (c) => c.p.email),
      col('phone', 'phone', (c) => phone(c.rng, 'GB')),
      col('mobilephone', 'phone', (c) => phone(c.rng, 'GB', 'e164')),
      col('company', 'none', (c) => c.f.company.name()),
      col('jobtitle', 'none', (c) => c.f.person.jobTitle()),
      col('lifecyclestage', 'none', (c) => c.rng.pick(['subscriber', 'lead', 'marketingqualifiedlead', 'customer'])),
      col('hs_analytics_num_page_views', 'none', (c) => c.rng.int(0, 300)),
      col('hs_email_optout', 'none', (c) => c.rng.pick(['true', 'false', 'false'])),
      col('ip_country', 'none', (c) => c.rng.pick(['gb', 'ie', 'us', 'de'])),
      col('createdate', 'none', (c) => String(recentDate(c.rng).getTime())),
      col('address', 'address', (c) => streetLine(c.rng, c.f, 'GB')),
      col('zip', 'address', (c) => postcode(c.rng, 'GB')),
      col('city', 'none', (c) => c.f.location.city()),
      col('hs_ip_timezone', 'none', (c) => c.rng.pick(['europe_slash_london', 'europe_slash_dublin'])),
    ],
  },
  {
    name: 'inscripciones_evento_es', country: 'ES', faker: fakerES, format: 'csv',
    columns: [
      col('id_inscripcion', 'none', (c) => `INS${c.rng.digits(6)}`),
      col('nombre', 'name', (c) => c.p.first),
      col('apellidos', 'name', (c) => `${c.p.last} ${c.f.person.lastName()}`),
      col('correo_electronico', 'email', (c) => c.p.email),
      col('teléfono_móvil', 'phone', (c) => phone(c.rng, 'ES')),
      col('dni', 'government_id', (c) => dni(c.rng)),
      col('fecha_nacimiento', 'date_of_birth', (c) => formatDate(c.p.birth, 'eu_slash')),
      col('edad', 'age', (c) => ageAt(c.p.birth)),
      col('evento', 'none', (c) => c.rng.pick(['Congreso Marketing Digital', 'Taller de Datos', 'Foro Fintech Madrid'])),
      col('fecha_evento', 'none', (c) => formatDate(recentDate(c.rng), 'eu_slash')),
      col('tipo_entrada', 'none', (c) => c.rng.pick(['General', 'VIP', 'Estudiante'])),
      col('precio', 'none', (c) => `${money(c, 0, 450, 'eu')} €`),
      col('dieta', 'none', (c) => c.rng.pick(['ninguna', 'vegetariana', 'sin gluten', 'vegana'])),
      col('comentarios', 'none', (c) => c.rng.pick(['', 'Llegaré tarde el primer día.', 'Necesito factura a nombre de la empresa.', 'Gracias por la organización.', '¿Habrá grabación de las charlas?'])),
      col('codigo_postal', 'address', (c) => postcode(c.rng, 'ES')),
    ],
  },
  {
    name: 'programma_fedelta_it', country: 'IT', faker: fakerIT, format: 'csv',
    columns: [
      col('codice_cliente', 'person_id', (c) => `CL${c.rng.digits(7)}`),
      col('nome', 'name', (c) => c.p.first),
      col('cognome', 'name', (c) => c.p.last),
      col('codice_fiscale', 'government_id', (c) => codiceFiscale(c.rng, c.p.first, c.p.last, c.p.sex, c.p.birth)),
      col('data_nascita', 'date_of_birth', (c) => formatDate(c.p.birth, 'eu_slash')),
      col('sesso', 'gender', (c) => sexWord(c, ['M', 'F'])),
      col('email', 'email', (c) => c.p.email),
      col('cellulare', 'phone', (c) => phone(c.rng, 'IT')),
      col('indirizzo', 'address', (c) => streetLine(c.rng, c.f, 'IT')),
      col('CAP', 'address', (c) => postcode(c.rng, 'IT')),
      col('provincia', 'none', (c) => c.rng.pick(['MI', 'RM', 'TO', 'NA', 'FI', 'BO'])),
      col('punti', 'none', (c) => c.rng.int(0, 12000)),
      col('livello', 'none', (c) => c.rng.pick(['Bronze', 'Silver', 'Gold', 'Platinum'])),
      col('ultimo_acquisto', 'none', (c) => formatDate(recentDate(c.rng), 'iso')),
      col('consenso_marketing', 'none', (c) => c.rng.pick(['SI', 'NO'])),
    ],
  },
  {
    name: 'sinistres_assurance_fr', country: 'FR', faker: fakerFR, format: 'csv',
    columns: [
      col('numero_sinistre', 'none', (c) => `SIN-${c.rng.digits(8)}`),
      col('numero_securite_sociale', 'government_id', (c) => nir(c.rng, c.p.sex, c.p.birth, c.rng.chance(0.5))),
      col('nom_assure', 'name', (c) => `${c.p.last.toUpperCase()} ${c.p.first}`),
      col('date_naissance', 'date_of_birth', (c) => formatDate(c.p.birth, 'eu_slash')),
      col('date_sinistre', 'none', (c) => formatDate(recentDate(c.rng), 'eu_slash')),
      col('montant_reclame', 'none', (c) => money(c, 50, 30000, 'eu')),
      col('statut', 'none', (c) => c.rng.pick(['ouvert', 'en cours', 'réglé', 'refusé'])),
      col('description', 'free_text', (c) => (c.rng.chance(0.4) ? `Dégât des eaux, rappeler l'assuré au ${phone(c.rng, 'FR', 'national')} avant visite.` : c.rng.chance(0.5) ? `Bris de glace, envoyer le devis à ${c.p.email}.` : "Sinistre déclaré en ligne, photos jointes.")),
      col('iban_remboursement', 'bank_account', (c) => groupIban(iban(c.rng, 'FR'))),
      col('telephone_portable', 'phone', (c) => phone(c.rng, 'FR')),
      col('expert', 'name', (c) => `${c.f.person.firstName()} ${c.f.person.lastName()}`),
      col('code_postal', 'address', (c) => postcode(c.rng, 'FR')),
      col('taux_remboursement', 'none', (c) => c.rng.pick(['70%', '80%', '100%'])),
    ],
  },
  {
    name: 'telecom_cdr', country: 'GB', faker: fakerEN_GB, format: 'parquet',
    columns: [
      col('call_id', 'none', (c) => `1${c.rng.digits(12)}`, 'BIGINT'),
      col('a_number', 'phone', (c) => phone(c.rng, 'GB', 'digits')),
      col('b_number', 'phone', (c) => phone(c.rng, 'GB', 'digits')),
      col('imei', 'device_id', (c) => imei(c.rng)),
      col('cell_id', 'none', (c) => c.rng.int(10000, 65535), 'INTEGER'),
      col('lac', 'none', (c) => c.rng.int(1000, 9999), 'INTEGER'),
      col('start_time', 'none', (c) => formatDate(recentDate(c.rng), 'iso_time')),
      col('duration_s', 'none', (c) => c.rng.int(0, 3600), 'INTEGER'),
      col('call_type', 'none', (c) => c.rng.pick(['MOC', 'MTC', 'SMS-MO', 'SMS-MT', 'DATA'])),
      col('roaming', 'none', (c) => c.rng.chance(0.1), 'BOOLEAN'),
      col('cell_lat', 'precise_location', (c) => coord(c, 50.1, 57.5, 5), 'DOUBLE'),
      col('cell_lon', 'precise_location', (c) => coord(c, -5.5, 1.7, 5), 'DOUBLE'),
      col('charge_gbp', 'none', (c) => c.rng.int(0, 500) / 100, 'DOUBLE'),
      col('tariff_plan', 'none', (c) => c.rng.pick(['PAYG', 'SIMO-12', 'UNL-24', 'BIZ-5'])),
      col('bytes_up', 'none', (c) => c.rng.int(0, 5_000_000), 'BIGINT'),
    ],
  },
  {
    name: 'student_records_au', country: 'AU', faker: fakerEN_AU, format: 'csv',
    columns: [
      col('StudentNumber', 'person_id', (c) => `S${c.rng.digits(7)}`),
      col('GivenName', 'name', (c) => c.p.first),
      col('FamilyName', 'name', (c) => c.p.last),
      col('DateOfBirth', 'date_of_birth', (c) => formatDate(new Date(Date.UTC(c.rng.int(2007, 2019), c.rng.int(0, 11), c.rng.int(1, 28))), 'eu_slash')),
      col('Gender', 'gender', (c) => (c.rng.chance(0.03) ? 'X' : sexWord(c, ['M', 'F']))),
      col('ParentEmail', 'email', (c) => c.f.internet.email({ lastName: c.p.last })),
      col('ParentMobile', 'phone', (c) => phone(c.rng, 'AU')),
      col('HomeAddress', 'address', (c) => streetLine(c.rng, c.f, 'AU')),
      col('Suburb', 'none', (c) => c.f.location.city()),
      col('State', 'none', (c) => c.rng.pick(['NSW', 'VIC', 'QLD', 'WA', 'SA', 'TAS'])),
      col('Postcode', 'address', (c) => postcode(c.rng, 'AU')),
      col('YearLevel', 'none', (c) => c.rng.int(1, 12)),
      col('GPA', 'none', (c) => (c.rng.int(10, 70) / 10).toFixed(1)),
      col('AttendancePct', 'none', (c) => c.rng.int(60, 100)),
      col('EnrolmentDate', 'none', (c) => formatDate(recentDate(c.rng), 'eu_slash')),
    ],
  },
  {
    name: 'property_listings_us', country: 'US', faker: fakerEN_US, format: 'csv',
    columns: [
      col('listing_id', 'none', (c) => `L${c.rng.digits(7)}`),
      col('Property Address', 'address', (c) => streetLine(c.rng, c.f, 'US')),
      col('ZIP', 'address', (c) => postcode(c.rng, 'US')),
      col('City', 'none', (c) => c.f.location.city()),
      col('List Price', 'none', (c) => `$${money(c, 150000, 2500000, 'en').replace(/\.\d\d$/, '')}`),
      col('Beds', 'none', (c) => c.rng.int(1, 6)),
      col('Baths', 'none', (c) => c.rng.pick(['1', '1.5', '2', '2.5', '3'])),
      col('Sq Ft', 'none', (c) => c.rng.int(600, 5200)),
      col('Year Built', 'none', (c) => c.rng.int(1900, 2023)),
      col('Listing Agent', 'name', (c) => `${c.f.person.firstName()} ${c.f.person.lastName()}`),
      col('Agent Phone', 'phone', (c) => phone(c.rng, 'US', 'national')),
      col('Agent Email', 'email', (c) => c.f.internet.email()),
      col('Seller Name', 'name', (c) => `${c.p.first} ${c.p.last}`),
      col('Listed On', 'none', (c) => formatDate(recentDate(c.rng), 'us')),
      col('Latitude', 'precise_location', (c) => coord(c, 25.5, 48.9, 6)),
      col('Longitude', 'precise_location', (c) => coord(c, -123.5, -70.2, 6)),
      col('MLS #', 'none', (c) => c.rng.digits(8)),
    ],
  },
  {
    name: 'adtech_bid_log', country: 'DE', faker: fakerDE, format: 'csv',
    columns: [
      col('event_time', 'none', (c) => String(Math.floor(recentDate(c.rng).getTime() / 1000))),
      col('uid_cookie', 'online_identifier', (c) => hex(c, 24)),
      col('ga_client_id', 'online_identifier', (c) => `GA1.2.${c.rng.int(100000000, 2147483647)}.${c.rng.int(1600000000, 1730000000)}`),
      col('idfa', 'device_id', (c) => (c.rng.chance(0.5) ? uuid(c).toUpperCase() : null)),
      col('gaid', 'device_id', (c) => uuid(c)),
      col('ip', 'ip_address', (c) => (c.rng.chance(0.8) ? c.f.internet.ipv4() : c.f.internet.ipv6())),
      col('campaign_id', 'none', (c) => String(c.rng.int(10000, 10050))),
      col('creative_id', 'none', (c) => `cr_${c.rng.digits(6)}`),
      col('placement', 'none', (c) => c.rng.pick(['banner_top', 'sidebar', 'interstitial', 'native_feed'])),
      col('bid_price_eur', 'none', (c) => (c.rng.int(1, 900) / 100).toFixed(2)),
      col('won', 'none', (c) => (c.rng.chance(0.3) ? 'true' : 'false')),
      col('geo_country', 'none', (c) => c.rng.pick(['DE', 'AT', 'CH'])),
      col('geo_lat', 'precise_location', (c) => coord(c, 47.3, 54.9, 4)),
      col('geo_lon', 'precise_location', (c) => coord(c, 5.9, 15.0, 4)),
      col('email_sha256', 'pseudonymous_id', (c) => hex(c, 64)),
      col('device_model', 'none', (c) => c.rng.pick(['iPhone14,2', 'SM-G991B', 'Pixel 7', 'iPad13,1'])),
      col('os_version', 'none', (c) => c.rng.pick(['17.2.1', '14', '13', '16.6'])),
      col('segment_ids', 'none', (c) => `${c.rng.int(100, 999)}|${c.rng.int(100, 999)}|${c.rng.int(100, 999)}`),
    ],
  },
  {
    name: 'helpdesk_tickets', country: 'GB', faker: fakerEN_GB, format: 'csv',
    columns: [
      col('ticket_id', 'none', (c) => `TCK-${40000 + c.i}`),
      col('created_at', 'none', (c) => formatDate(recentDate(c.rng), 'iso_time')),
      col('requester_email', 'email', (c) => c.p.email),
      col('requester_name', 'name', (c) => `${c.p.first} ${c.p.last}`),
      col('subject', 'none', (c) => c.rng.pick(['Cannot log in', 'Refund request', 'Order not delivered', 'Change of plan', 'Invoice query'])),
      col('description', 'free_text', (c) => (c.rng.chance(0.35) ? `Hi, please call me back on ${phone(c.rng, 'GB', 'national')}. ${en(c)}` : c.rng.chance(0.4) ? `Send the invoice to ${c.f.internet.email()} instead. ${en(c)}` : en(c))),
      col('priority', 'none', (c) => c.rng.pick(['low', 'normal', 'high', 'urgent'])),
      col('status', 'none', (c) => c.rng.pick(['open', 'pending', 'solved', 'closed'])),
      col('assignee', 'name', (c) => c.rng.pick(['Sophie', 'Liam', 'Aisha', 'Tomasz', 'Grace'])),
      col('csat', 'none', (c) => (c.rng.chance(0.3) ? null : c.rng.int(1, 5))),
      col('tags', 'none', (c) => c.rng.pick(['billing', 'login,2fa', 'shipping', 'billing,refund'])),
      col('channel', 'none', (c) => c.rng.pick(['email', 'web', 'phone', 'chat'])),
      col('internal_note', 'none', (c) => sentence(c)),
      col('first_response_min', 'none', (c) => c.rng.int(1, 900)),
    ],
  },
  {
    name: 'kunden_onlineshop_de', country: 'DE', faker: fakerDE, format: 'csv',
    columns: [
      col('KundenNr', 'person_id', (c) => String(100000 + c.i * 3)),
      col('Anrede', 'gender', (c) => sexWord(c, ['Herr', 'Frau'])),
      col('Vorname', 'name', (c) => c.p.first),
      col('Nachname', 'name', (c) => c.p.last),
      col('E-Mail-Adresse', 'email', (c) => c.p.email),
      col('Mobilnummer', 'phone', (c) => phone(c.rng, 'DE')),
      col('Straße und Hausnummer', 'address', (c) => streetLine(c.rng, c.f, 'DE')),
      col('PLZ', 'address', (c) => postcode(c.rng, 'DE')),
      col('Ort', 'none', (c) => c.f.location.city()),
      col('Land', 'none', (c) => c.rng.pick(['Deutschland', 'Österreich'])),
      col('Geburtstag', 'date_of_birth', (c) => formatDate(c.p.birth, 'iso')),
      col('Kunde seit', 'none', (c) => formatDate(recentDate(c.rng), 'eu_dot')),
      col('Umsatz gesamt', 'none', (c) => `${money(c, 0, 8000, 'eu')} €`),
      col('Newsletter', 'none', (c) => c.rng.pick(['ja', 'nein'])),
      col('Artikelnummer', 'none', (c) => c.rng.digits(5)),
    ],
  },
  {
    name: 'clientes_crm_br', country: 'BR', faker: fakerPT_BR, format: 'csv',
    columns: [
      col('id_cliente', 'person_id', (c) => String(c.i + 1)),
      col('cpf', 'government_id', (c) => cpf(c.rng, c.rng.chance(0.7))),
      col('nome_completo', 'name', (c) => `${c.p.first} ${c.p.last}`),
      col('email', 'email', (c) => c.p.email),
      col('celular', 'phone', (c) => phone(c.rng, 'BR')),
      col('data_nascimento', 'date_of_birth', (c) => formatDate(c.p.birth, 'eu_slash')),
      col('sexo', 'gender', (c) => sexWord(c, ['Masculino', 'Feminino'])),
      col('cep', 'address', (c) => postcode(c.rng, 'BR')),
      col('logradouro', 'address', (c) => streetLine(c.rng, c.f, 'BR')),
      col('bairro', 'none', (c) => c.rng.pick(['Centro', 'Jardim Paulista', 'Copacabana', 'Savassi', 'Boa Viagem'])),
      col('cidade', 'none', (c) => c.f.location.city()),
      col('uf', 'none', (c) => c.rng.pick(['SP', 'RJ', 'MG', 'RS', 'PE'])),
      col('renda_mensal', 'none', (c) => `R$ ${money(c, 1200, 25000, 'eu')}`),
      col('score_credito', 'none', (c) => c.rng.int(0, 1000)),
      col('cliente_desde', 'none', (c) => formatDate(recentDate(c.rng), 'eu_slash')),
    ],
  },
  {
    name: 'app_events', country: 'NL', faker: fakerNL, format: 'parquet',
    columns: [
      col('event_id', 'none', uuid),
      col('event_name', 'none', (c) => c.rng.pick(['app_open', 'screen_view', 'add_to_cart', 'purchase', 'push_open'])),
      col('event_ts', 'none', (c) => formatDate(recentDate(c.rng), 'iso_time')),
      col('user_id', 'person_id', (c) => `u_${c.rng.digits(8)}`),
      col('android_id', 'device_id', (c) => hex(c, 16)),
      col('advertising_id', 'device_id', uuid),
      col('ip_address', 'ip_address', (c) => (c.rng.chance(0.5) ? c.f.internet.ipv6() : c.f.internet.ipv4())),
      col('app_version', 'none', (c) => `${c.rng.int(1, 5)}.${c.rng.int(0, 20)}.${c.rng.int(0, 9)}`),
      col('os', 'none', (c) => c.rng.pick(['Android 14', 'Android 13', 'iOS 17.2'])),
      col('screen', 'none', (c) => c.rng.pick(['home', 'product_detail', 'checkout', 'profile'])),
      col('latitude', 'precise_location', (c) => coord(c, 50.8, 53.5, 6), 'DOUBLE'),
      col('longitude', 'precise_location', (c) => coord(c, 3.4, 7.2, 6), 'DOUBLE'),
      col('battery_level', 'none', (c) => c.rng.int(1, 100), 'INTEGER'),
      col('network', 'none', (c) => c.rng.pick(['wifi', '4g', '5g'])),
      col('locale', 'none', (c) => c.rng.pick(['nl_NL', 'en_GB', 'de_DE'])),
    ],
  },
  {
    name: 'loan_applications_us', country: 'US', faker: fakerEN_US, format: 'csv',
    columns: [
      col('APPLICATION_ID', 'none', (c) => String(300000 + c.i * 11)),
      col('APPLICANT_FIRST_NM', 'name', (c) => c.p.first.toUpperCase()),
      col('APPLICANT_LAST_NM', 'name', (c) => c.p.last.toUpperCase()),
      col('SSN_NBR', 'government_id', (c) => ssn(c.rng, '')),
      col('BIRTH_DT', 'date_of_birth', (c) => formatDate(c.p.birth, 'compact')),
      col('AGE_YRS', 'age', (c) => ageAt(c.p.birth)),
      col('ANNUAL_INCOME_AMT', 'none', (c) => c.rng.int(18000, 350000)),
      col('EMPLOYER_NM', 'none', (c) => c.f.company.name().toUpperCase()),
      col('YRS_EMPLOYED', 'none', (c) => c.rng.int(0, 40)),
      col('HOME_PHONE', 'phone', (c) => phone(c.rng, 'US', 'digits')),
      col('RES_ADDR_LINE1', 'address', (c) => streetLine(c.rng, c.f, 'US').toUpperCase()),
      col('RES_ZIP5', 'address', (c) => String(c.rng.int(1001, 99950)).padStart(5, '0')),
      col('ROUTING_NBR', 'none', (c) => abaRouting(c.rng)),
      col('DEPOSIT_ACCT_NBR', 'bank_account', (c) => c.rng.digits(c.rng.int(10, 12))),
      col('LOAN_AMT_REQ', 'none', (c) => c.rng.int(1000, 50000)),
      col('FLAG_PHONE', 'none', (c) => c.rng.int(0, 1)),
      col('FLAG_EMAIL', 'none', (c) => c.rng.int(0, 1)),
      col('CNT_CHILDREN', 'none', (c) => c.rng.int(0, 4)),
      col('FICO_SCORE', 'none', (c) => c.rng.int(300, 850)),
    ],
  },
  {
    name: 'gastenregister_hotel', country: 'NL', faker: fakerNL, format: 'csv',
    columns: [
      col('reservering', 'none', (c) => `R${c.rng.digits(6)}`),
      col('naam gast', 'name', (c) => `${c.p.first} ${c.p.last}`),
      col('nationaliteit', 'none', (c) => c.rng.pick(['BE', 'NL', 'FR', 'DE', 'GB'])),
      col('paspoortnummer', 'government_id', (c) => `${c.f.string.alpha({ length: 2, casing: 'upper' })}${c.rng.digits(6)}`),
      col('geboortedatum', 'date_of_birth', (c) => formatDate(c.p.birth, 'dmy_mon')),
      col('e-mailadres', 'email', (c) => c.p.email),
      col('gsm', 'phone', (c) => phone(c.rng, 'NL', 'international')),
      col('aankomst', 'none', (c) => formatDate(recentDate(c.rng), 'eu_dash')),
      col('vertrek', 'none', (c) => formatDate(recentDate(c.rng), 'eu_dash')),
      col('kamer', 'none', (c) => String(c.rng.int(101, 520))),
      col('aantal personen', 'none', (c) => c.rng.int(1, 4)),
      col('betaalrekening', 'bank_account', (c) => groupIban(iban(c.rng, 'BE'))),
      col('opmerkingen', 'none', (c) => c.rng.pick(['', 'late aankomst', 'extra kussen', 'allergie noten', 'parkeerplaats gewenst'])),
      col('prijs per nacht', 'none', (c) => money(c, 70, 420, 'eu')),
    ],
  },
];
