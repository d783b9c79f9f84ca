/**
 * Data tests guard publishing: after the models build, every schema.yml test runs; a
 * failing `error` test fails the run before anything is published (analysts keep the
 * last good analytics.duckdb) and names the test, a failing `warn` test is only reported.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli, tempDir, type TempDir } from '../../helpers/workspace.js';

let dir: TempDir;
afterEach(() => dir?.remove());

const schemaYml = `version: 2
models:
  - name: accounts
    description: One row per account.
    columns:
      - name: account_id
        description: The account.
        tests:
          - unique
          - not_null
      - name: plan
        description: The plan.
        tests:
          - accepted_values:
              values: [free, pro]
              config:
                severity: warn
`;

function workspace(accountsSql: string): string {
  dir = tempDir();
  const project = join(dir.path, 'project');
  mkdirSync(join(project, 'models', 'marts'), { recursive: true });
  writeFileSync(join(project, 'dbt_project.yml'), `name: accounts_project\nversion: '1'\nconfig-version: 2\nmodel-paths: ['models']\nmodels:\n  accounts_project:\n    +materialized: table\n    +meta: { publish: true }\n`);
  writeFileSync(join(project, 'models', 'marts', 'schema.yml'), schemaYml);
  writeFileSync(join(project, 'models', 'marts', 'accounts.sql'), accountsSql);
  mkdirSync(join(dir.path, 'events'));
  const config = join(dir.path, 'tributary.yml');
  writeFileSync(config, `version: 1\nmodels: project\nsources:\n  web:\n    type: web-events\n    path: events\n`);
  return config;
}

const setModel = (sql: string) => writeFileSync(join(dir.path, 'project', 'models', 'marts', 'accounts.sql'), sql);

describe('data tests in sync', () => {
  it('publish only what passes: a failing unique test fails the run and leaves the published tables as they were', async () => {
    const config = workspace(`select 1 as account_id, 'free' as plan union all select 2, 'pro'`);
    const first = await runCli(['sync', '--config', config]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toMatch(/test …\n\s+3 of 3 data tests passed/);

    setModel(`select 1 as account_id, 'free' as plan union all select 1, 'pro' union all select 2, 'pro'`);
    const second = await runCli(['sync', '--config', config]);
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(/FAILED: unique_accounts_account_id \(1 failing row\)/);
    expect(second.stderr).toMatch(/run run_\w+ failed after [\d.]+ s: data tests failed: unique_accounts_account_id \(1 failing row\)/);
    expect(second.stderr).toMatch(/hint: nothing was published/);
    expect(second.stderr).not.toMatch(/publish …/);

    // Analysts still see the last good build; the warehouse has the new one.
    const published = await runCli(['query', '--config', config, '--format', 'json', 'select count(*) as n from accounts']);
    expect(JSON.parse(published.stdout)).toEqual([{ n: 2 }]);
    const warehouse = await runCli(['query', '--config', config, '--warehouse', '--format', 'json', 'select count(*) as n from accounts']);
    expect(JSON.parse(warehouse.stdout)).toEqual([{ n: 3 }]);
    const runs = JSON.parse((await runCli(['runs', '--config', config, '--format', 'json'])).stdout) as { status: string; error: string }[];
    expect(runs[0]).toMatchObject({ status: 'failed', error: expect.stringMatching(/unique_accounts_account_id/) });
  });

  it('a failing warn test is reported and does not block', async () => {
    const config = workspace(`select 1 as account_id, 'enterprise' as plan`);
    const r = await runCli(['sync', '--config', config]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/2 of 3 data tests passed; warnings: accepted_values_accounts_plan \(1 failing row\)/);
    expect(r.stderr).toMatch(/publish …/);
  });
});
