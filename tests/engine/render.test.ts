import { afterEach, describe, expect, it } from 'vitest';
import { loadProject } from '../../engine/project.js';
import { injectCtes } from '../../engine/ctes.js';
import { parseProject, type ParseOptions } from '../../engine/manifest.js';
import { PROJECT_YML, SOURCES_YML, removeDir, writeProject } from './fixtures.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) removeDir(d);
});

async function manifestOf(models: Record<string, string>, options: ParseOptions = {}, extra: Record<string, string> = {}) {
  const files: Record<string, string> = {
    'dbt_project.yml': PROJECT_YML + 'vars:\n  min_id: 1\n',
    'models/staging/sources.yml': SOURCES_YML,
    ...extra,
  };
  for (const [name, sql] of Object.entries(models)) files[name.includes('/') ? name : `models/staging/${name}.sql`] = sql;
  const dir = writeProject(files);
  dirs.push(dir);
  return parseProject(await loadProject(dir), options);
}

async function parseError(models: Record<string, string>, options: ParseOptions = {}): Promise<string> {
  const err = await manifestOf(models, options).then(
    () => undefined,
    (e: unknown) => e as Error,
  );
  if (!err) throw new Error('expected a parse error');
  return err.message;
}

describe('parse pass', () => {
  it('records refs, sources and config; config() overrides folder config', async () => {
    const m = await manifestOf({
      stg_contacts: "select * from {{ source('crm', 'contacts') }}",
      'models/marts/customers.sql':
        "{{ config(materialized='incremental', unique_key='id', tags=['nightly']) }}\nselect * from {{ ref('stg_contacts') }}",
    });
    expect(m.models['stg_contacts']!.dependsOn).toEqual({ models: [], sources: ['crm.contacts'], seeds: [] });
    const c = m.models['customers']!;
    expect(c.dependsOn.models).toEqual(['stg_contacts']);
    expect(c.materialization).toEqual({ kind: 'incremental', uniqueKey: ['id'], onSchemaChange: 'ignore' });
    expect(c.tags).toEqual(['marts', 'nightly']);
    expect(c.relation).toEqual({ schema: 'main', name: 'customers' });
    expect(m.dag().sorted()).toEqual(['stg_contacts', 'customers']);
  });

  it('names the model file and the missing name for an unknown ref', async () => {
    const msg = await parseError({ stg_a: "select * from {{ ref('stg_missing') }}" });
    expect(msg).toMatch(/models\/staging\/stg_a\.sql: ref\('stg_missing'\): no model or seed named "stg_missing"/);
  });

  it('names the model file for an unknown source, a missing var and bad config', async () => {
    const msg = await parseError({
      a: "select * from {{ source('crm', 'deals') }}",
      b: "select {{ var('nope') }}",
      c: "{{ config(materialized='snapshot') }} select 1",
    });
    expect(msg).toContain('3 problems');
    expect(msg).toMatch(/staging\/a\.sql: source\('crm', 'deals'\): no source table "crm\.deals"/);
    expect(msg).toMatch(/staging\/b\.sql: var\('nope'\): required variable not set/);
    expect(msg).toMatch(/staging\/c\.sql: config\(materialized\):/);
  });

  it('reports template syntax errors with line and column', async () => {
    const msg = await parseError({ a: 'select 1\n{% if %}' });
    expect(msg).toMatch(/staging\/a\.sql: line 2, column \d+: unexpected token/);
  });
});

