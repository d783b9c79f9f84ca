/**
 * The classifier's value detectors and name rules on the look-alikes that used to fool
 * it: SSNs read as phones, day-first dates as phones, card numbers stored as integers,
 * flags named after a phone, versions shaped like IPs. Each case is a column as an
 * export would hold it; the tag is what the classifier acts on (confidence ≥ 0.8).
 */
import { describe, expect, it } from 'vitest';
import { PUBLISH_THRESHOLD, classifyColumn } from '../../../governance/pii/classify.js';
import { aadhaarValid, cardNumberValid, cpfValid, ibanValid, imeiValid, nirValid, ssnValid, ukNinoValid } from '../../../governance/pii/check-digits.js';
import { parseDate } from '../../../governance/pii/dates.js';
import { nameTokens } from '../../../governance/pii/name-rules.js';

function acted(name: string, values?: unknown[], regions?: string[]): string | undefined {
  const best = classifyColumn({ name, ...(values ? { values } : {}), ...(regions ? { regions } : {}) })[0];
  return best && best.confidence >= PUBLISH_THRESHOLD ? best.tag : undefined;
}

describe('check digits', () => {
  it('accept valid identifiers and refuse one changed digit', () => {
    expect(cardNumberValid('4111111111111111')).toBe(true);
    expect(cardNumberValid('4111111111111112')).toBe(false);
    expect(cardNumberValid('378282246310005')).toBe(true); // Amex, 15 digits
    expect(imeiValid('490154203237518')).toBe(true); // an IMEI is Luhn-valid but no card
    expect(cardNumberValid('490154203237518')).toBe(false);
    expect(ibanValid('DE89 3704 0044 0532 0130 00')).toBe(true);
    expect(ibanValid('DE89 3704 0044 0532 0130 01')).toBe(false);
    expect(ibanValid('GB82WEST12345698765432')).toBe(true);
    expect(ssnValid('536901234')).toBe(true);
    expect(ssnValid('666123456')).toBe(false);
    expect(ssnValid('912345678')).toBe(false);
    expect(ukNinoValid('AB 12 34 56 C')).toBe(true);
    expect(ukNinoValid('GB123456A')).toBe(false);
    expect(cpfValid('52998224725')).toBe(true);
    expect(cpfValid('52998224726')).toBe(false);
    expect(aadhaarValid('234123412346')).toBe(true);
    expect(aadhaarValid('234123412347')).toBe(false);
    expect(nirValid('255081416802538')).toBe(true);
    expect(nirValid('255081416802539')).toBe(false);
  });
});

describe('dates', () => {
  it.each([
    ['1985-03-14', '1985-03-14'],
    ['14/03/1985', '1985-03-14'],
    ['03/14/1985', '1985-03-14'],
    ['14.03.1985', '1985-03-14'],
    ['19850314', '1985-03-14'],
    ['14-Mar-1985', '1985-03-14'],
    ['March 14, 1985', '1985-03-14'],
    ['14 mars 1985', '1985-03-14'],
  ])('%s', (v, iso) => {
    expect(parseDate(v)?.toISOString().slice(0, 10)).toBe(iso);
  });

  it('refuses what is no date', () => {
    for (const v of ['31/02/1985', '415.555.0100', '12345678', '161400.00']) expect(parseDate(v)).toBeNull();
  });
});

describe('name rules across naming styles', () => {
  it('tokenises camelCase, acronyms, Title Case and German compounds alike', () => {
    expect(nameTokens('NINumber')).toBe('ni_number');
    expect(nameTokens('Card Number')).toBe('card_number');
    expect(nameTokens('E-Mail-Adresse')).toBe('e_mail_adresse');
    expect(nameTokens('DateOfBirth')).toBe('date_of_birth');
  });

  it.each([
    ['CODE_GENDER', 'gender'],
    ['dob', 'date_of_birth'],
    ['cust_ssn', 'government_id'],
    ['Card Number', 'card_number'],
    ['geburtsdatum', 'date_of_birth'],
    ['iban', 'bank_account'],
    ['FLAG_PHONE', undefined],
    ['email_opt_out', undefined],
    ['phone_count', undefined],
    ['ip_address', 'ip_address'],
    ['email_address', 'email'],
  ])('%s names %s', (name, tag) => {
    expect(classifyColumn({ name })[0]?.tag).toBe(tag);
  });
});

