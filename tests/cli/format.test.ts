import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { formatRows } from '../../cli/format.js';
import { readerRows } from '../../pipeline/warehouse/plain-rows.js';

describe('output formats', () => {
  it('keeps DuckDB values JSON-friendly: exact numbers, dates as dates, wide values as text', async () => {
    const conn = await (await DuckDBInstance.create(':memory:')).connect();
    const reader = await conn.runAndReadAll(
      `select count(*) as n, 12.30::decimal(10,2) as amt, 12345678901234567890::hugeint as big, date '2026-09-03' as day, ['a','b'] as tags`,
    );
    expect(readerRows(reader).rows).toEqual([{ n: 1, amt: 12.3, big: '12345678901234567890', day: '2026-09-03', tags: ['a', 'b'] }]);
    conn.closeSync();
  });

  it('csv quotes what needs quoting; table says how many rows; json round-trips', () => {
    const rows = [{ a: 'x,y', b: 'say "hi"', c: null }, { a: 'plain', b: 'line\nbreak', c: 3 }];
    expect(formatRows(rows, 'csv')).toBe('a,b,c\n"x,y","say ""hi""",\nplain,"line\nbreak",3');
    expect(formatRows(rows, 'table')).toMatch(/\(2 rows\)$/);
    expect(JSON.parse(formatRows(rows, 'json'))).toEqual(rows);
    expect(formatRows([], 'table')).toBe('(no rows)');
  });
});
