import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../core/index.js';
import { runDbtCommand } from '../../engine/invocation/dbt-command.js';
import { shopProjects } from './dbt-project-fixture.js';
import { queryFile as query } from './fixtures.js';

const shop = shopProjects();

describe('runDbtCommand', () => {
  it('builds a dbt project with a local package: seeds, models, tests, dispatch override, artifacts', async () => {
    const dir = shop();
    const db = path.join(dir, 'out', 'shop.duckdb');
    const r = await runDbtCommand({ command: 'build', projectDir: dir, profilesDir: dir, env: { SHOP_DB: db }, cwd: dir });
    expect(r.success).toBe(true);
    expect(r.target).toMatchObject({ name: 'dev', path: db, schema: 'main', threads: 2 });
    expect(r.results.map((x) => `${x.resourceType}:${x.name}:${x.status}`)).toEqual([
      'seed:raw_orders:success',
      'model:stg_orders:success',
      'test:accepted_values_stg_orders_status:pass',
      'model:customer_revenue:success',
      'test:is_non_negative_customer_revenue_amount_paid:pass',
      'test:not_null_customer_revenue_customer_id:pass',
      'test:unique_customer_revenue_customer_id:pass',
    ]);
    // The project's default__cents_to_units wins over the package's (dispatch search order).
    expect(await query(db, 'select customer_id::int as id, amount_paid::int as paid, amount_refunded::int as refunded from main.customer_revenue order by 1')).toEqual([
      { id: 1, paid: 30, refunded: 0 },
      { id: 2, paid: 8, refunded: 5 },
      { id: 3, paid: 0, refunded: 0 },
    ]);
    expect(await query(db, "select table_name, table_type from information_schema.tables where table_schema = 'main' order by 1")).toEqual([
      { table_name: 'customer_revenue', table_type: 'BASE TABLE' },
      { table_name: 'raw_orders', table_type: 'BASE TABLE' },
      { table_name: 'stg_orders', table_type: 'VIEW' },
    ]);

    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'target', 'manifest.json'), 'utf8'));
    const node = manifest.nodes['model.shop.customer_revenue'];
    expect(node).toMatchObject({ resource_type: 'model', original_file_path: 'models/marts/customer_revenue.sql', config: { materialized: 'table' } });
    expect(node.depends_on.nodes).toEqual(['model.shop.stg_orders']);
    expect(Object.keys(node.columns)).toEqual(['customer_id', 'amount_paid']);
    expect(node.compiled_code).toContain('as amount_pending');
    expect(manifest.nodes['test.shop.unique_customer_revenue_customer_id'].depends_on.nodes).toEqual(['model.shop.customer_revenue']);
    const runResults = JSON.parse(fs.readFileSync(path.join(dir, 'target', 'run_results.json'), 'utf8'));
    expect(runResults.results).toHaveLength(7);
    expect(runResults.results[1]).toMatchObject({ unique_id: 'model.shop.stg_orders', status: 'success' });
    expect(runResults.results[1].timing.map((t: { name: string }) => t.name)).toEqual(['compile', 'execute']);
    expect(fs.readFileSync(path.join(dir, 'target', 'compiled', 'shop', 'models', 'staging', 'stg_orders.sql'), 'utf8')).toContain('cast(amount as integer)');
  });

  it('skips what depends on a model whose test fails (build), and selects with path:, config.materialized: and intersections', async () => {
    const dir = shop({ 'seeds/raw_orders.csv': 'order_id,customer_id,status,amount\n1,1,paid,10\n1,1,shipped,20\n' });
    const db = path.join(dir, 'shop.duckdb');
    const r = await runDbtCommand({ command: 'build', projectDir: dir, profilesDir: dir, env: { SHOP_DB: db }, cwd: dir });
    expect(r.success).toBe(false);
    const status = Object.fromEntries(r.results.map((x) => [x.name, x.status]));
    expect(status).toMatchObject({ stg_orders: 'success', accepted_values_stg_orders_status: 'fail', customer_revenue: 'skipped' });
    expect(r.results.find((x) => x.name === 'accepted_values_stg_orders_status')?.failures).toBe(1);

    const ls = async (select: string[], exclude: string[] = []) =>
      (await runDbtCommand({ command: 'ls', projectDir: dir, profilesDir: dir, env: { SHOP_DB: db }, cwd: dir, select, exclude })).listed.map((n) => n.name);
    expect(await ls(['path:models/staging'])).toEqual(['stg_orders', 'accepted_values_stg_orders_status']);
    expect(await ls(['config.materialized:table,resource_type:model'])).toEqual(['customer_revenue']);
    expect(await ls(['tag:staging', 'raw_orders'], ['resource_type:test'])).toEqual(['raw_orders', 'stg_orders']);
    expect(await ls(['+customer_revenue'], ['resource_type:test', 'resource_type:seed'])).toEqual(['stg_orders', 'customer_revenue']);
  });

  it('uses a package dbt deps installed under dbt_packages/ (hub entry in packages.yml)', async () => {
    const dir = shop({
      'packages.yml': 'packages:\n  - package: acme/shop_utils\n    version: [">=0.1.0"]\n',
      'dbt_packages/shop_utils/dbt_project.yml': 'name: shop_utils\nversion: "0.1"\n',
      'dbt_packages/shop_utils/macros/units.sql': "{% macro cents_to_units(column) %}({{ column }} * 1000){% endmacro %}",
      'macros/overrides.sql': '',
    });
    const db = path.join(dir, 'shop.duckdb');
    const r = await runDbtCommand({ command: 'compile', projectDir: dir, profilesDir: dir, env: { SHOP_DB: db }, cwd: dir, select: ['stg_orders'], exclude: ['resource_type:test'] });
    expect(r.results.map((x) => x.status)).toEqual(['success']);
    expect(r.results[0]!.compiledCode).toContain('(amount * 1000)');
  });

  it('reports a missing package naming packages.yml, and a missing profile naming profiles.yml', async () => {
    const dir = shop({ 'packages.yml': 'packages:\n  - package: dbt-labs/dbt_utils\n    version: 1.3.0\n' });
    const err = await runDbtCommand({ command: 'run', projectDir: dir, profilesDir: dir, cwd: dir }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toMatch(/packages\.yml: packages\[0\]: package "dbt-labs\/dbt_utils" is not installed/);

    const noProfile = shop({ 'profiles.yml': 'other:\n  outputs: {}\n' });
    const err2 = await runDbtCommand({ command: 'run', projectDir: noProfile, profilesDir: noProfile, cwd: noProfile }).catch((e: unknown) => e);
    expect(err2).toBeInstanceOf(ConfigError);
    expect((err2 as Error).message).toMatch(/profiles\.yml: no profile named "shop"/);
  });
});
