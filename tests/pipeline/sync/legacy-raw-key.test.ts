/**
 * A warehouse from before issue 10 has `_record_hash` as every raw table's PRIMARY KEY.
 * Its next sync drops the key (DuckDB keeps it as an ART index, the landing's biggest
 * cost) and keeps deduplicating exactly: everything the sync reads again lands as
 * unchanged, nothing twice, and what is new lands once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quoteIdent, quoteQualified } from '../../../core/index.js';
import { withWarehouse } from '../../../pipeline/warehouse/warehouse.js';
import { runCli } from '../../helpers/workspace.js';
import { startTestWorld, type TestWorld } from '../../helpers/world.js';
import { rawCounts, warehouseOf } from './helpers.js';

let tw: TestWorld;
let config: string;

const sync = async () => {
  const r = await runCli(['sync', '--config', config, '--extract-only'], { env: tw.env });
  expect(r.code, r.stderr).toBe(0);
  return r;
};

const primaryKeys = (warehouse: string) =>
  withWarehouse(
    warehouse,
    async (wh) =>
      (await wh.all(`select table_name from duckdb_constraints() where schema_name = 'raw' and constraint_type = 'PRIMARY KEY' order by table_name`)).map((r) =>
        String(r.table_name),
      ),
    { readOnly: true },
  );

/** Rebuilds every raw table the way the previous version created it: `_record_hash` the primary key. */
async function toLegacyFormat(warehouse: string): Promise<string[]> {
  return withWarehouse(warehouse, async (wh) => {
    const tables = (await wh.all(`select table_name from information_schema.tables where table_schema = 'raw' order by table_name`)).map((r) => String(r.table_name));
    for (const table of tables) {
      const columns = await wh.all(
        `select column_name, data_type from information_schema.columns where table_schema = 'raw' and table_name = $1 order by ordinal_position`,
        [table],
      );
      const defs = columns.map((c) => `${quoteIdent(String(c.column_name))} ${String(c.data_type)}${c.column_name === '_record_hash' ? ' PRIMARY KEY' : ''}`);
      await wh.run(`create table ${quoteQualified('raw', `${table}_legacy`)} (${defs.join(', ')})`);
      await wh.run(`insert into ${quoteQualified('raw', `${table}_legacy`)} select * from ${quoteQualified('raw', table)}`);
      await wh.run(`drop table ${quoteQualified('raw', table)}`);
      await wh.run(`alter table ${quoteQualified('raw', `${table}_legacy`)} rename to ${quoteIdent(table)}`);
    }
    // Every stream reads from the start again: each record it lands is one the old table holds.
    await wh.run(`delete from _tributary.stream_state`);
    return tables;
  });
}

beforeAll(async () => {
  tw = await startTestWorld({ people: 40, days: 3 });
  config = tw.writeConfig({ sources: ['hubspot', 'web'] });
  await sync();
}, 120_000);
afterAll(async () => tw?.close());

describe('a warehouse whose raw tables have the old primary key', () => {
  it('upgrades on its next sync: the key is dropped, re-read records land as unchanged, none twice', async () => {
    const warehouse = warehouseOf(config);
    const before = await rawCounts(warehouse);
    const tables = await toLegacyFormat(warehouse);
    expect(tables.length).toBeGreaterThan(3);
    expect(await primaryKeys(warehouse)).toEqual(tables);

    const upgraded = await sync();
    expect(await primaryKeys(warehouse)).toEqual([]);
    const after = await rawCounts(warehouse);
    expect(after).toEqual(before);
    for (const [table, { rows, distinct }] of Object.entries(after)) expect(distinct, table).toBe(rows);
    // Every stream read its records again: all of them already landed.
    for (const stream of ['web.events', 'hubspot.contacts', 'hubspot.companies']) {
      expect(upgraded.stderr).toMatch(new RegExp(`ok   ${stream.replace('.', '\\.')}: (\\d+) read, 0 new, \\1 unchanged`));
    }

    // New records after the upgrade land once.
    const eventsBefore = after.web_events!.rows;
    const extra = tw.population.web.events.slice(0, 5).map((e) => ({ ...e, messageId: `${e.messageId}-after-upgrade` }));
    await tw.world.restart(extra);
    await sync();
    const last = await rawCounts(warehouse);
    expect(last.web_events).toEqual({ rows: eventsBefore + 5, distinct: eventsBefore + 5 });
  });
});
