/**
 * `forget` on a user's own models project: nothing in TypeScript names Tributary's
 * models, so a copy of the project with every identity model renamed (and declared by
 * `meta.tributary_role`) still resolves the person through its identity graph, and the
 * erasure reaches the records that only the graph ties to them.
 */
import { cpSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withWarehouse } from '../../pipeline/warehouse/warehouse.js';
import { REPO_ROOT, runCli } from '../helpers/workspace.js';
import { startTestWorld, type TestWorld } from '../helpers/world.js';

const RENAMES: Readonly<Record<string, string>> = {
  int_identity__nodes: 'acme_people_nodes',
  int_identity__edges: 'acme_people_links',
  int_identity__components: 'acme_people_clusters',
  customer_identities: 'acme_identity_map',
  customers: 'acme_customers',
};

/** Copies the models project with the models above renamed: files, refs and schema.yml entries. */
function renamedProject(to: string): void {
  cpSync(join(REPO_ROOT, 'dbt-like-models'), to, { recursive: true });
  const walk = (dir: string): string[] => readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? walk(join(dir, f)) : [join(dir, f)]));
  for (const file of walk(to)) {
    let text = readFileSync(file, 'utf8');
    for (const [from, name] of Object.entries(RENAMES)) text = text.replace(new RegExp(`(?<!tributary_role: )\\b${from}\\b`, 'g'), name);
    writeFileSync(file, text);
    const base = file.slice(file.lastIndexOf('/') + 1, -'.sql'.length);
    if (file.endsWith('.sql') && RENAMES[base]) renameSync(file, join(file, '..', `${RENAMES[base]}.sql`));
  }
}

let tw: TestWorld;
let config: string;
let email: string;

beforeAll(async () => {
  tw = await startTestWorld({ people: 120 });
  config = tw.writeConfig({ sources: ['hubspot', 'web'] });
  renamedProject(join(tw.dir.path, 'acme-models'));
  writeFileSync(config, `${readFileSync(config, 'utf8')}models: acme-models\n`);
  const sync = await runCli(['sync', '--config', config], { env: tw.env });
  expect(sync.code, sync.stderr).toBe(0);
  // A person the CRM knows and whose browser identified on the website.
  const web = new Set(tw.population.truth.filter((t) => t.source === 'web' && t.reachableByEmail).map((t) => t.personId));
  const id = tw.population.truth.find((t) => t.source === 'hubspot' && t.reachableByEmail && web.has(t.personId))!.personId;
  email = tw.population.people.find((p) => p.personId === id)!.email!;
}, 120_000);
afterAll(async () => tw?.close());

describe('tributary forget on a renamed models project', () => {
  it('finds the identity graph by its declared roles and erases what only the graph ties to the person', async () => {
    const warehouse = join(tw.dir.path, 'warehouse.duckdb');
    const tables = await withWarehouse(warehouse, async (wh) => (await wh.all(`select table_name as t from information_schema.tables where table_schema = 'main'`)).map((r) => String(r.t)), { readOnly: true });
    expect(tables).toContain('acme_people_clusters');
    expect(tables).not.toContain('int_identity__components');

    const plan = await runCli(['forget', '--config', config, '--email', email, '--dry-run', '--format', 'json']);
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stderr).not.toMatch(/declares no identity graph/);
    expect(plan.stderr).toMatch(/would erase \d+ raw rows of customer cus_/);
    const planned = JSON.parse(plan.stdout) as { table: string; rows: number }[];
    // Page views carry no email: only the graph (identify → anonymousId) ties them to the person.
    expect(planned.find((t) => t.table === 'raw.web_events')?.rows ?? 0).toBeGreaterThan(0);

    const browsers = await withWarehouse(warehouse, async (wh) => (await wh.all('select distinct anonymous_id as a from raw.web_events where lower(trim(traits__email)) = lower(trim($1))', [email])).map((r) => String(r.a)), { readOnly: true });
    expect(browsers.length).toBeGreaterThan(0);
    const erased = await runCli(['forget', '--config', config, '--email', email, '--yes'], { env: tw.env });
    expect(erased.code, erased.stderr).toBe(0);
    const left = await withWarehouse(
      warehouse,
      async (wh) => ({
        customers: (await wh.all('select count(*) as n from main.acme_customers where lower(trim(email)) = lower(trim($1))', [email]))[0]!.n,
        browserEvents: (await wh.all(`select count(*) as n from raw.web_events where list_contains(string_split($1, chr(10)), anonymous_id)`, [browsers.join('\n')]))[0]!.n,
      }),
      { readOnly: true },
    );
    expect(left).toEqual({ customers: 0n, browserEvents: 0n });
  });
});
