/**
 * The blind set's tables: each one shaped like an export a company really shares (column
 * names as the tool that produces it writes them), with the expected tag of every column.
 * Many columns look personal and are not (order numbers, amounts, flags, dates that are not
 * birthdays, hashes of things that are not people); those are labelled `none`.
 */
import { createHash } from 'node:crypto';
import type { Rng } from '../lib/labelled-pii-set.js';
import * as id from './ids.js';
import { ageOf, cityOf, fmtDate, fullName, firstName, kanaName, lastName, makePerson, phone, recentDay, time, type Country, type Person, type Place } from './locales.js';
import { note, productDescription, productName } from './text.js';

export type Value = string | number | boolean | null;

export interface Row {
  readonly r: Rng;
  readonly i: number;
  readonly p: Person;
  readonly at: Place;
  /** Values several columns derive from (a card and its last four digits), made once per row. */
  readonly memo: Map<string, unknown>;
}

export interface Column {
  readonly name: string;
  readonly tag: string;
  readonly gen: (row: Row) => Value;
}

export interface Table {
  readonly name: string;
  readonly country: Country;
  readonly rows: number;
  readonly delimiter?: ';' | ',';
  readonly columns: readonly Column[];
}

const col = (name: string, tag: string, gen: (row: Row) => Value): Column => ({ name, tag, gen });
const once = <T>(row: Row, key: string, make: () => T): T => {
  if (!row.memo.has(key)) row.memo.set(key, make());
  return row.memo.get(key) as T;
};
const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');
const md5 = (s: string): string => createHash('md5').update(s).digest('hex');
const hex = (r: Rng, n: number): string => Array.from({ length: n }, () => '0123456789abcdef'[r.int(0, 15)]).join('');
const uuid = (r: Rng): string => `${hex(r, 8)}-${hex(r, 4)}-4${hex(r, 3)}-${'89ab'[r.int(0, 3)]}${hex(r, 3)}-${hex(r, 12)}`;
const money = (r: Rng, lo: number, hi: number): number => Math.round((lo + r() * (hi - lo)) * 100) / 100;
const euro = (n: number): string => n.toFixed(2).replace('.', ',');
const ipv4 = (r: Rng): string => `${r.pick([31, 46, 62, 77, 81, 88, 92, 101, 109, 151, 176, 185, 188, 203, 212, 217])}.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(1, 254)}`;
const ipv6 = (r: Rng): string => `2a0${r.int(0, 9)}:${hex(r, 4)}:${hex(r, 3)}:${hex(r, 4)}::${hex(r, 3)}`;
const ts = (d: Date): string => `${fmtDate(d, 'YYYY-MM-DD')} ${time(d)}`;
const card = (row: Row): { pan: string; brand: string } => once(row, 'card', () => id.cardNumber(row.r));

