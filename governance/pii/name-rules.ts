/**
 * What a column's name says about its content, across naming styles and languages:
 * `CODE_GENDER`, `dob`, `cust_ssn`, `Card Number`, `E-Mail-Adresse`, `geburtsdatum`.
 * Names are reduced to lower-case tokens joined by `_` first, so one pattern covers
 * snake_case, camelCase, Title Case and ALL CAPS. A name that is about a count, a flag or
 * a status (`FLAG_PHONE`, `email_opt_out`, `phone_count`) says nothing about personal data.
 */
import type { PiiTag } from '../../core/pii-tags.js';

/** Splits `contactEmail`, `NINumber`, `properties__email`, `E-Mail-Adresse` into `contact_email` … tokens. */
export function nameTokens(name: string): string {
  return name
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ß/g, 'ss')
    .split(/[^a-z0-9]+/)
    .filter((t) => t !== '')
    .join('_');
}

export interface NameHit {
  readonly tag: PiiTag;
  /** 0–1 on the name alone. Strong names (`ssn`, `email`) 0.6–0.7; ambiguous ones (`name`, `cap`, `long`) lower. */
  readonly confidence: number;
  readonly rule: string;
}

interface NameRule extends NameHit {
  readonly pattern: RegExp;
  /** Tokens that make this rule not apply (`email_address` is no postal address). */
  readonly unless?: RegExp;
}

const T = (alternatives: string): RegExp => new RegExp(`(^|_)(${alternatives})(_|$)`);

/** A count, flag, status or opt-in about a value, not the value (`email_count`, `FLAG_PHONE`, `has_phone`). */
const NOT_A_VALUE = T(
  // 'years_at_address', 'time_in_job': how long, not where or who.
  'years_at|months_at|time_at|years_in|months_in|time_in|count|counts|cnt|num_of|number_of|n|is|has|flag|flg|opt|optout|opted|opt_in|opt_out|optin|status|type|domain|sent|opens|clicks|bounced|bounce|valid|verified|consent|subscribed|length|len|format|provider|country|region|prefix|exp|expiry|expiration|brand|issuer|band|bucket|hash|hashed|md5|sha1|sha256|sha512',
);

/** `email_hash`, `hashed_phone`, `user_id_sha256`: a one-way hash of an identifier. */
const HASHED_ID = /(^|_)(e_?mail|phone|user|person|customer|contact|ip|ssn)(_id)?_(hash|hashed|md5|sha\d*)(_|$)|(^|_)(hashed|md5|sha\d*)_(e_?mail|phone|user_id|ip)(_|$)/;

/** An animal's or a thing's own attributes ('lemmikin_syntymaaika', 'pet_name', 'vehicle_age'): not a person's. */
const NOT_PERSONAL_SUBJECT = T('pet|pets|animal|dog|cat|horse|lemmikin|lemmikki|haustier|huisdier|mascota|animale|vehicle|car|asset|machine|aircraft|battery');

/** Attributes an animal or a thing has as much as a person does. */
const THINGS_HAVE_TOO: ReadonlySet<PiiTag> = new Set<PiiTag>(['name', 'date_of_birth', 'age', 'gender']);

/** The person a thing belongs to ('pet_owner_name', 'vehicle_keeper'): their attributes are personal again. */
const PERSON_OF_A_THING = T('owner|holder|keeper|omistaja|halter|eigentuemer|propietario|proprietaire');

/** Business places and things: their addresses and names are not a person's. */
const BUSINESS = T('company|merchant|supplier|vendor|warehouse|store|shop|branch|office|product|sku|item|campaign|brand|server|host|domain|file|event|app|list|plan|course|tax_office|centre|center|bank_name|hotel|airport|airline');

