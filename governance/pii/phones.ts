/**
 * Phone numbers judged per column, with country context: a national spelling
 * ('020 7946 0958', '(415) 555-0100', '01 09 34 86 09') is only a number in some country,
 * so each candidate region is tried and the column keeps the one under which most values
 * are valid numbers (libphonenumber's metadata: length and range, not just shape).
 * Regions given by the caller (a country column of the same table) are tried first.
 */
import { isSupportedCountry, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

/** Regions tried when the caller knows none: where Tributary's users and their customers are. */
const DEFAULT_REGIONS: readonly CountryCode[] = ['US', 'GB', 'DE', 'FR', 'IN', 'BR', 'AU', 'ES', 'IT', 'NL', 'CA', 'IE', 'AT', 'CH', 'BE', 'PT', 'SE', 'PL', 'MX', 'JP'];

export interface PhoneMatch {
  readonly valid: number;
  /** The region national spellings were read in, when one was needed. */
  readonly region?: CountryCode;
}

/**
 * How many `values` are valid phone numbers under the best region. With `bare`, the
 * values are digit strings read as international numbers without their '+'
 * ('447700900123'), since a bare national number cannot be told from an id.
 */
export function matchPhones(values: readonly string[], options: { regions?: readonly string[]; bare?: boolean } = {}): PhoneMatch {
  if (values.length === 0) return { valid: 0 };
  if (options.bare) {
    return { valid: values.filter((v) => parsePhoneNumberFromString(`+${v.replace(/^00/, '')}`)?.isValid() === true).length };
  }
  const international = values.map((v) => /^(\+|00)/.test(v.trim()));
  const intlValid = values.filter((v, i) => international[i] && parsePhoneNumberFromString(v.trim().replace(/^00/, '+'))?.isValid() === true).length;
  const national = values.filter((_v, i) => !international[i]);
  if (national.length === 0) return { valid: intlValid };
  const hinted = (options.regions ?? []).map((r) => r.trim().toUpperCase()).filter((r): r is CountryCode => /^[A-Z]{2}$/.test(r) && isSupportedCountry(r));
  let best: PhoneMatch = { valid: intlValid };
  for (const region of [...new Set([...hinted, ...DEFAULT_REGIONS])]) {
    const valid = national.filter((v) => parsePhoneNumberFromString(v, region)?.isValid() === true).length;
    if (intlValid + valid > best.valid) best = { valid: intlValid + valid, region };
    if (best.valid === values.length) break;
  }
  return best;
}
