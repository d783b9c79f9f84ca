/** `tributary build | run | test | seed | compile | ls` through the compiled CLI, as a user runs them. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { shopProjects } from '../engine/dbt-project-fixture.js';
import { runCli } from '../helpers/workspace.js';

const shop = shopProjects();

describe('tributary build (dbt verbs)', () => {
  it('prints one line per node with index, status and timing, then dbt\'s summary; exit 0', async () => {
    const dir = shop();
    const r = await runCli(['build', '--project-dir', dir, '--profiles-dir', dir], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Found 2 models, 4 data tests, 1 seed in project shop/);
    expect(r.stdout).toMatch(/1 of 7 OK loaded seed file main\.raw_orders \.+ \[INSERT 5 in \d+\.\d\ds\]/);
    expect(r.stdout).toMatch(/2 of 7 OK created sql view model main\.stg_orders \.+ \[CREATE VIEW in \d+\.\d\ds\]/);
    expect(r.stdout).toMatch(/4 of 7 OK created sql table model main\.customer_revenue \.+ \[SELECT 3 in/);
    expect(r.stdout).toMatch(/7 of 7 PASS unique_customer_revenue_customer_id \.+ \[PASS in/);
    expect(r.stdout).toMatch(/Done\. PASS=7 WARN=0 ERROR=0 SKIP=0 TOTAL=7\n$/);
    // the profile's relative path is relative to the working directory, as dbt-duckdb does it
    expect(fs.existsSync(path.join(dir, 'shop.duckdb'))).toBe(true);
  });

  it('exits 1 on a failing test and prints it; --format json gives the results to machines', async () => {
    const dir = shop({ 'seeds/raw_orders.csv': 'order_id,customer_id,status,amount\n1,1,paid,10\n2,1,lost,20\n' });
    const text = await runCli(['build', '--project-dir', dir, '--profiles-dir', dir, '--select', '+stg_orders+'], { cwd: dir });
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/FAIL 1 accepted_values_stg_orders_status \.+ \[FAIL 1 in/);
    expect(text.stdout).toMatch(/SKIP relation main\.customer_revenue \.+ \[SKIP\]/);
    expect(text.stdout).toMatch(/Failure in test accepted_values_stg_orders_status\n.*Got 1 result, configured to fail if != 0/);
    expect(text.stdout).toMatch(/Done\. PASS=2 WARN=0 ERROR=1 SKIP=4 TOTAL=7/);

    const json = await runCli(['test', '--project-dir', dir, '--profiles-dir', dir, '--format', 'json', '--vars', '{statuses: [paid, lost]}'], { cwd: dir });
    expect(json.code).toBe(1);
    const report = JSON.parse(json.stdout);
    expect(report).toMatchObject({ command: 'test', project: 'shop', success: false, summary: { total: 4 } });
    expect(report.results.find((x: { name: string }) => x.name === 'accepted_values_stg_orders_status')).toMatchObject({ status: 'fail', failures: 1, resource_type: 'test' });
  });

  it('lists nodes (ls), compiles without building, and exits 2 on bad input without a stack trace', async () => {
    const dir = shop();
    const ls = await runCli(['ls', '--project-dir', dir, '--profiles-dir', dir, '--select', 'resource_type:model'], { cwd: dir });
    expect(ls.stdout).toBe('shop.staging.stg_orders\nshop.marts.customer_revenue\n');
    const compile = await runCli(['compile', '--project-dir', dir, '--profiles-dir', dir, '-s', 'customer_revenue'], { cwd: dir });
    expect(compile.code).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'target/compiled/shop/models/marts/customer_revenue.sql'), 'utf8')).toContain('"main"."stg_orders"');

    const badVars = await runCli(['run', '--project-dir', dir, '--profiles-dir', dir, '--vars', '[1, 2]'], { cwd: dir });
    expect(badVars.code).toBe(2);
    expect(badVars.stderr).toMatch(/^error: --vars must be a mapping/);
    const missing = shop({ 'packages.yml': 'packages:\n  - git: "https://github.com/dbt-labs/dbt-utils.git"\n    revision: 1.3.0\n' });
    const noPkg = await runCli(['build', '--project-dir', missing, '--profiles-dir', missing], { cwd: missing });
    expect(noPkg.code).toBe(2);
    expect(noPkg.stderr).toMatch(/packages\.yml: packages\[0\]: package "https:\/\/github\.com\/dbt-labs\/dbt-utils\.git" is not installed/);
    expect(noPkg.stderr).not.toMatch(/\n\s+at /);
    const badSelector = await runCli(['run', '--project-dir', dir, '--profiles-dir', dir, '-s', 'colour:red'], { cwd: dir });
    expect(badSelector.code).toBe(2);
    expect(badSelector.stderr).toMatch(/unknown method "colour"/);
  });
});
