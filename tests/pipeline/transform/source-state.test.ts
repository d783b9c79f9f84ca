/**
 * A model that reads a source directly (not through a latest-records base model: a user's
 * project on its own tables, or Tributary's files staging) is rebuilt when what the source
 * holds changed, and only then — a nightly sync that lands nothing builds nothing. Before
 * this, such a model was rebuilt by every sync, and with it everything downstream.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../core/index.js';
import { buildModels } from '../../../pipeline/transform/build-models.js';
import { Warehouse } from '../../../pipeline/warehouse/warehouse.js';
import { tempDir, type TempDir } from '../../helpers/workspace.js';

let dir: TempDir;
let wh: Warehouse;
let project: string;

const build = async () => {
  const r = await buildModels({ wh, modelsDir: project, workspaceDir: dir.path, log: silentLogger() });
  expect(r.failed).toEqual([]);
  return r.results.map((m) => m.name).sort();
};

beforeAll(async () => {
  dir = tempDir('tributary-source-state-');
  project = join(dir.path, 'project');
  mkdirSync(join(project, 'models'), { recursive: true });
  writeFileSync(join(project, 'dbt_project.yml'), "name: acme\nversion: '1.0'\nprofile: acme\nmodels:\n  acme:\n    +meta: { publish: true }\n");
  writeFileSync(
    join(project, 'models', 'sources.yml'),
    'version: 2\nsources:\n  - name: shop\n    schema: shop\n    tables:\n      - name: orders\n      - name: refunds\n',
  );
  writeFileSync(join(project, 'models', 'orders.sql'), "select id, amount from {{ source('shop', 'orders') }}");
  writeFileSync(join(project, 'models', 'order_total.sql'), "select sum(amount) as total from {{ ref('orders') }}");
  writeFileSync(
    join(project, 'models', 'refunds.sql'),
    "{% if load_relation(source('shop', 'refunds')) is not none %} select id from {{ source('shop', 'refunds') }} {% else %} select 1 as id where false {% endif %}",
  );
  wh = await Warehouse.open(join(dir.path, 'warehouse.duckdb'));
  await wh.run('create schema shop');
  await wh.run('create table shop.orders (id integer, amount double)');
  await wh.run('insert into shop.orders values (1, 10), (2, 20)');
});
afterAll(() => {
  wh?.close();
  dir?.remove();
});

describe('models reading a source directly', () => {
  it('build on the first run, and not again while their sources hold the same rows', async () => {
    expect(await build()).toEqual(['order_total', 'orders', 'refunds']);
    expect(await build()).toEqual([]);
  });

  it('rebuild, with what depends on them, when a row is added, changed or removed', async () => {
    await wh.run('insert into shop.orders values (3, 5)');
    expect(await build()).toEqual(['order_total', 'orders']);
    await wh.run('update shop.orders set amount = 6 where id = 3');
    expect(await build()).toEqual(['order_total', 'orders']);
    await wh.run('delete from shop.orders where id = 3');
    expect(await build()).toEqual(['order_total', 'orders']);
    const [row] = await wh.all('select total from main.order_total');
    expect(Number(row!.total)).toBe(30);
  });

  it('rebuild when a source that did not exist appears', async () => {
    await wh.run('create table shop.refunds (id integer)');
    expect(await build()).toEqual(['refunds']);
    expect(await build()).toEqual([]);
  });
});
