/** dbt_project.yml's on-run-start / on-run-end through the compiled CLI, on the shop fixture project. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SHOP_FILES, shopProjects } from '../engine/dbt-project-fixture.js';
import { queryFile } from '../engine/fixtures.js';
import { runCli } from '../helpers/workspace.js';

const shop = shopProjects();
const withHooks = (hooks: string) => ({ 'dbt_project.yml': `${SHOP_FILES['dbt_project.yml']}${hooks}` });

describe('on-run-start / on-run-end hooks', () => {
  it('runs them around the nodes, rendered as dbt does: no `this`, and `results` and `schemas` at the end', async () => {
    const dir = shop(
      withHooks(`on-run-start: "create table if not exists main.run_log (phase varchar, item varchar, status varchar)"
on-run-end:
  - "{% for r in results %}insert into main.run_log values ('end', '{{ r.node.unique_id }}', '{{ r.status }}');{% endfor %}"
  - "insert into main.run_log values ('schemas', '{{ schemas | join(',') }}', '{{ 'this' if this is defined else 'no this' }}')"
`),
    );
    const r = await runCli(['build', '--project-dir', dir, '--profiles-dir', dir], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Running 1 on-run-start hook\n.*1 of 1 OK hook: shop-on-run-start-0 \.+ \[OK in \d+\.\d\ds\]/);
    expect(r.stdout).toMatch(/Running 2 on-run-end hooks\n.*1 of 2 OK hook: shop-on-run-end-0 .*\n.*2 of 2 OK hook: shop-on-run-end-1/);
    // the start hook ran before the first node, the end hooks after the last
    expect(r.stdout.indexOf('shop-on-run-start-0')).toBeLessThan(r.stdout.indexOf('1 of 7 OK loaded seed file'));
    expect(r.stdout.indexOf('shop-on-run-end-0')).toBeGreaterThan(r.stdout.indexOf('7 of 7 PASS'));
    const log = await queryFile(path.join(dir, 'shop.duckdb'), 'select phase, item, status from main.run_log order by all');
    expect(log).toEqual([
      { phase: 'end', item: 'model.shop.customer_revenue', status: 'success' },
      { phase: 'end', item: 'model.shop.stg_orders', status: 'success' },
      { phase: 'end', item: 'seed.shop.raw_orders', status: 'success' },
      { phase: 'end', item: 'test.shop.accepted_values_stg_orders_status', status: 'pass' },
      { phase: 'end', item: 'test.shop.is_non_negative_customer_revenue_amount_paid', status: 'pass' },
      { phase: 'end', item: 'test.shop.not_null_customer_revenue_customer_id', status: 'pass' },
      { phase: 'end', item: 'test.shop.unique_customer_revenue_customer_id', status: 'pass' },
      { phase: 'schemas', item: 'main', status: 'no this' },
    ]);
    // compile and ls do not run them, as in dbt
    const compile = await runCli(['compile', '--project-dir', dir, '--profiles-dir', dir], { cwd: dir });
    expect(compile.stdout).not.toMatch(/hook/);
  });

  it('a failing on-run-start skips every node (exit 1); a failing hook names dbt_project.yml, its line and the hook', async () => {
    const dir = shop(withHooks('on-run-start:\n  - "select * from no_such_table"\n'));
    const r = await runCli(['build', '--project-dir', dir, '--profiles-dir', dir], { cwd: dir });
    expect(r.code).toBe(1);
    const line = SHOP_FILES['dbt_project.yml']!.split('\n').length;
    expect(r.stdout).toMatch(/1 of 1 ERROR hook: shop-on-run-start-0 \.+ \[ERROR in/);
    expect(r.stdout).toMatch(new RegExp(`Error in hook shop-on-run-start-0\\n.*  dbt_project\\.yml:${line}: on-run-start\\[0\\]: Catalog Error: Table with name no_such_table does not exist`));
    expect(r.stdout).toMatch(/Done\. PASS=0 WARN=0 ERROR=0 SKIP=7 TOTAL=7/);

    const jinja = shop(withHooks('on-run-end: "{{ results | no_such_filter }}"\n'));
    const end = await runCli(['run', '--project-dir', jinja, '--profiles-dir', jinja, '-s', 'stg_orders', '--format', 'json'], { cwd: jinja });
    expect(end.code).toBe(1);
    const report = JSON.parse(end.stdout);
    expect(report.results.map((x: { status: string }) => x.status)).toEqual(['error']); // the seed was not loaded: run builds models only
    expect(report.hooks).toEqual([expect.objectContaining({ name: 'shop-on-run-end-0', status: 'error', message: expect.stringMatching(new RegExp(`^dbt_project\\.yml:${line}: on-run-end\\[0\\]: .*no_such_filter`)) })]);
  });
});
