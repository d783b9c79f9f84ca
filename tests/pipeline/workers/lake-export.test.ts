/**
 * The lake export of a worker's landing file: rows since the last export go to day
 * partitions as Parquet; an export cut short after its rename (before the watermark
 * moved) writes the same part names again, so no record reaches the lake twice.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportToLake } from '../../../pipeline/workers/lake-export.js';
import { Warehouse } from '../../../pipeline/warehouse/warehouse.js';
import { tempDir, type TempDir } from '../../helpers/workspace.js';

let dir: TempDir;
let wh: Warehouse;
const lake = () => join(dir.path, 'lake');
const land = (ids: number[], at: string) =>
  wh.run(`insert into raw.things select i, $1::timestamptz from unnest($2::int[]) as t(i)`, [at, `[${ids.join(',')}]`]);
const inLake = async () => {
  const [r] = await wh.all(`select count(*) as n, count(distinct id) as ids from read_parquet('${join(lake(), '**', '*.parquet')}', hive_partitioning = true)`);
  return { rows: Number(r!.n), ids: Number(r!.ids) };
};

beforeAll(async () => {
  dir = tempDir('tributary-lake-');
  wh = await Warehouse.open(join(dir.path, 'landing.duckdb'));
  await wh.run('create schema if not exists raw');
  await wh.run('create table raw.things (id integer, _extracted_at timestamptz)');
});
afterAll(() => {
  wh?.close();
  dir?.remove();
});

describe('exportToLake', () => {
  it('writes the rows landed since the last export, one part per extraction day', async () => {
    await land([1, 2, 3], '2026-12-01T10:00:00Z');
    await land([4, 5], '2026-12-02T10:00:00Z');
    const first = await exportToLake(wh, 'things', lake());
    expect(first.rows).toBe(5);
    // The day partitions, and the column catalog the build's import tags columns by.
    expect(readdirSync(lake()).sort()).toEqual(['columns.json', 'extracted_date=2026-12-01', 'extracted_date=2026-12-02']);
    expect(await exportToLake(wh, 'things', lake())).toEqual({ rows: 0, files: [] });
    await land([6], '2026-12-02T11:00:00Z');
    expect((await exportToLake(wh, 'things', lake())).rows).toBe(1);
    expect(await inLake()).toEqual({ rows: 6, ids: 6 });
  });

  it('an export whose watermark was not written (killed after the rename) rewrites the same parts: nothing twice', async () => {
    const before = await wh.all('select cast(exported_through as varchar) as exported_through from _tributary.lake_watermark');
    await land([7, 8], '2026-12-03T09:00:00Z');
    await exportToLake(wh, 'things', lake());
    // As if the process died between the rename and the watermark: the watermark is the old one.
    await wh.run('delete from _tributary.lake_watermark');
    await wh.run('insert into _tributary.lake_watermark values ($1::timestamptz)', [String(before[0]!.exported_through)]);
    await land([9], '2026-12-03T09:30:00Z');
    const again = await exportToLake(wh, 'things', lake());
    expect(again.rows).toBe(3);
    expect(await inLake()).toEqual({ rows: 9, ids: 9 });
  });
});