const RULES: readonly NameRule[] = [
  { tag: 'email', confidence: 0.6, rule: 'email column name', pattern: /(^|_)e_?mail|courriel|correo|emailadres|sahkoposti|(^|_)(e_?post|epost|epostadress|epostadresse)(_|$)/ },
  {
    tag: 'phone', confidence: 0.6, rule: 'phone column name',
    pattern: /phone|telef|mobil|celular|cellulare|telemovel|msisdn|whatsapp|puhelin|matkapuhelin|(^|_)(tel|tlf|cell|fax|handy|gsm|portable|movil|callback_number|contact_number|mobiili|komorka|mobilnr|mobiltelefon)(_|$)/,
    unless: /(^|_)(model|os|app|brand|operator|carrier)(_|$)/,
  },
  { tag: 'name', confidence: 0.6, rule: 'person name column name', pattern: /(^|_)((first|last|full|given|family|middle|maiden|display|contact|customer|person|sur|fore|birth)_?(name|nm|nme)|firstname|lastname|fullname|surname|forename|fname|lname|vorname|nachname|prenom|nom|nome|nome_completo|cognome|apellidos?|nombre|voornaam|achternaam|tussenvoegsel|naam|fornavn|efternavn|etternavn|mellemnavn|fornamn|efternamn|etunimi|sukunimi|imie|nazwisko|jmeno|prijmeni|nombres?|nom_complet)(_|$)/ },
  {
    tag: 'name', confidence: 0.45, rule: "a person's name (person noun + name)",
    pattern: /(^|_)(client|customer|patient|passenger|employee|member|subscriber|driver|rider|applicant|holder|cardholder|guest|contact|user|student|insured|owner|requester|author|recipient|sender|account_holder|beneficiary|anrede|kunde|kunden|crew|pilot|buyer|parent|guardian|agent)_?name(_|$)|(^|_)name(_|$)/,
    unless: /(^|_)(user_?name|product|campaign|company|file|event|host|domain|brand|app|list|plan|course|ad|adset|account_name|table|column|job|role|team|group|city|street|bank|store|shop|merchant|supplier|vendor|device|browser|os|page|site|form|tag|sheet)(_|$)/,
  },
  {
    tag: 'name', confidence: 0.4, rule: 'a person noun (the column holds people)',
    pattern: T('client|customer|patient|passenger|guest|cardholder|card_holder|account_holder|holder|requester|applicant|member|subscriber|employee|driver|rider|student|insured|beneficiary|recipient|sender|contact|kunde|cliente|paciente|huesped|hospede|assicurato|gast|klant|passager|passagier|verzekeringnemer|verzekerde|odbiorca|nadawca|omistaja|asiakas|kund|kunde|encarregado|encarregado_de_educacao|responsavel|tutor|guardian|titular|beneficiario|destinatario|remitente|empfaenger|absender|zakaznik|prijemce|ontvanger'),
  },
  {
    tag: 'address', confidence: 0.6, rule: 'postal address column name',
    pattern: /(^|_)(street|strasse|str|address(_?line)?|addr|adres|adresse|indirizzo|endereco|direccion|direcciones|anschrift|house_?number|hausnummer|huisnummer|street_number|numero_rue|straat_huisnummer|address_?\d|address_?line_?\d|residential_address|home_address|mailing_address|billing_address|shipping_address|ulica|osoite|lahiosoite|morada|gatuadress|adress|utdelningsadress|gateadresse|adressa|ulice|straat_en_nummer|anlageadresse|wohnadresse|lieferadresse)(_|$)|(^|_)(postal_?code|post_?code|postcode|zip|zip_?code|zipcode|zip5|zip4|plz|cep|pincode|pin_code|code_postal|codigo_postal|postleitzahl|kod_pocztowy|postinumero|postnr|postnummer|psc|eircode|postnumber)(_|$)/,
    unless: /(^|_)(e_?mail|e_?post|ip|mac|wallet|web|url|server|host|memory)(_|$)/,
  },
  { tag: 'address', confidence: 0.45, rule: 'postcode column name (ambiguous: cap)', pattern: T('cap') },
  { tag: 'ip_address', confidence: 0.6, rule: 'IP address column name', pattern: T('ip|ip_?address|ipv4|ipv6|client_ip|remote_addr|remote_ip|ip_bei|ip_adresse|adresse_ip|direccion_ip') },
  { tag: 'online_identifier', confidence: 0.6, rule: 'cookie/browser identifier column name', pattern: T('sid|ga_cid|cid|session|sess_id|anonymous_?id|anon_?id|cookie|cookie_?id|session_?id|sessionid|client_?id|ga_client_id|visitor_?id|fbp|fbc|gclid|fbclid|msclkid|ttclid|dclid|browser_?id|tracking_?id') },
  { tag: 'device_id', confidence: 0.6, rule: 'device identifier column name', pattern: T('device_?id|idfa|madid|idfv|gaid|aaid|advertising_?id|ad_id|android_?id|imei|imsi|meid|udid|mac_?address|device_?token|push_?token') },
  { tag: 'government_id', confidence: 0.7, rule: 'national id column name', pattern: /(^|_)(ssn|ssn_last4|social_security(_number)?|soc_sec(_id)?|sozialversicherungs?(nummer)?|nino|ni_?number|national_insurance(_number)?|national_?id|nin|aadhaar|aadhar|cpf|nir|securite_sociale|numero_securite_sociale|passport(_number|_no)?|pasaporte|passeport|reisepass|tax_?id|tin|steuer_?id|steuernummer|steuer_identifikationsnummer|dni|nie|nif|codice_fiscale|bsn|burgerservicenummer|tfn|medicare(_number)?|driver_?licen[cs]e(_number)?|drivers_?licen[cs]e|licen[cs]e_number|personalausweis|id_card(_number)?|pan_number|voter_id|personnummer|personnr|fodselsnummer|fnr|fodselsnr|hetu|henkilotunnus|cpr|cpr_nr|cpr_nummer|curp|ppsn|pps_?(no|number)?|ahv|ahv_nr|avs|rijksregisternummer|rijksregister|insz|nrn|pesel|rodne_cislo|birth_number|personal_number|tax_number|tax_no|tax_ref|paspoort(nummer)?|pasaporte|passaporto|passaporte|passnummer|passi|social_insurance(_number)?|idnr|personalausweisnummer|pis|pasep|pis_pasep)(_|$)|^(sin|nss|rfc|id_number|id_no)(_|$)/ },
  { tag: 'card_number', confidence: 0.65, rule: 'payment card column name', pattern: /(^|_)(credit_?card(_number)?|debit_?card|card_?(number|no|num|nr|pan)|cc_?(number|num|no)|kartennummer|tarjeta|numero_carte|carte(_bancaire)?|carta|cartao|billing_card|payment_card|pan)(_|$)/ },
  { tag: 'card_number', confidence: 0.4, rule: "'card' in the column name", pattern: T('card'), unless: T('cardholder|holder|type|brand|id|count|expiry|exp|status|gift|sim|score|report') },
  { tag: 'bank_account', confidence: 0.65, rule: 'bank account column name', pattern: /(^|_)(iban|iban_\w+|\w+_iban|bank_?account(_number)?|account_?number|acct_?(no|num|number)|kontonummer|rib|sort_?code|sort_code_account|numero_compte|conto_corrente|cuenta(_bancaria)?|conta_bancaria|rekeningnummer|conta|numero_conta|conta_corrente|bsb|clabe|clabe_interbancaria|cuenta_clabe|tilinumero|numer_konta|cislo_uctu|kontonr|account_no|deposit_acct(_nbr)?|acct_nbr)(_|$)/ },
  { tag: 'date_of_birth', confidence: 0.7, rule: 'birth date column name', pattern: /birth|(^|_)(dob|d_o_b|born|geburtsdatum|geburtstag|geb_datum|naissance|date_naissance|nascimento|data_nascimento|nascita|data_di_nascita|nacimiento|fecha_nacimiento|geboortedatum|birthday|fodelsedatum|fodselsdato|fodselsdag|syntymaaika|syntymapaiva|data_urodzenia|datum_narozeni|geb_datum|gebdat)(_|$)/ },
  { tag: 'age', confidence: 0.6, rule: 'age column name', pattern: T('age|ages|alter|alder|edad|eta|idade|leeftijd|ika|wiek|vek|age_years|age_in_years|years_old|age_group|age_range') },
  { tag: 'gender', confidence: 0.65, rule: 'gender column name', pattern: T('gender|sex|geschlecht|sexe|genre|genere|genero|sexo|sesso|geslacht|code_gender|gender_code|anrede|civilite|salutation|kon|koen|kjonn|kjoenn|sukupuoli|plec|pohlavi|titre|tratamiento') },
  {
    tag: 'precise_location', confidence: 0.55, rule: 'coordinates column name',
    pattern: T('lat|latitude|lng|lon|long|longitude|geo|geolocation|coordinates|coords|gps|latlng|lat_lng|lat_long|location_lat|location_lng|breitengrad|laengengrad|geo_lat|geo_lng'),
  },
  { tag: 'person_id', confidence: 0.4, rule: 'person id column name', pattern: T('user_?id|person_?id|contact_?id|customer_?id|member_?id|subscriber_?id|lead_?id|patient_?id|employee_?id|member_id|insurance_member_id|kundennummer|klantnummer') },
  { tag: 'free_text', confidence: 0.3, rule: 'free-text column name', pattern: T('notes?|comments?|message|messages|bio|free_text|remarks|description|body|feedback|anmerkungen|bemerkungen|bemerkning|kommentar|commentaire|observacoes|observaciones|opmerkingen|uwagi|opis|popis|poznamka|huomautus|lisatiedot|notas|comentarios?|notitie') },
];

