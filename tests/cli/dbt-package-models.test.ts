/**
 * Models, seeds, sources, tests and hooks of an installed package, through the compiled CLI.
 *
 * The fixture: a small "attribution" package (`local:` in packages.yml) with a source,
 * a staging view that calls the package's macro, a seed, a mart and schema tests, used
 * by a "shop" project that refs the package's staging model and overrides its configs.
 *
 * Hand-checked numbers: raw_touches has 6 touches. The package's channel_group macro maps
 * google/bing to search (touches 1, 3, 5: customers 1, 2, 3), facebook/instagram to
 * social (touches 2, 6: customer 1) and everything else to the package var
 * `attribution_channel_default`, which the root project sets to 'other' for the package
 * only (touch 4, customer 2). So attribution_by_channel is search 3/3/100, social 2/1/50,
 * other 1/1/0 (touches/customers/cost from the package's channel_costs seed), and the
 * root's customer_channels is customer 1: 1 search of 3, customer 2: 1 of 2, customer 3: 1 of 1.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryFile, removeDir, writeProject } from '../engine/fixtures.js';
import { runCli } from '../helpers/workspace.js';

const FILES: Record<string, string> = {
  'attribution/dbt_project.yml': `name: attribution
version: "0.1"
config-version: 2
vars:
  attribution_channel_default: direct
models:
  attribution:
    +materialized: table
    staging:
      +materialized: view
      +schema: attribution
on-run-start:
  - "create or replace table main.hook_log (who varchar, label varchar)"
  - "insert into main.hook_log values ('attribution', '{{ var(\\"attribution_channel_default\\") }}')"
`,
  'attribution/macros/channel_group.sql': `{% macro channel_group(column) -%}
case
  when {{ column }} in ('google', 'bing') then 'search'
  when {{ column }} in ('facebook', 'instagram') then 'social'
  else '{{ var("attribution_channel_default") }}'
end
{%- endmacro %}
`,
  'attribution/seeds/channel_costs.csv': 'channel,cost\nsearch,100\nsocial,50\nother,0\n',
  'attribution/models/staging/_sources.yml': `version: 2
sources:
  - name: web
    schema: main
    tables:
      - name: touches
        identifier: raw_touches
`,
  'attribution/models/staging/stg_touches.sql': `select touch_id, customer_id, source, {{ channel_group('source') }} as channel
from {{ source('web', 'touches') }}
`,
  'attribution/models/staging/schema.yml': `version: 2
models:
  - name: stg_touches
    columns:
      - name: touch_id
        tests: [unique, not_null]
      - name: channel
        description: "{{ doc('touch_channel') }}"
        tests:
          - accepted_values:
              values: [search, social, other]
`,
  'attribution/models/docs.md': '{% docs touch_channel %}\nThe channel group of the touch\'s source: search, social or the default.\n{% enddocs %}\n',
  'attribution/models/marts/attribution_by_channel.sql': `select t.channel, count(*) as touches, count(distinct t.customer_id) as customers, c.cost
from {{ ref('stg_touches') }} t
left join {{ ref('attribution', 'channel_costs') }} c on c.channel = t.channel
group by t.channel, c.cost
`,
  // Broken on purpose: the root project disables it, so it must never run.
  'attribution/models/marts/attribution_legacy.sql': 'select * from no_such_table\n',
  'shop/dbt_project.yml': `name: shop
version: "1.0"
profile: shop
config-version: 2
vars:
  attribution:
    attribution_channel_default: other
models:
  attribution:
    marts:
      +materialized: view
      attribution_legacy:
        +enabled: false
on-run-start: "insert into main.hook_log values ('shop', '{{ var(\\"attribution_channel_default\\", \\"unset\\") }}')"
`,
  'shop/packages.yml': 'packages:\n  - local: ../attribution\n',
  'shop/profiles.yml': 'shop:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: shop.duckdb\n      threads: 1\n',
  'shop/seeds/raw_touches.csv': 'touch_id,customer_id,source\n1,1,google\n2,1,facebook\n3,2,google\n4,2,newsletter\n5,3,bing\n6,1,instagram\n',
  'shop/models/overview.md': '# Shop models\n\n{% docs customer_channels %}Touches per customer, and how many came from search.{% enddocs %}\n',
  'shop/models/schema.yml': 'version: 2\nmodels:\n  - name: customer_channels\n    description: "{{ doc(\'customer_channels\') }} Built on {{ doc(\'attribution\', \'touch_channel\') }}"\n',
  'shop/models/customer_channels.sql': `select customer_id, count(*) filter (where channel = 'search') as search_touches, count(*) as touches,
  '{{ var("attribution_channel_default", "unset") }}' as root_sees
from {{ ref('stg_touches') }}
group by customer_id
`,
};

let root: string;
let dir: string;
let build: Awaited<ReturnType<typeof runCli>>;
const cli = (args: string[]) => runCli([...args, '--project-dir', dir, '--profiles-dir', dir], { cwd: dir });

beforeAll(async () => {
  root = writeProject(FILES);
  dir = path.join(root, 'shop');
  // The package's source is the root's seed: load it first, as a real project loads its raw data before building.
  const seed = await cli(['seed', '-s', 'raw_touches']);
  expect(seed.code).toBe(0);
  build = await cli(['build']);
}, 60_000);
afterAll(() => removeDir(root));

describe("a package's models, seeds and tests", () => {
  it('builds them as nodes of the project, with the numbers checked by hand', async () => {
    expect(build.stderr).toBe('');
    expect(build.code).toBe(0);
    expect(build.stdout).toMatch(/OK created sql view model main_attribution\.stg_touches/);
    expect(build.stdout).toMatch(/OK created sql view model main\.attribution_by_channel/); // the root's `marts: +materialized: view` wins over the package's table
    expect(build.stdout).not.toMatch(/attribution_legacy/);
    expect(build.stdout).toMatch(/Done\. PASS=8 WARN=0 ERROR=0 SKIP=0 TOTAL=8/);
    const db = path.join(dir, 'shop.duckdb');
    expect(await queryFile(db, 'select channel, touches::int as touches, customers::int as customers, cost::int as cost from main.attribution_by_channel order by channel')).toEqual([
      { channel: 'other', touches: 1, customers: 1, cost: 0 },
      { channel: 'search', touches: 3, customers: 3, cost: 100 },
      { channel: 'social', touches: 2, customers: 1, cost: 50 },
    ]);
    expect(await queryFile(db, 'select customer_id::int as c, search_touches::int as s, touches::int as t, root_sees from main.customer_channels order by 1')).toEqual([
      { c: 1, s: 1, t: 3, root_sees: 'unset' },
      { c: 2, s: 1, t: 2, root_sees: 'unset' },
      { c: 3, s: 1, t: 1, root_sees: 'unset' },
    ]);
    // Package hooks run before the root project's, each with its own vars.
    expect(await queryFile(db, 'select who, label from main.hook_log order by rowid')).toEqual([
      { who: 'attribution', label: 'other' },
      { who: 'shop', label: 'unset' },
    ]);
    expect(build.stdout.indexOf('attribution-on-run-start-0')).toBeLessThan(build.stdout.indexOf('shop-on-run-start-0'));
  });

  it('writes them to manifest.json under their package, and compiles them under target/compiled/<package>/', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'target/manifest.json'), 'utf8'));
    const stg = manifest.nodes['model.attribution.stg_touches'];
    expect(stg).toMatchObject({ package_name: 'attribution', schema: 'main_attribution', original_file_path: 'models/staging/stg_touches.sql', fqn: ['attribution', 'staging', 'stg_touches'] });
    expect(manifest.nodes['model.shop.customer_channels'].depends_on.nodes).toEqual(['model.attribution.stg_touches']);
    expect(manifest.nodes['model.attribution.attribution_by_channel'].depends_on.nodes.sort()).toEqual(['model.attribution.stg_touches', 'seed.attribution.channel_costs']);
    expect(manifest.nodes['test.attribution.unique_stg_touches_touch_id']).toMatchObject({ package_name: 'attribution' });
    // docs blocks: the package's and the root's, by one and two arguments
    expect(stg.columns.channel.description).toBe("The channel group of the touch's source: search, social or the default.");
    expect(manifest.nodes['model.shop.customer_channels'].description).toBe("Touches per customer, and how many came from search. Built on The channel group of the touch's source: search, social or the default.");
    expect(manifest.sources['source.attribution.web.touches']).toMatchObject({ package_name: 'attribution', identifier: 'raw_touches' });
    expect(fs.readFileSync(path.join(dir, 'target/compiled/attribution/models/staging/stg_touches.sql'), 'utf8')).toContain("else 'other'");
  });

  it('selects them with package:, and ls lists them with their package', async () => {
    const ls = await cli(['ls', '--select', 'package:attribution']);
    expect(ls.code).toBe(0);
    expect(ls.stdout.trim().split('\n').sort()).toEqual([
      'attribution.accepted_values_stg_touches_channel',
      'attribution.channel_costs',
      'attribution.marts.attribution_by_channel',
      'attribution.not_null_stg_touches_touch_id',
      'attribution.staging.stg_touches',
      'attribution.unique_stg_touches_touch_id',
    ]);
    const models = await cli(['ls', '--select', 'resource_type:model']);
    expect(models.stdout.trim().split('\n').sort()).toEqual(['attribution.marts.attribution_by_channel', 'attribution.staging.stg_touches', 'shop.customer_channels']);
  });

  it('names the package when a two-argument ref asks the wrong one, the yml file of a doc() with no block, and both files of a name clash', async () => {
    fs.writeFileSync(path.join(dir, 'models/wrong_package.sql'), "select * from {{ ref('shop', 'stg_touches') }}\n");
    try {
      const r = await cli(['compile', '-s', 'wrong_package']);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/ref\('shop', 'stg_touches'\): package "shop" has no model or seed named "stg_touches" \(attribution has one\)/);
    } finally {
      fs.rmSync(path.join(dir, 'models/wrong_package.sql'));
    }
    const yml = path.join(dir, 'models/schema.yml');
    const before = fs.readFileSync(yml, 'utf8');
    fs.writeFileSync(yml, before.replace("doc('customer_channels')", "doc('no_such_block')"));
    try {
      const r = await cli(['ls']);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/models\/schema\.yml.*doc\('no_such_block'\): no \{% docs no_such_block %\} block in the \.md files/);
    } finally {
      fs.writeFileSync(yml, before);
    }
    // A root model with a package model's name: an error naming both files, with the way out.
    fs.writeFileSync(path.join(dir, 'models/stg_touches.sql'), 'select 1 as touch_id\n');
    try {
      const r = await cli(['ls']);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/stg_touches\.sql.*model "stg_touches" of package attribution has the name of a node of shop \(models\/stg_touches\.sql\)/);
      expect(r.stderr).toMatch(/\+enabled: false/);
    } finally {
      fs.rmSync(path.join(dir, 'models/stg_touches.sql'));
    }
  });
});
