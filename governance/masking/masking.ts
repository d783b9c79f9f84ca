/**
 * Masking policies as SQL expressions over one column. Applied while publishing the
 * analyst database; the warehouse keeps clear values for the pipeline itself.
 *
 * - `redact`: the value is gone (`'[redacted]'` for text, NULL otherwise).
 * - `hash`: salted SHA-256, so the column still joins and counts distinct people.
 * - `partial`: enough to recognise a value, not to use it (`j***@example.com`, `***42`).
 * - `none`: published as is (an explicit decision, e.g. for pseudonymous ids).
 */
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
 * The hash salt is NOT pasted in: the expression references the `$salt` parameter.
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
      sql = `case when ${col} is null then null else 'h_' || left(sha256($salt || cast(${col} as varchar)), 24) end`;
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
