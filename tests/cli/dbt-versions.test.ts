/** Versioned models (schema.yml `versions:`, `ref('m', v=…)`, `latest_version`) through the compiled CLI. */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { queryFile, removeDir, writeProject } from '../engine/fixtures.js';
import { runCli } from '../helpers/workspace.js';

const FILES: Record<string, string> = {
  'dbt_project.yml': 'name: crm\nprofile: crm\nconfig-version: 2\nmodels:\n  crm:\n    +materialized: table\n',
  'profiles.yml': 'crm:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: crm.duckdb\n',
  'seeds/people.csv': 'id,name,country\n1,Ada,GB\n2,Grace,US\n3,Linus,FI\n',
  // v1 has every person, v2 (latest) drops the country, v3 (in a file of its own name) is a preview.
  'models/dim_people_v1.sql': "select id, name, country from {{ ref('people') }}",
  'models/dim_people_v2.sql': "select id, name from {{ ref('people') }} where id < 3",
  'models/dim_people_preview.sql': "select id, upper(name) as name from {{ ref('people') }}",
  'models/people_report.sql': `select
  (select count(*) from {{ ref('dim_people') }}) as latest_rows,
  (select count(*) from {{ ref('dim_people', v=1) }}) as v1_rows,
  (select max(name) from {{ ref('dim_people', version=3) }}) as v3_max
`,
  'models/schema.yml': `version: 2
models:
  - name: dim_people
    latest_version: 2
    columns:
      - name: id
        data_tests: [unique, not_null]
      - name: country
    versions:
      - v: 1
      - v: 2
        columns:
          - include: all
            exclude: [country]
      - v: 3
        defined_in: dim_people_preview
`,
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

describe('versioned models', () => {
  it("builds each version as <name>_v<v>; ref() without v is the latest_version; the manifest has dbt's versioned ids", async () => {
    const dir = project();
    const r = await runCli(['build', '--project-dir', dir, '--profiles-dir', dir], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const db = path.join(dir, 'crm.duckdb');
    expect(await queryFile(db, "select table_name from information_schema.tables where table_schema = 'main' order by 1")).toEqual(
      ['dim_people_v1', 'dim_people_v2', 'dim_people_v3', 'people', 'people_report'].map((table_name) => ({ table_name })),
    );
    expect(await queryFile(db, 'select latest_rows::int as latest, v1_rows::int as v1, v3_max from main.people_report')).toEqual([{ latest: 2, v1: 3, v3_max: 'LINUS' }]);
    // the model's tests run on every version
    expect(r.stdout).toMatch(/PASS unique_dim_people_v1_id/);
    expect(r.stdout).toMatch(/PASS not_null_dim_people_preview_id/);

    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'target', 'manifest.json'), 'utf8'));
    expect(manifest.nodes['model.crm.dim_people.v2']).toMatchObject({ name: 'dim_people', version: '2', latest_version: '2', alias: 'dim_people_v2' });
    expect(Object.keys(manifest.nodes['model.crm.dim_people.v2'].columns)).toEqual(['id']);
    expect(Object.keys(manifest.nodes['model.crm.dim_people.v1'].columns)).toEqual(['id', 'country']);
    expect(manifest.nodes['model.crm.dim_people.v3']).toMatchObject({ alias: 'dim_people_v3', original_file_path: 'models/dim_people_preview.sql' });
    expect([...manifest.nodes['model.crm.people_report'].depends_on.nodes].sort()).toEqual(['model.crm.dim_people.v1', 'model.crm.dim_people.v2', 'model.crm.dim_people.v3']);
  });

  it('a version that does not exist is an error naming the model file (exit 2)', async () => {
    const dir = project({ 'models/people_report.sql': "select * from {{ ref('dim_people', v=9) }}" });
    const r = await runCli(['run', '--project-dir', dir, '--profiles-dir', dir], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/people_report\.sql.*ref\('dim_people', v=9\): "dim_people" has no version 9 \(versions: 1, 2, 3\)/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
