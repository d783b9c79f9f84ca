/**
 * `tributary build` on a project exercising dbt's test and seed configs through the
 * compiled CLI: singular tests (tests/*.sql, one disabled by its own config()), `tests:`
 * and `data_tests:` keys, `severity`, `warn_if`/`error_if`, `store_failures`, tests on a
 * seed described in a property file beside it, seed `column_types`, and a post-hook.
 *
 * Hand-checked: leads.csv has 4 rows, scores 10, 40, 75, 90; 2 have score > 50; lead 4 has
 * no email (so not_null on email finds 1 row).
 */
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, describe, expect, it } from 'vitest';
import { removeDir, writeProject } from '../engine/fixtures.js';
import { runCli } from '../helpers/workspace.js';

const FILES: Record<string, string> = {
  'dbt_project.yml': `name: crm
profile: crm
seed-paths: ["seeds"]
seeds:
  crm:
    leads:
      +column_types:
        score: smallint
models:
  crm:
    hot_leads:
      +materialized: table
      +post-hook: "create table {{ this.schema }}.hot_leads_audit as select count(*) as n from {{ this }}"
`,
  'profiles.yml': 'crm:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: crm.duckdb\n',
  'seeds/leads.csv': 'lead_id,email,score\n1,a@x.io,10\n2,b@x.io,40\n3,c@x.io,75\n4,,90\n',
  'seeds/leads.yml': `version: 2
seeds:
  - name: leads
    columns:
      - name: lead_id
        data_tests: [unique]
      - name: email
        data_tests:
          - not_null:
              config:
                severity: warn
`,
  'models/hot_leads.sql': "select lead_id, score from {{ ref('leads') }} where score > 50\n",
  'models/schema.yml': `version: 2
models:
  - name: hot_leads
    tests:
      - dbt_utils_free_row_count:
          min_rows: 1
    columns:
      - name: score
        data_tests:
          - accepted_values:
              values: [75]
              warn_if: ">= 1"
              error_if: ">= 2"
              store_failures: true
`,
  'tests/generic/dbt_utils_free_row_count.sql': `{% test dbt_utils_free_row_count(model, min_rows) %}
select 1 as too_few from (select count(*) as n from {{ model }}) where n < {{ min_rows }}
{% endtest %}
`,
  'tests/assert_hot_leads_are_hot.sql': "select * from {{ ref('hot_leads') }} where score <= 50\n",
  'tests/assert_no_cold_leads.sql': "{{ config(severity='warn') }}\nselect * from {{ ref('leads') }} where score < 20\n",
  'tests/assert_disabled.sql': "{{ config(enabled=false) }}\nselect 1 from {{ ref('leads') }}\n",
};

const dir = writeProject(FILES);
afterAll(() => removeDir(dir));

async function query(sql: string): Promise<unknown[][]> {
  const instance = await DuckDBInstance.create(path.join(dir, 'crm.duckdb'));
  const conn = await instance.connect();
  try {
    return (await conn.runAndReadAll(sql)).getRowsJson() as unknown[][];
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

describe('tributary build: singular tests, test configs, seeds in property files, hooks', () => {
  it('runs every test with its config, keeps failing rows, and exits 0 when only warnings fail', async () => {
    const r = await runCli(['build', '--project-dir', dir, '--profiles-dir', dir, '--format', 'json'], { cwd: dir });
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout) as { results: { name: string; status: string; failures: number | null; message: string | null }[] };
    const byName = Object.fromEntries(report.results.map((x) => [x.name, x]));
    expect(Object.keys(byName).sort()).toEqual([
      'accepted_values_hot_leads_score',
      'assert_hot_leads_are_hot',
      'assert_no_cold_leads',
      'dbt_utils_free_row_count_hot_leads',
      'hot_leads',
      'leads',
      'not_null_leads_email',
      'unique_leads_lead_id',
    ]);
    expect(byName['leads']).toMatchObject({ status: 'success', message: 'INSERT 4' });
    expect(byName['unique_leads_lead_id']).toMatchObject({ status: 'pass' });
    // severity warn from the yml's config: 1 row (lead 4), a warning
    expect(byName['not_null_leads_email']).toMatchObject({ status: 'warn', failures: 1 });
    // 90 is not accepted: 1 failing row, warn_if >= 1 holds, error_if >= 2 does not
    expect(byName['accepted_values_hot_leads_score']).toMatchObject({ status: 'warn', failures: 1, message: 'Got 1 result, configured to warn if >= 1' });
    expect(byName['assert_hot_leads_are_hot']).toMatchObject({ status: 'pass', failures: 0 });
    // config(severity='warn') inside the singular test: lead 1 (score 10)
    expect(byName['assert_no_cold_leads']).toMatchObject({ status: 'warn', failures: 1 });
    expect(byName['dbt_utils_free_row_count_hot_leads']).toMatchObject({ status: 'pass' });
    expect(r.code).toBe(0);

    expect(await query("select data_type from information_schema.columns where table_name = 'leads' and column_name = 'score'")).toEqual([['SMALLINT']]);
    expect(await query('select value_field, n_records::int from main_dbt_test__audit.accepted_values_hot_leads_score')).toEqual([['90', 1]]);
    // the post-hook ran after hot_leads was built: 2 leads score over 50
    expect(await query('select n::int from main.hot_leads_audit')).toEqual([[2]]);
  });

  it('fails the run (exit 1) when error_if holds', async () => {
    const strict = writeProject({ ...FILES, 'models/schema.yml': FILES['models/schema.yml']!.replace('error_if: ">= 2"', 'error_if: ">= 1"') });
    try {
      const s = await runCli(['build', '--project-dir', strict, '--profiles-dir', strict], { cwd: strict });
      expect(s.code).toBe(1);
      expect(s.stdout).toMatch(/FAIL 1 accepted_values_hot_leads_score/);
      expect(s.stdout).toMatch(/Got 1 result, configured to fail if >= 1/);
    } finally {
      removeDir(strict);
    }
  });
});
