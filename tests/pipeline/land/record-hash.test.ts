import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { JsonRecord, JsonValue } from '../../../connectors/sdk/index.js';
import { generatePopulation } from '../../../sandbox/world/index.js';
import { canonicalJson, recordHash } from '../../../pipeline/land/record-hash.js';

// The first implementation, verbatim. Warehouses hold hashes it computed, so the
// faster one must agree with it on every input, quirks included.
function originalRecordHash(sourceId: string, stream: string, record: JsonRecord, deleted: boolean): string {
  return createHash('sha256')
    .update(`${sourceId}\u0000${stream}\u0000${deleted ? 'D' : 'R'}\u0000`)
    .update(originalCanonicalJson(record))
    .digest('hex')
    .slice(0, 32);
}
function originalCanonicalJson(value: JsonValue): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(originalCanonicalJson).join(',')}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${originalCanonicalJson(value[k]!)}`).join(',')}}`;
}

const tricky: JsonRecord[] = [
  {},
  { b: 1, a: 2, '10': 'x', '9': 'y', '': null, 'é': 'ü', 'Z': true },
  { s: 'quote " backslash \\ newline \n tab \t nul \u0000 line-sep \u2028 emoji 😀 lone \ud800 /', n: -0, big: 2 ** 60, f: 1e21, e: 1.5e-7 },
  { nested: { z: { y: [1, { b: 2, a: 1 }, [], [[]], null] }, a: {} }, arr: ['b', 'a'] },
  // Not JSON, but connectors are plain JS: the hash has always accepted these.
  { u: undefined, arr: [1, undefined, 3], holes: [1, , 3], date: new Date(0) as unknown as JsonValue, nan: NaN, inf: -Infinity } as unknown as JsonRecord,
  Object.assign(Object.create(null), { b: 1, a: 2 }) as JsonRecord,
  JSON.parse('{"__proto__": {"x": 1}, "constructor": "c", "toString": 1, "a": [{"__proto__": 2}]}') as JsonRecord,
];

describe('recordHash', () => {
  it('agrees with the original implementation on tricky records', () => {
    for (const r of tricky) {
      for (const deleted of [false, true]) expect(recordHash('src', 'stream', r, deleted)).toBe(originalRecordHash('src', 'stream', r, deleted));
      expect(canonicalJson(r)).toBe(originalCanonicalJson(r));
    }
  });

  it('agrees with it on generated source records of every connector', () => {
    const world = generatePopulation({ seed: 7, people: 40 });
    const records = Object.values(world).flatMap((system) => Object.values(system as Record<string, unknown>)).filter(Array.isArray).flat();
    expect(records.length).toBeGreaterThan(100);
    for (const r of records as JsonRecord[]) expect(recordHash('s', 'x', r, false)).toBe(originalRecordHash('s', 'x', r, false));
  });

  it('agrees when the same keys come in different orders (the layout cache never confuses them)', () => {
    const keys = ['c', 'a', 'b', 'aa', 'ab'];
    for (let i = 0; i < 200; i++) {
      const shuffled = [...keys].sort(() => Math.sin(i * 7 + keys.length) - 0.5);
      const r = Object.fromEntries(shuffled.slice(0, 1 + (i % keys.length)).map((k, j) => [k, j % 2 ? { [k]: j, x: [k] } : k]));
      expect(canonicalJson(r)).toBe(originalCanonicalJson(r));
      expect(recordHash('s', 'x', r, i % 2 === 0)).toBe(originalRecordHash('s', 'x', r, i % 2 === 0));
    }
  });
});
