/**
 * dbt snapshots: `{% snapshot %}` blocks under snapshots/, run by `snapshot` and `build`,
 * written as dbt writes them (dbt_scd_id, dbt_updated_at, dbt_valid_from, dbt_valid_to)
 * so a model can `ref()` the history. Hand-checked expectations: the seed's customer 1
 * changes plan on 2024-02-01, customer 2 disappears, customer 3 arrives.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ProjectErrors } from '../../engine/errors.js';
import { runDbtCommand } from '../../engine/invocation/dbt-command.js';
import { snapshotBlocks } from '../../engine/project.js';
import { queryFile as query, removeDir, writeProject } from './fixtures.js';

const FIRST = 'id,email,plan,updated_at\n1,a@example.com,free,2024-01-01 00:00:00\n2,b@example.com,pro,2024-01-01 00:00:00\n';
const SECOND = 'id,email,plan,updated_at\n1,a@example.com,pro,2024-02-01 00:00:00\n3,c@example.com,free,2024-02-01 00:00:00\n';

const FILES: Record<string, string> = {
  'dbt_project.yml': 'name: crm\nprofile: crm\nconfig-version: 2\nsnapshots:\n  crm:\n    +tags: [history]\n',
  'profiles.yml': 'crm:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: crm.duckdb\n',
  'seeds/customers.csv': FIRST,
  // Two blocks in one file, as dbt allows: a timestamp snapshot (legacy target_schema) and a check snapshot.
  'snapshots/customers.sql': `{% snapshot customers_snapshot %}
{{ config(target_schema='snapshots', unique_key='id', strategy='timestamp', updated_at='updated_at') }}
select * from {{ ref('customers') }}
{% endsnapshot %}

{%- snapshot plans_snapshot -%}
{{ config(unique_key=['id'], strategy='check', check_cols=['plan'], hard_deletes='invalidate') }}
select id, plan from {{ ref('customers') }}
{%- endsnapshot -%}
`,
  'models/current_plans.sql': "select id, plan from {{ ref('plans_snapshot') }} where dbt_valid_to is null",
};

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) removeDir(d);
});

function project(overrides: Record<string, string> = {}): string {
  const dir = writeProject({ ...FILES, ...overrides });
  dirs.push(dir);
  return dir;
}

const build = (dir: string, command: 'build' | 'snapshot' | 'run' | 'ls' = 'build') => runDbtCommand({ command, projectDir: dir, profilesDir: dir, cwd: dir });

describe('snapshots', () => {
  it('finds every block of a file, with or without whitespace control', () => {
    expect(snapshotBlocks(FILES['snapshots/customers.sql']!).map((b) => b.name)).toEqual(['customers_snapshot', 'plans_snapshot']);
  });

  it('keeps a type-2 history across builds: changed rows close and reopen, new keys open, deletes per hard_deletes; a model reads the history', async () => {
    const dir = project();
    const db = path.join(dir, 'crm.duckdb');
    const first = await build(dir);
    expect(first.success).toBe(true);
    expect(first.results.map((r) => `${r.resourceType}:${r.name}:${r.status}`)).toEqual([
      'seed:customers:success',
      'snapshot:customers_snapshot:success',
      'snapshot:plans_snapshot:success',
      'model:current_plans:success',
    ]);
    expect(first.results[1]?.relationName).toBe('snapshots.customers_snapshot');

    fs.writeFileSync(path.join(dir, 'seeds', 'customers.csv'), SECOND);
    expect((await build(dir)).success).toBe(true);

    const history = await query(
      db,
      `select id::int as id, plan, strftime(dbt_valid_from, '%Y-%m-%d') as valid_from, strftime(dbt_valid_to, '%Y-%m-%d') as valid_to, dbt_scd_id is not null as has_scd
       from snapshots.customers_snapshot order by id, dbt_valid_from`,
    );
    expect(history).toEqual([
      { id: 1, plan: 'free', valid_from: '2024-01-01', valid_to: '2024-02-01', has_scd: true },
      { id: 1, plan: 'pro', valid_from: '2024-02-01', valid_to: null, has_scd: true },
      // hard_deletes defaults to ignore: a key gone from the query stays current.
      { id: 2, plan: 'pro', valid_from: '2024-01-01', valid_to: null, has_scd: true },
      { id: 3, plan: 'free', valid_from: '2024-02-01', valid_to: null, has_scd: true },
    ]);
    const plans = await query(db, `select id::int as id, plan, dbt_valid_to is null as current from main.plans_snapshot order by id, dbt_valid_from`);
    expect(plans).toEqual([
      { id: 1, plan: 'free', current: false },
      { id: 1, plan: 'pro', current: true },
      { id: 2, plan: 'pro', current: false }, // invalidated: gone from the query
      { id: 3, plan: 'free', current: true },
    ]);
    // The closed version ends exactly where the new one starts (one snapshot time per run).
    const [seam] = await query(db, `select count(*)::int as n from main.plans_snapshot a join main.plans_snapshot b on a.id = b.id and a.dbt_valid_to = b.dbt_valid_from`);
    expect(seam).toEqual({ n: 1 });
    expect(await query(db, 'select id::int as id, plan from main.current_plans order by id')).toEqual([
      { id: 1, plan: 'pro' },
      { id: 3, plan: 'free' },
    ]);

    // Nothing changed: the same snapshot run writes no version, and `run` never touches snapshots.
    const again = await build(dir, 'snapshot');
    expect(again.results.map((r) => `${r.name}:${r.message}`)).toEqual(['customers_snapshot:0 versions written', 'plans_snapshot:0 versions written']);
    expect((await build(dir, 'run')).results.map((r) => r.name)).toEqual(['current_plans']);
    expect(await query(db, 'select count(*)::int as n from snapshots.customers_snapshot')).toEqual([{ n: 4 }]);

    // dbt's ids, resource type and folder config in the manifest; ls selects by resource type.
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'target', 'manifest.json'), 'utf8'));
    expect(manifest.nodes['snapshot.crm.customers_snapshot']).toMatchObject({ resource_type: 'snapshot', schema: 'snapshots', tags: ['history'], config: { materialized: 'snapshot', strategy: 'timestamp' } });
    expect(manifest.nodes['model.crm.current_plans'].depends_on.nodes).toEqual(['snapshot.crm.plans_snapshot']);
    const ls = await runDbtCommand({ command: 'ls', projectDir: dir, profilesDir: dir, cwd: dir, select: ['resource_type:snapshot'] });
    expect(ls.listed.map((n) => n.name)).toEqual(['customers_snapshot', 'plans_snapshot']);
  });

  it('hard_deletes new_record records the deletion as its own version, and a key that comes back reopens', async () => {
    const dir = project({
      'snapshots/customers.sql': `{% snapshot customers_snapshot %}
{{ config(unique_key='id', strategy='timestamp', updated_at='updated_at', hard_deletes='new_record') }}
select * from {{ ref('customers') }}
{% endsnapshot %}`,
      'models/current_plans.sql': 'select 1 as x',
    });
    const db = path.join(dir, 'crm.duckdb');
    await build(dir);
    fs.writeFileSync(path.join(dir, 'seeds', 'customers.csv'), SECOND);
    await build(dir);
    fs.writeFileSync(path.join(dir, 'seeds', 'customers.csv'), FIRST.replace('2024-01-01 00:00:00\n2', '2024-03-01 00:00:00\n2'));
    expect((await build(dir)).success).toBe(true);
    const rows = await query(db, `select id::int as id, plan, dbt_is_deleted as deleted, dbt_valid_to is null as current from main.customers_snapshot where id = 2 order by dbt_valid_from, deleted`);
    expect(rows).toEqual([
      { id: 2, plan: 'pro', deleted: 'False', current: false },
      { id: 2, plan: 'pro', deleted: 'True', current: false },
      { id: 2, plan: 'pro', deleted: 'False', current: true },
    ]);
  });

  it('says what is wrong: a missing strategy key names the file; a repeated key names the key', async () => {
    const bad = project({ 'snapshots/customers.sql': "{% snapshot s %}{{ config(unique_key='id', strategy='timestamp') }}select 1 as id{% endsnapshot %}" });
    const err = await build(bad).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProjectErrors);
    expect(String((err as Error).message)).toMatch(/snapshots\/customers\.sql.*strategy 'timestamp' needs config updated_at/s);

    const dup = project({ 'seeds/customers.csv': FIRST.replace('2,b@', '1,b@') });
    const r = await build(dup);
    expect(r.success).toBe(false);
    expect(r.results.find((x) => x.name === 'customers_snapshot')?.message).toMatch(/returns 2 rows with unique_key id=1; a snapshot needs one row per key/);
  });
});

describe('tributary snapshot (CLI)', () => {
  it('prints one line per snapshot and dbt\'s summary; a snapshot without unique_key exits 2 naming the file', async () => {
    const { runCli } = await import('../helpers/workspace.js');
    const dir = project();
    expect((await runCli(['seed', '--project-dir', dir, '--profiles-dir', dir], { cwd: dir })).code).toBe(0);
    const r = await runCli(['snapshot', '--project-dir', dir, '--profiles-dir', dir], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Found 0 models, 2 snapshots, 0 data tests, 0 seeds in project crm/);
    expect(r.stdout).toMatch(/1 of 2 OK snapshotted snapshots\.customers_snapshot \.+ \[2 versions written in \d+\.\d\ds\]/);
    expect(r.stdout).toMatch(/Done\. PASS=2 WARN=0 ERROR=0 SKIP=0 TOTAL=2/);
    const bad = project({ 'snapshots/customers.sql': "{% snapshot s %}{{ config(strategy='check', check_cols='all') }}select 1 as id{% endsnapshot %}" });
    const e = await runCli(['snapshot', '--project-dir', bad, '--profiles-dir', bad], { cwd: bad });
    expect(e.code).toBe(2);
    expect(e.stderr).toMatch(/customers\.sql.*a snapshot needs config unique_key/s);
    expect(e.stderr).not.toMatch(/\n\s+at /);
  });
});
