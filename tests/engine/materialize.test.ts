import { afterEach, describe, expect, it } from 'vitest';
import { materialize, relationKind } from '../../engine/materialize.js';
import { loadProject } from '../../engine/project.js';
import { runModels } from '../../engine/run.js';
import { PROJECT_YML, SOURCES_YML, removeDir, rows, seedRaw, withDuckDB, writeProject } from './fixtures.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) removeDir(d);
});

async function projectWith(models: Record<string, string>) {
  const files: Record<string, string> = { 'dbt_project.yml': PROJECT_YML, 'models/staging/sources.yml': SOURCES_YML };
  for (const [rel, sql] of Object.entries(models)) files[rel] = sql;
  const dir = writeProject(files);
  dirs.push(dir);
  return loadProject(dir);
}

describe('materializations', () => {
  it('builds views, tables (in their schema) and nothing for ephemerals', async () => {
    await withDuckDB(async (conn) => {
      await seedRaw(conn);
      const project = await projectWith({
        'models/staging/stg_contacts.sql': "select id, lower(email) as email, stage from {{ source('crm', 'contacts') }}",
        'models/staging/eph_leads.sql': "{{ config(materialized='ephemeral') }}select * from {{ ref('stg_contacts') }} where stage = 'lead'",
        'models/marts/leads.sql': "{{ config(schema='analytics') }}select id from {{ ref('eph_leads') }} order by id",
      });
      const results = await runModels({ conn, project });
      expect(results.map((r) => [r.name, r.status, r.materialization.kind, r.rows])).toEqual([
        ['stg_contacts', 'success', 'view', undefined],
        ['eph_leads', 'success', 'ephemeral', undefined],
        ['leads', 'success', 'table', 2],
      ]);
      expect(await relationKind(conn, { schema: 'main', name: 'stg_contacts' })).toBe('view');
      expect(await relationKind(conn, { schema: 'analytics', name: 'leads' })).toBe('table');
      expect(await relationKind(conn, { schema: 'main', name: 'eph_leads' })).toBeUndefined();
      expect(await rows(conn, 'select id from analytics.leads')).toEqual([{ id: 1 }, { id: 3 }]);
      // No scratch tables left behind.
      expect(await rows(conn, "select table_name from information_schema.tables where table_name like '%tributary%'")).toEqual([]);
    });
  });

  it('swaps tables atomically and keeps the old table when a rebuild fails', async () => {
    await withDuckDB(async (conn) => {
      const rel = { schema: 'main', name: 't' };
      await materialize(conn, { relation: rel, materialization: { kind: 'table' }, sql: 'select 1 as x;' });
      await conn.run('create view v_on_t as select * from t');
      await expect(
        materialize(conn, { relation: rel, materialization: { kind: 'table' }, sql: 'select 1/0::int as x from nowhere' }),
      ).rejects.toThrow(/nowhere/);
      expect(await rows(conn, 'select x from t')).toEqual([{ x: 1 }]);
      const out = await materialize(conn, { relation: rel, materialization: { kind: 'table' }, sql: 'select range as x from range(3)' });
      expect(out).toEqual({ rows: 3, applied: 'table' });
      // Views over the table see the new one (DuckDB binds views by name).
      expect(await rows(conn, 'select count(*)::int as n from v_on_t')).toEqual([{ n: 3 }]);
    });
  });

  it("on_schema_change: 'ignore' leaves a new column out, 'append_new_columns' adds it, 'fail' refuses", async () => {
    await withDuckDB(async (conn) => {
      const rel = { schema: 'main', name: 'inc' };
      const inc = (onSchemaChange: 'ignore' | 'append_new_columns' | 'fail') =>
        ({ kind: 'incremental', uniqueKey: ['id'], onSchemaChange }) as const;
      await materialize(conn, { relation: rel, materialization: inc('ignore'), sql: 'select 1 as id, 10 as a' });
      await materialize(conn, { relation: rel, materialization: inc('ignore'), sql: "select 2 as id, 20 as a, 'x' as b" });
      expect(await rows(conn, 'select * from inc order by id')).toEqual([{ id: 1, a: 10 }, { id: 2, a: 20 }]);
      await expect(
        materialize(conn, { relation: rel, materialization: inc('fail'), sql: "select 3 as id, 30 as a, 'y' as b" }),
      ).rejects.toThrow(/columns changed \(new: b; gone: none\).*--full-refresh/);
      await materialize(conn, { relation: rel, materialization: inc('append_new_columns'), sql: "select 3 as id, 30 as a, 'y' as b" });
      expect(await rows(conn, 'select * from inc order by id')).toEqual([{ id: 1, a: 10, b: null }, { id: 2, a: 20, b: null }, { id: 3, a: 30, b: 'y' }]);
    });
  });

  it('switches a relation between view and table', async () => {
    await withDuckDB(async (conn) => {
      const rel = { schema: 'main', name: 'm' };
      await materialize(conn, { relation: rel, materialization: { kind: 'view' }, sql: 'select 1 as x' });
      await materialize(conn, { relation: rel, materialization: { kind: 'table' }, sql: 'select 2 as x' });
      expect(await relationKind(conn, rel)).toBe('table');
      await materialize(conn, { relation: rel, materialization: { kind: 'view' }, sql: 'select 3 as x' });
      expect(await relationKind(conn, rel)).toBe('view');
      expect(await rows(conn, 'select x from m')).toEqual([{ x: 3 }]);
    });
  });

  it('runs incremental models: table first, then delete+insert by unique_key with is_incremental() true', async () => {
    await withDuckDB(async (conn) => {
      await seedRaw(conn);
      const project = await projectWith({
        'models/marts/contacts_latest.sql': [
          "{{ config(materialized='incremental', unique_key='id') }}",
          "select id, stage, updated from {{ source('crm', 'contacts') }}",
          '{% if is_incremental() %}where updated > (select max(updated) from {{ this }}){% endif %}',
        ].join('\n'),
        'models/marts/contacts_log.sql': [
          "{{ config(materialized='incremental') }}",
          "select id, updated from {{ source('crm', 'contacts') }}",
          '{% if is_incremental() %}where updated > (select max(updated) from {{ this }}){% endif %}',
        ].join('\n'),
      });
      const first = await runModels({ conn, project });
      expect(first.map((r) => [r.name, r.rows, r.incremental])).toEqual([
        ['contacts_latest', 3, false],
        ['contacts_log', 3, false],
      ]);
      expect(first[0]!.compiledSql).not.toContain('where updated >');

      // New row 4, and a new version of row 2 (raw is append-only).
      await conn.run("insert into raw.crm_contacts values (4, 'd@x.com', 'lead', 40), (2, 'b@x.com', 'churned', 50)");
      const second = await runModels({ conn, project });
      expect(second.map((r) => [r.name, r.status, r.rows, r.incremental])).toEqual([
        ['contacts_latest', 'success', 2, true],
        ['contacts_log', 'success', 2, true],
      ]);
      expect(second[0]!.compiledSql).toContain('where updated > (select max(updated) from "main"."contacts_latest")');
      expect(await rows(conn, 'select id, stage from contacts_latest order by id')).toEqual([
        { id: 1, stage: 'lead' },
        { id: 2, stage: 'churned' },
        { id: 3, stage: 'lead' },
        { id: 4, stage: 'lead' },
      ]);
      expect(await rows(conn, 'select count(*)::int as n, count(distinct id)::int as ids from contacts_log')).toEqual([{ n: 5, ids: 4 }]);

      // Nothing new: nothing added, no duplicates.
      const third = await runModels({ conn, project, select: ['contacts_latest'] });
      expect(third.map((r) => r.rows)).toEqual([0]);
      expect(await rows(conn, 'select count(*)::int as n from contacts_latest')).toEqual([{ n: 4 }]);

      // Full refresh rebuilds from scratch.
      const full = await runModels({ conn, project, select: ['contacts_log'], fullRefresh: true });
      expect(full.map((r) => [r.rows, r.incremental])).toEqual([[5, false]]);
    });
  });

  it('matches composite unique keys, null parts included', async () => {
    await withDuckDB(async (conn) => {
      const rel = { schema: 'main', name: 'daily' };
      const inc = { kind: 'incremental', uniqueKey: ['day', 'campaign'] } as const;
      await materialize(conn, {
        relation: rel,
        materialization: inc,
        sql: "select * from (values (1, 'a', 10), (1, null, 5), (2, 'a', 7)) t(day, campaign, clicks)",
      });
      const out = await materialize(conn, {
        relation: rel,
        materialization: inc,
        sql: "select * from (values (1, 'a', 11), (1, null, 6)) t(day, campaign, clicks)",
      });
      expect(out).toEqual({ rows: 2, applied: 'incremental' });
      expect(await rows(conn, 'select day, campaign, clicks from daily order by day, campaign nulls first')).toEqual([
        { day: 1, campaign: null, clicks: 6 },
        { day: 1, campaign: 'a', clicks: 11 },
        { day: 2, campaign: 'a', clicks: 7 },
      ]);
    });
  });
});