/** Column names in Japanese and Chinese, which have no Latin tokens: matched on the name as written. */
const CJK_RULES: readonly { tag: PiiTag; pattern: RegExp; rule: string; confidence: number }[] = [
  { tag: 'email', pattern: /メール|邮箱|電子郵件|电子邮件/, rule: 'email column name', confidence: 0.6 },
  { tag: 'phone', pattern: /電話|携帯|手机|电话/, rule: 'phone column name', confidence: 0.6 },
  { tag: 'date_of_birth', pattern: /生年月日|誕生日|出生日期|生日/, rule: 'birth date column name', confidence: 0.7 },
  { tag: 'gender', pattern: /性別|性别/, rule: 'gender column name', confidence: 0.65 },
  { tag: 'age', pattern: /年齢|年龄/, rule: 'age column name', confidence: 0.6 },
  { tag: 'address', pattern: /住所|郵便番号|邮编|地址|邮政编码/, rule: 'postal address column name', confidence: 0.6 },
  { tag: 'name', pattern: /氏名|名前|姓名|フリガナ/, rule: 'person name column name', confidence: 0.6 },
  { tag: 'government_id', pattern: /身份证|身分證|マイナンバー|個人番号/, rule: 'national id column name', confidence: 0.7 },
  { tag: 'device_id', pattern: /设备|設備|端末ID/i, rule: 'device identifier column name', confidence: 0.6 },
  { tag: 'precise_location', pattern: /纬度|经度|緯度|経度|坐标|座標/, rule: 'coordinates column name', confidence: 0.55 },
  // Korean (Hangul) column names, as Korean marketplaces and CRMs export them; '상품명'
  // (product name) ends in 명 too, so person names are listed, not matched on the suffix.
  { tag: 'email', pattern: /이메일/, rule: 'email column name', confidence: 0.6 },
  { tag: 'phone', pattern: /전화|연락처|휴대폰|핸드폰/, rule: 'phone column name', confidence: 0.6 },
  { tag: 'date_of_birth', pattern: /생년월일|생일/, rule: 'birth date column name', confidence: 0.7 },
  { tag: 'gender', pattern: /성별/, rule: 'gender column name', confidence: 0.65 },
  { tag: 'age', pattern: /나이|연령/, rule: 'age column name', confidence: 0.6 },
  { tag: 'address', pattern: /주소|배송지|우편번호|도로명/, rule: 'postal address column name', confidence: 0.6 },
  { tag: 'name', pattern: /이름|성명|고객명|구매자명|주문자명|수취인명|수령인|받는\s?분|보내는\s?분|회원명|예금주|신청자명/, rule: 'person name column name', confidence: 0.6 },
  { tag: 'government_id', pattern: /주민등록번호|주민번호|외국인등록번호/, rule: 'national id column name', confidence: 0.7 },
  { tag: 'device_id', pattern: /기기\s?ID|디바이스/i, rule: 'device identifier column name', confidence: 0.6 },
  { tag: 'precise_location', pattern: /위도|경도/, rule: 'coordinates column name', confidence: 0.55 },
];

