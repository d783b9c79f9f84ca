/**
 * Some tools keep a person's activity under their own id for the person, not under the
 * email: Klaviyo's events point at the profile (`relationships.profile.data.id`). Erasing
 * the person by email must reach those rows too, through the profile's id, and only
 * within the source that issued it.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withWarehouse } from '../../pipeline/warehouse/warehouse.js';
import { demoWorkspace } from '../helpers/demo-workspace.js';
import { runCli, tempDir, type TempDir } from '../helpers/workspace.js';

let dir: TempDir;
let config: string;
let warehouse: string;

const one = async (sql: string, params: string[] = []) =>
  withWarehouse(warehouse, async (wh) => (await wh.all(sql, params))[0]!, { readOnly: true });

beforeAll(async () => {
  dir = tempDir('tributary-forget-ids-');
  const ws = await demoWorkspace(join(dir.path, 'demo'));
  config = ws.config;
  warehouse = join(ws.dir, 'warehouse.duckdb');
}, 240_000);
afterAll(() => dir?.remove());

describe('tributary forget and a source\'s own record ids', () => {
  it('erases the Klaviyo events that point at the person\'s profile, and no one else\'s', async () => {
    // A profile with an email and events of its own.
    const person = await one(
      `select id, email, events from (
         select p.id, any_value(p.attributes__email) as email,
                (select count(*) from raw.klaviyo_events e where e.relationships__profile__data__id = p.id) as events
           from raw.klaviyo_profiles p where p.attributes__email is not null group by p.id)
        order by events desc, id limit 1`,
    );
    expect(Number(person.events)).toBeGreaterThan(0);
    const before = await one('select count(*) as n from raw.klaviyo_events');

    const r = await runCli(['forget', '--config', config, '--email', String(person.email), '--yes']);
    expect(r.code, r.stderr + r.stdout).toBe(0);

    const left = await one('select count(*) as n from raw.klaviyo_events where relationships__profile__data__id = $1', [String(person.id)]);
    expect(Number(left.n)).toBe(0);
    const profiles = await one('select count(*) as n from raw.klaviyo_profiles where id = $1', [String(person.id)]);
    expect(Number(profiles.n)).toBe(0);
    // Everyone else's events stay.
    const after = await one('select count(*) as n from raw.klaviyo_events');
    expect(Number(after.n)).toBe(Number(before.n) - Number(person.events));
  });
});
