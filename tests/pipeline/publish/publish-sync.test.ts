/**
 * What one sync publishes, tried through the CLI on a small HubSpot workspace (one sync
 * shared by both parts, to keep the suite quick):
 *
 * - Free text carrying personal data, the way it happens: a sales rep types a note into
 *   a HubSpot contact's company field. `customers.company` has no PII tag (company names
 *   are not personal) and the classifier rightly does not flag it (one value in many), so
 *   before the fix the note reached analysts verbatim. Publishing now replaces the email
 *   and the phone number inside the text with markers; the warehouse keeps the original.
 * - The workspace's pseudonym key, as an operator meets it: the first sync makes it and
 *   keeps it in .env (mode 0600) without printing it; later syncs reuse it, so published
 *   ids stay put; a key that went missing or changed stops the sync before it publishes
 *   other ids; a configured key variable that is not set is a config error (exit 2), and
 *   the old unkeyed `hash_salt` is refused by name.
 */
import { createHmac } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withWarehouse } from '../../../pipeline/warehouse/warehouse.js';
import { updateContact } from '../../../sandbox/hubspot/fixtures.js';
import { startHubspotWorkspace, type HubspotWorkspace } from '../../helpers/hubspot-workspace.js';
import { runCli, type CliResult } from '../../helpers/workspace.js';

const NOTE = 'call me at hidden.person@secret.org or +44 20 7946 0958';

let ws: HubspotWorkspace;
let first: CliResult;
const envFile = () => join(ws.dir.path, '.env');
const keyIn = (text: string) => /^TRIBUTARY_PSEUDONYM_KEY=(.*)$/m.exec(text)?.[1];

/** Customer ids in a database of the workspace (read directly: the syncs are what is under test). */
const customerIds = (file: 'analytics.duckdb' | 'warehouse.duckdb'): Promise<string[]> =>
  withWarehouse(join(ws.dir.path, file), async (db) => (await db.all('select customer_id from main.customers order by 1')).map((r) => String(r.customer_id)), {
    readOnly: true,
  });
const published = () => customerIds('analytics.duckdb');

beforeAll(async () => {
  ws = await startHubspotWorkspace({
    edit: (fixtures, population) => {
      const [contact] = fixtures.objects.contacts.values();
      updateContact(fixtures, contact!.id, { company: NOTE }, population.asOf);
    },
  });
  // A .env with the source's token already in it (no final newline), as a user writes one.
  writeFileSync(envFile(), `HUBSPOT_TOKEN=${ws.env.HUBSPOT_TOKEN}`);
  first = await runCli(['sync', '--config', ws.config]);
}, 90_000);
afterAll(async () => ws?.close());

const query = async (sql: string) => {
  const r = await runCli(['query', '--config', ws.config, '--format', 'json', sql]);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Record<string, unknown>[];
};

describe('emails and phone numbers inside untagged text', () => {
  it('are replaced by markers in analytics.duckdb, and the sync says where', async () => {
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toMatch(/emails\/phones inside text redacted in customers\.company \(1\)/);
    const published = await query(`select company from customers where company like 'call me at%'`);
    expect(published).toEqual([{ company: 'call me at [redacted email] or [redacted phone]' }]);
    // Not a byte of them in the file analysts open.
    const file = readFileSync(join(ws.dir.path, 'analytics.duckdb'));
    expect(file.includes(Buffer.from('hidden.person@secret.org'))).toBe(false);
    expect(file.includes(Buffer.from('7946 0958'))).toBe(false);
  });

  it('leave the other text as it was, and the warehouse keeps the original', async () => {
    const read = (file: string, sql: string) => withWarehouse(join(ws.dir.path, file), (db) => db.all(sql), { readOnly: true });
    const sql = `select company, count(*)::int as n from main.customers where company is not null group by all order by all`;
    const [analytics, warehouse] = [await read('analytics.duckdb', sql), await read('warehouse.duckdb', sql)];
    expect(warehouse.length).toBeGreaterThan(5);
    // The same companies, but the note's email and phone.
    const byCompany = (rows: Record<string, unknown>[]) => [...rows].sort((a, b) => (String(a.company) < String(b.company) ? -1 : 1));
    expect(byCompany(analytics)).toEqual(byCompany(warehouse.map((r) => (r.company === NOTE ? { ...r, company: 'call me at [redacted email] or [redacted phone]' } : r))));
    expect(warehouse.filter((r) => r.company === NOTE)).toEqual([{ company: NOTE, n: 1 }]);
  });
});

