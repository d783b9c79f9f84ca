/**
 * What workers landed, brought into the warehouse for the model build (`tributary sync
 * --build-only`): each enabled stream's Parquet lake (lake-export.ts) is read, and its rows
 * new since the last import go into the warehouse's `raw.<table>`, so the models, data
 * tests, governance and publish run on them exactly as on a sync's own landing.
 *
 * The lake rather than the workers' landing files: a worker holds its stream's landing
 * file open for writing while it reads the stream (DuckDB lets no other process open it
 * then, not even to read), whereas a part is complete once it is renamed into place; the
 * build never waits for a worker, nor a worker for the build.
 *
 * Rows are taken by `_extracted_at` past a per-stream watermark (`_tributary.lake_imports`)
 * and deduplicated by `_record_hash` on top: a part rewritten by an export that was cut
 * short brings nothing twice, and a row `tributary forget` erased from the warehouse is
 * not imported again from the lake.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { quoteIdent, quoteLiteral, quoteQualified, type Logger } from '../../core/index.js';
import type { ResolvedSource } from '../config/load-config.js';
import { RawTable } from '../land/raw-table.js';
import type { Warehouse } from '../warehouse/warehouse.js';
import { COLUMN_CATALOG_FILE, type CatalogRow } from './lake-export.js';

export interface LakeImport {
  readonly sourceId: string;
  readonly stream: string;
  readonly table: string;
  /** Rows new to the warehouse's raw table. */
  readonly rows: number;
  /** Part files the lake holds for the stream. */
  readonly parts: number;
}

const IMPORTS = '_tributary.lake_imports';

/** Imports every enabled stream that has a lake under `workspaceDir/raw/`; streams without one are left out. */
export async function importLake(options: { wh: Warehouse; sources: readonly ResolvedSource[]; workspaceDir: string; log: Logger }): Promise<LakeImport[]> {
  const { wh, log } = options;
  await wh.run(`create table if not exists ${IMPORTS} (source_id varchar not null, stream varchar not null, imported_through timestamptz not null, primary key (source_id, stream))`);
  const imported: LakeImport[] = [];
  for (const source of options.sources.filter((s) => s.enabled)) {
    for (const stream of source.streams) {
      const folder = join(options.workspaceDir, 'raw', source.id, stream.name);
      const parts = lakeParts(folder);
      if (parts === 0) continue;
      const table = await RawTable.open(wh, { sourceId: source.id, connectorType: source.type, tablePrefix: source.connector.tablePrefix, stream }, log);
      const rows = await importStream(wh, source.id, stream.name, table.name, folder);
      log.info('lake imported', { source: source.id, stream: stream.name, table: table.qualifiedName, rows, parts });
      imported.push({ sourceId: source.id, stream: stream.name, table: table.qualifiedName, rows, parts });
    }
  }
  return imported;
}

/** How many part files the stream's lake holds (a `.tmp` an export is still writing is not one). */
function lakeParts(folder: string): number {
  if (!existsSync(folder)) return 0;
  let n = 0;
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    if (!entry.isDirectory() || !entry.name.startsWith('extracted_date=')) continue;
    n += readdirSync(join(folder, entry.name)).filter((f) => f.endsWith('.parquet')).length;
  }
  return n;
}

async function importStream(wh: Warehouse, sourceId: string, stream: string, table: string, folder: string): Promise<number> {
  // Only the parts' own columns: the partition folder's `extracted_date` is not a raw column.
  const lake = `read_parquet(${quoteLiteral(join(folder, 'extracted_date=*', '*.parquet'))}, union_by_name = true, hive_partitioning = false)`;
  const raw = quoteQualified('raw', table);
  await catalogColumns(wh, folder);
  const lakeColumns = (await wh.all(`describe select * from ${lake}`)).map((r) => ({ name: String(r.column_name), type: String(r.column_type) }));
  const have = new Map(
    (await wh.all(`select column_name, data_type from information_schema.columns where table_schema = 'raw' and table_name = $1`, [table])).map((r) => [String(r.column_name), String(r.data_type)]),
  );
  const [range] = await wh.all(
    `select cast((select imported_through from ${IMPORTS} where source_id = $1 and stream = $2) as varchar) as since, cast((select max(_extracted_at) from ${lake}) as varchar) as upto`,
    [sourceId, stream],
  );
  if (range?.upto === null || range?.upto === undefined) return 0;
  const since = range.since === null ? '-infinity' : String(range.since);
  const upto = String(range.upto);
  if (since === upto) return 0;
  return wh.transaction(async () => {
    for (const c of lakeColumns) {
      const current = have.get(c.name);
      // Schema drift a worker met: the column it added, or the wider type it moved to.
      if (current === undefined) await wh.run(`alter table ${raw} add column ${quoteIdent(c.name)} ${c.type}`);
      else if (current === 'BIGINT' && c.type === 'DOUBLE') await wh.run(`alter table ${raw} alter column ${quoteIdent(c.name)} type DOUBLE`);
    }
    const names = lakeColumns.map((c) => quoteIdent(c.name)).join(', ');
    const rows = await wh.runCounting(
      // Raw tables carry no key on _record_hash (known-hashes.ts says why): the dedup is an
      // anti-join against what the table holds, and one row per hash from the lake itself.
      `insert into ${raw} (${names})
       select ${names} from ${lake} as l
       where l._extracted_at > $1::timestamptz and l._extracted_at <= $2::timestamptz
         and not exists (select 1 from ${raw} as r where r._record_hash = l._record_hash)
       qualify row_number() over (partition by l._record_hash order by l._extracted_at) = 1`,
      [since, upto],
    );
    await wh.run(`insert or replace into ${IMPORTS} values ($1, $2, $3::timestamptz)`, [sourceId, stream, upto]);
    return rows;
  });
}

/** The stream's column catalog from the lake (field paths, PII tags): what governance tags and masks by. */
async function catalogColumns(wh: Warehouse, folder: string): Promise<void> {
  const file = join(folder, COLUMN_CATALOG_FILE);
  if (!existsSync(file)) return;
  for (const c of JSON.parse(readFileSync(file, 'utf8')) as CatalogRow[]) {
    await wh.run(
      `insert into _tributary.raw_columns values ($1, $2, $3, $4, $5, $6, $7)
       on conflict (table_name, column_name) do update set data_type = excluded.data_type, pii_tag = excluded.pii_tag`,
      [c.table_name, c.column_name, c.connector, c.stream, c.field_path, c.data_type, c.pii_tag],
    );
  }
}
