/**
 * The lake: what a worker landed, as Parquet any engine reads (Spark, Trino, DuckDB's
 * `read_parquet('raw/hubspot/contacts/**\/*.parquet', hive_partitioning = true)`),
 * partitioned by the day the rows were extracted:
 *
 *   raw/<source>/<stream>/extracted_date=2026-12-02/part-<from>.parquet
 *
 * After a stream's job, the rows landed since the last export (by `_extracted_at`,
 * past the watermark kept in the stream's landing file) are written per day to a
 * temporary file, fsynced and renamed into place; then the watermark moves. A part is
 * named by the watermark it starts from, so a worker killed between the rename and the
 * watermark writes the same names again, with at least the same rows: a record reaches
 * the lake exactly once however often the export is cut short.
 *
 * Beside the parts, `columns.json` holds the stream's rows of `_tributary.raw_columns`
 * (field paths and PII tags): written before any part, so every column a part carries is
 * in it, and the build that imports the lake (lake-import.ts) tags and masks them as a
 * sync's own landing would.
 */
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fsyncPath, killPoint, quoteLiteral, quoteQualified } from '../../core/index.js';
import type { Warehouse } from '../warehouse/warehouse.js';

export interface LakeExport {
  /** Rows written to the lake by this export. */
  readonly rows: number;
  /** The part files written (absolute paths). */
  readonly files: readonly string[];
}

const WATERMARK = '_tributary.lake_watermark';

/** The lake's column catalog of a stream (see the header). */
export const COLUMN_CATALOG_FILE = 'columns.json';

export interface CatalogRow {
  readonly table_name: string;
  readonly column_name: string;
  readonly connector: string;
  readonly stream: string;
  readonly field_path: string;
  readonly data_type: string;
  readonly pii_tag: string | null;
}

async function writeColumnCatalog(wh: Warehouse, table: string, folder: string): Promise<void> {
  const rows = await wh.all(`select table_name, column_name, connector, stream, field_path, data_type, pii_tag from _tributary.raw_columns where table_name = $1 order by column_name`, [table]);
  const file = join(folder, COLUMN_CATALOG_FILE);
  mkdirSync(folder, { recursive: true });
  writeFileSync(`${file}.tmp`, `${JSON.stringify(rows.map((r) => ({ ...r, pii_tag: r.pii_tag === null ? null : String(r.pii_tag) })), null, 1)}\n`);
  fsyncPath(`${file}.tmp`);
  renameSync(`${file}.tmp`, file);
}

/** Exports the rows of `raw.<table>` landed since the last export into `folder` (the stream's lake folder). */
export async function exportToLake(wh: Warehouse, table: string, folder: string): Promise<LakeExport> {
  await wh.run(`create table if not exists ${WATERMARK} (exported_through timestamptz not null)`);
  const raw = quoteQualified('raw', table);
  // Everything after the watermark, up to what is landed now (rows landing later wait for the next export).
  const since = `coalesce((select max(exported_through) from ${WATERMARK}), '-infinity'::timestamptz)`;
  const [range] = await wh.all(
    // As text: DuckDB's own rendering reads back to the same microsecond (a JS Date would drop them).
    `select cast(epoch_ms(${since}) as bigint) as from_ms, cast((select max(_extracted_at) from ${raw}) as varchar) as upto, ${since} < coalesce((select max(_extracted_at) from ${raw}), '-infinity'::timestamptz) as pending`,
  );
  if (!range?.pending) return { rows: 0, files: [] };
  const fromMs = range.from_ms === null ? 0 : Number(range.from_ms);
  const upto = String(range.upto);
  const window = `_extracted_at > ${since} and _extracted_at <= $1::timestamptz`;
  const days = await wh.all(`select distinct strftime(_extracted_at, '%Y-%m-%d') as day from ${raw} where ${window} order by 1`, [upto]);
  await writeColumnCatalog(wh, table, folder);
  const files: string[] = [];
  let rows = 0;
  for (const { day } of days) {
    const dir = join(folder, `extracted_date=${String(day)}`);
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `part-${fromMs}.parquet`);
    const tmp = `${file}.tmp`;
    rmSync(tmp, { force: true });
    await wh.run(
      `copy (select * from ${raw} where ${window} and strftime(_extracted_at, '%Y-%m-%d') = $2 order by _extracted_at) to ${quoteLiteral(tmp)} (format parquet)`,
      [upto, String(day)],
    );
    fsyncPath(tmp);
    renameSync(tmp, file);
    killPoint('lake:part-renamed');
    files.push(file);
    const [count] = await wh.all(`select count(*) as n from read_parquet(${quoteLiteral(file)})`);
    rows += Number(count?.n ?? 0);
  }
  fsyncPath(folder);
  await wh.transaction(async () => {
    await wh.run(`delete from ${WATERMARK}`);
    await wh.run(`insert into ${WATERMARK} values ($1::timestamptz)`, [upto]);
  });
  return { rows, files };
}
