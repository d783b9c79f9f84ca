/**
 * Retention: a source's `retention_days` in tributary.yml keeps its raw rows for that
 * long after they were last seen, then deletes them — from each of its raw tables, and
 * the records it quarantined (the raw data validation held back) with them.
 *
 * A row's age is `_last_seen_at` (the last sync that read it; `_extracted_at` for rows
 * landed before that column was filled): a record the source still returns stays, one it
 * stopped returning goes once it is older than the limit. It runs after extraction, so a
 * record re-read by this run is fresh. Deleted raw rows are gone from no incremental model
 * until it is rebuilt from scratch, so the caller rebuilds when anything was deleted.
 */
import { quoteQualified } from '../../core/index.js';
import type { ResolvedSource } from '../config/load-config.js';
import { rawTableName } from '../land/raw-table.js';
import type { Warehouse } from '../warehouse/warehouse.js';

export interface RetentionResult {
  readonly source: string;
  readonly retentionDays: number;
  /** Rows last seen before this were deleted (ISO). */
  readonly cutoff: string;
  readonly tables: readonly { table: string; rows: number }[];
  /** Quarantined records of the source deleted with them. */
  readonly quarantined: number;
}

const DAY_MS = 86_400_000;

/** Applies every source's `retention_days` (sources without one are left alone). */
export async function applyRetention(wh: Warehouse, sources: readonly ResolvedSource[], now: Date = new Date()): Promise<RetentionResult[]> {
  const out: RetentionResult[] = [];
  for (const source of sources) {
    if (source.retentionDays === undefined) continue;
    const cutoff = new Date(now.getTime() - source.retentionDays * DAY_MS).toISOString();
    const tables: { table: string; rows: number }[] = [];
    for (const stream of source.streams) {
      const name = rawTableName(source.connector.tablePrefix, stream.name);
      const exists = await wh.all(`select 1 from information_schema.tables where table_schema = 'raw' and table_name = $1`, [name]);
      if (exists.length === 0) continue;
      const table = quoteQualified('raw', name);
      // Two sources of one connector type share its tables: only this source's rows.
      const where = `_source_id = $1 and coalesce(_last_seen_at, _extracted_at) < $2::timestamptz`;
      const [row] = await wh.all(`select count(*) as n from ${table} where ${where}`, [source.id, cutoff]);
      const rows = Number(row?.n ?? 0);
      if (rows > 0) await wh.run(`delete from ${table} where ${where}`, [source.id, cutoff]);
      tables.push({ table: `raw.${name}`, rows });
    }
    const [q] = await wh.all(`select count(*) as n from _tributary.quarantine where source_id = $1 and quarantined_at < $2::timestamptz`, [source.id, cutoff]);
    const quarantined = Number(q?.n ?? 0);
    if (quarantined > 0) await wh.run(`delete from _tributary.quarantine where source_id = $1 and quarantined_at < $2::timestamptz`, [source.id, cutoff]);
    out.push({ source: source.id, retentionDays: source.retentionDays, cutoff, tables, quarantined });
  }
  return out;
}

/** Rows a retention pass deleted, raw and quarantined. */
export function deletedRows(result: RetentionResult): number {
  return result.tables.reduce((n, t) => n + t.rows, 0) + result.quarantined;
}
