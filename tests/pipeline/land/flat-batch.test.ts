import { describe, expect, it } from 'vitest';
import type { JsonRecord } from '../../../connectors/sdk/index.js';
import { generatePopulation } from '../../../sandbox/world/index.js';
import { Flattener } from '../../../pipeline/land/flat-batch.js';
import { flattenRecord } from '../../../pipeline/land/flatten.js';

// flattenRecord is the definition; the landing's batch flattener must say the same.
function reference(records: readonly JsonRecord[], jsonPaths: ReadonlySet<string>) {
  const rows = records.map((r) => {
    const row = new Map<string, unknown>();
    for (const f of flattenRecord(r, jsonPaths)) row.set(f.column, f.value);
    return [...row];
  });
  const firstPath = new Map<string, string>();
  for (const r of records) for (const f of flattenRecord(r, jsonPaths)) if (!firstPath.has(f.column)) firstPath.set(f.column, f.fieldPath);
  return { rows, firstPath };
}

function viaFlattener(flattener: Flattener, records: readonly JsonRecord[]) {
  const flat = flattener.flatten(records);
  const rows = records.map((_, i) => {
    const row: [string, unknown][] = [];
    for (let e = flat.starts[i]!; e < flat.starts[i + 1]!; e++) row.push([flattener.column(flat.slots[e]!), flat.values[e]]);
    return row;
  });
  const firstPath = new Map([...flat.firstFieldPath].map(([slot, p]) => [flattener.column(slot), p] as const));
  return { rows, firstPath };
}

describe('Flattener', () => {
  it('agrees with flattenRecord: columns, order, values (later key wins) and first field paths', () => {
    const jsonPaths = new Set(['free']);
    const records: JsonRecord[] = [
      { a: { b: 1, c: [1, { d: 2 }] }, free: { x: { y: 1 } }, firstName: 'camel', first_name: 'snake' },
      { first_name: 'snake first', firstName: 'camel last', a: { b: { deep: true } }, free: 'text', e: null },
      { a: 'flat now', 'weird key!': 1, '9lives': 2, nested: {} },
      { a__b: 'collides with a.b', a: { b: 'second' } },
    ];
    const flattener = new Flattener(jsonPaths);
    expect(viaFlattener(flattener, records)).toEqual(reference(records, jsonPaths));
    // A second batch through the same flattener (the trie is reused) agrees too.
    expect(viaFlattener(flattener, [...records].reverse())).toEqual(reference([...records].reverse(), jsonPaths));
  });

  it('agrees with flattenRecord on generated records of every connector', () => {
    const world = generatePopulation({ seed: 3, people: 30 });
    const flattener = new Flattener(new Set(['properties']));
    for (const system of Object.values(world)) {
      for (const records of Object.values(system as Record<string, unknown>)) {
        if (!Array.isArray(records) || records.length === 0) continue;
        expect(viaFlattener(flattener, records as JsonRecord[])).toEqual(reference(records as JsonRecord[], new Set(['properties'])));
      }
    }
  });
});
