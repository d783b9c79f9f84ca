/**
 * An incremental model whose SQL changed is rebuilt from scratch by the next build, not
 * merged: merging only the new rows would leave every older row as the old SQL made it
 * (an upgrade of Tributary's own models, or an analyst's edit, half applied).
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

const model = (expr: string) =>
  writeFileSync(
    join(project, 'models', 'orders.sql'),
    `{{ config(materialized='incremental', unique_key='id') }}
select id, ${expr} as label from {{ source('shop', 'orders') }}
{% if is_incremental() %} where id > (select max(id) from {{ this }}) {% endif %}`,
  );
const build = async () => {
  const r = await buildModels({ wh, modelsDir: project, workspaceDir: dir.path, log: silentLogger() });
  expect(r.failed).toEqual([]);
  return r.results.map((m) => m.name);
};
const labels = async () => (await wh.all('select id, label from main.orders order by id')).map((r) => `${r.id}:${r.label}`);

beforeAll(async () => {
  dir = tempDir('tributary-definition-change-');
  project = join(dir.path, 'project');
  mkdirSync(join(project, 'models'), { recursive: true });
  writeFileSync(join(project, 'dbt_project.yml'), "name: acme\nversion: '1.0'\nprofile: acme\nmodels:\n  acme:\n    +meta: { publish: true }\n");
  writeFileSync(join(project, 'models', 'sources.yml'), 'version: 2\nsources:\n  - name: shop\n    schema: shop\n    tables:\n      - name: orders\n');
  wh = await Warehouse.open(join(dir.path, 'warehouse.duckdb'));
  await wh.run('create schema shop');
  await wh.run('create table shop.orders (id integer)');
  await wh.run('insert into shop.orders values (1), (2)');
  model("'old'");
});
afterAll(() => {
  wh?.close();
  dir?.remove();
});

describe('an incremental model whose definition changed', () => {
  it('merges new rows while its SQL stays the same', async () => {
    expect(await build()).toEqual(['orders']);
    await wh.run('insert into shop.orders values (3)');
    expect(await build()).toEqual(['orders']);
    expect(await labels()).toEqual(['1:old', '2:old', '3:old']);
  });

  it('is rebuilt whole once its SQL changed: no row keeps the old definition', async () => {
    model("'new'");
    await wh.run('insert into shop.orders values (4)');
    expect(await build()).toEqual(['orders']);
    expect(await labels()).toEqual(['1:new', '2:new', '3:new', '4:new']);
    // and then merges again
    await wh.run('insert into shop.orders values (5)');
    await wh.run("update main.orders set label = 'kept' where id = 1");
    await build();
    expect(await labels()).toEqual(['1:kept', '2:new', '3:new', '4:new', '5:new']);
  });
});