export const TABLES: readonly Table[] = [
  {
    // A HubSpot contacts export: its own column titles, a record id, the owner's name.
    name: 'hubspot_contacts_export',
    country: 'US',
    rows: 300,
    columns: [
      col('Record ID', 'person_id', ({ i }) => 51_000_000_000 + i * 137 + 11),
      col('First Name', 'name', ({ p }) => firstName(p)),
      col('Last Name', 'name', ({ p }) => lastName(p)),
      col('Email', 'email', ({ p }) => p.email),
      col('Phone Number', 'phone', ({ r }) => phone(r, 'US')),
      col('Street Address', 'address', ({ at }) => at.line),
      col('City', 'none', ({ at }) => at.city),
      col('State/Region', 'none', ({ at }) => at.region),
      col('Postal Code', 'address', ({ at }) => at.postcode),
      col('Country/Region', 'none', () => 'United States'),
      col('Lifecycle Stage', 'none', ({ r }) => r.pick(['Subscriber', 'Lead', 'Marketing Qualified Lead', 'Sales Qualified Lead', 'Opportunity', 'Customer'])),
      col('Contact owner', 'name', ({ r }) => r.pick(['Dana Whitfield', 'Marcus Oyelaran', 'Priya Raman', 'Tom Kowalczyk', 'Jenna Albright'])),
      col('Create Date', 'none', ({ r }) => ts(recentDay(r, 900))),
      col('Last Activity Date', 'none', ({ r }) => fmtDate(recentDay(r, 60), 'MM/DD/YYYY')),
      col('Number of Sessions', 'none', ({ r }) => r.int(0, 140)),
      col('Associated Deal IDs', 'none', ({ r }) => (r.chance(0.4) ? `${r.digits(10)};${r.digits(10)}` : r.chance(0.5) ? r.digits(10) : '')),
      col('Unsubscribed from all email', 'none', ({ r }) => (r.chance(0.1) ? 'true' : 'false')),
      col('Original Source', 'none', ({ r }) => r.pick(['ORGANIC_SEARCH', 'PAID_SEARCH', 'DIRECT_TRAFFIC', 'EMAIL_MARKETING', 'SOCIAL_MEDIA', 'REFERRALS', 'OFFLINE'])),
      col('Job Title', 'none', ({ r }) => r.pick(['Marketing Manager', 'VP Sales', 'Founder', 'Office Manager', 'Data Analyst', 'CFO', 'Account Executive'])),
      col('Company Name', 'none', ({ r }) => r.pick(['Acme Logistics', 'Bluebird Dental', 'Northwind Traders', 'Summit Roofing LLC', 'Greenleaf Organics', 'Harbor & Pine'])),
    ],
  },
  {
    // A Shopify orders export (UK shop): "Name" is the order name (#1001), not a person.
    name: 'shopify_orders_export',
    country: 'GB',
    rows: 400,
    columns: [
      col('Name', 'none', ({ i }) => `#${1001 + i}`),
      col('Email', 'email', ({ p }) => p.email),
      col('Financial Status', 'none', ({ r }) => r.pick(['paid', 'paid', 'refunded', 'partially_refunded', 'pending'])),
      col('Paid at', 'none', ({ r }) => `${ts(recentDay(r, 365))} +0100`),
      col('Fulfillment Status', 'none', ({ r }) => r.pick(['fulfilled', 'unfulfilled', 'partial'])),
      col('Accepts Marketing', 'none', ({ r }) => r.pick(['yes', 'no'])),
      col('Currency', 'none', () => 'GBP'),
      col('Subtotal', 'none', ({ r }) => money(r, 8, 240)),
      col('Shipping', 'none', ({ r }) => r.pick([0, 3.99, 4.95, 7.5])),
      col('Total', 'none', ({ r }) => money(r, 10, 260)),
      col('Discount Code', 'none', ({ r }) => (r.chance(0.3) ? r.pick(['WELCOME10', 'SUMMER24', 'FREESHIP', 'VIP15']) : '')),
      col('Lineitem quantity', 'none', ({ r }) => r.int(1, 4)),
      col('Lineitem name', 'none', ({ r }) => productName(r)),
      col('Lineitem price', 'none', ({ r }) => money(r, 5, 120)),
      col('Lineitem sku', 'none', ({ r }) => `${r.pick(['TS', 'JK', 'MG', 'BP'])}-${r.digits(4)}-${r.pick(['S', 'M', 'L', 'XL'])}`),
      col('Billing Name', 'name', ({ p }) => fullName(p)),
      col('Billing Street', 'address', ({ at }) => at.line),
      col('Billing City', 'none', ({ at }) => at.city),
      col('Billing Zip', 'address', ({ at }) => at.postcode),
      col('Billing Country', 'none', () => 'GB'),
      col('Billing Phone', 'phone', ({ r }) => phone(r, 'GB')),
      col('Shipping Name', 'name', ({ p, r }) => (r.chance(0.85) ? fullName(p) : fullName(makePerson(r, 'GB')))),
      col('Shipping Address1', 'address', ({ at }) => at.line),
      col('Shipping Zip', 'address', ({ at }) => at.postcode),
      col('Notes', 'free_text', ({ r, p }) => (r.chance(0.5) ? note(r, 'en', { name: fullName(p), email: p.email, phone: phone(r, 'GB') }) : '')),
      col('Payment Method', 'none', ({ r }) => r.pick(['Shopify Payments', 'PayPal Express Checkout', 'Klarna', 'gift_card'])),
      col('Id', 'none', ({ i }) => 5_612_345_678_901 + i * 97),
      col('Risk Level', 'none', ({ r }) => r.pick(['Low', 'Low', 'Low', 'Medium', 'High'])),
      col('Lineitem description', 'none', ({ r }) => productDescription(r)),
    ],
  },
  {
    // A German HR roster (semicolon-separated, decimal commas, day-first dates).
    name: 'personalstamm_export',
    country: 'DE',
    rows: 150,
    delimiter: ';',
    columns: [
      col('Personalnummer', 'person_id', ({ i }) => `${10_400 + i}`),
      col('Vorname', 'name', ({ p }) => firstName(p)),
      col('Nachname', 'name', ({ p }) => lastName(p)),
      col('Geburtsdatum', 'date_of_birth', ({ p }) => fmtDate(p.birth, 'DD.MM.YYYY')),
      col('Geschlecht', 'gender', ({ p, r }) => (r.chance(0.02) ? 'divers' : p.sex === 'm' ? 'männlich' : 'weiblich')),
      col('Steuer-ID', 'government_id', ({ r }) => id.deSteuerId(r)),
      col('IBAN', 'bank_account', ({ r }) => id.iban('DE', id.bban(r, 'DE'), r.chance(0.5))),
      col('Straße', 'address', ({ at }) => at.line),
      col('PLZ', 'address', ({ at }) => at.postcode),
      col('Ort', 'none', ({ at }) => at.city),
      col('Abteilung', 'none', ({ r }) => r.pick(['Vertrieb', 'Buchhaltung', 'Lager', 'IT', 'Personal', 'Einkauf', 'Marketing'])),
      col('Eintrittsdatum', 'none', ({ r }) => fmtDate(recentDay(r, 7000), 'DD.MM.YYYY')),
      col('Wochenstunden', 'none', ({ r }) => r.pick(['40', '38,5', '30', '20', '35'])),
      col('Bruttogehalt', 'none', ({ r }) => euro(money(r, 2400, 7800))),
      col('Kostenstelle', 'none', ({ r }) => `KST-${r.pick(['4100', '4200', '5100', '6300', '7000'])}`),
      col('Telefon dienstlich', 'phone', ({ r }) => `+49 ${r.pick(['30', '89', '40', '69'])} ${r.digits(6)}-${r.digits(2)}`),
      col('E-Mail', 'email', ({ p }) => `${p.first.latin.toLowerCase().normalize('NFD').replace(/[^a-z]/g, '')}.${p.last.latin.toLowerCase().replace(/ß/g, 'ss').normalize('NFD').replace(/[^a-z]/g, '')}@beispiel-gmbh.de`),
      col('Steuerklasse', 'none', ({ r }) => r.int(1, 6)),
      col('Kinderfreibetrag', 'none', ({ r }) => r.pick(['0', '0,5', '1,0', '1,5', '2,0'])),
      col('Befristet', 'none', ({ r }) => (r.chance(0.2) ? 'ja' : 'nein')),
    ],
  },
  {
    // A French helpdesk export (Zendesk-like, French column titles).
    name: 'tickets_support',
    country: 'FR',
    rows: 250,
    columns: [
      col('id', 'none', ({ i }) => 48_210 + i),
      col('sujet', 'none', ({ r }) => r.pick(['Problème de livraison', 'Remboursement', 'Code promo', 'Compte bloqué', 'Facture erronée', 'Article manquant'])),
      col('description', 'free_text', ({ r, p }) => note(r, 'fr', { name: fullName(p), email: p.email, phone: phone(r, 'FR') }, 0.35)),
      col('statut', 'none', ({ r }) => r.pick(['ouvert', 'en attente', 'résolu', 'fermé'])),
      col('priorité', 'none', ({ r }) => r.pick(['basse', 'normale', 'haute', 'urgente'])),
      col('demandeur', 'name', ({ p }) => fullName(p)),
      col('email_demandeur', 'email', ({ p }) => p.email),
      col('téléphone', 'phone', ({ r }) => phone(r, 'FR')),
      col('agent', 'name', ({ r }) => r.pick(['Claire Dumas', 'Yannick Le Goff', 'Sofia Benali', 'Hervé Marchand'])),
      col('créé_le', 'none', ({ r }) => { const d = recentDay(r, 200); return `${fmtDate(d, 'DD/MM/YYYY')} ${time(d, false)}`; }),
      col('tags', 'none', ({ r }) => r.pick(['livraison', 'paiement vip', 'retour', 'bug_app', ''])),
      col('satisfaction', 'none', ({ r }) => r.pick(['bonne', 'mauvaise', 'non notée'])),
      col('canal', 'none', ({ r }) => r.pick(['email', 'web', 'chat', 'téléphone'])),
      col('numero_commande', 'none', ({ r }) => `CMD-2024-${r.digits(6)}`),
      col('a_un_telephone', 'none', ({ r }) => (r.chance(0.7) ? 1 : 0)),
    ],
  },
  {
    // A Spanish event-registration export (an Eventbrite-like tool, localised headers).
    name: 'inscripciones_evento',
    country: 'ES',
    rows: 200,
    columns: [
      col('Nº de pedido', 'none', ({ r }) => r.digits(10)),
      col('Fecha del pedido', 'none', ({ r }) => fmtDate(recentDay(r, 90), 'DD/MM/YYYY')),
      col('Nombre', 'name', ({ p }) => firstName(p)),
      col('Apellidos', 'name', ({ p, r }) => `${lastName(p)} ${lastName(makePerson(r, 'ES'))}`),
      col('Correo electrónico', 'email', ({ p }) => p.email),
      col('Móvil', 'phone', ({ r }) => phone(r, 'ES')),
      col('DNI/NIE', 'government_id', ({ r }) => id.esDniOrNie(r)),
      col('Fecha de nacimiento', 'date_of_birth', ({ p }) => fmtDate(p.birth, 'DD/MM/YYYY')),
      col('Empresa', 'none', ({ r }) => r.pick(['Construcciones Ibéricas SA', 'Tecnalia', 'Grupo Norte', 'Autónomo', 'Farmacia López', 'Bodegas del Sur SL'])),
      col('Cargo', 'none', ({ r }) => r.pick(['Directora de marketing', 'Gerente', 'Técnico', 'Consultor', 'Responsable de compras'])),
      col('Tipo de entrada', 'none', ({ r }) => r.pick(['General', 'VIP', 'Estudiante', 'Early bird'])),
      col('Importe (€)', 'none', ({ r }) => r.pick(['0,00', '45,00', '95,00', '150,00'])),
      col('Código postal', 'address', ({ at }) => at.postcode),
      col('Provincia', 'none', ({ at }) => at.region),
      col('Asistió', 'none', ({ r }) => (r.chance(0.8) ? 'Sí' : 'No')),
      col('Comentarios', 'free_text', ({ r, p }) => (r.chance(0.4) ? note(r, 'es', { name: fullName(p), email: p.email, phone: phone(r, 'ES') }) : '')),
      col('Código de acceso', 'none', ({ r }) => `${r.digits(4)}-${r.digits(4)}-${r.digits(2)}`),
    ],
  },
  {
    // A Japanese loyalty-programme member list (kanji and katakana names, 〒 postcodes).
    name: 'kaiin_list',
    country: 'JP',
    rows: 300,
    columns: [
      col('会員番号', 'person_id', ({ i }) => `M${String(2_000_100 + i * 3)}`),
      col('氏名', 'name', ({ p }) => fullName(p)),
      col('フリガナ', 'name', ({ p }) => kanaName(p)),
      col('生年月日', 'date_of_birth', ({ p }) => fmtDate(p.birth, 'YYYY/MM/DD')),
      col('性別', 'gender', ({ p }) => (p.sex === 'm' ? '男性' : '女性')),
      col('電話番号', 'phone', ({ r }) => phone(r, 'JP')),
      col('メールアドレス', 'email', ({ p }) => p.email),
      col('郵便番号', 'address', ({ at, r }) => (r.chance(0.3) ? `〒${at.postcode}` : at.postcode)),
      col('住所', 'address', ({ at }) => at.line),
      col('ポイント残高', 'none', ({ r }) => r.int(0, 25_000)),
      col('会員ランク', 'none', ({ r }) => r.pick(['一般', 'シルバー', 'ゴールド', 'プラチナ'])),
      col('入会日', 'none', ({ r }) => fmtDate(recentDay(r, 3000), 'YYYY/MM/DD')),
      col('最終来店日', 'none', ({ r }) => fmtDate(recentDay(r, 120), 'YYYY/M/D')),
      col('DM送付可', 'none', ({ r }) => (r.chance(0.6) ? '可' : '不可')),
      col('店舗コード', 'none', ({ r }) => `S${r.digits(4)}`),
    ],
  },
  {
    // An Indian call-centre log.
    name: 'call_centre_log',
    country: 'IN',
    rows: 400,
    columns: [
      col('call_id', 'none', ({ i }) => `CL${String(7_700_000 + i)}`),
      col('call_start', 'none', ({ r }) => ts(recentDay(r, 30))),
      col('duration_sec', 'none', ({ r }) => r.int(15, 1900)),
      col('agent_id', 'person_id', ({ r }) => `AG${r.int(100, 180)}`),
      col('agent_name', 'name', ({ r }) => r.pick(['Ravi Shankar', 'Fatima Sheikh', 'Gurpreet Kaur', 'Sunil Yadav', 'Ananya Bose', 'Joseph Dsouza'])),
      col('caller_number', 'phone', ({ r }) => phone(r, 'IN')),
      col('customer_name', 'name', ({ p }) => fullName(p)),
      col('queue', 'none', ({ r }) => r.pick(['billing', 'new_connection', 'tech_support', 'retention'])),
      col('disposition', 'none', ({ r }) => r.pick(['resolved', 'escalated', 'callback', 'dropped'])),
      col('callback_required', 'none', ({ r }) => (r.chance(0.2) ? 'Y' : 'N')),
      col('notes', 'free_text', ({ r, p }) => note(r, 'en', { name: fullName(p), email: p.email, phone: phone(r, 'IN') })),
      col('city', 'none', ({ at }) => at.city),
      col('pin_code', 'address', ({ at }) => at.postcode),
      col('csat', 'none', ({ r }) => (r.chance(0.6) ? r.int(1, 5) : '')),
      col('recording_url', 'none', ({ i }) => `https://rec.callhub.example/2024/05/CL${7_700_000 + i}.wav`),
      col('ivr_language', 'none', ({ r }) => r.pick(['hi', 'en', 'ta', 'te', 'kn', 'mr'])),
      col('kyc_aadhaar', 'government_id', ({ r }) => (r.chance(0.6) ? id.inAadhaar(r, r.chance(0.6)) : '')),
    ],
  },
  {
    // A Brazilian payroll export.
    name: 'folha_pagamento',
    country: 'BR',
    rows: 120,
    columns: [
      col('matricula', 'person_id', ({ i }) => String(30_050 + i * 7)),
      col('nome_completo', 'name', ({ p, r }) => `${p.first.local} ${lastName(makePerson(r, 'BR'))} ${p.last.local}`),
      col('cpf', 'government_id', ({ r }) => id.brCpf(r, r.chance(0.7))),
      col('pis', 'government_id', ({ r }) => id.brPis(r)),
      col('data_nascimento', 'date_of_birth', ({ p }) => fmtDate(p.birth, 'DD/MM/YYYY')),
      col('sexo', 'gender', ({ p }) => (p.sex === 'm' ? 'M' : 'F')),
      col('cargo', 'none', ({ r }) => r.pick(['Analista', 'Assistente administrativo', 'Vendedor', 'Gerente de loja', 'Motorista'])),
      col('admissao', 'none', ({ r }) => fmtDate(recentDay(r, 5000), 'DD/MM/YYYY')),
      col('competencia', 'none', ({ r }) => `${String(r.int(1, 5)).padStart(2, '0')}/2024`),
      col('salario_base', 'none', ({ r }) => `R$ ${money(r, 1412, 14000).toFixed(2).replace('.', ',')}`),
      col('inss_desconto', 'none', ({ r }) => money(r, 100, 900).toFixed(2).replace('.', ',')),
      col('banco', 'none', ({ r }) => r.pick(['001 - Banco do Brasil', '341 - Itaú', '237 - Bradesco', '104 - Caixa', '260 - Nubank'])),
      col('agencia', 'none', ({ r }) => r.digits(4)),
      col('conta', 'bank_account', ({ r }) => `${r.digits(r.int(5, 8))}-${r.int(0, 9)}`),
      col('celular', 'phone', ({ r }) => phone(r, 'BR')),
      col('cep', 'address', ({ at }) => at.postcode),
      col('endereco', 'address', ({ at }) => at.line),
      col('cidade', 'none', ({ at }) => at.city),
      col('uf', 'none', ({ at }) => at.region),
    ],
  },
  {
    // A Dutch clinic's appointment list ("Achternaam, voorletters" names).
    name: 'afspraken_praktijk',
    country: 'NL',
    rows: 200,
    columns: [
      col('afspraak_id', 'none', ({ i }) => 900_000 + i),
      col('patiëntnummer', 'person_id', ({ r }) => `P${r.digits(6)}`),
      col('bsn', 'government_id', ({ r }) => id.nlBsn(r)),
      col('naam', 'name', ({ p }) => `${p.last.local}, ${p.first.local[0]}.`),
      col('geboortedatum', 'date_of_birth', ({ p }) => fmtDate(p.birth, 'DD-MM-YYYY')),
      col('geslacht', 'gender', ({ p }) => (p.sex === 'm' ? 'M' : 'V')),
      col('telefoon', 'phone', ({ r }) => phone(r, 'NL')),
      col('postcode', 'address', ({ at }) => at.postcode),
      col('huisnummer', 'address', ({ r }) => `${r.int(1, 300)}${r.chance(0.15) ? r.pick(['a', 'b', '-2']) : ''}`),
      col('afspraakdatum', 'none', ({ r }) => fmtDate(recentDay(r, 60), 'DD-MM-YYYY')),
      col('tijd', 'none', ({ r }) => `${String(r.int(8, 17)).padStart(2, '0')}:${r.pick(['00', '15', '30', '45'])}`),
      col('behandelaar', 'name', ({ r }) => r.pick(['Dr. M. de Vries', 'Dr. A. Bakker', 'S. Yilmaz (POH)', 'Dr. R. van Beek'])),
      col('reden_bezoek', 'free_text', ({ r, p }) => note(r, 'nl', { name: fullName(p), email: p.email, phone: phone(r, 'NL') }, 0.15)),
      col('verzekeraar', 'none', ({ r }) => r.pick(['Zilveren Kruis', 'CZ', 'VGZ', 'Menzis', 'DSW'])),
      col('no_show', 'none', ({ r }) => (r.chance(0.07) ? 1 : 0)),
      col('kamer', 'none', ({ r }) => `K${r.int(1, 3)}.${r.int(10, 19)}`),
    ],
  },
  {
    // A Meta custom-audience upload file: Meta's own column keys, values already SHA-256'd.
    name: 'custom_audience_upload',
    country: 'KR',
    rows: 500,
    columns: [
      col('email', 'pseudonymous_id', ({ p }) => sha256(p.email)),
      col('phone', 'pseudonymous_id', ({ r }) => sha256(`8210${r.digits(8)}`)),
      col('fn', 'pseudonymous_id', ({ p }) => sha256(p.first.latin.toLowerCase())),
      col('ln', 'pseudonymous_id', ({ p }) => sha256(p.last.latin.toLowerCase())),
      col('madid', 'device_id', ({ r }) => (r.chance(0.5) ? uuid(r).toUpperCase() : uuid(r))),
      col('country', 'none', () => 'kr'),
      col('value', 'none', ({ r }) => money(r, 0, 900)),
    ],
  },
  {
    // A Korean marketplace order export (hangul names and road addresses).
    name: 'smartstore_orders',
    country: 'KR',
    rows: 250,
    columns: [
      col('주문번호', 'none', ({ r }) => `2024${r.digits(4)}${r.digits(8)}`),
      col('주문일시', 'none', ({ r }) => ts(recentDay(r, 60))),
      col('구매자명', 'name', ({ p }) => fullName(p)),
      col('구매자연락처', 'phone', ({ r }) => phone(r, 'KR', false)),
      col('수취인명', 'name', ({ p, r }) => (r.chance(0.8) ? fullName(p) : fullName(makePerson(r, 'KR')))),
      col('수취인연락처', 'phone', ({ r }) => phone(r, 'KR', false)),
      col('배송지', 'address', ({ at }) => at.line),
      col('우편번호', 'address', ({ at }) => at.postcode),
      col('상품명', 'none', ({ r }) => r.pick(['무선 이어폰', '유기농 현미 5kg', '캠핑 의자', '텀블러 500ml', '남성 러닝화'])),
      col('상품번호', 'none', ({ r }) => r.digits(10)),
      col('수량', 'none', ({ r }) => r.int(1, 5)),
      col('결제금액', 'none', ({ r }) => `${r.int(5, 300)},${r.pick(['000', '500', '900'])}`),
      col('결제수단', 'none', ({ r }) => r.pick(['신용카드', '네이버페이', '계좌이체', '휴대폰'])),
      col('배송메세지', 'free_text', ({ r, p }) => (r.chance(0.7) ? note(r, 'ko', { name: fullName(p), email: p.email, phone: phone(r, 'KR', false) }, 0.2) : '')),
      col('송장번호', 'none', ({ r }) => r.digits(12)),
    ],
  },
  {
    // A web server access log flattened to CSV (CDN export).
    name: 'cdn_access_log',
    country: 'DE',
    rows: 500,
    columns: [
      col('timestamp', 'none', ({ r }) => recentDay(r, 2).toISOString()),
      col('client_ip', 'ip_address', ({ r }) => (r.chance(0.75) ? ipv4(r) : ipv6(r))),
      col('method', 'none', ({ r }) => r.pick(['GET', 'GET', 'GET', 'POST', 'HEAD'])),
      col('path', 'none', ({ r }) => r.pick(['/', '/products/', '/cart', '/checkout', '/api/v2/events', '/blog/']) + (r.chance(0.4) ? `?utm_source=${r.pick(['google', 'newsletter', 'facebook'])}&utm_campaign=cmp_${r.digits(5)}` : '')),
      col('status', 'none', ({ r }) => r.pick([200, 200, 200, 304, 301, 404, 500])),
      col('bytes_sent', 'none', ({ r }) => r.int(180, 2_400_000)),
      col('referer', 'none', ({ r }) => r.pick(['https://www.google.com/', '-', 'https://shop.example.de/products/', 'https://l.facebook.com/'])),
      col('user_agent', 'none', ({ r }) => r.pick([
        'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
        'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
        'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15',
        'Googlebot/2.1 (+http://www.google.com/bot.html)',
      ])),
      col('sid_cookie', 'online_identifier', ({ r }) => hex(r, 32)),
      col('ga_client_id', 'online_identifier', ({ r }) => `GA1.2.${r.int(100_000_000, 2_000_000_000)}.${r.int(1_650_000_000, 1_717_000_000)}`),
      col('request_id', 'none', ({ r }) => uuid(r)),
      col('response_ms', 'none', ({ r }) => r.int(3, 2400)),
      col('edge_pop', 'none', ({ r }) => `${r.pick(['FRA', 'AMS', 'MUC', 'TXL'])}${r.int(50, 56)}-C${r.int(1, 3)}`),
      col('user_id', 'person_id', ({ r }) => (r.chance(0.4) ? `u_${r.digits(7)}` : '')),
      col('geo_country', 'none', ({ r }) => r.pick(['DE', 'DE', 'AT', 'CH', 'NL'])),
      col('is_bot', 'none', ({ r }) => r.chance(0.1)),
      col('cache_key_hash', 'none', ({ r }) => md5(`/asset/${r.digits(6)}`)),
    ],
  },
  {
    // An Italian customer-satisfaction survey export.
    name: 'risposte_sondaggio',
    country: 'IT',
    rows: 180,
    columns: [
      col('ID risposta', 'none', ({ i }) => 7_000 + i),
      col('Inviato il', 'none', ({ r }) => { const d = recentDay(r, 40); return `${fmtDate(d, 'DD/MM/YYYY')} ${time(d)}`; }),
      col('Nome e cognome', 'name', ({ p }) => fullName(p)),
      col('Indirizzo email', 'email', ({ p }) => p.email),
      col('Età', 'age', ({ p }) => ageOf(p)),
      col('Genere', 'gender', ({ p, r }) => (r.chance(0.05) ? 'Preferisco non rispondere' : p.sex === 'm' ? 'Uomo' : 'Donna')),
      col('Provincia', 'none', ({ at }) => at.region),
      col('CAP', 'address', ({ at }) => at.postcode),
      col('Codice fiscale', 'government_id', ({ p, at }) => id.itCodiceFiscale(p.last.latin, p.first.latin, p.sex, p.birth, COMUNE[at.city] ?? 'H501')),
      col('Quanto è soddisfatto? (1-10)', 'none', ({ r }) => r.int(1, 10)),
      col('Consiglierebbe il negozio? (0-10)', 'none', ({ r }) => r.int(0, 10)),
      col('Commenti', 'free_text', ({ r, p }) => (r.chance(0.6) ? note(r, 'it', { name: fullName(p), email: p.email, phone: phone(r, 'IT') }) : '')),
      col('Frequenza di acquisto', 'none', ({ r }) => r.pick(['Settimanale', 'Mensile', 'Qualche volta all’anno', 'Prima volta'])),
      col('Consenso privacy', 'none', () => 'Sì'),
    ],
  },
  {
    // A Polish gym's member register.
    name: 'klubowicze',
    country: 'PL',
    rows: 150,
    columns: [
      col('nr_karty', 'person_id', ({ r }) => `KL-${r.digits(6)}`),
      col('imie', 'name', ({ p }) => firstName(p)),
      col('nazwisko', 'name', ({ p }) => lastName(p)),
      col('pesel', 'government_id', ({ r, p }) => id.plPesel(r, p.sex, p.birth)),
      col('data_urodzenia', 'date_of_birth', ({ p }) => fmtDate(p.birth, 'YYYY-MM-DD')),
      col('plec', 'gender', ({ p }) => (p.sex === 'm' ? 'M' : 'K')),
      col('telefon', 'phone', ({ r }) => phone(r, 'PL')),
      col('email', 'email', ({ p }) => p.email),
      col('ulica', 'address', ({ at }) => at.line),
      col('kod_pocztowy', 'address', ({ at }) => at.postcode),
      col('miasto', 'none', ({ at }) => at.city),
      col('karnet', 'none', ({ r }) => r.pick(['OPEN', 'PORANNY', 'STUDENT', 'SENIOR', 'MULTISPORT'])),
      col('cena', 'none', ({ r }) => `${r.pick(['99', '129', '149', '79'])},00 zł`),
      col('aktywny', 'none', ({ r }) => (r.chance(0.8) ? 'tak' : 'nie')),
      col('data_rejestracji', 'none', ({ r }) => fmtDate(recentDay(r, 2000), 'YYYY-MM-DD')),
      col('liczba_wejsc', 'none', ({ r }) => r.int(0, 400)),
    ],
  },
  {
    // A Swedish customer register (personnummer is routinely collected for credit checks).
    name: 'kundregister',
    country: 'SE',
    rows: 100,
    columns: [
      col('Kundnummer', 'person_id', ({ i }) => 100_200 + i),
      col('Personnummer', 'government_id', ({ r, p }) => id.sePersonnummer(r, p.sex, p.birth, r.chance(0.5))),
      col('Förnamn', 'name', ({ p }) => firstName(p)),
      col('Efternamn', 'name', ({ p }) => lastName(p)),
      col('E-post', 'email', ({ p }) => p.email),
      col('Mobilnummer', 'phone', ({ r }) => phone(r, 'SE')),
      col('Utdelningsadress', 'address', ({ at }) => at.line),
      col('Postnummer', 'address', ({ at }) => at.postcode),
      col('Ort', 'none', ({ at }) => at.city),
      col('Kontonummer', 'bank_account', ({ r }) => id.iban('SE', id.bban(r, 'SE'), true)),
      col('Kundtyp', 'none', ({ r }) => r.pick(['Privat', 'Privat', 'Företag'])),
      col('Kreditgräns', 'none', ({ r }) => r.pick([5000, 10000, 25000, 50000])),
      col('Registrerad', 'none', ({ r }) => fmtDate(recentDay(r, 3000), 'YYYY-MM-DD')),
      col('Nyhetsbrev', 'none', ({ r }) => (r.chance(0.5) ? 'Ja' : 'Nej')),
    ],
  },
  {
    // A South African insurance claims extract.
    name: 'claims_extract',
    country: 'ZA',
    rows: 120,
    columns: [
      col('claim_no', 'none', ({ i }) => `CLM${String(24_000_000 + i * 13)}`),
      col('policy_no', 'none', ({ r }) => `POL-${r.digits(8)}`),
      col('policy_holder', 'name', ({ p }) => fullName(p)),
      col('id_number', 'government_id', ({ r, p }) => id.zaId(r, p.sex, p.birth)),
      col('date_of_birth', 'date_of_birth', ({ p }) => fmtDate(p.birth, 'YYYY/MM/DD')),
      col('gender', 'gender', ({ p }) => (p.sex === 'm' ? 'Male' : 'Female')),
      col('cell', 'phone', ({ r }) => phone(r, 'ZA')),
      col('email', 'email', ({ p }) => p.email),
      col('physical_address', 'address', ({ at }) => `${at.line}, ${at.city}`),
      col('postal_code', 'address', ({ at }) => at.postcode),
      col('incident_date', 'none', ({ r }) => fmtDate(recentDay(r, 400), 'YYYY/MM/DD')),
      col('incident_gps', 'precise_location', ({ at }) => `${at.lat.toFixed(5)}, ${at.lon.toFixed(5)}`),
      col('claim_amount', 'none', ({ r }) => `R ${r.int(1, 250)} ${r.pick(['000', '500', '250'])},00`),
      col('claim_status', 'none', ({ r }) => r.pick(['Lodged', 'Assessing', 'Approved', 'Repudiated', 'Paid'])),
      col('assessor', 'name', ({ r }) => r.pick(['Werner Steyn', 'Nandi Mahlaba', 'Ahmed Patel', 'Lindiwe Zungu'])),
      col('description', 'free_text', ({ r, p }) => note(r, 'en', { name: fullName(p), email: p.email, phone: phone(r, 'ZA') }, 0.25)),
      col('excess_paid', 'none', ({ r }) => r.chance(0.6)),
    ],
  },
  {
    // A Chinese mobile app's user table export.
    name: 'app_users',
    country: 'CN',
    rows: 300,
    columns: [
      col('用户ID', 'person_id', ({ i }) => 880_000_000 + i * 31),
      col('姓名', 'name', ({ p }) => fullName(p)),
      col('手机号', 'phone', ({ r }) => phone(r, 'CN')),
      col('身份证号', 'government_id', ({ r, p }) => id.cnResidentId(r, r.pick(['310115', '110105', '440305', '330106', '510107', '440106']), p.sex, p.birth)),
      col('性别', 'gender', ({ p }) => (p.sex === 'm' ? '男' : '女')),
      col('出生日期', 'date_of_birth', ({ p }) => fmtDate(p.birth, 'YYYY年M月D日')),
      col('省份', 'none', ({ at }) => at.region.slice(0, 3)),
      col('城市', 'none', ({ at }) => cityOf(at, 'CN')),
      col('设备ID', 'device_id', ({ r }) => (r.chance(0.5) ? uuid(r).toUpperCase() : hex(r, 16))),
      col('注册时间', 'none', ({ r }) => ts(recentDay(r, 1500))),
      col('最近登录IP', 'ip_address', ({ r }) => `${r.pick([58, 101, 112, 114, 117, 120, 183, 223])}.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(1, 254)}`),
      col('最近位置纬度', 'precise_location', ({ at }) => Number(at.lat.toFixed(6))),
      col('最近位置经度', 'precise_location', ({ at }) => Number(at.lon.toFixed(6))),
      col('会员等级', 'none', ({ r }) => r.pick(['普通', '白银', '黄金', '钻石'])),
      col('累计消费', 'none', ({ r }) => money(r, 0, 20000)),
      col('推送开关', 'none', ({ r }) => (r.chance(0.6) ? 1 : 0)),
      col('渠道号', 'none', ({ r }) => r.pick(['huawei', 'xiaomi', 'appstore', 'oppo', 'vivo', 'h5_wechat'])),
    ],
  },
  {
    // A payments processor's dispute export: full PANs (an internal PCI scope export), many card look-alikes.
    name: 'disputes_export',
    country: 'US',
    rows: 200,
    columns: [
      col('id', 'none', ({ r }) => `dp_1${hex(r, 23)}`),
      col('created', 'none', ({ r }) => Math.floor(recentDay(r, 200).getTime() / 1000)),
      col('amount', 'none', ({ r }) => r.int(500, 250_000)),
      col('currency', 'none', ({ r }) => r.pick(['usd', 'usd', 'eur', 'gbp'])),
      col('card_number', 'card_number', (row) => { const pan = card(row).pan; return row.r.chance(0.5) ? pan : id.groupCard(pan, row.r.chance(0.7) ? ' ' : '-'); }),
      col('card_brand', 'none', (row) => card(row).brand),
      col('card_exp', 'none', ({ r }) => `${String(r.int(1, 12)).padStart(2, '0')}/${r.int(25, 31)}`),
      col('card_last4', 'none', (row) => card(row).pan.slice(-4)),
      col('card_bin', 'none', (row) => card(row).pan.slice(0, 6)),
      col('cardholder_name', 'name', ({ p, r }) => `${p.first.latin.toUpperCase()}${r.chance(0.3) ? ` ${String.fromCharCode(65 + r.int(0, 25))}` : ''} ${p.last.latin.toUpperCase()}`),
      col('billing_postal_code', 'address', ({ at }) => at.postcode),
      col('billing_country', 'none', () => 'US'),
      col('customer_email', 'email', ({ p }) => p.email),
      col('ip_address', 'ip_address', ({ r }) => ipv4(r)),
      col('reason', 'none', ({ r }) => r.pick(['fraudulent', 'product_not_received', 'duplicate', 'subscription_canceled', 'credit_not_processed'])),
      col('risk_score', 'none', ({ r }) => r.int(0, 99)),
      col('merchant_reference', 'none', ({ r }) => `INV-${r.digits(6)}`),
      col('evidence_due_by', 'none', ({ r }) => fmtDate(recentDay(r, 30), 'MM/DD/YYYY')),
    ],
  },
  {
    // A US benefits-enrollment file sent to a broker: SSNs, dependants, plan codes.
    name: 'benefits_enrollment',
    country: 'US',
    rows: 90,
    columns: [
      col('EE_ID', 'person_id', ({ i }) => `E${String(4100 + i * 3).padStart(6, '0')}`),
      col('EE_SSN', 'government_id', ({ r }) => id.usSsn(r, r.chance(0.6))),
      col('EE_LAST', 'name', ({ p }) => lastName(p).toUpperCase()),
      col('EE_FIRST', 'name', ({ p }) => firstName(p).toUpperCase()),
      col('EE_DOB', 'date_of_birth', ({ p }) => fmtDate(p.birth, 'MM/DD/YYYY')),
      col('EE_SEX', 'gender', ({ p }) => (p.sex === 'm' ? 'M' : 'F')),
      col('HIRE_DT', 'none', ({ r }) => fmtDate(recentDay(r, 6000), 'MM/DD/YYYY')),
      col('ADDR1', 'address', ({ at }) => at.line.toUpperCase()),
      col('CITY', 'none', ({ at }) => at.city.toUpperCase()),
      col('ST', 'none', ({ at }) => at.region),
      col('ZIP', 'address', ({ at }) => at.postcode),
      col('HOME_PHONE', 'phone', ({ r }) => phone(r, 'US', false).replace(/\D/g, '')),
      col('PLAN_CD', 'none', ({ r }) => r.pick(['MED-PPO-500', 'MED-HDHP', 'DEN-BASIC', 'VIS-01'])),
      col('COV_TIER', 'none', ({ r }) => r.pick(['EE', 'ES', 'EC', 'FAM'])),
      col('DEP_COUNT', 'none', ({ r }) => r.int(0, 4)),
      col('EFF_DT', 'none', () => '01/01/2025'),
      col('EE_CONTRIB', 'none', ({ r }) => money(r, 20, 480)),
      col('SMOKER_FLAG', 'none', ({ r }) => (r.chance(0.1) ? 'Y' : 'N')),
      col('SSN_VERIFIED', 'none', ({ r }) => (r.chance(0.95) ? 'Y' : 'N')),
    ],
  },
  {
    // An Australian rental-application export ("Surname, Given M" names, TFN, BSB + account).
    name: 'rental_applications',
    country: 'AU',
    rows: 80,
    columns: [
      col('applicant_id', 'person_id', ({ i }) => `APP-${String(3300 + i)}`),
      col('full_name', 'name', ({ p, r }) => `${p.last.local}, ${p.first.local}${r.chance(0.5) ? ` ${String.fromCharCode(65 + r.int(0, 25))}` : ''}`),
      col('dob', 'date_of_birth', ({ p }) => fmtDate(p.birth, 'DD/MM/YYYY')),
      col('tfn', 'government_id', ({ r }) => id.auTfn(r)),
      col('mobile', 'phone', ({ r }) => phone(r, 'AU')),
      col('email', 'email', ({ p }) => p.email),
      col('current_address', 'address', ({ at }) => `${at.line}, ${at.city} ${at.region} ${at.postcode}`),
      col('postcode', 'address', ({ at }) => at.postcode),
      col('weekly_income', 'none', ({ r }) => r.int(600, 4200)),
      col('employer', 'none', ({ r }) => r.pick(['Woolworths Group', 'NSW Health', 'Self-employed', 'Telstra', 'University of Melbourne', 'BHP'])),
      col('years_at_address', 'none', ({ r }) => r.int(0, 15)),
      col('pets', 'none', ({ r }) => (r.chance(0.3) ? 'Y' : 'N')),
      col('bond_amount', 'none', ({ r }) => r.pick([2400, 3200, 2800, 4000])),
      col('application_date', 'none', ({ r }) => fmtDate(recentDay(r, 120), 'DD/MM/YYYY')),
      col('bsb', 'none', ({ r }) => `${r.pick(['062', '063', '083', '032', '012'])}-${r.digits(3)}`),
      col('account_number', 'bank_account', ({ r }) => r.digits(r.int(6, 9))),
      col('applicant_age', 'age', (row) => ageOf(row.p)),
    ],
  },
];

/** Comune codes for the codice fiscale of the Italian cities the set uses. */
const COMUNE: Record<string, string> = {
  Roma: 'H501',
  Milano: 'F205',
  Napoli: 'F839',
  Torino: 'L219',
  Bologna: 'A944',
  Firenze: 'D612',
  Palermo: 'G273',
  Genova: 'D969',
  Bari: 'A662',
  Verona: 'L781',
};
