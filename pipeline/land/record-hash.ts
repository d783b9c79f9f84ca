/**
 * The record hash, `_record_hash`: unique in every raw table (raw-table.ts keeps it so),
 * and what makes a re-read record land as "unchanged" instead of as a new row.
 *
 * Its definition is frozen. Warehouses already hold hashes computed by it, so any
 * change here would make every existing record re-land as new. The code below is
 * only faster than the first version (each key layout sorted and quoted once, no
 * `map`/`join` arrays, one-shot sha256); its
 * output is byte-for-byte the same, for every input the first version accepted,
 * including non-JSON oddities (`undefined`, holes, Dates). tests/pipeline/land/record-hash.test.ts
 * checks it against a verbatim copy of the original.
 */
import { hash } from 'node:crypto';
import type { JsonRecord, JsonValue } from '../../connectors/sdk/index.js';

/** Stable content hash: source, stream, tombstone flag and the record with sorted keys. */
export function recordHash(sourceId: string, stream: string, record: JsonRecord, deleted: boolean): string {
  return hash('sha256', `${sourceId}\u0000${stream}\u0000${deleted ? 'D' : 'R'}\u0000${canonicalJson(record)}`, 'hex').slice(0, 32);
}

/**
 * JSON with every object's keys sorted (`Object.keys(..).sort()`), the hashed form of a
 * record. Quirks kept on purpose, because hashes depend on them: an `undefined` object
 * value prints as `undefined`, an `undefined` array element (or hole) as nothing.
 */
export function canonicalJson(value: JsonValue): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ',';
      // The original joined `value.map(canonicalJson)`: join prints undefined (and holes) as ''.
      const item: string | undefined = canonicalJson(value[i]!);
      if (item !== undefined) out += item;
    }
    return `${out}]`;
  }
  const layout = layoutOf(Object.keys(value));
  let out = '{';
  for (let i = 0; i < layout.sorted.length; i++) {
    // A template literal, as the original: an undefined value prints as `undefined`.
    out += `${layout.heads[i]}${canonicalJson(value[layout.sorted[i]!]!)}`;
  }
  return `${out}}`;
}

/** An object's keys as they come, the same keys sorted, and each sorted key printed (`,"k":`). */
interface KeyLayout {
  readonly keys: readonly string[];
  readonly sorted: readonly string[];
  readonly heads: readonly string[];
}

// Records of a stream repeat a few key layouts millions of times; sorting and quoting
// them once per layout is most of what this saves. Looked up by first key, then
// compared key by key, so a hit is always the exact same key sequence. Bounded.
const layouts = new Map<string, KeyLayout[]>();
let layoutCount = 0;
const MAX_LAYOUTS = 4096;
const MAX_LAYOUTS_PER_FIRST_KEY = 16;

function layoutOf(keys: string[]): KeyLayout {
  const first = keys.length === 0 ? '' : keys[0]!;
  let list = layouts.get(first);
  if (list !== undefined) {
    for (const layout of list) if (sameKeys(layout.keys, keys)) return layout;
  }
  const sorted = [...keys].sort();
  const layout: KeyLayout = { keys, sorted, heads: sorted.map((k, i) => `${i > 0 ? ',' : ''}${JSON.stringify(k)}:`) };
  if (layoutCount >= MAX_LAYOUTS) {
    layouts.clear();
    layoutCount = 0;
    list = undefined;
  }
  if (list === undefined) layouts.set(first, (list = []));
  if (list.length < MAX_LAYOUTS_PER_FIRST_KEY) {
    list.push(layout);
    layoutCount++;
  }
  return layout;
}

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
