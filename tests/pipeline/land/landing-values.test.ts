import { readdirSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { silentLogger } from '../../../core/index.js';
import { type JsonRecord, type Stream } from '../../../connectors/sdk/index.js';
import { declaredShape } from '../../../pipeline/land/declared-columns.js';
import { flattenRecord, toCell, type RawType } from '../../../pipeline/land/flatten.js';
import { STAGE_FILE_PATTERN } from '../../../pipeline/land/ndjson-stage.js';
import { RawTable, recordHash } from '../../../pipeline/land/raw-table.js';
import { Warehouse } from '../../../pipeline/warehouse/warehouse.js';
import { tempDir, type TempDir } from '../../helpers/workspace.js';

// Value fidelity of the landing: whatever route rows take to DuckDB, every cell must
// land as `cast(<toCell text> as <column type>)`, the definition the appender path had.
const stream: Stream = {
  name: 'things',
  description: 'tricky records',
  primaryKey: ['id'],
  schema: z.looseObject({
    id: z.string(),
    count: z.number().int().optional(),
    score: z.number().optional(),
    flag: z.boolean().optional(),
    attrs: z.record(z.string(), z.unknown()).optional(),
  }),
  pii: {},
  async *read() {},
};

let dir: TempDir;
let wh: Warehouse;
afterEach(() => {
  wh?.close();
  dir?.remove();
});

async function open() {
  dir = tempDir();
  wh = await Warehouse.open(`${dir.path}/wh.duckdb`);
  return RawTable.open(wh, { sourceId: 'src', connectorType: 'test', tablePrefix: 't', stream }, silentLogger());
}
const ctx = () => ({ runId: 'run', extractedAt: new Date(), quarantine: [] });
const stageFiles = () => readdirSync(dir.path).filter((f) => STAGE_FILE_PATTERN.test(f));

const tricky: JsonRecord[] = [
  { id: 'unicode', text: 'é ü 中文 😀 \u2028 \u00a0', nested: { deep: { er: 'ok' } } },
  { id: 'quotes', text: 'she said "hi" \\ back\\slash \'single\'', attrs: { 'we"ird': 'k\ney', n: [1, 'two', null, { x: true }] } },
  { id: 'control', text: 'line1\nline2\r\ttab \u0000 nul \u0001 \u001f', attrs: {} },
  { id: 'lone surrogate', text: 'broken \ud800 here' },
  { id: 'numbers', count: 9007199254740991, score: 1e21, big: 2 ** 60, tiny: 1.5e-7, neg: -0, plain: 42 },
  { id: 'more numbers', count: -5, score: 0.1, big: 123, tiny: 5, plain: 3.25 },
  { id: 'mixed a', mixed: 5, mixedf: 0.5, b: true, arr: [[1, 2], [3, [4]]], arr_or_str: 'str' },
  { id: 'mixed b', mixed: 'five', mixedf: 1e21, b: 'yes', arr: [], arr_or_str: ['v'] },
  { id: 'nulls', text: null, count: null, flag: null, attrs: null, nested: { deep: null } },
  { id: 'booleans', flag: false, b: false, mixed: true },
  { id: 'collision', firstName: 'camel', first_name: 'snake', _deleted: 'not a system value' },
  { id: 'empty', nested: {}, arr: [null], text: '' },
];

describe('landing value fidelity', () => {
  it('lands every cell as cast(toCell text as column type), for tricky records in one batch', async () => {
    const table = await open();
    await table.land({ records: tricky, state: {} }, ctx());

    const types = new Map(
      (await wh.all(`select column_name, data_type from information_schema.columns where table_schema = 'raw' and table_name = 't_things'`)).map(
        (r) => [String(r.column_name), String(r.data_type)] as const,
      ),
    );
    const jsonPaths = declaredShape(stream).jsonPaths;
    const dataColumns = [...types.keys()].filter((c) => !c.startsWith('_'));
    const quoted = dataColumns.map((c) => `"${c}"::varchar as "${c}"`).join(', ');
    const landed = new Map((await wh.all(`select _record_hash, ${quoted} from raw.t_things`)).map((r) => [String(r._record_hash), r] as const));
    expect(landed.size).toBe(tricky.length);

    for (const record of tricky) {
      const row = landed.get(recordHash('src', 'things', record, false))!;
      expect(row, record.id as string).toBeDefined();
      const flat = new Map(flattenRecord(record, jsonPaths).map((f) => [f.column, f.value] as const));
      for (const column of dataColumns) {
        const type = types.get(column)!;
        const v = flat.get(column);
        const cell = v === undefined ? null : toCell(v, (type === 'INTEGER' ? 'BIGINT' : type) as RawType);
        const [expected] = await wh.all(`select cast(cast($1 as varchar) as ${type})::varchar as v`, [cell]);
        // The appender stored U+FFFD for a lone surrogate; so must any other route.
        const want = typeof expected!.v === 'string' ? (expected!.v as string & { toWellFormed(): string }).toWellFormed() : expected!.v;
        expect({ id: record.id, column, value: row[column] }).toEqual({ id: record.id, column, value: want });
      }
    }
  });

  it('keeps the exact text of awkward values', async () => {
    const table = await open();
    await table.land({ records: tricky, state: {} }, ctx());
    const get = async (id: string, expr: string) => (await wh.all(`select ${expr} as v from raw.t_things where id = $1`, [id]))[0]!.v;
    expect(await get('control', 'text')).toBe('line1\nline2\r\ttab \u0000 nul \u0001 \u001f');
    expect(await get('unicode', 'text')).toBe('é ü 中文 😀 \u2028 \u00a0');
    expect(await get('lone surrogate', 'text')).toBe('broken \ufffd here');
    expect(await get('quotes', 'attrs::varchar')).toBe('{"we\\"ird":"k\\ney","n":[1,"two",null,{"x":true}]}');
    expect(await get('mixed a', 'arr::varchar')).toBe('[[1,2],[3,[4]]]');
    expect(await get('mixed b', 'mixedf::varchar')).toBe('1e+21'); // VARCHAR: JavaScript's text, not DuckDB's
    expect(await get('mixed a', 'mixed')).toBe('5');
    expect(await get('mixed b', 'b')).toBe('yes');
    expect(await get('booleans', 'b')).toBe('false');
    expect(await get('mixed b', 'arr_or_str::varchar')).toBe('["v"]');
    expect(await get('mixed a', 'arr_or_str::varchar')).toBe('"str"'); // the column became JSON in this batch
    expect(await get('numbers', 'count')).toBe(9007199254740991n);
    expect(await get('numbers', 'score')).toBe(1e21);
    expect(await get('collision', 'first_name')).toBe('snake'); // the later key wins, as flattenRecord says
    // A field never overrides a system column's value (though, as always, it may widen its type).
    expect(await get('collision', '_deleted::boolean')).toBe(false);
    expect(await get('empty', 'text')).toBe('');
    expect(await get('nulls', 'flag')).toBe(null);
  });

  it('widens across batches: numbers first, then strings, arrays and fractions', async () => {
    const table = await open();
    await table.land({ records: [{ id: '1', n: 5, s: 'a', o: 7, d: 2 }], state: {} }, ctx());
    const second = await table.land({ records: [{ id: '2', n: 'x', s: 0.1, o: [1, { k: 'v' }], d: 2.5, fresh: 1e21 }], state: {} }, ctx());
    expect(second.newColumns).toEqual(['fresh']);
    const rows = await wh.all(`select id, n, s, o::varchar as o, d, fresh from raw.t_things order by id`);
    expect(rows).toEqual([
      { id: '1', n: '5', s: 'a', o: '7', d: 2, fresh: null },
      { id: '2', n: 'x', s: '0.1', o: '[1,{"k":"v"}]', d: 2.5, fresh: 1e21 },
    ]);
    const types = await wh.all(
      `select column_name, data_type from information_schema.columns where table_name = 't_things' and column_name in ('n', 's', 'o', 'd', 'fresh') order by column_name`,
    );
    expect(types).toEqual([
      { column_name: 'd', data_type: 'DOUBLE' },
      { column_name: 'fresh', data_type: 'DOUBLE' },
      { column_name: 'n', data_type: 'VARCHAR' },
      { column_name: 'o', data_type: 'JSON' },
      { column_name: 's', data_type: 'VARCHAR' },
    ]);
  });

  it('leaves no stage file behind, after a landing or a failed one', async () => {
    const table = await open();
    await table.land({ records: tricky, state: { cursor: 1 } }, ctx());
    expect(stageFiles()).toEqual([]);
    await wh.run(`alter table raw.t_things alter column text type timestamptz using null`);
    const again = await RawTable.open(wh, { sourceId: 'src', connectorType: 'test', tablePrefix: 't', stream }, silentLogger());
    await expect(again.land({ records: [{ id: 'z', text: 'not a time' }], state: { cursor: 2 } }, ctx())).rejects.toThrow();
    expect(stageFiles()).toEqual([]);
  });

  it('lands a record repeated inside one batch once', async () => {
    const table = await open();
    const landed = await table.land({ records: [tricky[0]!, tricky[1]!, tricky[0]!], state: {} }, ctx());
    expect(landed).toMatchObject({ inserted: 2, unchanged: 0 });
    expect(await wh.all(`select count(*)::int as n from raw.t_things`)).toEqual([{ n: 2 }]);
  });

  it('lands a batch of only tombstones and bare records; an empty record has no key and is quarantined', async () => {
    const table = await open();
    const landed = await table.land({ records: [{}, { id: 'bare' }], deleted: [{ id: 'gone' }], state: {} }, ctx());
    expect(landed).toMatchObject({ inserted: 2, deleted: 1, quarantined: 1 });
    expect(await wh.all(`select id, _deleted from raw.t_things order by _deleted`)).toEqual([
      { id: 'bare', _deleted: false },
      { id: 'gone', _deleted: true },
    ]);
    expect(await wh.all(`select error from _tributary.quarantine`)).toEqual([{ error: 'primary key id is missing' }]);
  });
});
