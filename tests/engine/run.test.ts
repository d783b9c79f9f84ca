import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../core/index.js';
import { loadProject } from '../../engine/project.js';
import { parseProject } from '../../engine/manifest.js';
import { compileModels, runModels, type ModelProgressEvent } from '../../engine/run.js';
import { runSeeds } from '../../engine/seeds.js';
import { selectModels } from '../../engine/select.js';
import { PROJECT_YML, SOURCES_YML, removeDir, rows, seedRaw, withDuckDB, writeProject } from './fixtures.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) removeDir(d);
});

/**
 *   stg_contacts ─┬─ customers ─── customer_stats
 *                 └─ leads
 *   stg_members ──── members_clean
 */
const MODELS = {
  'models/staging/stg_contacts.sql': "select * from {{ source('crm', 'contacts') }}",
  'models/staging/stg_members.sql': "{{ config(tags=['email']) }}select 1 as id, 'm@x.com' as email",
  'models/marts/customers.sql': "{{ config(tags=['nightly']) }}select id, email from {{ ref('stg_contacts') }}",
  'models/marts/customer_stats.sql': "select count(*) as n from {{ ref('customers') }}",
  'models/marts/leads.sql': "select * from {{ ref('stg_contacts') }} where stage = 'lead'",
  'models/marts/members_clean.sql': "select * from {{ ref('stg_members') }}",
};

async function projectWith(models: Record<string, string>, extra: Record<string, string> = {}) {
  const dir = writeProject({ 'dbt_project.yml': PROJECT_YML, 'models/staging/sources.yml': SOURCES_YML, ...models, ...extra });
  dirs.push(dir);
  return loadProject(dir);
}

describe('selectors', () => {
  it('selects models, ancestors, descendants, tags, paths and globs', async () => {
    const dag = parseProject(await projectWith(MODELS)).dag();
    const sel = (...s: string[]) => [...selectModels(dag, s)].sort();
    expect(sel('customers')).toEqual(['customers']);
    expect(sel('+customers')).toEqual(['customers', 'stg_contacts']);
    expect(sel('stg_contacts+')).toEqual(['customer_stats', 'customers', 'leads', 'stg_contacts']);
    expect(sel('stg_contacts+1')).toEqual(['customers', 'leads', 'stg_contacts']);
    expect(sel('+customer_stats')).toEqual(['customer_stats', 'customers', 'stg_contacts']);
    expect(sel('tag:staging')).toEqual(['stg_contacts', 'stg_members']);
    expect(sel('tag:email+')).toEqual(['members_clean', 'stg_members']);
    expect(sel('tag:nightly', 'leads')).toEqual(['customers', 'leads']);
    expect(sel('tag:marts,stg_contacts+')).toEqual(['customer_stats', 'customers', 'leads']);
    expect(sel('path:models/staging')).toEqual(['stg_contacts', 'stg_members']);
    expect(sel('stg_*')).toEqual(['stg_contacts', 'stg_members']);
    expect([...selectModels(dag, ['stg_contacts+'], ['customer_stats'])].sort()).toEqual(['customers', 'leads', 'stg_contacts']);
    expect(selectModels(dag, []).size).toBe(6);
    expect(() => selectModels(dag, ['custmers'])).toThrow(ConfigError);
    expect(() => selectModels(dag, ['custmers'])).toThrow('selector "custmers": no model named "custmers"');
  });
});

