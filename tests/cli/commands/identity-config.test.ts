/**
 * tributary.yml's `identity:` overrides, driven as a user would: on a copy of the small
 * demo, set m/u of a comparison level by hand, turn a comparison off, add and skip a
 * blocking rule, run `tributary sync` (the web source alone: its events are files, so no
 * mock has to run; the identity models rebuild because their compiled SQL changed), and
 * see a pair below the threshold become a link. Then change the threshold without a
 * sync: `identity explain` reports the threshold the build decided by, and says what
 * tributary.yml says now.
 */
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir, type TempDir } from '../../helpers/workspace.js';
import { demoWorkspace } from '../../helpers/demo-workspace.js';

let dir: TempDir;
let config: string;
/** The strongest pair below the threshold whose emails agree exactly, before the override. */
let pair: { a: string; b: string; weight: number };
let companyLevelsBefore: number;

async function sql(query: string): Promise<Record<string, unknown>[]> {
  const r = await runCli(['query', '--warehouse', '--format', 'json', '--config', config, query]);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Record<string, unknown>[];
}

const OVERRIDES = `identity:
  comparisons:
    company: { enabled: false }
    email:
      levels:
        exact: { m: 0.999, u: 0.0001 }
  blocking_rules:
    add: [{ name: same_company, fields: [company] }]
    skip: [surname_initial]
`;

beforeAll(async () => {
  dir = tempDir();
  config = (await demoWorkspace(join(dir.path, 'demo'))).config;
  const [below] = await sql(
    "select left_key as a, right_key as b, match_weight as weight from int_identity__scored_pairs where not is_match and email_level = 'exact' order by match_weight desc, 1, 2 limit 1",
  );
  pair = { a: String(below!.a), b: String(below!.b), weight: Number(below!.weight) };
  companyLevelsBefore = Number((await sql('select count(company_level) as n from int_identity__scored_pairs'))[0]!.n);
  appendFileSync(config, OVERRIDES);
  const sync = await runCli(['sync', '--config', config, '--source', 'web']);
  expect(sync.code, sync.stderr + sync.stdout).toBe(0);
}, 400_000);
afterAll(() => dir?.remove());

describe('identity overrides in tributary.yml', () => {
  it('a hand-set m/u of email exact lifts a pair over the threshold: it becomes a probabilistic link', async () => {
    expect(pair.weight).toBeLessThan(10);
    // one query (each CLI start costs seconds on a loaded machine)
    const [after] = await sql(`select
        (select {m: m, u: u, m_source: m_source, u_source: u_source} from int_identity__match_parameters where field = 'email' and level = 'exact') as params,
        (select {is_match: is_match, match_weight: match_weight} from int_identity__scored_pairs where left_key = '${pair.a}' and right_key = '${pair.b}') as scored,
        (select list(link_type) from identity_links
          where (left_identity_key = '${pair.a}' and right_identity_key = '${pair.b}') or (left_identity_key = '${pair.b}' and right_identity_key = '${pair.a}')) as links`);
    const { params, scored, links } = after as { params: unknown; scored: { is_match: boolean; match_weight: number }; links: string[] };
    expect(params).toEqual({ m: 0.999, u: 0.0001, m_source: 'config', u_source: 'config' });
    expect(scored.is_match).toBe(true);
    expect(Number(scored.match_weight)).toBeGreaterThan(pair.weight);
    expect(links).toContain('probabilistic');
    const why = await runCli(['identity', 'explain', '--config', config, '--records', pair.a, pair.b]);
    expect(why.code, why.stderr).toBe(0);
    expect(why.stdout).toMatch(/^linked directly by (\w+ and )*probabilistic/);
    expect(why.stdout).toMatch(/│ email\s+│ exact\s+│ 13\.29/);
  }, 120_000);

  it('a comparison turned off gives no level to any pair; an added rule blocks, a skipped one does not', async () => {
    expect(companyLevelsBefore).toBeGreaterThan(0);
    const [after] = await sql(`select
        (select count(company_level) from int_identity__scored_pairs) as company_levels,
        (select count(*) from int_identity__scored_pairs) as pairs,
        (select list(distinct blocking_rule) from int_identity__candidate_pairs) as rules`);
    expect(Number(after!.pairs)).toBeGreaterThan(0);
    expect(Number(after!.company_levels)).toBe(0);
    const rules = after!.rules as string[];
    expect(rules).toContain('same_company');
    expect(rules).not.toContain('surname_initial');
  }, 120_000);

  it('explain reports the threshold the build decided by, and what tributary.yml says now', async () => {
    const json = async () => {
      const r = await runCli(['identity', 'explain', '--config', config, '--format', 'json', '--records', pair.a, pair.b]);
      expect(r.code, r.stderr).toBe(0);
      return JSON.parse(r.stdout) as { verdict: string; comparison: { threshold: number; config_threshold: number; is_match: boolean } };
    };
    expect((await json()).comparison).toMatchObject({ threshold: 10, config_threshold: 10, is_match: true });
    // Raised in the file, not yet synced: the link stands, decided by the build's 10.
    writeFileSync(config, readFileSync(config, 'utf8').replace('identity:\n', 'identity:\n  match_threshold: 40\n'));
    const stale = await json();
    expect(stale.comparison).toMatchObject({ threshold: 10, config_threshold: 40, is_match: true });
    expect(stale.verdict).toMatch(/≥ threshold 10 .*last build's threshold: tributary\.yml now says 40, by which it would not be a match \(the next sync applies it\)/);
    const table = await runCli(['identity', 'explain', '--config', config, '--records', pair.a, pair.b]);
    expect(table.stdout).toContain("threshold 10 (the last build's; tributary.yml now says 40) → a match");
  }, 120_000);
});
