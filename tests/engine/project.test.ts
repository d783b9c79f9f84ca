import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../core/index.js';
import { loadProject } from '../../engine/project.js';
import { PROJECT_YML, SOURCES_YML, removeDir, writeProject } from './fixtures.js';

const dirs: string[] = [];
function project(files: Record<string, string>): string {
  const dir = writeProject(files);
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const d of dirs.splice(0)) removeDir(d);
});

async function loadError(files: Record<string, string>): Promise<Error> {
  const err = await loadProject(project(files)).then(
    () => undefined,
    (e: unknown) => e as Error,
  );
  if (!err) throw new Error('expected loadProject to fail');
  return err;
}

describe('loadProject', () => {
  it('discovers models, merges folder config, reads sources and schema yml', async () => {
    const dir = project({
      'dbt_project.yml': PROJECT_YML + 'vars:\n  start_date: "2024-01-01"\n',
      'models/staging/crm/stg_contacts.sql': "select * from {{ source('crm', 'contacts') }}",
      'models/staging/sources.yml': SOURCES_YML,
      'models/marts/customers.sql': "select * from {{ ref('stg_contacts') }}",
      'models/marts/schema.yml': `version: 2
models:
  - name: customers
    description: One row per person.
    config:
      tags: [pii]
      schema: analytics
    columns:
      - name: email
        description: Normalised email.
        meta: { pii: email }
        data_tests:
          - not_null:
              config: { severity: warn }
          - accepted_values:
              values: ['a@x.com', 'b@x.com']
      - name: id
        tests:
          - relationships: { to: "ref('stg_contacts')", field: id }
`,
      'seeds/countries.csv': 'code,name\nDE,Germany\n',
      'macros/cents.sql': '{% macro cents(c) %}{{ c }} / 100{% endmacro %}',
    });
    const p = await loadProject(dir);
    expect(p.name).toBe('shop');
    expect(p.targetPath).toBe(path.join(dir, 'target'));
    expect(p.vars).toEqual({ start_date: '2024-01-01' });
    expect(Object.keys(p.models)).toEqual(['customers', 'stg_contacts']);
    expect(p.models['stg_contacts']!.relPath).toBe('models/staging/crm/stg_contacts.sql');
    expect(p.models['stg_contacts']!.config).toEqual({ materialized: 'view', tags: ['staging'] });
    const customers = p.models['customers']!;
    expect(customers.config).toEqual({ materialized: 'table', tags: ['marts', 'pii'], schema: 'analytics' });
    expect(customers.description).toBe('One row per person.');
    expect(customers.columns[0]!.meta).toEqual({ pii: 'email' });
    expect(customers.columns[0]!.tests.map((t) => [t.test.kind, t.severity])).toEqual([
      ['not_null', 'warn'],
      ['accepted_values', 'error'],
    ]);
    expect(customers.columns[1]!.tests[0]!.test).toEqual({ kind: 'relationships', to: { kind: 'model', name: 'stg_contacts' }, field: 'id' });
    expect(p.sources['crm.contacts']).toMatchObject({ schema: 'raw', identifier: 'crm_contacts' });
    expect(Object.keys(p.seeds)).toEqual(['countries']);
    expect(p.macros.map((m) => m.relPath)).toEqual(['macros/cents.sql']);
    expect(p.warnings).toEqual([]);
    expect(Object.isFrozen(p.models['customers'])).toBe(true);
    expect(Object.isFrozen(p.models['customers']!.columns[0]!.meta)).toBe(true);
  });

  it('defaults a source identifier to the table name and its schema to the source name', async () => {
    const p = await loadProject(
      project({
        'dbt_project.yml': 'name: shop\n',
        'models/s.yml': 'version: 2\nsources:\n  - name: web\n    tables: [{ name: events }]\n',
      }),
    );
    expect(p.sources['web.events']).toMatchObject({ schema: 'web', identifier: 'events' });
  });

  it('names the file and position of bad YAML', async () => {
    const err = await loadError({ 'dbt_project.yml': 'name: shop\nmodels: [unclosed\n' });
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.message).toMatch(/dbt_project\.yml: line \d+, column \d+: invalid YAML/);
  });

  it('names the file and key path of an unknown materialization', async () => {
    const err = await loadError({
      'dbt_project.yml': 'name: shop\nmodels:\n  shop:\n    marts:\n      +materialized: tabel\n',
    });
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.message).toContain('dbt_project.yml: models.shop.marts.+materialized:');
    expect(err.message).toMatch(/view|table|ephemeral|incremental/);
  });

  it('rejects unknown config keys and unknown project keys', async () => {
    const typo = await loadError({ 'dbt_project.yml': 'name: shop\nmodel_paths: [x]\n' });
    expect(typo.message).toMatch(/dbt_project\.yml: model_paths: unknown key$/);
    const err = await loadError({ 'dbt_project.yml': 'name: shop\nmodels:\n  shop:\n    +materialised: table\n' });
    expect(err.message).toMatch(/dbt_project\.yml: models\.shop\.\+materialised: unknown config key "materialised"$/);
  });

  it('names the yml file and key path of a bad test or config', async () => {
    const err = await loadError({
      'dbt_project.yml': 'name: shop\n',
      'models/a.sql': 'select 1',
      'models/schema.yml': `version: 2
models:
  - name: a
    config: { materialized: materialized_view }
    columns:
      - name: x
        tests:
          - accepted_values: { values: [] }
          - relationships: { to: "customers", field: id }
          - unique_ish
`,
    });
    expect(err.message).toContain('4 problems');
    expect(err.message).toMatch(/schema\.yml: models\[0\]\.config\.materialized:/);
    expect(err.message).toMatch(/schema\.yml: models\[0\]\.columns\[0\]\.tests\[0\]\.accepted_values\.values:/);
    expect(err.message).toMatch(/schema\.yml: models\[0\]\.columns\[0\]\.tests\[1\]\.relationships\.to: expected ref/);
    expect(err.message).toMatch(/schema\.yml: models\[0\]\.columns\[0\]\.tests\[2\]: unknown test "unique_ish"/);
  });

  it('rejects duplicate model names, naming both files', async () => {
    const err = await loadError({
      'dbt_project.yml': 'name: shop\n',
      'models/a/orders.sql': 'select 1',
      'models/b/orders.sql': 'select 2',
    });
    expect(err.message).toMatch(/models\/b\/orders\.sql: model name "orders" is already used by models\/a\/orders\.sql/);
  });

  it('reports a missing project file', async () => {
    const err = await loadError({ 'models/a.sql': 'select 1' });
    expect(err.message).toMatch(/dbt_project\.yml: no project file here/);
  });

  it('warns about config paths and yml entries that match nothing, and drops disabled models', async () => {
    const p = await loadProject(
      project({
        'dbt_project.yml': 'name: shop\nmodels:\n  shop:\n    stagin:\n      +materialized: view\n    old:\n      +enabled: false\n',
        'models/old/legacy.sql': 'select 1',
        'models/schema.yml': 'version: 2\nmodels:\n  - name: ghost\n',
      }),
    );
    expect(Object.keys(p.models)).toEqual([]);
    expect(p.warnings.join('\n')).toContain('models.shop.stagin: matches no model');
    expect(p.warnings.join('\n')).toContain('no model file named ghost.sql');
  });
});