describe('compile pass', () => {
  it('renders ref and source as quoted relations, this, var with overrides and defaults', async () => {
    const m = await manifestOf(
      {
        stg_contacts: "select * from {{ source('crm', 'contacts') }} where id >= {{ var('min_id') }} -- {{ this }} {{ this.identifier }}",
        'models/marts/customers.sql':
          "{{ config(schema='analytics') }}select * from {{ ref('stg_contacts') }} limit {{ var('limit', 10) }} -- {{ this }}",
      },
      { vars: { min_id: 5 } },
    );
    expect(m.compile('stg_contacts')).toBe(
      'select * from "raw"."crm_contacts" where id >= 5 -- "main"."stg_contacts" stg_contacts',
    );
    expect(m.compile('customers')).toBe('select * from "main"."stg_contacts" limit 10 -- "analytics"."customers"');
  });

  it('supports set, for, if, comments and whitespace control', async () => {
    const m = await manifestOf({
      a: [
        "{#- pick the columns -#}",
        "{%- set cols = ['id', 'email'] -%}",
        'select',
        '{%- for c in cols %}',
        '  {{ c }}{% if not loop.last %},{% endif %}',
        '{%- endfor %}',
        "from {{ source('crm', 'contacts') }}",
        '{% if var("only_leads", false) -%}',
        "where stage = 'lead'",
        '{%- endif %}',
      ].join('\n'),
    });
    expect(m.compile('a')).toBe('select\n  id,\n  email\nfrom "raw"."crm_contacts"\n');
  });

  it('makes is_incremental() true only when asked, and only in the compile pass', async () => {
    const m = await manifestOf({
      a: "{{ config(materialized='incremental') }}select 1{% if is_incremental() %} where x > (select max(x) from {{ this }}){% endif %}",
    });
    expect(m.compile('a')).toBe('select 1');
    expect(m.compile('a', { isIncremental: true })).toBe('select 1 where x > (select max(x) from "main"."a")');
  });

  it('refuses a ref only seen at compile time, as dbt does', async () => {
    const m = await manifestOf({
      a: 'select 1 as x',
      b: "{{ config(materialized='incremental') }}select 1{% if is_incremental() %} from {{ ref('a') }}{% endif %}",
    });
    expect(() => m.compile('b', { isIncremental: true })).toThrow(/staging\/b\.sql\): ref\('a'\) was not seen when the model was parsed/);
  });

  it('inlines ephemeral models as CTEs, transitively and merged into an existing with', async () => {
    const m = await manifestOf({
      eph_base: "{{ config(materialized='ephemeral') }}select * from {{ source('crm', 'contacts') }};",
      eph_leads: "{{ config(materialized='ephemeral') }}select * from {{ ref('eph_base') }} where stage = 'lead'",
      'models/marts/leads.sql': "-- leads\nwith x as (select * from {{ ref('eph_leads') }})\nselect * from x join {{ ref('eph_base') }} using (id)",
    });
    expect(m.models['eph_leads']!.materialization).toEqual({ kind: 'ephemeral' });
    expect(m.compile('leads')).toBe(
      [
        '-- leads',
        'with "__dbt__cte__eph_base" as (',
        'select * from "raw"."crm_contacts"',
        '),',
        '"__dbt__cte__eph_leads" as (',
        'select * from "__dbt__cte__eph_base" where stage = \'lead\'',
        '),',
        'x as (select * from "__dbt__cte__eph_leads")',
        'select * from x join "__dbt__cte__eph_base" using (id)',
      ].join('\n'),
    );
  });

  it('provides project macros, which can call ref and each other', async () => {
    const m = await manifestOf(
      {
        a: 'select 1 as amount_cents',
        b: "select {{ cents_to_dollars('amount_cents', scale=4) }} from {{ ref('a') }}",
      },
      {},
      {
        'macros/money.sql': "{% macro cents_to_dollars(col, scale=2) %}round({{ col }} / 100, {{ scale }}){{ marker() }}{% endmacro %}",
        'macros/util.sql': '{% macro marker() %} /* m */{% endmacro %}',
      },
    );
    expect(m.compile('b')).toBe('select round(amount_cents / 100, 4) /* m */ from "main"."a"');
  });

  it('handles env_var and dbt keyword-argument calls to ref/var', async () => {
    const m = await manifestOf(
      { a: "select '{{ env_var('TRIBUTARY_TEST_X') }}', '{{ env_var('NOPE', 'dflt') }}', {{ var(name='z', default=3) if false else var('min_id') }}" },
      { env: { TRIBUTARY_TEST_X: 'hello' } },
    );
    expect(m.compile('a')).toBe("select 'hello', 'dflt', 1");
  });
});

describe('injectCtes', () => {
  it('prepends with, keeps leading comments and respects with recursive', () => {
    expect(injectCtes('select 1', [['"c"', 'select 2']])).toBe('with "c" as (\nselect 2\n)\nselect 1');
    expect(injectCtes('/* hi */\n  WITH RECURSIVE r as (select 1) select * from r', [['"c"', 'select 2']])).toBe(
      '/* hi */\n  WITH RECURSIVE "c" as (\nselect 2\n),\nr as (select 1) select * from r',
    );
  });
});
