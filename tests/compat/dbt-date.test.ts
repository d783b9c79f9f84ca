/**
 * The peer suite dbt-date/integration_tests (Apache-2.0, in ../shared/third_party, run
 * from there, never copied into the project): `tributary build` on it, with dbt-date
 * itself installed through its `packages.yml` (`local: ../`). The folder is copied to
 * a temp dir with its parent, so `local: ../` still finds dbt-date; a profiles.yml
 * points the suite's `integration_tests` profile at a temp DuckDB file.
 *
 * Measured: 73 of 73 nodes pass (8 models, 65 data tests; test_compile_time_disabled
 * is disabled by its own config, as in dbt). Before this engine could run dbt
 * projects: 0 (the project did not load).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { copyWritable, makeWritable, thirdPartyDir } from '../helpers/third-party.js';
import { runCli } from '../helpers/workspace.js';

const PASSING = 73;
const thirdParty = thirdPartyDir();
const suite = thirdParty ? join(thirdParty, 'dbt-date') : undefined;
const tmp = mkdtempSync(join(tmpdir(), 'tributary-dbt-date-'));

afterAll(() => {
  makeWritable(tmp);
  rmSync(tmp, { recursive: true, force: true });
});

describe.skipIf(suite === undefined)('dbt-date integration tests (peer suite)', () => {
  it(`builds with ${PASSING} nodes passing and none failing`, async () => {
    copyWritable(suite!, join(tmp, 'dbt-date'));
    writeFileSync(join(tmp, 'profiles.yml'), `integration_tests:\n  target: duckdb\n  outputs:\n    duckdb:\n      type: duckdb\n      path: ${join(tmp, 'dbt_date.duckdb')}\n      threads: 1\n`);
    const r = await runCli(['build', '--project-dir', join(tmp, 'dbt-date', 'integration_tests'), '--profiles-dir', tmp, '--format', 'json'], { cwd: tmp });
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout) as { summary: { pass: number; error: number; total: number }; results: { name: string; status: string; message: string | null }[] };
    const failing = report.results.filter((x) => x.status !== 'pass' && x.status !== 'success').map((x) => `${x.name}: ${x.status} ${x.message ?? ''}`);
    expect(failing).toEqual([]);
    expect(report.summary.pass).toBeGreaterThanOrEqual(PASSING);
    expect(r.code).toBe(0);
  });
});

if (suite === undefined) {
  describe('dbt-date integration tests (peer suite)', () => {
    it.skip('skipped: ../shared/third_party/dbt-date is not on this machine (set TRIBUTARY_THIRD_PARTY to its folder)', () => undefined);
  });
}
