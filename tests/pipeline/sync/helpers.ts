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

/**
 * tributary.yml for one Salesforce source `crm` on a mock (the token comes from SF_TOKEN),
 * with fast retries; `extra` lines go into the source's block, e.g. `quota_reserve: 5%`.
 */
export function salesforceYml(instanceUrl: string, options: { pageSize: number; extra?: readonly string[]; logLevel?: string }): string {
  return `version: 1
${options.logLevel ? `log_level: ${options.logLevel}\n` : ''}sync:
  retries:
    max_attempts: 2
    base_delay_ms: 5
sources:
  crm:
    type: salesforce
    instance_url: ${instanceUrl}
    access_token: \${SF_TOKEN}
    page_size: ${options.pageSize}
${(options.extra ?? []).map((l) => `    ${l}\n`).join('')}`;
}
