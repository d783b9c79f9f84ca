/**
 * What one sync publishes, tried through the CLI on a small HubSpot workspace:
 *
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
import { startHubspotWorkspace, type HubspotWorkspace } from '../../helpers/hubspot-workspace.js';
import { runCli, type CliResult } from '../../helpers/workspace.js';

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
  ws = await startHubspotWorkspace();
  // A .env with the source's token already in it (no final newline), as a user writes one.
  writeFileSync(envFile(), `HUBSPOT_TOKEN=${ws.env.HUBSPOT_TOKEN}`);
  first = await runCli(['sync', '--config', ws.config]);
}, 90_000);
afterAll(async () => ws?.close());

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