describe('the pseudonym key', () => {
  it('is made by the first sync, appended to .env (mode 0600), never printed, and reused', async () => {
    expect(first.code, first.stderr).toBe(0);
    const env = readFileSync(envFile(), 'utf8');
    const key = keyIn(env);
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(env).toMatch(/^HUBSPOT_TOKEN=\S+\n/); // the user's line intact, the key on a line of its own
    expect(statSync(envFile()).mode & 0o777).toBe(0o600);
    const ids = await published();
    expect(ids.length).toBeGreaterThan(10);

    const second = await runCli(['sync', '--config', ws.config]);
    expect(second.code, second.stderr).toBe(0);
    expect(keyIn(readFileSync(envFile(), 'utf8'))).toBe(key);
    expect(await published()).toEqual(ids);
    for (const out of [first.stdout, first.stderr, second.stdout, second.stderr, readFileSync(join(ws.dir.path, 'logs', 'tributary.log'), 'utf8')]) {
      expect(out).not.toContain(key!);
    }

    // Each published id is the keyed hash of the warehouse's id: nobody without the key computes it.
    const keyed = (await customerIds('warehouse.duckdb')).map((id) => `h_${createHmac('sha256', key!).update(id).digest('hex').slice(0, 24)}`);
    expect(keyed.sort()).toEqual(ids);
  }, 60_000);

  it('that changed or went missing stops the sync before it publishes other ids', async () => {
    const ids = await published();
    const original = readFileSync(envFile(), 'utf8');
    try {
      writeFileSync(envFile(), original.replace(/^TRIBUTARY_PSEUDONYM_KEY=.*$/m, `TRIBUTARY_PSEUDONYM_KEY=${'0'.repeat(64)}`));
      const changed = await runCli(['sync', '--config', ws.config]);
      expect(changed.code).toBe(1);
      expect(changed.stderr).toMatch(/the pseudonym key is not the one .*analytics\.duckdb was published with/);
      expect(changed.stderr).not.toMatch(/^\s+at /m);

      writeFileSync(envFile(), original.replace(/^TRIBUTARY_PSEUDONYM_KEY=.*$/m, ''));
      const missing = await runCli(['sync', '--config', ws.config]);
      expect(missing.code).toBe(1);
      expect(missing.stderr).toMatch(/TRIBUTARY_PSEUDONYM_KEY is not set, but .*warehouse\.duckdb has published pseudonyms under a key/);
      // Not silently replaced by a new one.
      expect(keyIn(readFileSync(envFile(), 'utf8'))).toBeUndefined();
      expect(await published()).toEqual(ids);
    } finally {
      writeFileSync(envFile(), original);
    }
  }, 60_000);

  it('named by the config but not set is a config error (exit 2); the old hash_salt is refused by name', async () => {
    const config = ws.writeConfig('governance:\n  pseudonym_key: ${ANALYTICS_PSEUDONYM_KEY}\n');
    try {
      const unset = await runCli(['sync', '--config', config], { env: { ANALYTICS_PSEUDONYM_KEY: undefined } });
      expect(unset.code).toBe(2);
      expect(unset.stderr).toMatch(/governance\.pseudonym_key: environment variable ANALYTICS_PSEUDONYM_KEY is not set/);
      expect(unset.stderr).not.toMatch(/^\s+at /m);

      const short = await runCli(['sync', '--config', config], { env: { ANALYTICS_PSEUDONYM_KEY: 'tributary' } });
      expect(short.code).toBe(2);
      expect(short.stderr).toMatch(/governance\.pseudonym_key: too short for a pseudonym key/);

      ws.writeConfig('governance:\n  hash_salt: ${TRIBUTARY_HASH_SALT}\n');
      const salt = await runCli(['sync', '--config', config], { env: { TRIBUTARY_HASH_SALT: 'some-salt-value' } });
      expect(salt.code).toBe(2);
      expect(salt.stderr).toMatch(/governance\.hash_salt: replaced by governance\.pseudonym_key/);
      expect(salt.stderr).not.toContain('some-salt-value');
    } finally {
      ws.writeConfig();
    }
  });
});
