/**
 * How a source record becomes a raw-table row (dlt's normalisation, simplified):
 * nested plain objects are flattened into columns joined by `__`, every path segment
 * in snake_case (`properties.hs_lastmodifieddate` → `properties__hs_lastmodifieddate`,
 * `context.campaign.name` → `context__campaign__name`, `anonymousId` → `anonymous_id`);
 * arrays, and objects the stream declares as free-form, are kept whole as JSON.
 *
 * Every column remembers the field path it came from: that is the last hop of column
 * lineage (`raw.hubspot_contacts.properties__email` ← `hubspot.contacts.properties.email`).
 */
import type { JsonRecord, JsonValue } from '../../connectors/sdk/index.js';

export type RawType = 'VARCHAR' | 'DOUBLE' | 'BIGINT' | 'BOOLEAN' | 'JSON';

export interface FlatValue {
  readonly column: string;
  readonly fieldPath: string;
  readonly value: JsonValue;
}

/** snake_case one path segment: `anonymousId` → `anonymous_id`, `FNAME` → `fname`, `utm-source` → `utm_source`. */
export function snakeSegment(segment: string): string {
  const s = segment
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9_]/g, '_');
  return s.length === 0 ? '_' : /^[0-9]/.test(s) ? `_${s}` : s;
}

export function columnNameFor(path: readonly string[]): string {
  return path.map(snakeSegment).join('__');
}

/**
 * Flatten one record: the definition the landing's batch flattener (flat-batch.ts)
 * follows. `jsonPaths` lists field paths the stream declared as free-form
 * objects: those stay whole (one JSON column) instead of exploding into columns.
 */
export function flattenRecord(record: JsonRecord, jsonPaths: ReadonlySet<string> = new Set()): FlatValue[] {
  const out: FlatValue[] = [];
  const walk = (value: JsonValue, fieldPath: string, column: string) => {
    if (value !== null && typeof value === 'object' && !Array.isArray(value) && !jsonPaths.has(fieldPath)) {
      // An empty object carries no columns; keep nothing rather than an empty JSON cell.
      for (const k in value) walk(value[k]!, `${fieldPath}.${k}`, `${column}__${segmentName(k)}`);
      return;
    }
    out.push({ column, fieldPath, value });
  };
  for (const k in record) walk(record[k]!, k, segmentName(k));
  return out;
}

// Records of one stream repeat the same few hundred keys millions of times: name each
// once (flattening was the costliest step of landing). Bounded, so a source sending
// random keys cannot grow it for ever.
const segmentNames = new Map<string, string>();

function segmentName(key: string): string {
  let name = segmentNames.get(key);
  if (name === undefined) {
    name = snakeSegment(key);
    if (segmentNames.size >= 100_000) segmentNames.clear();
    segmentNames.set(key, name);
  }
  return name;
}

/** The narrowest raw type that holds a value (null has none). */
export function rawTypeOf(value: JsonValue): RawType | undefined {
  if (value === null) return undefined;
  if (typeof value === 'string') return 'VARCHAR';
  if (typeof value === 'boolean') return 'BOOLEAN';
  if (typeof value === 'number') return Number.isInteger(value) && Math.abs(value) < 2 ** 53 ? 'BIGINT' : 'DOUBLE';
  return 'JSON';
}

/**
 * Whether a value can be stored in a column of `type` without losing it. When it
 * cannot, the landing widens the column (schema drift) instead of dropping the value.
 */
export function fits(value: JsonValue, type: RawType): boolean {
  if (value === null) return true;
  switch (type) {
    case 'VARCHAR':
      return typeof value !== 'object';
    case 'JSON':
      return true;
    case 'BOOLEAN':
      return typeof value === 'boolean';
    case 'BIGINT':
      return typeof value === 'number' && Number.isInteger(value);
    case 'DOUBLE':
      return typeof value === 'number';
  }
}

/** The type a column must become to hold both what it holds and a new value. */
export function widen(current: RawType, value: JsonValue): RawType {
  if (fits(value, current)) return current;
  if (current === 'BIGINT' && typeof value === 'number') return 'DOUBLE';
  if (typeof value === 'object') return 'JSON';
  return 'VARCHAR';
}

/** Text form handed to DuckDB (the landing stages text cells and casts in SQL: one path for every type). */
export function toCell(value: JsonValue, type: RawType): string | null {
  if (value === null) return null;
  if (type === 'JSON') return JSON.stringify(value);
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
