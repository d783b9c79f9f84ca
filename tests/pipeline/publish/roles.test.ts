/**
 * Masking per role, as a user configures it in tributary.yml: each role gets its own
 * published file with its own masking (`query --role` picks it), a role with clear
 * values is audited when queried, and a role with no policy for a tag it would see fails
 * the publish closed — naming the role, the column, the tag and its lineage — with
 * nothing published.
 */
import { statSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../../helpers/workspace.js';
import { startTestWorld, type TestWorld } from '../../helpers/world.js';

const HASHED = { person_id: 'hash', pseudonymous_id: 'hash', online_identifier: 'hash', device_id: 'hash', address: 'redact', ip_address: 'redact', free_text: 'redact' };
const ROLES = {
  analyst: { masking: { email: 'partial', phone: 'partial', name: 'redact', ...HASHED } },
  marketing: { masking: { email: 'hash', phone: 'hash', name: 'redact', ...HASHED } },
  it: { clear: true },
};

let world: TestWorld;
let config: string;
let base: string;
let first: CliResult;

function withRoles(roles: unknown): void {
  writeFileSync(config, `${base}governance:\n  roles: ${JSON.stringify(roles)}\n`);
}

async function cli(args: string[]): Promise<CliResult> {
  return runCli([...args, '--config', config], { env: world.env, timeoutMs: 180_000 });
}

async function emails(role?: string): Promise<string[]> {
  const r = await cli(['query', 'select email from customers where email is not null order by email limit 20', '--format', 'json', ...(role ? ['--role', role] : [])]);
  expect(r.code, r.stderr).toBe(0);
  return (JSON.parse(r.stdout) as { email: string }[]).map((row) => row.email);
}

beforeAll(async () => {
  world = await startTestWorld({ people: 60, days: 7 });
  config = world.writeConfig();
  base = readFileSync(config, 'utf8');
  withRoles(ROLES);
  first = await cli(['sync']);
}, 240_000);
afterAll(async () => world?.close());

describe('governance.roles', () => {
  it('publishes one file per role beside analytics.duckdb, each masked its own way', async () => {
    expect(first.code, first.stderr).toBe(0);
    for (const role of ['analyst', 'marketing', 'it']) expect(statSync(join(world.dir.path, `analytics.${role}.duckdb`)).size).toBeGreaterThan(0);
    const analyst = await emails('analyst');
    const marketing = await emails('marketing');
    const it = await emails('it');
    expect(analyst.length).toBeGreaterThan(5);
    expect(analyst.every((e) => /^.\*\*\*@/.test(e))).toBe(true);
    expect(marketing.every((e) => /^h_[0-9a-f]+$/.test(e))).toBe(true);
    expect(it.every((e) => /^[^*]+@[^*]+$/.test(e))).toBe(true);
    // Without --role: the default analytics.duckdb as before, masked by governance.masking.
    expect((await emails()).every((e) => e.includes('***@'))).toBe(true);
  });

  it('audits a query of a clear role, not of a masked one; an unknown role is bad usage', async () => {
    const count = () => {
      const db = new Database(join(world.dir.path, 'tributary.db'), { readonly: true });
      try {
        return (db.prepare(`select details from audit_events where action = 'query_unmasked'`).all() as { details: string }[]).map((r) => JSON.parse(r.details) as { role?: string });
      } finally {
        db.close();
      }
    };
    const before = count().length;
    await emails('analyst');
    expect(count().length).toBe(before);
    const clear = await cli(['query', 'select count(*) as n from customers', '--role', 'it']);
    expect(clear.code, clear.stderr).toBe(0);
    expect(clear.stderr).toContain('analytics.it.duckdb, recorded in the audit log');
    expect(count().at(-1)).toMatchObject({ role: 'it' });
    const unknown = await cli(['query', 'select 1', '--role', 'finance']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no role "finance"');
    expect(unknown.stderr).toContain('hint: roles: analyst, marketing, it');
  });

  it('fails closed when a role has no policy for a tag it would see: names role, column, tag and lineage; publishes nothing', async () => {
    const published = statSync(join(world.dir.path, 'analytics.analyst.duckdb')).mtimeMs;
    const { name: _name, ...noName } = ROLES.marketing.masking;
    withRoles({ ...ROLES, marketing: { masking: noName } });
    const failed = await cli(['sync']);
    expect(failed.code).toBe(1);
    expect(failed.stdout + failed.stderr).toMatch(/role marketing: customers\.first_name is tagged name; lineage: customers\.first_name <- [^\n]*hubspot\.contacts\.properties\.firstname/);
    expect(failed.stdout + failed.stderr).not.toMatch(/\n\s+at /);
    expect(statSync(join(world.dir.path, 'analytics.analyst.duckdb')).mtimeMs).toBe(published);
  });
});
