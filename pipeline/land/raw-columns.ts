/**
 * The raw layer's column catalog, `_tributary.raw_columns`: one row per raw column with
 * the connector field behind it and its PII tag. The landing writes it (RawTable in
 * raw-table.ts, as tables are opened and drift); this module reads it back, for
 * governance. Kept in land/ so the catalog's reader lives next to its writer.
 */
import type { RawColumnInfo } from '../../governance/govern.js';
import type { Warehouse } from '../warehouse/warehouse.js';

export async function rawColumnInfo(wh: Warehouse): Promise<RawColumnInfo[]> {
  const rows = await wh.all(`select table_name, column_name, connector, stream, field_path, data_type, pii_tag from _tributary.raw_columns order by table_name, column_name`);
  return rows.map((r) => ({
    table: String(r.table_name),
    column: String(r.column_name),
    connector: String(r.connector),
    stream: String(r.stream),
    fieldPath: String(r.field_path),
    dataType: String(r.data_type),
    piiTag: r.pii_tag === null ? null : String(r.pii_tag),
  }));
}
