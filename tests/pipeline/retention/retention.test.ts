/**
 * Retention through sync, as a user runs it: a web-events source with `retention_days`,
 * one event no longer seen for longer than that (its `_last_seen_at` moved back, as time
 * would) and a quarantined record as old; the next sync deletes both, audits it, and the
 * incremental staging model, rebuilt, no longer holds the event.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withWarehouse } from '../../../pipeline/warehouse/warehouse.js';
import { runCli, tempDir, type TempDir } from '../../helpers/workspace.js';

const event = (id: string, day: string) => JSON.stringify({ type: 'page', messageId: id, anonymousId: `anon-${id}`, timestamp: `${day}T10:00:00Z`, properties: { url: 'https://example.com/' } });

let dir: TempDir;
let config: string;
let warehouse: string;
let second: Awaited<ReturnType<typeof runCli>>;

async function ids(table: string, column: string): Promise<string[]> {
  return withWarehouse(warehouse, async (wh) => (await wh.all(`select ${column} as id from ${table} order by 1`)).map((r) => String(r.id)), { readOnly: true });
}

beforeAll(async () => {
  dir = tempDir();
  mkdirSync(join(dir.path, 'events'));
  writeFileSync(join(dir.path, 'events', 'day1.jsonl'), `${event('m1', '2026-10-01')}\n${event('m2', '2026-10-01')}\n`);
  config = dir.file('tributary.yml', `version: 1\nsources:\n  web:\n    type: web-events\n    path: events\n    retention_days: 30\n`);
  warehouse = join(dir.path, 'warehouse.duckdb');
  const first = await runCli(['sync', '--config', config]);
  expect(first.code, first.stderr).toBe(0);
  // What 40 days without the source returning m1 would leave: its last sighting that old.
  await withWarehouse(warehouse, async (wh) => {
    await wh.run(`update raw.web_events set _last_seen_at = now() - interval 40 day, _extracted_at = now() - interval 40 day where message_id = 'm1'`);
    await wh.run(`insert into _tributary.quarantine values ('web', 'events', null, null, '{"messageId":"bad"}'::json, 'invalid', now() - interval 40 day)`);
    await wh.run(`insert into _tributary.quarantine values ('web', 'events', null, null, '{"messageId":"recent"}'::json, 'invalid', now())`);
  });
  writeFileSync(join(dir.path, 'events', 'day2.jsonl'), `${event('m3', '2026-11-20')}\n`);
  second = await runCli(['sync', '--config', config]);
  expect(second.code, second.stderr).toBe(0);
}, 180_000);
afterAll(() => dir?.remove());

describe('retention_days', () => {
  it('deletes raw rows not seen for longer, and the source’s quarantined records as old', async () => {
    expect(await ids('raw.web_events', 'message_id')).toEqual(['m2', 'm3']);
    const quarantined = await withWarehouse(warehouse, async (wh) => (await wh.all(`select record->>'messageId' as id from _tributary.quarantine`)).map((r) => String(r.id)), { readOnly: true });
    expect(quarantined).toEqual(['recent']);
    expect(second.stdout + second.stderr).toMatch(/retention: deleted 2 raw rows of web not seen for 30 days/);
  });

  it('rebuilds the models: the incremental staging model no longer holds the deleted event', async () => {
    expect(await ids('main.stg_web__events', 'event_id')).toEqual(['m2', 'm3']);
  });

  it('is in the audit log, with what it deleted', async () => {
    const r = await runCli(['audit', '--config', config, '--action', 'retention', '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const entries = JSON.parse(r.stdout) as { action: string; target: string; details: { retentionDays: number; tables: { table: string; rows: number }[]; quarantined: number } }[];
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ action: 'retention', target: 'web', details: { retentionDays: 30, quarantined: 1 } });
    expect(entries[0]!.details.tables).toContainEqual({ table: 'raw.web_events', rows: 1 });
  });

  it('rejects a retention that is not a whole number of days', async () => {
    const bad = dir.file('bad.yml', `version: 1\nsources:\n  web:\n    type: web-events\n    path: events\n    retention_days: 0.5\n`);
    const r = await runCli(['sync', '--config', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/retention_days/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