/** What the name alone suggests (several tags possible: `contact` + `phone`). */
export function nameEvidence(name: string): NameHit[] {
  const tokens = nameTokens(name);
  const hits: NameHit[] = [];
  for (const r of CJK_RULES) if (r.pattern.test(name)) hits.push({ tag: r.tag, confidence: r.confidence, rule: r.rule });
  // A pet's name or birth date, a vehicle's age: not a person's (their owner's phone still is).
  const aboutAThing = NOT_PERSONAL_SUBJECT.test(tokens) && !PERSON_OF_A_THING.test(tokens);
  if (HASHED_ID.test(tokens)) hits.push({ tag: 'pseudonymous_id', confidence: 0.55, rule: 'hashed identifier column name' });
  if (NOT_A_VALUE.test(tokens)) return hits;
  for (const r of RULES) {
    if (!r.pattern.test(tokens) || r.unless?.test(tokens)) continue;
    if ((r.tag === 'address' || r.tag === 'name') && BUSINESS.test(tokens)) continue;
    if (aboutAThing && THINGS_HAVE_TOO.has(r.tag)) continue;
    if (!hits.some((h) => h.tag === r.tag)) hits.push({ tag: r.tag, confidence: r.confidence, rule: r.rule });
  }
  return hits;
}

/** A version/build/release column: its dotted numbers are not IP addresses. */
export function isVersionName(name: string): boolean {
  return T('version|ver|build|release|firmware|fw|sdk|os_version|app_version|revision|rev').test(nameTokens(name));
}

/** A place coarser than a street (city, suburb, state, country): never a person's name. */
export function isPlaceName(name: string): boolean {
  return T('city|town|ort|ville|cidade|citta|ciudad|woonplaats|stad|suburb|locality|state|province|county|country|region|pais|land|uf|district|origin|destination|municipality|gemeinde|bundesland').test(nameTokens(name));
}
