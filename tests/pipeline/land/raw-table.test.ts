import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { silentLogger } from '../../../core/index.js';
import { type Stream } from '../../../connectors/sdk/index.js';
import { columnNameFor, flattenRecord } from '../../../pipeline/land/flatten.js';
import { RawTable, recordHash } from '../../../pipeline/land/raw-table.js';
import { readState } from '../../../pipeline/land/stream-state.js';
import { Warehouse } from '../../../pipeline/warehouse/warehouse.js';
import { tempDir, type TempDir } from '../../helpers/workspace.js';

const stream: Stream = {
  name: 'contacts',
  description: 'test contacts',
  primaryKey: ['id'],
  cursorField: 'updatedAt',
  schema: z.looseObject({
    id: z.string(),
    updatedAt: z.string(),
    properties: z.looseObject({ email: z.string().nullable(), score: z.number().optional() }),
    tags: z.array(z.string()).optional(),
  }),
  pii: { 'properties.email': 'email' },
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
  return RawTable.open(wh, { sourceId: 'crm', connectorType: 'hubspot', tablePrefix: 'hubspot', stream }, silentLogger());
}
const ctx = () => ({ runId: 'run_1', extractedAt: new Date(), quarantine: [] });
const rec = (id: string, email: string | null, updatedAt = '2026-01-01T00:00:00Z') => ({ id, updatedAt, properties: { email } });

describe('flattening', () => {
  it('snake_cases path segments and joins them with __', () => {
    expect(columnNameFor(['context', 'campaign', 'name'])).toBe('context__campaign__name');
    expect(columnNameFor(['anonymousId'])).toBe('anonymous_id');
    expect(columnNameFor(['merge_fields', 'FNAME'])).toBe('merge_fields__fname');
    expect(flattenRecord({ a: { b: 1, c: [1, 2] }, d: null }).map((f) => [f.column, f.fieldPath])).toEqual([
      ['a__b', 'a.b'],
      ['a__c', 'a.c'],
      ['d', 'd'],
    ]);
  });
});

describe('RawTable', () => {
  it('creates declared columns up front and records their field paths and PII', async () => {
    await open();
    const cols = await wh.all(`select column_name, field_path, pii_tag from _tributary.raw_columns where table_name = 'hubspot_contacts' order by column_name`);
    expect(cols).toContainEqual({ column_name: 'properties__email', field_path: 'properties.email', pii_tag: 'email' });
    expect(cols).toContainEqual({ column_name: 'updated_at', field_path: 'updatedAt', pii_tag: null });
  });

  it('commits records and state together; re-landing the same batch adds nothing', async () => {
    const table = await open();
    const batch = { records: [rec('1', 'a@x.com'), rec('2', 'b@x.com')], state: { cursor: 'c1' } };
    expect(await table.land(batch, ctx())).toMatchObject({ inserted: 2, unchanged: 0 });
    expect(await table.land(batch, ctx())).toMatchObject({ inserted: 0, unchanged: 2 });
    expect(await wh.all('select count(*)::int as n from raw.hubspot_contacts')).toEqual([{ n: 2 }]);
    expect(await readState(wh, 'crm', 'contacts')).toEqual({ cursor: 'c1' });
  });

  it('a failure inside the transaction rolls back both the rows and the cursor', async () => {
    const table = await open();
    await table.land({ records: [rec('1', 'a@x.com')], state: { cursor: 'c1' } }, ctx());
    // A value DuckDB cannot cast into the column's type: this batch must vanish whole.
    await wh.run(`alter table raw.hubspot_contacts alter column updated_at type timestamptz`);
    const again = await RawTable.open(wh, { sourceId: 'crm', connectorType: 'hubspot', tablePrefix: 'hubspot', stream }, silentLogger());
    await expect(again.land({ records: [rec('2', 'b@x.com', 'not a time')], state: { cursor: 'c2' } }, ctx())).rejects.toThrow();
    expect(await wh.all('select id from raw.hubspot_contacts')).toEqual([{ id: '1' }]);
    expect(await readState(wh, 'crm', 'contacts')).toEqual({ cursor: 'c1' });
  });

  it('adds columns for new fields and widens columns whose values no longer fit (schema drift)', async () => {
    const table = await open();
    await table.land({ records: [{ ...rec('1', 'a@x.com'), properties: { email: 'a@x.com', score: 5 } }], state: {} }, ctx());
    const landed = await table.land(
      { records: [{ ...rec('2', 'b@x.com'), properties: { email: 'b@x.com', score: 'high' as unknown as number, lead_source: 'web' } }], state: {} },
      ctx(),
    );
    expect(landed.newColumns).toEqual(['properties__lead_source']);
    const types = Object.fromEntries(
      (await wh.all(`select column_name, data_type from information_schema.columns where table_name = 'hubspot_contacts'`)).map((r) => [r.column_name, r.data_type]),
    );
    expect(types.properties__score).toBe('VARCHAR');
    expect(types.properties__lead_source).toBe('VARCHAR');
    expect(await wh.all(`select id, properties__score as s from raw.hubspot_contacts order by id`)).toEqual([
      { id: '1', s: '5.0' },
      { id: '2', s: 'high' },
    ]);
  });

  it('lands tombstones as _deleted rows and quarantines what it is told to', async () => {
    const table = await open();
    const landed = await table.land(
      { records: [rec('1', 'a@x.com')], deleted: [{ id: '9' }], state: { cursor: 'x' } },
      { ...ctx(), quarantine: [{ record: { id: 7 }, error: 'id: expected string' }] },
    );
    expect(landed).toMatchObject({ inserted: 2, deleted: 1, quarantined: 1 });
    expect(await wh.all(`select id, _deleted from raw.hubspot_contacts order by id`)).toEqual([
      { id: '1', _deleted: false },
      { id: '9', _deleted: true },
    ]);
    expect(await wh.all(`select error from _tributary.quarantine`)).toEqual([{ error: 'id: expected string' }]);
  });

  it('keeps A -> B -> A right: the version seen last wins', async () => {
    const table = await open();
    for (const email of ['a@x.com', 'b@x.com', 'a@x.com']) {
      await table.land({ records: [rec('1', email)], state: {} }, ctx());
      await new Promise((r) => setTimeout(r, 5));
    }
    const [latest] = await wh.all(`select properties__email as e from raw.hubspot_contacts order by _last_seen_at desc limit 1`);
    expect(latest).toEqual({ e: 'a@x.com' });
  });
});

