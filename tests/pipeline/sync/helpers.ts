import { join } from 'node:path';
import { withWarehouse } from '../../../pipeline/warehouse/warehouse.js';

/** Rows per raw table (and distinct record hashes, which must be equal: no duplicates). */
export async function rawCounts(warehouse: string): Promise<Record<string, { rows: number; distinct: number }>> {
  return withWarehouse(
    warehouse,
    async (wh) => {
      const tables = await wh.all(`select table_name from information_schema.tables where table_schema = 'raw' order by table_name`);
      const out: Record<string, { rows: number; distinct: number }> = {};
      for (const t of tables) {
        const name = String(t.table_name);
        const [row] = await wh.all(`select count(*) as rows, count(distinct _record_hash) as d from raw."${name.replaceAll('"', '""')}"`);
        out[name] = { rows: Number(row!.rows), distinct: Number(row!.d) };
      }
      return out;
    },
    { readOnly: true },
  );
}

export function warehouseOf(configPath: string): string {
  return join(configPath, '..', 'warehouse.duckdb');
}