describe('value detectors', () => {
  it('SSNs are government ids, never phones, and hashed by default', () => {
    const ssns = ['536-90-1234', '123-45-6789', '078-05-1120', '219-09-9999'];
    expect(acted('x', ssns)).toBe('government_id');
    expect(acted('ssn', ssns.map((s) => s.replace(/-/g, '')))).toBe('government_id');
    expect(acted('x', ['(415) 555-0132', '212-555-0199', '+1 206 555 0100', '617.555.0142'])).toBe('phone');
  });

  it('day-first dates and amounts are never phones', () => {
    expect(acted('x', ['23/04/2024', '01.12.2023', '15-06-2022', '30/09/2021'])).toBeUndefined();
    expect(acted('x', ['161400.00', '4155550100.00', '1,234.56', '304,54'])).toBeUndefined();
  });

  it('reporting periods (a month, a quarter, a week) are never phones', () => {
    // campaign_budget.period and campaign_funnel.period hold these; libphonenumber calls
    // '2026-11' a valid German number, which once failed the demo's publish closed.
    expect(acted('period', ['2026-11', '2026-10', '2025-12', '2026-01'])).toBeUndefined();
    expect(acted('x', ['11/2026', '2026-Q3', '2026-W05', '2026/04'])).toBeUndefined();
  });

  it('national phone spellings are judged in the country that makes them valid', () => {
    expect(acted('contact', ['020 7946 0958', '07700 900123', '0161 496 0000', '0131 496 0000'])).toBe('phone');
    expect(acted('telefon', ['030 12345678', '089 1234567', '0151 23456789', '040 123456'], ['DE'])).toBe('phone');
  });

  it('card numbers are found as text and as integers; 16-digit serials are not cards', () => {
    expect(acted('x', ['4111 1111 1111 1111', '5500-0000-0000-0004', '3782 822463 10005', '6011 0009 9013 9424'])).toBe('card_number');
    expect(acted('payment', [4111111111111111, 5500000000000004, 4012888888881881, 5105105105105100])).toBe('card_number');
    expect(acted('serial_number', [1000000000000001, 1234567890123456, 9876543210987654, 1111222233334444])).toBeUndefined();
  });

  it('IBANs, UK NI numbers, CPFs are found by their check digits', () => {
    expect(acted('x', ['DE89 3704 0044 0532 0130 00', 'GB82WEST12345698765432', 'FR1420041010050500013M02606'])).toBe('bank_account');
    expect(acted('x', ['AB 12 34 56 C', 'CE123456D', 'JG103759A'])).toBe('government_id');
    expect(acted('x', ['529.982.247-25', '111.444.777-35', '390.533.447-05'])).toBe('government_id');
  });

  it('four-part versions next to IPs are not IPs', () => {
    expect(acted('x', ['203.0.113.9', '198.51.100.7', '2001:db8::1'])).toBe('ip_address');
    expect(acted('firmware_version', ['1.0.0.1', '2.3.1.0', '4.0.12.1'])).toBeUndefined();
  });

  it('birth dates need plausible ages; event dates in the same format are not birth dates', () => {
    expect(acted('date_of_birth', ['14/03/1985', '02/11/1960', '30/06/2001', '12/12/1948'])).toBe('date_of_birth');
    expect(acted('DAYS_BIRTH', [-12005, -19046, -9833, -20099])).toBe('date_of_birth');
    expect(acted('order_date', ['14/03/2025', '02/11/2024', '30/06/2023', '12/12/2022'])).toBeUndefined();
    expect(acted('birth_date', ['2031-01-01', '2030-05-05', '2032-07-07'])).toBeUndefined();
  });

  it('person names by lists and "Last, First M" forms; companies and cities are not people', () => {
    expect(acted('customer', ['Smith, John A', 'Garcia, Maria', 'Müller, Hans', 'Patel, Priya K'])).toBe('name');
    expect(acted('x', ['Maria Schmidt', 'John Smith', 'Priya Sharma', 'Pierre Dubois', 'Ana Silva'])).toBe('name');
    expect(acted('supplier', ['Smith & Sons Ltd', 'Schmidt GmbH', 'Dubois SA', 'Silva Group'])).toBeUndefined();
    expect(acted('city', ['Charlotte', 'Austin', 'Victoria', 'Florence'])).toBeUndefined();
  });

  it('street addresses in several languages, and postcodes with a postcode name', () => {
    expect(acted('x', ['221B Baker Street', '12 rue de la Paix', 'Hauptstraße 5', 'Rua das Flores, 123', '1600 Pennsylvania Avenue NW'])).toBe('address');
    expect(acted('plz', ['10115', '80331', '20095', '50667'])).toBe('address');
    expect(acted('product_code', ['10115', '80331', '20095', '50667'])).toBeUndefined();
    expect(acted('x', ['SW1A 1AA', 'EC1A 1BB', 'M1 1AE', 'B33 8TH'])).toBeUndefined(); // telling, but alone not enough to act on
  });

  it('gender and age columns; a size column of S/M/L is neither', () => {
    expect(acted('x', ['Male', 'Female', 'Female', 'Male'])).toBe('gender');
    expect(acted('CODE_GENDER', ['M', 'F', 'XNA', 'F'])).toBe('gender');
    expect(acted('size', ['S', 'M', 'L', 'XL'])).toBeUndefined();
    expect(acted('age', [34, 51, 27, 68])).toBe('age');
    expect(acted('stage', [1, 2, 3, 4])).toBeUndefined();
  });

  it('device and cookie ids by name and shape; user agents are not tagged', () => {
    expect(acted('advertising_id', ['6D92078A-8246-4BA4-AE5B-76104861E7DC', 'B4C5F0B2-1A5D-4C7E-9A0F-6E8D2C1B3A4F'])).toBe('device_id');
    expect(acted('order_uuid', ['6D92078A-8246-4BA4-AE5B-76104861E7DC', 'B4C5F0B2-1A5D-4C7E-9A0F-6E8D2C1B3A4F'])).toBeUndefined();
    // A browser build millions share identifies nobody (the IP and the cookie carry the tags).
    expect(acted('user_agent', ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36', 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X)'])).toBeUndefined();
    expect(acted('x', ['GA1.2.1067754751.1737020519', 'GA1.2.1584162739.1758431233'])).toBe('online_identifier');
  });

  it('national ids of other countries by their check digits, never read as phones', () => {
    // Made with each scheme's own rule (bench/pii-dev/ids.ts); the columns are named neutrally.
    expect(acted('c', ['580406-8582', '960625-1719', '851224-9346'])).toBe('government_id'); // SE personnummer (Luhn + date)
    expect(acted('c', ['756.2073.9889.97', '756.7272.2694.89'])).toBe('government_id'); // CH AHV (EAN-13)
    expect(acted('c', ['DECJ710308HBCLNN96', 'BAOG910128HJCNPR98'])).toBe('government_id'); // MX CURP
    expect(acted('c', ['49.11.12-287.71', '59.05.26-764.21'])).toBe('government_id'); // BE national number (mod 97)
    // One digit off and the check fails: a phone-looking column of them stays untagged.
    expect(acted('c', ['580406-8583', '960625-1710', '851224-9347'])).not.toBe('government_id');
  });

  it('private addresses are the network’s own machines; a forwarded-for list is its first (client) address', () => {
    expect(acted('server_ip', ['10.0.3.4', '10.0.7.19', '192.168.1.20'])).toBeUndefined();
    expect(acted('upstream_addr', ['10.20.4.238:8080', '10.20.0.212:8080'])).toBeUndefined();
    expect(acted('x_forwarded_for', ['62.26.104.78, 10.20.9.247', '31.251.158.104', '203.0.113.7, 10.0.0.1'])).toBe('ip_address');
  });

  it('phones: no sort codes, postcodes or year-first references; digits-only phones by their column name', () => {
    expect(acted('SortCode', ['12-34-56', '40-11-62', '20-00-00'])).toBeUndefined();
    expect(acted('codigo_postal', ['6246-820', '4185-866', '1000-001'])).toBe('address');
    expect(acted('case_no', ['2023-850933', '2024-760549', '2025-113402'])).toBeUndefined();
    expect(acted('telefon', ['34448720', '34491337', '34412096'])).toBe('phone'); // DK, no separators
    expect(acted('client_build', ['2.17.201.4521', '1.3.40.1180'])).toBeUndefined();
  });

  it('column names in other languages and scripts; placeholders are blanks', () => {
    expect(acted('生年月日', ['1985/03/14', '1960/11/02', '2001/06/30'])).toBe('date_of_birth');
    expect(acted('氏名', ['坂本 拓也', '岩田 大輔', '飯塚 七海'])).toBe('name');
    expect(acted('Odbiorca', ['Renata Stachura', 'Sylwester Przybył', 'Tamara Szwarc'])).toBe('name');
    expect(acted('login_email', ['a@example.org', '-', 'b@example.net', '-', 'c@example.com'])).toBe('email');
    // A pet's birth date is not a person's.
    expect(acted('lemmikin_syntymäaika', ['01.08.2020', '20.08.2023', '11.02.2015'])).toBeUndefined();
    expect(acted('pet_owner_phone', ['+46 70 164 49 70', '+46 70 147 75 58'])).toBe('phone');
  });

  it('free text that people type contact details into', () => {
    const notes = ['Call back on (415) 555-0132 after 3pm', 'Prefers email: ann@example.org', 'Asked about pricing for the spring launch', 'Renewal due next quarter, keen'];
    expect(acted('notes', notes)).toBe('free_text');
    expect(acted('notes', ['Asked about pricing for the spring launch', 'Renewal due next quarter, keen'])).toBeUndefined();
  });

  it('flags named after a phone or an email are flags', () => {
    expect(acted('FLAG_PHONE', [0, 1, 1, 0])).toBeUndefined();
    expect(acted('FLAG_EMAIL', ['Y', 'N', 'N'])).toBeUndefined();
  });

  it('every detection carries its evidence: name rule, value rule and share', () => {
    const [best] = classifyColumn({ name: 'cust_ssn', values: ['536-90-1234', '123-45-6789', '078-05-1120', '219-09-9999', 'n/a'] });
    expect(best).toMatchObject({ tag: 'government_id', evidence: { nameRule: 'national id column name', matched: 4, sampled: 4, share: 1 } });
    expect(best!.evidence.valueRule).toBeDefined();
    const [byValue] = classifyColumn({ name: 'c7', values: ['DE89 3704 0044 0532 0130 00'] });
    expect(byValue!.evidence).toEqual({ valueRule: 'IBANs (mod-97 check)', matched: 1, sampled: 1, share: 1 });
  });
});