describe('dedup without a primary key', () => {
  const reopen = () => RawTable.open(wh, { sourceId: 'crm', connectorType: 'hubspot', tablePrefix: 'hubspot', stream }, silentLogger());

  it('the raw table has no PRIMARY KEY (an ART index made landing several times slower)', async () => {
    await open();
    expect(await wh.all(`select constraint_type from duckdb_constraints() where table_name = 'hubspot_contacts' and constraint_type = 'PRIMARY KEY'`)).toEqual([]);
  });

  it('a record landed by an earlier process (another RawTable) is not landed again, and its _last_seen_at moves', async () => {
    const first = await open();
    await first.land({ records: [rec('1', 'a@x.com'), rec('2', 'b@x.com')], state: {} }, ctx());
    const later = new Date(Date.now() + 60_000);
    const second = await reopen();
    expect(await second.land({ records: [rec('2', 'b@x.com'), rec('3', 'c@x.com'), rec('3', 'c@x.com')], state: {} }, { ...ctx(), extractedAt: later })).toMatchObject({
      inserted: 1,
      unchanged: 1,
    });
    const rows = await wh.all(`select id, _last_seen_at = $1::timestamptz as seen_now from raw.hubspot_contacts order by id`, [later.toISOString()]);
    expect(rows).toEqual([
      { id: '1', seen_now: false },
      { id: '2', seen_now: true },
      { id: '3', seen_now: true },
    ]);
  });

  it('a row erased from the table lands again when re-read', async () => {
    const table = await open();
    await table.land({ records: [rec('1', 'a@x.com')], state: {} }, ctx());
    await wh.run(`delete from raw.hubspot_contacts where id = '1'`);
    expect(await table.land({ records: [rec('1', 'a@x.com')], state: {} }, ctx())).toMatchObject({ inserted: 1, unchanged: 0 });
  });

  it('a stored hash sharing the first 16 hex digits of a new record (the in-memory fingerprint) does not hide it', async () => {
    await open();
    const record = rec('1', 'a@x.com');
    const h = recordHash('crm', 'contacts', record, false);
    const lookalike = `${h.slice(0, 16)}${'0'.repeat(16)}` === h ? `${h.slice(0, 16)}${'1'.repeat(16)}` : `${h.slice(0, 16)}${'0'.repeat(16)}`;
    await wh.run(`insert into raw.hubspot_contacts (_record_hash, id, _deleted) values ($1, 'other', false)`, [lookalike]);
    expect(await (await reopen()).land({ records: [record], state: {} }, ctx())).toMatchObject({ inserted: 1, unchanged: 0 });
    // A hand-written row with no hex hash at all makes every record a "maybe": still exact.
    await wh.run(`insert into raw.hubspot_contacts (_record_hash, id, _deleted) values ('not-a-hash', 'odd', false)`);
    expect(await (await reopen()).land({ records: [record, rec('2', 'b@x.com')], state: {} }, ctx())).toMatchObject({ inserted: 1, unchanged: 1 });
    expect(await wh.all(`select count(*)::int as n, count(distinct _record_hash)::int as d from raw.hubspot_contacts`)).toEqual([{ n: 4, d: 4 }]);
  });
});
