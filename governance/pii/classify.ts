/**
 * Finds personal data nobody declared: rules over a column's name and over a sample
 * of its values. Each hit says which tag, why, and how sure (0–1); the pipeline seeds
 * propagation with hits above its threshold, and the publish step fails closed on
 * tagged columns that no masking policy covers.
 *
 * @example
 * ```ts
 * classifyColumn({ name: 'contact_email', values: ['a@x.io', 'b@y.org'] });
 * // → [{ tag: 'email', confidence: 0.95, reason: 'column name "contact_email" suggests email; 2/2 sampled values look like email addresses' }]
 * ```
 */
import { isIP } from 'node:net';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { PiiTag } from '../../core/pii-tags.js';
import { quoteIdent, quoteQualified } from '../../core/sql.js';

export interface Classification {
  readonly tag: PiiTag;
  readonly reason: string;
  /** 0–1: name-only hits are weaker than value hits; both together are strongest. */
  readonly confidence: number;
}

export interface ColumnSample {
  readonly name: string;
  /** Sampled values; non-strings (numbers, nulls) are ignored by the value rules. */
  readonly values?: readonly unknown[];
}

interface NameRule {
  readonly tag: PiiTag;
  readonly confidence: number;
  /** Matches the column's tokens (lower case, split on `_`, `.`, `-` and camelCase), joined by `_`. */
  readonly pattern: RegExp;
}

/** Tokens that make a name about a count, flag or status rather than the value (`email_count`, `has_phone`). */
const NOT_A_VALUE = /(^|_)(count|counts|num|number_of|n|is|has|opt|optout|opted|opt_in|opt_out|status|type|domain|sent|opens|clicks|bounced|bounce|valid|verified|consent|subscribed|hash|hashed|md5|sha256|length|len)(_|$)/;

/** `email_hash`, `hashed_phone`, `user_id_sha256`: a one-way hash of an identifier. */
const HASHED_ID = /(^|_)(e_?mail|phone|user|person|customer|contact|ip)(_id)?_(hash|hashed|md5|sha\d*)(_|$)|(^|_)(hashed|md5|sha\d*)_(e_?mail|phone|user_id|ip)(_|$)/;

const NAME_RULES: readonly NameRule[] = [
  { tag: 'email', confidence: 0.6, pattern: /(^|_)(e_?mail|email_?address)(_|$)/ },
  { tag: 'phone', confidence: 0.6, pattern: /(^|_)(phone|phone_number|mobile|mobilephone|mobile_phone|telephone|tel|cell|cellphone|fax|msisdn)(_|$)/ },
  { tag: 'name', confidence: 0.6, pattern: /(^|_)((first|last|full|given|family|middle|maiden|display|contact|customer|person)_?name|firstname|lastname|fullname|surname|fname|lname)(_|$)/ },
  { tag: 'address', confidence: 0.5, pattern: /(^|_)(street|street_address|address(_?line)?_?\d?|addr\d?|postal_?code|post_?code|zip_?code|zip)(_|$)/ },
  { tag: 'ip_address', confidence: 0.6, pattern: /(^|_)(ip|ip_?address|ipv4|ipv6|client_ip|remote_addr|remote_ip)(_|$)/ },
  { tag: 'online_identifier', confidence: 0.5, pattern: /(^|_)(user_?agent|anonymous_?id|cookie_?id|session_?id|client_?id|ga_client_id|visitor_?id|fbp|fbc|gclid|fbclid)(_|$)/ },
  { tag: 'device_id', confidence: 0.5, pattern: /(^|_)(device_?id|idfa|idfv|gaid|aaid|advertising_?id|ad_id|android_id)(_|$)/ },
  { tag: 'person_id', confidence: 0.4, pattern: /(^|_)(user_?id|person_?id|contact_?id|customer_?id|member_?id|subscriber_?id|lead_?id|ssn|national_id|passport)(_|$)/ },
  { tag: 'free_text', confidence: 0.3, pattern: /(^|_)(notes?|comments?|message|bio|free_text|remarks)(_|$)/ },
];

