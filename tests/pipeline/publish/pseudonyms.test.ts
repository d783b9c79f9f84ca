/**
 * Published pseudonyms cannot be reversed, tried the way a curious analyst would: take
 * the emails and source ids they already know (here: everything the warehouse holds),
 * hash them with every unkeyed recipe the code ever used (md5, sha1, sha256; no salt or
 * the old constant 'tributary'; with the 'h_' / 'cus_' prefixes and the truncations),
 * and look for any of those hashes in `analytics.duckdb`. Mailchimp's member id is
 * md5(lower(email)), so before the fix every Mailchimp touchpoint re-identified its
 * recipient, and every customer_id was md5 of a known identity key.
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir, type TempDir } from '../../helpers/workspace.js';
import { demoWorkspace } from '../../helpers/demo-workspace.js';

/** The marts `publish: true` in Tributary's own models (what analysts open). */
const PUBLISHED = ['customers', 'customer_identities', 'campaigns', 'touchpoints', 'campaign_performance', 'campaign_roi'];
/** Salts the code used (or an attacker would guess): none, and the old constant default. */
const SALTS = ['', 'tributary'];
/** Lengths hashes were cut to: campaign (12), customer (16), hash policy (24), md5 (32), sha1 (40), sha256 (64). */
const LENGTHS = [12, 16, 24, 32, 40, 64];

let dir: TempDir;
let config: string;
let workspace: string;

const json = async (args: string[]): Promise<Record<string, unknown>[]> => {
  const r = await runCli([...args, '--config', config, '--format', 'json']);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Record<string, unknown>[];
};

beforeAll(async () => {
  dir = tempDir('tributary-pseudonyms-');
  workspace = join(dir.path, 'demo');
  await demoWorkspace(workspace);
  config = join(workspace, 'tributary.yml');
}, 120_000);
afterAll(() => dir?.remove());

/** Every string in a JSON value (list columns included). */
function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) strings(v, out);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) strings(v, out);
  return out;
}

describe('published pseudonyms', () => {
  it('no value in analytics.duckdb is an unkeyed hash of a known email or source id', async () => {
    // What the analyst already knows: every email and source id (and the identity keys built from them).
    const known = new Set<string>();
    const [nodes] = await json(['query', '--warehouse', 'select list({ k: identity_key, id: source_record_id, emails: emails }) as nodes from int_identity__nodes']);
    for (const v of strings(nodes)) known.add(v);
    // Mailchimp member keys are 'list_id:member_id': the bare member id is a source id too.
    for (const v of [...known]) if (/^[^:]+:[0-9a-f]{32}$/.test(v)) known.add(v.split(':')[1]!);
    expect(known.size).toBeGreaterThan(500);

    const hashes = new Map<string, string>();
    for (const x of known) {
      for (const salt of SALTS) {
        for (const input of new Set([salt + x, x + salt])) {
          for (const algo of ['md5', 'sha1', 'sha256']) {
            const hex = createHash(algo).update(input).digest('hex');
            for (const n of LENGTHS) if (n <= hex.length) hashes.set(hex.slice(0, n), `${algo}(${salt ? `'${salt}' + ` : ''}${x})`);
          }
        }
      }
    }

    // Every published table whole, in one query: `{ customers: [row, …], touchpoints: […], … }`.
    const [all] = await json(['query', `select ${PUBLISHED.map((t) => `(select list(t) from ${t} as t) as ${t}`).join(', ')}`]);
    const reversed: string[] = [];
    let values = 0;
    for (const table of PUBLISHED) {
      for (const row of all![table] as Record<string, unknown>[]) {
        for (const [column, value] of Object.entries(row)) {
          for (const s of strings(value)) {
            values++;
            // Any run of hex digits (between prefixes like 'h_'/'cus_' and separators like ':').
            for (const run of s.match(/[0-9a-f]{12,}/g) ?? []) {
              const hit = hashes.get(run);
              if (hit) reversed.push(`${table}.${column} = ${s} is ${hit}`);
            }
          }
        }
      }
    }
    expect(values).toBeGreaterThan(1000);
    expect(reversed.slice(0, 5), `${reversed.length} published values are reversible`).toEqual([]);
  }, 120_000);

  it('customer ids still join across tables, and the README tour query answers', async () => {
    const [r] = await json([
      'query',
      `select
         (select count(*) from touchpoints) as touchpoints,
         (select count(*) from touchpoints join customers using (customer_id)) as touchpoints_joined,
         (select count(*) from customer_identities) as identities,
         (select count(*) from customer_identities join customers using (customer_id)) as identities_joined,
         (select list(t) from (select customer_id, email, source_systems from customers limit 3) as t) as tour`,
    ]);
    expect(Number(r!.touchpoints)).toBeGreaterThan(0);
    expect(r!.touchpoints_joined).toBe(r!.touchpoints);
    expect(r!.identities_joined).toBe(r!.identities);
    const tour = r!.tour as { customer_id: string }[];
    expect(tour).toHaveLength(3);
    for (const c of tour) expect(c.customer_id).toMatch(/^h_[0-9a-f]{24}$/);
  });

  it('the pseudonym key was made at the first sync, kept in .env (mode 0600), and never printed', async () => {
    const envFile = join(workspace, '.env');
    const key = /^TRIBUTARY_PSEUDONYM_KEY=([0-9a-f]{64})$/m.exec(readFileSync(envFile, 'utf8'))?.[1];
    expect(key, 'TRIBUTARY_PSEUDONYM_KEY in .env').toBeDefined();
    expect(statSync(envFile).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(workspace, 'logs', 'tributary.log'), 'utf8')).not.toContain(key!);
    expect(readFileSync(join(workspace, 'tributary.yml'), 'utf8')).not.toContain(key!);
  });
});
