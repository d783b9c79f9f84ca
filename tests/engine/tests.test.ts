import { afterEach, describe, expect, it } from 'vitest';
import { loadProject } from '../../engine/project.js';
import { parseProject } from '../../engine/manifest.js';
import { runModels } from '../../engine/run.js';
import { runDataTests } from '../../engine/tests.js';
import { PROJECT_YML, removeDir, withDuckDB, writeProject } from './fixtures.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) removeDir(d);
});

const SOURCES = `version: 2
sources:
  - name: crm
    schema: raw
    tables:
      - name: contacts
        identifier: crm_contacts
        columns:
          - name: id
            tests: [unique, not_null]
`;

const SCHEMA = `version: 2
models:
  - name: customers
    tests:
      - dbt_utils.unique_combination_of_columns:
          combination_of_columns: [email, stage]
    columns:
      - name: id
        tests: [unique, not_null]
      - name: email
        data_tests:
          - unique
          - not_null:
              config: { severity: warn }
          - not_null:
              config: { where: "stage = 'customer'" }
      - name: stage
        tests:
          - accepted_values:
              values: [lead, customer]
      - name: score
        tests:
          - accepted_values:
              arguments:
                values: [1, 2]
  - name: orders
    columns:
      - name: customer_id
        tests:
          - relationships: { to: "ref('customers')", field: id }
          - relationships: { to: "source('crm', 'contacts')", field: id }
  - name: eph
    columns:
      - name: id
        tests: [not_null]
`;

describe('runDataTests', () => {
  it('runs unique, not_null, accepted_values, relationships and combination tests with failure counts', async () => {
    await withDuckDB(async (conn) => {
      await conn.run('create schema raw');
      await conn.run('create table raw.crm_contacts as select * from (values (1), (2), (2), (null)) t(id)');
      const dir = writeProject({
        'dbt_project.yml': PROJECT_YML,
        'models/sources.yml': SOURCES,
        'models/marts/schema.yml': SCHEMA,
        'models/marts/customers.sql': `select * from (values
            (1, 'a@x.com', 'lead', 1),
            (2, 'a@x.com', 'lead', 2),
            (3, null, 'vip', 3),
            (4, 'c@x.com', 'customer', 3),
            (5, 'd@x.com', 'prospect', 1)
          ) t(id, email, stage, score)`,
        'models/marts/orders.sql': 'select * from (values (10, 1), (11, 3), (12, 9), (13, null), (14, 9)) t(order_id, customer_id)',
        'models/marts/eph.sql': "{{ config(materialized='ephemeral') }}select * from (values (1), (null)) t(id)",
      });
      dirs.push(dir);
      const manifest = parseProject(await loadProject(dir));
      await runModels({ conn, project: manifest });
      const results = await runDataTests({ conn, project: manifest });
      const summary = Object.fromEntries(results.map((r) => [r.id, [r.status, r.failures]]));
      expect(summary).toEqual({
        unique_combination_of_columns_customers: ['fail', 1],
        unique_customers_id: ['pass', 0],
        not_null_customers_id: ['pass', 0],
        unique_customers_email: ['fail', 1],
        not_null_customers_email: ['warn', 1],
        not_null_customers_email_2: ['pass', 0],
        accepted_values_customers_stage: ['fail', 2],
        accepted_values_customers_score: ['fail', 1],
        not_null_eph_id: ['fail', 1],
        relationships_orders_customer_id: ['fail', 2],
        relationships_orders_customer_id_2: ['fail', 3],
        unique_source_crm_contacts_id: ['fail', 1],
        not_null_source_crm_contacts_id: ['fail', 1],
      });
      const accepted = results.find((r) => r.id === 'accepted_values_customers_stage')!;
      expect(accepted.params).toEqual(['lead', 'customer']);
      expect(accepted.sql).toContain('not in ($1, $2)');
      expect(accepted.test).toEqual({ kind: 'accepted_values', values: ['lead', 'customer'] });

      const selected = await runDataTests({ conn, project: manifest, select: ['orders'] });
      expect(selected.map((r) => r.id)).toEqual(['relationships_orders_customer_id', 'relationships_orders_customer_id_2']);
    });
  });

  it('reports a test whose query fails as an error, naming the test', async () => {
    await withDuckDB(async (conn) => {
      const dir = writeProject({
        'dbt_project.yml': PROJECT_YML,
        'models/marts/a.sql': 'select 1 as id',
        'models/marts/schema.yml': 'version: 2\nmodels:\n  - name: a\n    columns:\n      - name: missing_col\n        tests: [not_null]\n',
      });
      dirs.push(dir);
      const project = await loadProject(dir);
      await runModels({ conn, project });
      const [result] = await runDataTests({ conn, project });
      expect(result).toMatchObject({ id: 'not_null_a_missing_col', status: 'error' });
      expect(result!.error).toMatch(/^test not_null_a_missing_col: Binder Error/);
    });
  });
});