describe('runModels', () => {
  it('runs in dependency order, writes compiled SQL and reports progress', async () => {
    await withDuckDB(async (conn) => {
      await seedRaw(conn);
      const project = await projectWith(MODELS);
      const events: ModelProgressEvent[] = [];
      const results = await runModels({ conn, project, onProgress: (e) => events.push(e) });
      expect(results.map((r) => r.name)).toEqual(['stg_contacts', 'stg_members', 'customers', 'leads', 'members_clean', 'customer_stats']);
      expect(results.every((r) => r.status === 'success')).toBe(true);
      const customers = results.find((r) => r.name === 'customers')!;
      expect(customers).toMatchObject({
        path: 'models/marts/customers.sql',
        relation: { schema: 'main', name: 'customers' },
        materialization: { kind: 'table' },
        dependsOn: { models: ['stg_contacts'], sources: [], seeds: [] },
        rows: 3,
      });
      expect(customers.compiledSql).toBe('select id, email from "main"."stg_contacts"');
      const file = path.join(project.targetPath, 'compiled', 'customers.sql');
      expect(customers.compiledPath).toBe(file);
      expect(fs.readFileSync(file, 'utf8')).toBe('select id, email from "main"."stg_contacts"\n');
      expect(fs.readFileSync(path.join(project.targetPath, 'compiled', 'stg_contacts.sql'), 'utf8')).toContain('"raw"."crm_contacts"');
      expect(events.filter((e) => e.kind === 'finish').length).toBe(6);
      expect(events[0]).toEqual({ kind: 'start', name: 'stg_contacts', index: 1, total: 6 });
      expect(await rows(conn, 'select n::int as n from customer_stats')).toEqual([{ n: 3 }]);
    });
  });

  it('runs only the selection', async () => {
    await withDuckDB(async (conn) => {
      await seedRaw(conn);
      const project = await projectWith(MODELS);
      const results = await runModels({ conn, project, select: ['+customers'] });
      expect(results.map((r) => r.name)).toEqual(['stg_contacts', 'customers']);
      expect(await rows(conn, "select table_name from information_schema.tables order by 1")).toEqual([
        { table_name: 'crm_contacts' },
        { table_name: 'customers' },
        { table_name: 'stg_contacts' },
      ]);
    });
  });

  it('skips the descendants of a failed model and keeps running independent ones', async () => {
    await withDuckDB(async (conn) => {
      await seedRaw(conn);
      const project = await projectWith({
        ...MODELS,
        'models/marts/customers.sql': "select id, no_such_column from {{ ref('stg_contacts') }}",
      });
      const results = await runModels({ conn, project });
      const status = Object.fromEntries(results.map((r) => [r.name, r.status]));
      expect(status).toEqual({
        stg_contacts: 'success',
        stg_members: 'success',
        customers: 'error',
        leads: 'success',
        members_clean: 'success',
        customer_stats: 'skipped',
      });
      const failed = results.find((r) => r.name === 'customers')!;
      expect(failed.error).toMatch(/^model customers \(.*models\/marts\/customers\.sql\): Binder Error: .*no_such_column/s);
      expect(failed.compiledSql).toContain('no_such_column');
      expect(fs.existsSync(failed.compiledPath!)).toBe(true);
      expect(results.find((r) => r.name === 'customer_stats')!.error).toBe('skipped because upstream model customers failed');
    });
  });

  it('reports a compile-time failure (missing var at compile) as that model\'s error', async () => {
    await withDuckDB(async (conn) => {
      await seedRaw(conn);
      const project = await projectWith({
        'models/marts/inc.sql': "{{ config(materialized='incremental') }}select 1 as x{% if is_incremental() %} where x > {{ var('cutoff') }}{% endif %}",
        'models/marts/after.sql': "select * from {{ ref('inc') }}",
      });
      expect((await runModels({ conn, project })).map((r) => r.status)).toEqual(['success', 'success']);
      const second = await runModels({ conn, project });
      expect(second.map((r) => r.status)).toEqual(['error', 'skipped']);
      expect(second[0]!.error).toMatch(/model inc \(.*inc\.sql\): var\('cutoff'\): required variable not set/);
      const third = await runModels({ conn, project, vars: { cutoff: 0 } });
      expect(third.map((r) => [r.status, r.rows])).toEqual([['success', 1], ['success', 2]]);
    });
  });

  it('keeps a model configured full_refresh: false through --full-refresh (dbt\'s rule for state tables)', async () => {
    await withDuckDB(async (conn) => {
      const project = await projectWith({
        'models/marts/kept.sql': "{{ config(materialized='incremental', full_refresh=false) }}select {{ var('n') }} as n",
        'models/marts/reset.sql': "{{ config(materialized='incremental') }}select {{ var('n') }} as n",
      });
      await runModels({ conn, project, vars: { n: 1 } });
      await runModels({ conn, project, vars: { n: 2 }, fullRefresh: true });
      expect(await rows(conn, 'select n from kept order by n')).toEqual([{ n: 1 }, { n: 2 }]);
      expect(await rows(conn, 'select n from reset order by n')).toEqual([{ n: 2 }]);
    });
  });

  it('runs a model\'s hooks (config() spells them pre_hook / post_hook); a failing hook fails the model', async () => {
    await withDuckDB(async (conn) => {
      const project = await projectWith({
        'models/marts/kept.sql':
          "{{ config(materialized='table', pre_hook='create table if not exists hook_log (model varchar)', post_hook=\"insert into hook_log values ('{{ this }}')\") }}select 1 as n",
        'models/marts/broken.sql': "{{ config(materialized='table', post_hook='select * from no_such_table') }}select 1 as n",
      });
      const results = await runModels({ conn, project });
      expect(await rows(conn, 'select model from hook_log')).toEqual([{ model: '"main"."kept"' }]);
      const broken = results.find((r) => r.name === 'broken')!;
      expect(broken.status).toBe('error');
      expect(broken.error).toMatch(/post-hook 1 of broken: .*no_such_table/);
    });
  });

  it('refuses a cycle before running anything, printing its path', async () => {
    const project = await projectWith({
      'models/a.sql': "select * from {{ ref('c') }}",
      'models/b.sql': "select * from {{ ref('a') }}",
      'models/c.sql': "select * from {{ ref('b') }}",
    });
    await withDuckDB(async (conn) => {
      await expect(runModels({ conn, project })).rejects.toThrow('models depend on each other in a cycle: a -> c -> b -> a');
    });
  });

  it('compiles without running (dbt compile)', async () => {
    const project = await projectWith(MODELS);
    const compiled = await compileModels({ project, select: ['customers+'] });
    expect(compiled.map((c) => c.name)).toEqual(['customers', 'customer_stats']);
    expect(fs.readFileSync(compiled[1]!.compiledPath, 'utf8')).toBe('select count(*) as n from "main"."customers"\n');
  });

  it('loads seeds that models can ref', async () => {
    await withDuckDB(async (conn) => {
      const project = await projectWith(
        { 'models/marts/country_names.sql': "select name from {{ ref('countries') }} order by code" },
        { 'seeds/countries.csv': 'code,name\nDE,Germany\nFR,France\n' },
      );
      expect((await runSeeds({ conn, project })).map((s) => [s.name, s.status, s.rows])).toEqual([['countries', 'success', 2]]);
      const results = await runModels({ conn, project });
      expect(results[0]!.dependsOn.seeds).toEqual(['countries']);
      expect(await rows(conn, 'select name from country_names')).toEqual([{ name: 'Germany' }, { name: 'France' }]);
    });
  });
});
