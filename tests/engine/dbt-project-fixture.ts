/**
 * A small dbt project of the usual kind, written for these tests: a seed, a staging
 * view, a mart table built with a Jinja loop over a `set` list, schema tests (one of
 * them a custom generic test from tests/generic/), a `local:` package providing a
 * macro and a dispatch override, and a dbt-duckdb profiles.yml reading env_var().
 *
 * Hand-checked numbers: orders.csv has 5 rows (3 paid, 1 refunded, 1 pending);
 * customer_revenue has 3 customers; amount_paid for customer 1 is 30 (10 + 20).
 */
import path from 'node:path';
import { afterEach } from 'vitest';
import { removeDir, writeProject } from './fixtures.js';

export const SHOP_FILES: Record<string, string> = {
  'dbt_project.yml': `name: shop
version: "1.0"
profile: shop
config-version: 2
seed-paths: ["seeds"]
dispatch:
  - macro_namespace: shop_utils
    search_order: ["shop", "shop_utils"]
vars:
  statuses: ["paid", "refunded", "pending"]
models:
  shop:
    +materialized: "{{ 'view' if target.name == 'never' else 'table' }}"
    staging:
      +materialized: view
      +tags: [staging]
`,
  'packages.yml': 'packages:\n  - local: ../shop_utils\n',
  'profiles.yml': `shop:
  target: dev
  outputs:
    dev:
      type: duckdb
      path: "{{ env_var('SHOP_DB', 'shop.duckdb') }}"
      threads: 2
`,
  'seeds/raw_orders.csv': 'order_id,customer_id,status,amount\n1,1,paid,10\n2,1,paid,20\n3,2,refunded,5\n4,3,pending,7\n5,2,paid,8\n',
  'models/staging/stg_orders.sql': "select order_id, customer_id, status, {{ shop_utils.cents_to_units('amount') }} as amount from {{ ref('raw_orders') }}",
  'models/marts/customer_revenue.sql': `{% set statuses = var('statuses') %}
select
    customer_id,
    {% for s in statuses -%}
    sum(case when status = '{{ s }}' then amount else 0 end) as amount_{{ s }}{{ ',' if not loop.last }}
    {% endfor %}
from {{ ref('stg_orders') }}
group by customer_id
`,
  'models/marts/schema.yml': `version: 2
models:
  - name: customer_revenue
    columns:
      - name: customer_id
        data_tests: [unique, not_null]
      - name: amount_paid
        data_tests:
          - is_non_negative
  - name: stg_orders
    columns:
      - name: status
        tests:
          - accepted_values:
              arguments:
                values: ["paid", "refunded", "pending"]
`,
  'tests/generic/is_non_negative.sql': `{% test is_non_negative(model, column_name) %}
select * from {{ model }} where {{ column_name }} < 0
{% endtest %}
`,
  '../shop_utils/dbt_project.yml': 'name: shop_utils\nversion: "0.1"\nconfig-version: 2\n',
  '../shop_utils/macros/units.sql': `{% macro cents_to_units(column) -%}
  {{ return(adapter.dispatch('cents_to_units', 'shop_utils')(column)) }}
{%- endmacro %}
{% macro default__cents_to_units(column) -%}
  ({{ column }} * 100)
{%- endmacro %}
`,
  // The project overrides the package's implementation through its dispatch search order.
  'macros/overrides.sql': `{% macro default__cents_to_units(column) -%}
  cast({{ column }} as {{ dbt.type_int() }})
{%- endmacro %}
`,
};

/** Writes the shop project into `<tmp>/shop` (its package beside it in `<tmp>/shop_utils`); returns the project folder. */
export function writeShopProject(overrides: Record<string, string> = {}): string {
  const files: Record<string, string> = {};
  for (const [rel, content] of Object.entries({ ...SHOP_FILES, ...overrides })) {
    files[rel.startsWith('../') ? rel.slice(3) : `shop/${rel}`] = content;
  }
  return path.join(writeProject(files), 'shop');
}

/**
 * A `shop(overrides)` that writes a fresh shop project per call and removes every one
 * after each test of the file that calls this (at module level).
 */
export function shopProjects(): (overrides?: Record<string, string>) => string {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) removeDir(d);
  });
  return (overrides = {}) => {
    const dir = writeShopProject(overrides);
    dirs.push(path.dirname(dir));
    return dir;
  };
}
