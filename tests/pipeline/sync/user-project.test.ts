/**
 * `models:` in tributary.yml pointing at an analyst's ordinary dbt project
 * (tests/fixtures/sync-user-project: a seed, a source on Tributary's raw tables, a
 * staging view, a mart with a post-hook, schema tests, a local package with a mart):
 * `tributary sync` loads its seeds, builds its models and the package's (running their
 * hooks), runs its tests and publishes what the project itself declares published.
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withWarehouse } from '../../../pipeline/warehouse/warehouse.js';
import { REPO_ROOT, runCli, type CliResult } from '../../helpers/workspace.js';
import { startTestWorld, type TestWorld } from '../../helpers/world.js';

let tw: TestWorld;
let config: string;
let project: string;
let first: CliResult;

beforeAll(async () => {
  tw = await startTestWorld({ people: 120 });
  config = tw.writeConfig({ sources: ['hubspot'] });
  project = join(tw.dir.path, 'acme-dbt');
  cpSync(join(REPO_ROOT, 'tests', 'fixtures', 'sync-user-project'), project, { recursive: true });
  writeFileSync(config, `${readFileSync(config, 'utf8')}models: acme-dbt\n`);
  first = await runCli(['sync', '--config', config], { env: tw.env });
}, 120_000);
afterAll(async () => tw?.close());

const warehouse = () => join(tw.dir.path, 'warehouse.duckdb');

describe('tributary sync on a user\'s dbt project', () => {
  it('loads the seeds, builds the models, runs the tests and publishes the declared marts', async () => {
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toMatch(/1 seed loaded/);
    expect(first.stderr).toMatch(/3 of 3 models built/);
    expect(first.stderr).toMatch(/8 of 8 data tests passed/);
    const contacts = tw.population.hubspot.contacts.length;
    const funnel = await runCli(['query', '--config', config, '--format', 'json', 'select funnel_label, contacts from funnel order by funnel_label']);
    expect(funnel.code, funnel.stderr).toBe(0);
    const rows = JSON.parse(funnel.stdout) as { funnel_label: string; contacts: number }[];
    expect(rows.map((r) => r.funnel_label)).toEqual(['Aware', 'Interested', 'Other', 'Pipeline', 'Qualified', 'Won']);
    expect(rows.reduce((n, r) => n + Number(r.contacts), 0)).toBe(contacts);
    // Only what the project declares is published: neither the staging view nor the seed.
    const tables = await runCli(['query', '--config', config, '--format', 'json', "select table_name from information_schema.tables order by 1"]);
    expect((JSON.parse(tables.stdout) as { table_name: string }[]).map((r) => r.table_name)).toEqual(['contacts_by_country', 'funnel']);
    // The local package's mart, published by the root project's `models: country_utils:` block.
    const countries = await runCli(['query', '--config', config, '--format', 'json', 'select sum(contacts) as n from contacts_by_country']);
    expect(Number((JSON.parse(countries.stdout) as { n: number }[])[0]!.n)).toBe(contacts);
    const seeded = await withWarehouse(warehouse(), async (wh) => wh.all('select count(*) as n from main.lifecycle_stages'), { readOnly: true });
    expect(Number(seeded[0]!.n)).toBe(8);
    // The mart's post-hook ran after it was built, on what it built.
    const audit = await withWarehouse(warehouse(), async (wh) => wh.all('select steps, contacts from main.funnel_audit'), { readOnly: true });
    expect(audit.map((r) => [Number(r.steps), Number(r.contacts)])).toEqual([[6, contacts]]);
  });

  it('a failing test of the project stops the run before publishing', async () => {
    // The seed loses a stage the contacts carry: the project's relationships test fails.
    const seed = join(project, 'seeds', 'lifecycle_stages.csv');
    writeFileSync(seed, readFileSync(seed, 'utf8').split('\n').filter((l) => !l.startsWith('lead,')).join('\n'));
    const broken = await runCli(['sync', '--config', config], { env: tw.env });
    expect(broken.code).toBe(1);
    expect(broken.stderr + broken.stdout).toMatch(/relationships_stg_contacts_lifecycle_stage/);
    const funnel = await runCli(['query', '--config', config, '--format', 'json', "select contacts from funnel where funnel_label = 'Interested'"]);
    expect(Number((JSON.parse(funnel.stdout) as { contacts: number }[])[0]!.contacts)).toBeGreaterThan(0);
  });
});
