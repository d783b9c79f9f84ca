/**
 * The peer suite dbt-utils/integration_tests (Apache-2.0, in ../shared/third_party, run
 * from there, never copied into the project): `tributary build` on it, with dbt-utils
 * itself installed through its `packages.yml` (`local: ../`). dbt-utils does not run
 * this suite on DuckDB, so a few nodes are adapter-specific; the rest must pass.
 *
 * Measured: 229 of 238 nodes pass (51 models, 75 seeds, 112 data tests of which 4 are
 * singular; test_get_column_values_use_default is disabled by its own config, as in
 * dbt). The 9 others are listed below with the reason; README "dbt projects" repeats them.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { copyWritable, makeWritable, thirdPartyDir } from '../helpers/third-party.js';
import { runCli } from '../helpers/workspace.js';

const P = 'dbt_utils_integration_tests';
/** Every node that does not pass, and why (nothing else may fail). */
const EXPECTED_NOT_PASSING: Record<string, string> = {
  // dbt-utils' default get_tables_by_pattern_sql reads `<database>.information_schema.tables`;
  // DuckDB has information_schema only unqualified.
  [`model.${P}.test_get_relations_by_pattern`]: 'error',
  [`model.${P}.test_get_relations_by_prefix_and_union`]: 'error',
  // ...and the tests of those two models are skipped.
  [`test.${P}.dbt_utils_equality_test_get_relations_by_pattern`]: 'skipped',
  [`test.${P}.dbt_utils_at_least_one_test_get_relations_by_prefix_and_union_user_id`]: 'skipped',
  [`test.${P}.not_null_test_get_relations_by_prefix_and_union_event`]: 'skipped',
  [`test.${P}.not_null_test_get_relations_by_prefix_and_union_user_id`]: 'skipped',
  [`test.${P}.unique_test_get_relations_by_prefix_and_union_user_id`]: 'skipped',
  // The seeds' `column_types: float` is DuckDB's 4-byte REAL: the 8th decimal the test
  // expects to differ is gone, and 100000 as REAL casts to numeric as 99999.997952.
  [`test.${P}.dbt_utils_equality_data_test_equality_floats_a_2`]: 'fail',
  [`test.${P}.assert_equal_test_width_bucket`]: 'fail',
};
const TOTAL = 238;

const thirdParty = thirdPartyDir();
const suite = thirdParty ? join(thirdParty, 'dbt-utils') : undefined;
const tmp = mkdtempSync(join(tmpdir(), 'tributary-dbt-utils-'));

afterAll(() => {
  makeWritable(tmp);
  rmSync(tmp, { recursive: true, force: true });
});

describe.skipIf(suite === undefined)('dbt-utils integration tests (peer suite)', () => {
  it('builds with at least 90 % of its nodes passing, and only the known adapter-specific ones not', async () => {
    copyWritable(suite!, join(tmp, 'dbt-utils'));
    writeFileSync(join(tmp, 'profiles.yml'), `integration_tests:\n  target: duckdb\n  outputs:\n    duckdb:\n      type: duckdb\n      path: ${join(tmp, 'dbt_utils.duckdb')}\n      threads: 1\n`);
    const r = await runCli(['build', '--project-dir', join(tmp, 'dbt-utils', 'integration_tests'), '--profiles-dir', tmp, '--format', 'json'], { cwd: tmp });
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout) as { summary: { pass: number; total: number }; results: { unique_id: string; status: string }[] };
    const notPassing = Object.fromEntries(report.results.filter((x) => x.status !== 'pass' && x.status !== 'success').map((x) => [x.unique_id, x.status]));
    expect(notPassing).toEqual(EXPECTED_NOT_PASSING);
    expect(report.results).toHaveLength(TOTAL);
    const passed = report.results.length - Object.keys(notPassing).length;
    expect(passed / TOTAL).toBeGreaterThanOrEqual(0.9);
    expect(r.code).toBe(1);
  });
});

if (suite === undefined) {
  describe('dbt-utils integration tests (peer suite)', () => {
    it.skip('skipped: ../shared/third_party/dbt-utils is not on this machine (set TRIBUTARY_THIRD_PARTY to its folder)', () => undefined);
  });
}
