/**
 * One contact's email changes at the source and the next sync merges exactly those two
 * customers: the id given out first survives, every other customer keeps its id, and the
 * change is a row of identity_history in analytics.duckdb — driven through the CLI as a
 * user would.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withWarehouse } from '../../../pipeline/warehouse/warehouse.js';
import { updateContact, type HubspotFixtures } from '../../../sandbox/hubspot/fixtures.js';
import { startHubspotWorkspace, type HubspotWorkspace } from '../../helpers/hubspot-workspace.js';
import { runCli } from '../../helpers/workspace.js';

let ws: HubspotWorkspace;
let fixtures: HubspotFixtures;
/** Two contacts of different customers, the first created earlier. */
let older: { id: string; email: string };
let newer: { id: string; email: string };
let before: Map<string, string>;
let after: Map<string, string>;

const sync = async () => {
  const r = await runCli(['sync', '--config', ws.config], { env: ws.env });
  expect(r.code, r.stderr).toBe(0);
};
const query = async (sql: string) => {
  const r = await runCli(['query', '--config', ws.config, '--format', 'json', sql], { env: ws.env });
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Record<string, unknown>[];
};
/** Read from the warehouse directly (the syncs are what is under test). */
const inWarehouse = (sql: string) =>
  withWarehouse(join(ws.dir.path, 'warehouse.duckdb'), (db) => db.all(sql), { readOnly: true });
/** identity_key → customer_id. */
const customerIds = async () =>
  new Map((await inWarehouse('select identity_key, customer_id from main.customer_identities')).map((r) => [String(r.identity_key), String(r.customer_id)]));
const keyOf = (id: string) => `hubspot:contacts:hubspot:${id}`;

beforeAll(async () => {
  ws = await startHubspotWorkspace({ edit: (f) => (fixtures = f) });
  const contacts = [...fixtures.objects.contacts.values()]
    .filter((c) => !c.archived && c.properties.email)
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  await sync();
  before = await customerIds();
  // Two contacts that are different customers today.
  const [a, b] = contacts.filter((c, i, all) => all.findIndex((o) => before.get(keyOf(o.id)) === before.get(keyOf(c.id))) === i);
  older = { id: a!.id, email: a!.properties.email! };
  newer = { id: b!.id, email: b!.properties.email! };
  updateContact(fixtures, newer.id, { email: older.email }, new Date(Date.now() - 60_000).toISOString());
  await sync();
  after = await customerIds();
}, 120_000);
afterAll(async () => ws?.close());

describe('a changed email on the next sync', () => {
  it('merges the two customers under the id given out first (the earlier-identified contact\'s)', () => {
    expect(before.get(keyOf(older.id))).not.toBe(before.get(keyOf(newer.id)));
    expect(after.get(keyOf(newer.id))).toBe(before.get(keyOf(older.id)));
    expect(after.get(keyOf(older.id))).toBe(before.get(keyOf(older.id)));
  });

  it('leaves every other customer_id as it was', () => {
    const others = [...before].filter(([k]) => k !== keyOf(newer.id));
    expect(others.length).toBeGreaterThan(10);
    for (const [k, id] of others) expect(after.get(k), k).toBe(id);
  });

  it('records the merge in identity_history, and publishes it', async () => {
    const merges = await inWarehouse(`select old_customer_id, new_customer_id, reason, identity_keys from main.identity_history where reason <> 'new'`);
    expect(merges).toEqual([{ old_customer_id: before.get(keyOf(newer.id)), new_customer_id: before.get(keyOf(older.id)), reason: 'merge', identity_keys: [keyOf(newer.id)] }]);
    const [created] = await inWarehouse(`select count(*) as n from main.identity_history where reason = 'new'`);
    expect(Number(created!.n)).toBe(new Set(before.values()).size);
    // analysts see the same rows, the ids under the workspace's key
    const published = await query(`select reason, count(*) as n from identity_history group by reason order by reason`);
    expect(published.map((r) => [r.reason, Number(r.n)])).toEqual([['merge', 1], ['new', new Set(before.values()).size]]);
  });
});
