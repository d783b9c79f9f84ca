/**
 * A record without its primary key cannot be landed: `String(null)` used to turn a
 * HubSpot contact with `"id": null` into id "null", and every such contact into a version
 * of one record (which `forget` then deleted together). Through the CLI against the
 * HubSpot mock: keyless contacts are quarantined with a reason, the rest land.
 * The landing's own check (any field of a composite key, nested paths, tombstones) is
 * covered below it on a raw table.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { silentLogger, type Stream } from '../../../connectors/sdk/index.js';
import { RawTable } from '../../../pipeline/land/raw-table.js';
import { Warehouse, withWarehouse } from '../../../pipeline/warehouse/warehouse.js';
import { addObject, emptyHubspotFixtures, type StoredObject } from '../../../sandbox/hubspot/fixtures.js';
import { startHubspotMock } from '../../../sandbox/hubspot/server.js';
import type { MockServer } from '../../../sandbox/kit/mock-server.js';
import { runCli, tempDir, type TempDir } from '../../helpers/workspace.js';

const TOKEN = 'pat-test-primary-key';

let dir: TempDir | undefined;
let mock: MockServer | undefined;
let wh: Warehouse | undefined;
afterEach(async () => {
  wh?.close();
  wh = undefined;
  await mock?.close();
  mock = undefined;
  dir?.remove();
  dir = undefined;
});

describe('records without a primary key', () => {
  it('a HubSpot contact with "id": null is quarantined with a reason, never landed as id "null"', async () => {
    const fixtures = emptyHubspotFixtures();
    addObject(fixtures, 'contacts', '101', '2026-10-01T09:00:00Z', '2026-10-01T09:00:00Z', { email: 'ada@example.com', firstname: 'Ada' });
    addObject(fixtures, 'contacts', '102', '2026-10-01T10:00:00Z', '2026-10-01T10:00:00Z', { email: 'bob@example.com', firstname: 'Bob' });
    // Two contacts the API sends without an id: before, both became versions of record "null".
    for (const [key, email, at] of [['x1', 'carol@example.com', '2026-10-01T11:00:00Z'], ['x2', 'dan@example.com', '2026-10-01T12:00:00Z']] as const) {
      const obj = addObject(fixtures, 'contacts', key, at, at, { email, firstname: 'NoId' });
      fixtures.objects.contacts.set(key, { ...obj, id: null } as unknown as StoredObject);
    }
    mock = await startHubspotMock({ fixtures, accessToken: TOKEN });
    dir = tempDir();
    const config = dir.file(
      'tributary.yml',
      `version: 1\nsources:\n  hubspot:\n    type: hubspot\n    access_token: ${TOKEN}\n    base_url: ${mock.url}\n    start_date: 2026-09-01\n    search_requests_per_second: 50\n    streams: [contacts]\n`,
    );
    const result = await runCli(['sync', '--config', config, '--extract-only', '--format', 'json']);
    expect(result.code, result.stderr).toBe(0);
    const [stream] = (JSON.parse(result.stdout) as { streams: { read: number; inserted: number; quarantined: number }[] }).streams;
    expect(stream).toMatchObject({ read: 4, inserted: 2, quarantined: 2 });

    await withWarehouse(
      join(dir.path, 'warehouse.duckdb'),
      async (w) => {
        expect(await w.all(`select id from raw.hubspot_contacts order by id`)).toEqual([{ id: '101' }, { id: '102' }]);
        const quarantined = await w.all(`select stream, error, record->>'$.properties.email' as email from _tributary.quarantine order by email`);
        expect(quarantined).toHaveLength(2);
        for (const q of quarantined) {
          expect(q.stream).toBe('contacts');
          expect(q.error).toBe('primary key id is null');
        }
        expect(quarantined.map((q) => q.email)).toEqual(['carol@example.com', 'dan@example.com']);
      },
      { readOnly: true },
    );
  });

  it('the landing quarantines a record or tombstone missing any field of its key, nested paths included', async () => {
    const stream: Stream = {
      name: 'members',
      description: 'test members',
      primaryKey: ['list.id', 'id'],
      schema: z.looseObject({}),
      pii: {},
      async *read() {},
    };
    dir = tempDir();
    wh = await Warehouse.open(`${dir.path}/wh.duckdb`);
    const table = await RawTable.open(wh, { sourceId: 'mc', connectorType: 'mailchimp', tablePrefix: 'mailchimp', stream }, silentLogger());
    const landed = await table.land(
      {
        records: [
          { list: { id: 'L1' }, id: 'a' },
          { list: { id: null }, id: 'b' },
          { list: {}, id: 'c' },
          { id: 'd' },
          { list: { id: 'L1' }, id: '  ' },
        ],
        deleted: [{ list: { id: 'L1' }, id: null }],
        state: {},
      },
      { runId: 'run_1', extractedAt: new Date(), quarantine: [] },
    );
    expect(landed).toMatchObject({ inserted: 1, deleted: 0, quarantined: 5 });
    expect(await wh.all(`select error from _tributary.quarantine order by error`)).toEqual([
      { error: 'primary key id is empty' },
      { error: 'primary key list.id is missing' },
      { error: 'primary key list.id is missing' },
      { error: 'primary key list.id is null' },
      { error: 'tombstone: primary key id is null' },
    ]);
  });
});
