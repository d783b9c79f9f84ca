/**
 * `tributary forget`, the way IT would use it on a request to erase a person: a dry run
 * first, then the erasure. Afterwards no raw table, model, published table or byte of the
 * warehouse file holds their email; the audit log records the request without it; and
 * when the CRM sends the person's contact again, the next sync drops it.
 */
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Person } from '../../sandbox/world/index.js';
import { withWarehouse } from '../../pipeline/warehouse/warehouse.js';
import { mentions } from '../helpers/mentions.js';
import { runCli } from '../helpers/workspace.js';
import { startTestWorld, type TestWorld } from '../helpers/world.js';

let tw: TestWorld;
let config: string;
let person: Person;
const warehouse = () => join(tw.dir.path, 'warehouse.duckdb');

beforeAll(async () => {
  tw = await startTestWorld({ people: 150 });
  config = tw.writeConfig({ sources: ['hubspot', 'mailchimp', 'web'] });
  const sync = await runCli(['sync', '--config', config], { env: tw.env });
  expect(sync.code, sync.stderr).toBe(0);
  // Someone the CRM, the email tool and the website all know.
  const sources = new Map<string, Set<string>>();
  for (const t of tw.population.truth) {
    if (!t.reachableByEmail) continue;
    sources.set(t.personId, (sources.get(t.personId) ?? new Set()).add(t.source));
  }
  const id = [...sources].find(([, s]) => s.size === 3)![0];
  person = tw.population.people.find((p) => p.personId === id)!;
}, 120_000);
afterAll(async () => tw?.close());

describe('tributary forget', () => {
  it('refuses to run without a person or without --yes, and a dry run changes nothing', async () => {
    expect((await runCli(['forget', '--config', config, '--yes'])).code).toBe(2);
    const noYes = await runCli(['forget', '--config', config, '--email', person.email]);
    expect(noYes.code).toBe(2);
    expect(noYes.stderr).toMatch(/pass --yes/);

    const before = await mentions(warehouse(), person.email);
    expect(before['raw.hubspot_contacts']).toBeGreaterThan(0);
    const dry = await runCli(['forget', '--config', config, '--email', ` ${person.email.toUpperCase()} `, '--dry-run', '--format', 'json']);
    expect(dry.code, dry.stderr).toBe(0);
    const planned = JSON.parse(dry.stdout) as { table: string; rows: number }[];
    expect(planned.map((t) => t.table)).toEqual(expect.arrayContaining(['raw.hubspot_contacts', 'raw.mailchimp_members', 'raw.web_events']));
    expect(dry.stderr).toMatch(/dry run: would erase \d+ raw rows of customer cus_\w+ \(\d+ source identities\); nothing changed/);
    expect(await mentions(warehouse(), person.email)).toEqual(before);
  });

  it('erases the person everywhere, down to the bytes of the warehouse file, and audits it without the address', async () => {
    const [{ customer_id: customerId }] = JSON.parse(
      (await runCli(['query', '--config', config, '--warehouse', '--format', 'json', `select customer_id from customers where email = '${person.email}'`])).stdout,
    ) as { customer_id: string }[];
    const browsers = await withWarehouse(
      warehouse(),
      (wh) => wh.all(`select source_record_id as id from customer_identities where customer_id = $1 and source = 'web'`, [customerId!]),
      { readOnly: true },
    );
    expect(browsers.length).toBeGreaterThan(0);
    // Analysts see the customer under its keyed pseudonym (the workspace key is in .env).
    const key = /^TRIBUTARY_PSEUDONYM_KEY=(.+)$/m.exec(readFileSync(join(tw.dir.path, '.env'), 'utf8'))![1]!;
    const publishedId = `h_${createHmac('sha256', key).update(customerId!).digest('hex').slice(0, 24)}`;
    const countPublished = async () =>
      JSON.parse((await runCli(['query', '--config', config, '--format', 'json', `select count(*) as n from customers where customer_id = '${publishedId}'`])).stdout);
    expect(await countPublished()).toEqual([{ n: 1 }]);

    const r = await runCli(['forget', '--config', config, '--email', person.email, '--yes', '--reason', 'DSR-1042']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/erased \d+ raw rows of customer cus_\w+ .*identifiers suppressed/);
    expect(r.stderr).toMatch(/done: .*analytics\.duckdb no longer holds this person/);

    expect(await mentions(warehouse(), person.email)).toEqual({});
    for (const { id } of browsers) expect(await mentions(warehouse(), String(id).toLowerCase())).toEqual({});
    expect(readFileSync(warehouse()).includes(Buffer.from(person.email))).toBe(false);
    expect(readFileSync(join(tw.dir.path, 'analytics.duckdb')).includes(Buffer.from(person.email))).toBe(false);
    expect(await countPublished()).toEqual([{ n: 0 }]);

    const cpFile = join(tw.dir.path, 'tributary.db');
    const db = new Database(cpFile, { readonly: true });
    const audit = db.prepare(`select actor, details from audit_events where action = 'forget'`).all() as { actor: string; details: string }[];
    const suppressions = db.prepare(`select count(*) as n from suppressions`).get() as { n: number };
    db.close();
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]!.details)).toMatchObject({ reason: 'DSR-1042', customers: [customerId] });
    expect(suppressions.n).toBeGreaterThan(0);
    expect(readFileSync(cpFile).includes(Buffer.from(person.email))).toBe(false);
  });

  it('keeps the person out when the CRM sends their contact again', async () => {
    // The contact is edited at the source: the next incremental sync reads it again.
    const contacts = tw.population.hubspot.contacts;
    const i = contacts.findIndex((c) => c.personId === person.personId);
    const later = new Date(Date.parse(tw.population.asOf) + 86_400_000).toISOString();
    contacts[i] = { ...contacts[i]!, lifecycleStage: 'customer', updatedAt: later };
    await tw.world.restart([]);

    const r = await runCli(['sync', '--config', config], { env: tw.env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/ok\s+hubspot\.contacts: [1-9]\d* read/);
    expect(await mentions(warehouse(), person.email)).toEqual({});
  });
});
