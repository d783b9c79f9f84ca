/**
 * Phone numbers in the unified schema are E.164 ('+14155550100'): one spelling per
 * number, so identity stitching can match '(415) 555-0100' in HubSpot with
 * '+1 415-555-0100' in Mailchimp. Parsing is libphonenumber-js (Google's metadata),
 * never a hand-written rule set.
 *
 * @example
 * ```ts
 * toE164('(415) 555-0100', 'US');   // '+14155550100'
 * toE164('020 7946 0958', 'gb');    // '+442079460958'
 * toE164('020 7946 0958', null);    // null: a national format means nothing without a country
 * toE164('+44 20 7946 0958', null); // '+442079460958'
 * ```
 */
import { isSupportedCountry, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

/**
 * The E.164 form of a typed phone number, or null when it is not a valid number.
 *
 * `country` is the record's ISO 3166-1 alpha-2 code (any case), the default region for
 * national formats. Anything else (a country *name* such as 'United States', '') is
 * ignored rather than guessed at: then only international formats parse. A number that
 * does not parse to a valid one is null, never a best guess: a wrong E.164 would merge
 * two people.
 */
export function toE164(phone: string, country?: string | null): string | null {
  const text = phone.trim();
  if (text === '') return null;
  const parsed = parsePhoneNumberFromString(text, defaultRegion(country));
  return parsed?.isValid() ? parsed.number : null;
}

function defaultRegion(country: string | null | undefined): CountryCode | undefined {
  const code = country?.trim().toUpperCase();
  return code !== undefined && /^[A-Z]{2}$/.test(code) && isSupportedCountry(code) ? code : undefined;
}

/**
 * The country calling code and national significant number of an international
 * ('+…') phone number, or null when it is not one: what erasure needs to find the
 * number written any other way ('020 7946 0958', '442079460958').
 *
 * @example
 * ```ts
 * phoneParts('+442079460958'); // { countryCode: '44', nationalNumber: '2079460958' }
 * ```
 */
export function phoneParts(phone: string): { countryCode: string; nationalNumber: string } | null {
  const parsed = parsePhoneNumberFromString(phone.trim());
  return parsed?.isValid() ? { countryCode: parsed.countryCallingCode, nationalNumber: parsed.nationalNumber } : null;
}
