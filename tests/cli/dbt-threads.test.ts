/**
 * `--threads` (and profiles.yml `threads`) through the compiled CLI: a wide DAG built on
 * four threads gives the tables and results one thread gives, in the same order, and
 * `--fail-fast` skips what had not started.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { queryFile, removeDir, writeProject } from '../engine/fixtures.js';
import { runCli } from '../helpers/workspace.js';

const WIDE = 8;
const models: Record<string, string> = {};
for (let i = 1; i <= WIDE; i++) {
  // Half of them in a custom schema, so threads create it at the same moment.
  const dir = i > WIDE / 2 ? 'models/side' : 'models/core';
  models[`${dir}/w_${i}.sql`] = `{{ config(materialized='view' if ${i} == 2 else 'table') }}\nselect n, n * ${i} as v, '{{ this.name }}' as m from {{ ref('numbers') }}\n`;
}

const FILES: Record<string, string> = {
  'dbt_project.yml': 'name: wide\nprofile: wide\nconfig-version: 2\nmodels:\n  wide:\n    +materialized: table\n    side:\n      +schema: side\n',
  'profiles.yml': "wide:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: \"{{ env_var('WIDE_DB') }}\"\n      threads: 4\n",
  'seeds/numbers.csv': `n\n${[1, 2, 3, 4, 5, 6].join('\n')}\n`,
  ...models,
  'models/total.sql': `{% for i in range(1, ${WIDE + 1}) %}select * from {{ ref('w_' ~ i) }}{{ ' union all ' if not loop.last }}{% endfor %}\n`,
  'models/schema.yml': 'version: 2\nmodels:\n  - name: total\n    columns:\n      - name: v\n        data_tests: [not_null]\n      - name: m\n        data_tests: [not_null]\n',
};

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) removeDir(d);
});
function project(extra: Record<string, string> = {}): string {
  const dir = writeProject({ ...FILES, ...extra });
  dirs.push(dir);
  return dir;
}

const RELATIONS = ['main.numbers', 'main.total', ...Array.from({ length: WIDE }, (_, k) => (k + 1 > WIDE / 2 ? `main_side.w_${k + 1}` : `main.w_${k + 1}`))];

async function contents(db: string): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const rel of RELATIONS) out[rel] = await queryFile(db, `select * from ${rel} order by all`);
  return out;
}

interface RunResults {
  results: { unique_id: string; status: string; thread_id: string; message: string | null }[];
}
const runResults = (dir: string): RunResults => JSON.parse(fs.readFileSync(path.join(dir, 'target', 'run_results.json'), 'utf8'));

describe('tributary build --threads', () => {
  it("builds a wide DAG on profiles.yml's 4 threads with the tables, results and order --threads 1 gives", async () => {
    const dir = project();
    const four = await runCli(['build', '--project-dir', dir, '--profiles-dir', dir], { cwd: dir, env: { WIDE_DB: path.join(dir, 'four.duckdb') } });
    expect(four.stderr).toBe('');
    expect(four.code).toBe(0);
    expect(four.stdout).toMatch(/Concurrency: 4 threads \(target='dev'\)/);
    expect(four.stdout).toMatch(/Done\. PASS=12 WARN=0 ERROR=0 SKIP=0 TOTAL=12/);
    const parallel = runResults(dir);
    // Eight models are ready at once after the seed: all four threads took one.
    expect(new Set(parallel.results.map((r) => r.thread_id))).toEqual(new Set(['Thread-1', 'Thread-2', 'Thread-3', 'Thread-4']));

    const one = await runCli(['build', '--project-dir', dir, '--profiles-dir', dir, '--threads', '1'], { cwd: dir, env: { WIDE_DB: path.join(dir, 'one.duckdb') } });
    expect(one.code).toBe(0);
    expect(one.stdout).toMatch(/Concurrency: 1 threads/);
    const serial = runResults(dir);
    expect(new Set(serial.results.map((r) => r.thread_id))).toEqual(new Set(['Thread-1']));
    expect(parallel.results.map((r) => `${r.unique_id}:${r.status}`)).toEqual(serial.results.map((r) => `${r.unique_id}:${r.status}`));
    expect(parallel.results[0]!.unique_id).toBe('seed.wide.numbers');
    expect(parallel.results.at(-1)!.unique_id).toMatch(/^test\.wide\./);

    const parallelTables = await contents(path.join(dir, 'four.duckdb'));
    expect(parallelTables).toEqual(await contents(path.join(dir, 'one.duckdb')));
    expect(parallelTables['main.total']).toHaveLength(6 * WIDE);
  });

  it('--fail-fast skips the nodes not started when one fails; the ones already running finish', async () => {
    // Fails while compiling, before the three models started beside it reach DuckDB.
    const dir = project({ 'models/a_broken.sql': "{% if execute %}{{ exceptions.raise_compiler_error('a_broken is broken on purpose') }}{% endif %}select n from {{ ref('numbers') }}\n" });
    const r = await runCli(['build', '--project-dir', dir, '--profiles-dir', dir, '--threads', '4', '--fail-fast'], { cwd: dir, env: { WIDE_DB: path.join(dir, 'ff.duckdb') } });
    expect(r.code).toBe(1);
    const status = Object.fromEntries(runResults(dir).results.map((x) => [x.unique_id.replace(/^\w+\.wide\./u, ''), x.status]));
    expect(status).toEqual({
      numbers: 'success',
      a_broken: 'error',
      w_1: 'success',
      w_2: 'success',
      w_3: 'success',
      ...Object.fromEntries(Array.from({ length: WIDE - 3 }, (_, k) => [`w_${k + 4}`, 'skipped'])),
      total: 'skipped',
      not_null_total_m: 'skipped',
      not_null_total_v: 'skipped',
    });
    expect(runResults(dir).results.find((x) => x.unique_id === 'model.wide.w_4')?.message).toBe('skipped: --fail-fast stopped the run');
    expect(r.stdout).toMatch(/a_broken is broken on purpose/);
    expect(r.stdout).toMatch(/Done\. PASS=4 WARN=0 ERROR=1 SKIP=8 TOTAL=13/);
  });
});
