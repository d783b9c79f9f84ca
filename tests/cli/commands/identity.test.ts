/**
 * `tributary identity explain` on a small demo workspace, driven as a user would: a
 * customer's records and the links that connect them, and two records' comparison
 * levels and weight against the threshold. One demo serves every test.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir, type TempDir } from '../../helpers/workspace.js';
import { demoWorkspace } from '../../helpers/demo-workspace.js';

let dir: TempDir;
let config: string;
let demoOut: string;

async function sql(query: string): Promise<Record<string, unknown>[]> {
  const r = await runCli(['query', '--warehouse', '--format', 'json', '--config', config, query]);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Record<string, unknown>[];
}

beforeAll(async () => {
  dir = tempDir();
  demoOut = (await demoWorkspace(join(dir.path, 'demo'))).demo.stdout;
  config = join(dir.path, 'demo', 'tributary.yml');
}, 180_000);
afterAll(() => dir?.remove());

describe('tributary identity explain', () => {
  it('the demo summary counts deterministic and probabilistic links between records separately', async () => {
    const [counts] = await sql(
      "select count(*) filter (where link_type = 'deterministic') as d, count(*) filter (where link_type = 'probabilistic') as p from identity_links",
    );
    expect(Number(counts!.p)).toBeGreaterThan(0);
    expect(demoOut).toContain(`Links        ${Number(counts!.d).toLocaleString('en-US')} deterministic`);
    expect(demoOut).toContain(`${Number(counts!.p).toLocaleString('en-US')} probabilistic`);
  });

  it('a customer: every record, and links that connect them all', async () => {
    const [big] = await sql('select customer_id, count(*) as n from customer_identities group by 1 order by n desc, 1 limit 1');
    const r = await runCli(['identity', 'explain', '--config', config, '--format', 'json', String(big!.customer_id)]);
    expect(r.code, r.stderr).toBe(0);
    const why = JSON.parse(r.stdout) as { records: { identity_key: string }[]; links: { left: string; right: string }[] };
    expect(why.records).toHaveLength(Number(big!.n));
    // a spanning tree: n - 1 links reaching every record
    expect(why.links).toHaveLength(why.records.length - 1);
    const touched = new Set(why.links.flatMap((l) => [l.left, l.right]));
    for (const rec of why.records) expect(touched).toContain(rec.identity_key);
    const table = await runCli(['identity', 'explain', '--config', config, String(big!.customer_id)]);
    expect(table.stdout).toContain(`${big!.customer_id}: ${big!.n} records, one customer through ${Number(big!.n) - 1} links`);
  });

  it('two records: a probabilistic link with its per-field evidence, and a pair below the threshold', async () => {
    const [link] = await sql("select left_identity_key as a, right_identity_key as b, match_weight from identity_links where link_type = 'probabilistic' order by 1, 2 limit 1");
    const r = await runCli(['identity', 'explain', '--config', config, '--format', 'json', '--records', String(link!.a), String(link!.b)]);
    expect(r.code, r.stderr).toBe(0);
    const why = JSON.parse(r.stdout) as { same_customer: boolean; verdict: string; comparison: { match_weight: number; threshold: number; is_match: boolean; fields: Record<string, { level: string | null }> } };
    expect(why.same_customer).toBe(true);
    expect(why.comparison.is_match).toBe(true);
    expect(why.comparison.match_weight).toBeCloseTo(Number(link!.match_weight), 6);
    expect(why.comparison.threshold).toBe(10);
    expect(Object.keys(why.comparison.fields)).toContain('first_name');
    // the pair may share an email or phone too: the rules are listed beside probabilistic
    expect(why.verdict).toMatch(/^linked directly by (\w+ and )*probabilistic( and \w+)*; match weight [\d.]+ ≥ threshold 10/);

    const [below] = await sql('select left_key as a, right_key as b from int_identity__scored_pairs where not is_match order by match_weight desc, 1, 2 limit 1');
    const no = await runCli(['identity', 'explain', '--config', config, '--records', String(below!.a), String(below!.b)]);
    expect(no.code, no.stderr).toBe(0);
    expect(no.stdout).toMatch(/match weight -?[\d.]+ < threshold 10/);
  });

  it('two records never compared say so; unknown records and bad usage exit 2 without a stack trace', async () => {
    const [pair] = await sql(
      `select a.identity_key as a, b.identity_key as b from customer_identities a, customer_identities b
        where a.customer_id <> b.customer_id and a.source = 'web' and b.source = 'hubspot' order by 1, 2 limit 1`,
    );
    const r = await runCli(['identity', 'explain', '--config', config, '--records', String(pair!.a), String(pair!.b)]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('not linked: different customers; not compared: no blocking rule shared');

    const unknown = await runCli(['identity', 'explain', '--config', config, '--records', String(pair!.a), 'hubspot:contacts:hubspot:nobody']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no source record "hubspot:contacts:hubspot:nobody" in the identity graph');
    const neither = await runCli(['identity', 'explain', '--config', config]);
    expect(neither.code).toBe(2);
    expect(neither.stderr).toContain('name either a customer id or --records <a> <b>');
    expect(neither.stderr + unknown.stderr).not.toMatch(/\n\s+at /);
  });
});