const EMAIL = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[a-z]{2,}$/i;
const PHONE_CHARS = /^\+?[\d\s().\-/]+(\s*(x|ext\.?)\s*\d+)?$/i;
const DATE_LIKE = /^\d{4}-\d{2}-\d{2}([ t]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?/i;

interface ValueRule {
  readonly tag: PiiTag;
  readonly what: string;
  readonly test: (v: string) => boolean;
}

/** A decimal number (one point, no sign of a phone such as a leading +): never a phone, whatever its digit count. */
const DECIMAL_NUMBER = /^-?\d+\.\d+$/;

const VALUE_RULES: readonly ValueRule[] = [
  { tag: 'email', what: 'email addresses', test: (v) => EMAIL.test(v) },
  {
    tag: 'phone',
    what: 'phone numbers',
    test: (v) => {
      // '161400.00' is an amount: a phone has more than one group of digits after a leading one.
      if (!PHONE_CHARS.test(v) || DATE_LIKE.test(v) || DECIMAL_NUMBER.test(v)) return false;
      const digits = v.replace(/(x|ext\.?)\s*\d+$/i, '').replace(/\D/g, '').length;
      // Bare digit strings are ids as often as phones: require a '+' or separators.
      const formatted = v.startsWith('+') || /[\s().\-]/.test(v);
      return formatted && digits >= 7 && digits <= 15;
    },
  },
  { tag: 'ip_address', what: 'IP addresses', test: (v) => isIP(v) !== 0 },
];

/** Share of non-empty sampled strings a value rule must match. */
const VALUE_SHARE = 0.8;

/** Splits `contactEmail`, `properties__email`, `traits.email` into `contact_email` … tokens. */
export function nameTokens(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((t) => t !== '')
    .join('_');
}

/** Classifies one column from its name and (optionally) sampled values, strongest hit first. */
export function classifyColumn(sample: ColumnSample): Classification[] {
  const tokens = nameTokens(sample.name);
  const hits = new Map<PiiTag, { confidence: number; reasons: string[] }>();
  const add = (tag: PiiTag, confidence: number, reason: string): void => {
    const h = hits.get(tag);
    if (h === undefined) hits.set(tag, { confidence, reasons: [reason] });
    else {
      // Name and values agreeing is stronger than either alone.
      h.confidence = Math.min(0.99, 1 - (1 - h.confidence) * (1 - confidence));
      h.reasons.push(reason);
    }
  };
  if (HASHED_ID.test(tokens)) add('pseudonymous_id', 0.5, `column name "${sample.name}" suggests a hashed identifier`);
  if (!NOT_A_VALUE.test(tokens)) {
    for (const rule of NAME_RULES) {
      if (rule.pattern.test(tokens)) add(rule.tag, rule.confidence, `column name "${sample.name}" suggests ${rule.tag}`);
    }
  }
  const strings = (sample.values ?? []).filter((v): v is string => typeof v === 'string').map((v) => v.trim()).filter((v) => v !== '');
  if (strings.length > 0) {
    for (const rule of VALUE_RULES) {
      const matched = strings.filter((v) => rule.test(v)).length;
      const share = matched / strings.length;
      if (share >= VALUE_SHARE) {
        add(rule.tag, 0.5 + 0.4 * share, `${matched}/${strings.length} sampled values look like ${rule.what}`);
      }
    }
  }
  return [...hits.entries()]
    .map(([tag, h]) => ({ tag, confidence: Math.round(h.confidence * 100) / 100, reason: h.reasons.join('; ') }))
    .sort((a, b) => b.confidence - a.confidence);
}

/**
 * Column types whose values are never personal text: numbers, booleans, dates and times
 * (a phone, email or IP stored in one is a bare number the rules reject anyway). Their
 * values are not sampled — only their names are classified — so an amount column of
 * '161400.00' is never mistaken for phone numbers.
 */
const NON_TEXT_TYPE = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|DECIMAL|BOOLEAN|DATE|TIME|TIMESTAMP|INTERVAL)\b/;

/**
 * Samples up to `limit` non-null values of each listed text column of a table (as text)
 * and classifies them. Deterministic: the first rows DuckDB returns, no random sample.
 */
export async function classifyRelation(
  conn: DuckDBConnection,
  relation: { schema: string; name: string },
  columns: readonly string[],
  options: { limit?: number } = {},
): Promise<{ column: string; classifications: Classification[] }[]> {
  const limit = options.limit ?? 200;
  const typeRows = await conn.runAndReadAll(
    `SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2`,
    [relation.schema, relation.name],
  );
  const types = new Map(typeRows.getRows().map((r) => [String(r[0]), String(r[1])]));
  const out: { column: string; classifications: Classification[] }[] = [];
  for (const column of columns) {
    if (NON_TEXT_TYPE.test(types.get(column) ?? '')) {
      out.push({ column, classifications: classifyColumn({ name: column }) });
      continue;
    }
    const reader = await conn.runAndReadAll(
      `SELECT CAST(${quoteIdent(column)} AS VARCHAR) AS v FROM ${quoteQualified(relation.schema, relation.name)}
        WHERE ${quoteIdent(column)} IS NOT NULL LIMIT $1`,
      [limit],
    );
    const values = reader.getRows().map((r) => r[0]);
    out.push({ column, classifications: classifyColumn({ name: column, values }) });
  }
  return out;
}
