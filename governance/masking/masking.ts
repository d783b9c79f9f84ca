/**
 * Masking policies as SQL expressions over one column. Applied while publishing the
 * analyst database; the warehouse keeps clear values for the pipeline itself.
 *
 * - `redact`: the value is gone (`'[redacted]'` for text, NULL otherwise).
 * - `hash`: a keyed hash, `'h_'` + 24 hex of HMAC-SHA256 under the workspace's
 *   pseudonym key, so the column still joins and counts distinct people. Keyed, because
 *   an unkeyed (or constant-salted) hash of an email or a source id is reversed by
 *   anyone who hashes the addresses and ids they already know.
 * - `partial`: enough to recognise a value, not to use it (`j***@example.com`, `***42`).
 * - `none`: published as is (an explicit decision).
 */
import { createHash } from 'node:crypto';
import { quoteIdent } from '../../core/index.js';
import type { PiiTag } from '../../core/index.js';
import type { MaskingPolicy } from '../../schema/pii-taxonomy.js';

export interface MaskedColumn {
  /** SQL expression producing the published value, aliased to the column name. */
  readonly sql: string;
  readonly policy: MaskingPolicy;
}

/**
 * The select-list item publishing `column` of `dataType` under `policy` for `tag`.
 * The pseudonym key is NOT pasted in: a `hash` expression references the named
 * parameters of `pseudonymParams(key)`, which the caller binds.
 */
export function maskColumn(column: string, dataType: string, tag: PiiTag, policy: MaskingPolicy): MaskedColumn {
  const col = quoteIdent(column);
  const isText = /^(VARCHAR|TEXT|STRING|JSON)/i.test(dataType);
  let sql: string;
  switch (policy) {
    case 'none':
      sql = col;
      break;
    case 'redact':
      sql = isText ? `case when ${col} is null then null else '[redacted]' end` : `cast(null as ${dataType})`;
      break;
    case 'hash':
      sql = `case when ${col} is null then null else 'h_' || left(${hmacSql(`cast(${col} as varchar)`)}, 24) end`;
      break;
    case 'partial':
      sql = isText ? partialText(col, tag) : `cast(null as ${dataType})`;
      break;
  }
  return { sql: `${sql} as ${col}`, policy };
}

function partialText(col: string, tag: PiiTag): string {
  switch (tag) {
    case 'email':
      // First character of the local part and the whole domain: recognisable, not mailable.
      return `regexp_replace(${col}, '^(.)[^@]*(@.*)?$', '\\1***\\2')`;
    case 'phone':
      return `case when ${col} is null then null else '***' || right(regexp_replace(${col}, '[^0-9]', '', 'g'), 2) end`;
    default:
      return `case when ${col} is null then null else left(${col}, 1) || '***' end`;
  }
}

/** Parameter names a `hash` expression references (see `pseudonymParams`). */
export const PSEUDONYM_PARAMS = ['pseudonym_inner', 'pseudonym_outer'] as const;

/**
 * HMAC-SHA256 (RFC 2104) of a VARCHAR expression as lower-case hex, in plain SQL so DuckDB
 * computes it over whole vectors: sha256(K ^ opad || sha256(K ^ ipad || message)). The
 * two padded keys arrive as hex parameters; `encode` turns the text into its UTF-8 bytes.
 */
export function hmacSql(expr: string): string {
  return `sha256(unhex($pseudonym_outer) || unhex(sha256(unhex($pseudonym_inner) || encode(${expr}))))`;
}

/** The bound parameters of `hmacSql` for `key` (its UTF-8 bytes are the HMAC key). */
export function pseudonymParams(key: string): Record<(typeof PSEUDONYM_PARAMS)[number], string> {
  const BLOCK = 64;
  let bytes = Buffer.from(key, 'utf8');
  // RFC 2104: a key longer than the block is hashed first; a shorter one is zero-padded.
  if (bytes.length > BLOCK) bytes = createHash('sha256').update(bytes).digest();
  const padded = Buffer.alloc(BLOCK);
  bytes.copy(padded);
  const xor = (pad: number) => Buffer.from(padded.map((b) => b ^ pad)).toString('hex');
  return { pseudonym_inner: xor(0x36), pseudonym_outer: xor(0x5c) };
}
