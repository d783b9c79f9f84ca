/**
 * The nightly promise: a sync right after a sync lands nothing new and changes no
 * customer; after a day of changes at the sources, incremental streams fetch only what
 * changed and existing customers keep their ids.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyDailyChanges } from '../../../sandbox/world/index.js';
import { loadConfig } from '../../../pipeline/config/load-config.js';
import { silentLogger } from '../../../core/index.js';
import { sync, type SyncResult } from '../../../pipeline/sync.js';
import { withWarehouse } from '../../../pipeline/warehouse/warehouse.js';
import { startTestWorld, type TestWorld } from '../../helpers/world.js';
import { rawCounts, warehouseOf } from './helpers.js';

let tw: TestWorld;
let configPath: string;
beforeAll(async () => {
  tw = await startTestWorld({ people: 250 });
  configPath = tw.writeConfig();
});
afterAll(async () => tw?.close());

const run = async (): Promise<SyncResult> => {
  const result = await sync({ config: loadConfig(configPath, { env: tw.env }), log: silentLogger() });
  expect(result.status, result.error).toBe('success');
  return result;
};
const customerIds = () =>
  withWarehouse(warehouseOf(configPath), async (wh) => new Set((await wh.all('select customer_id from main.customers')).map((r) => String(r.customer_id))), { readOnly: true });
const stream = (r: SyncResult, name: string) => r.streams.find((s) => `${s.sourceId}.${s.stream}` === name)!;

describe('incremental syncs', () => {
  it('a sync right after a sync lands nothing and keeps every customer id', async () => {
    const first = await run();
    const counts = await rawCounts(warehouseOf(configPath));
    const ids = await customerIds();
    expect(ids.size).toBeGreaterThan(100);

    const second = await run();
    expect(second.streams.reduce((n, s) => n + s.rowsInserted, 0)).toBe(0);
    // Incremental streams re-read at most their boundary records; full-refresh ones are re-read and deduplicated.
    expect(stream(second, 'hubspot.contacts').rowsRead).toBeLessThanOrEqual(2);
    expect(stream(second, 'web.events').rowsRead).toBe(0);
    expect(stream(second, 'mailchimp.members').rowsRead).toBeLessThanOrEqual(2);
    expect(await rawCounts(warehouseOf(configPath))).toEqual(counts);
    expect(await customerIds()).toEqual(ids);
    expect(first.publish?.tables.find((t) => t.name === 'customers')?.rows).toBe(ids.size);
  });

  it('after a day of changes, incremental streams fetch only the changed records', async () => {
    const before = await customerIds();
    const nextDay = new Date(Date.parse(tw.population.asOf) + 86_400_000).toISOString();
    const eventsBefore = tw.population.web.events.length;
    const changes = applyDailyChanges(tw.population, { seed: 99, at: nextDay });
    await tw.world.restart(tw.population.web.events.slice(eventsBefore));

    const third = await run();
    const contacts = stream(third, 'hubspot.contacts');
    expect(contacts.rowsRead).toBeGreaterThan(0);
    expect(contacts.rowsRead).toBeLessThan(tw.population.hubspot.contacts.length * 0.1);
    expect(stream(third, 'web.events').rowsRead).toBe(tw.population.web.events.length - eventsBefore);
    expect(changes).toBeDefined();
    // Existing customers keep their ids (a merge keeps the older one; nobody is renamed).
    const after = await customerIds();
    const kept = [...before].filter((id) => after.has(id)).length;
    expect(kept / before.size).toBeGreaterThan(0.98);
  });
});
