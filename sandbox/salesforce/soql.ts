/**
 * The slice of SOQL the mock understands — what the connector sends and no more:
 *
 *   SELECT f1, f2, … FROM <Object>
 *     [WHERE <datetime field> >= | > | < | <= <YYYY-MM-DDThh:mm:ss[.sss]Z>]
 *     [ORDER BY <field> [ASC|DESC], …] [LIMIT n]
 *
 * Anything else is a `MALFORMED_QUERY` (as Salesforce says for a syntax it cannot parse);
 * a field the object does not have is `INVALID_FIELD`. Both are 400s with Salesforce's
 * error array.
 */
import type { StoredRecord } from './fixtures.js';

export class SoqlProblem extends Error {
  readonly errorCode: 'MALFORMED_QUERY' | 'INVALID_FIELD' | 'INVALID_TYPE';
  constructor(errorCode: SoqlProblem['errorCode'], message: string) {
    super(message);
    this.errorCode = errorCode;
  }
}

export interface ParsedSoql {
  readonly fields: readonly string[];
  readonly sobject: string;
  readonly where?: { readonly field: string; readonly op: '>=' | '>' | '<' | '<='; readonly ms: number };
  readonly orderBy: readonly { readonly field: string; readonly desc: boolean }[];
  readonly limit?: number;
}

const IDENT = '[A-Za-z][A-Za-z0-9_]*';
const DATETIME = '\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(?:\\.\\d{1,3})?Z';
const QUERY = new RegExp(
  `^SELECT\\s+(${IDENT}(?:\\s*,\\s*${IDENT})*)\\s+FROM\\s+(${IDENT})` +
    `(?:\\s+WHERE\\s+(${IDENT})\\s*(>=|<=|>|<)\\s*(${DATETIME}))?` +
    `(?:\\s+ORDER\\s+BY\\s+(${IDENT}(?:\\s+(?:ASC|DESC))?(?:\\s*,\\s*${IDENT}(?:\\s+(?:ASC|DESC))?)*))?` +
    `(?:\\s+LIMIT\\s+(\\d+))?\\s*$`,
  'i',
);

/**
 * Parses `soql` against the object's known fields (`fieldsOf(sobject)` → undefined for an
 * unknown object). Throws SoqlProblem with Salesforce's wording.
 */
export function parseSoql(soql: string, fieldsOf: (sobject: string) => readonly string[] | undefined, datetimeFields: ReadonlySet<string>): ParsedSoql {
  const m = QUERY.exec(soql.trim());
  if (!m) throw new SoqlProblem('MALFORMED_QUERY', `unexpected token in query (the mock understands SELECT … FROM … [WHERE <datetime> >= <instant>] [ORDER BY …] [LIMIT n]): ${soql.slice(0, 200)}`);
  const [, fieldList, sobject, whereField, op, literal, orderList, limit] = m;
  const known = fieldsOf(sobject!);
  if (!known) throw new SoqlProblem('INVALID_TYPE', `sObject type '${sobject}' is not supported.`);
  const check = (f: string) => {
    if (!known.includes(f)) throw new SoqlProblem('INVALID_FIELD', `No such column '${f}' on entity '${sobject}'.`);
    return f;
  };
  const fields = fieldList!.split(',').map((f) => check(f.trim()));
  let where: ParsedSoql['where'];
  if (whereField !== undefined) {
    check(whereField);
    if (!datetimeFields.has(whereField)) throw new SoqlProblem('INVALID_FIELD', `value of filter criterion for field '${whereField}' must be of type string`);
    where = { field: whereField, op: op as '>=' | '>' | '<' | '<=', ms: Date.parse(literal!) };
  }
  const orderBy = (orderList ?? '')
    .split(',')
    .filter((s) => s.trim() !== '')
    .map((s) => {
      const [field, dir] = s.trim().split(/\s+/);
      return { field: check(field!), desc: /^desc$/i.test(dir ?? '') };
    });
  return { fields, sobject: sobject!, orderBy, ...(where ? { where } : {}), ...(limit === undefined ? {} : { limit: Number(limit) }) };
}

/** Filters, sorts and limits stored records as the parsed query says. */
export function runSoql(query: ParsedSoql, records: Iterable<StoredRecord>): StoredRecord[] {
  const w = query.where;
  let rows = [...records].filter((r) => {
    if (!w) return true;
    const v = r[w.field];
    if (typeof v !== 'string') return false;
    const ms = Date.parse(v);
    return w.op === '>=' ? ms >= w.ms : w.op === '>' ? ms > w.ms : w.op === '<' ? ms < w.ms : ms <= w.ms;
  });
  if (query.orderBy.length > 0) {
    rows = rows.sort((a, b) => {
      for (const { field, desc } of query.orderBy) {
        const c = compare(a[field], b[field]);
        if (c !== 0) return desc ? -c : c;
      }
      return 0;
    });
  }
  return query.limit === undefined ? rows : rows.slice(0, query.limit);
}

function compare(a: unknown, b: unknown): number {
  // Salesforce sorts nulls first in ascending order.
  if (a === b) return 0;
  if (a === null || a === undefined) return -1;
  if (b === null || b === undefined) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a) < String(b) ? -1 : 1;
}
