/**
 * Bad data at a source never stops the run and is never silently lost: a line that is
 * not JSON is skipped with a warning naming file and line, a record failing the stream's
 * schema is quarantined (kept, counted), and a field nobody declared becomes a new
 * raw column (schema drift) while the models keep building.
 */
import { appendFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { withWarehouse } from '../../../pipeline/warehouse/warehouse.js';
import { runCli, tempDir, type TempDir } from '../../helpers/workspace.js';

let dir: TempDir;
afterEach(() => dir?.remove());

const event = (i: number, extra: Record<string, unknown> = {}) => ({
  type: 'page',
  messageId: `m-${i}`,
  anonymousId: `anon-${i % 3}`,
  userId: null,
  timestamp: `2026-10-0${1 + (i % 5)}T10:00:00.000Z`,
  name: 'Home',
  context: { ip: '203.0.113.9', page: { url: 'https://example.test/', path: '/', referrer: '', title: 'Home' } },
  ...extra,
});

describe('malformed records and schema drift through sync', () => {
  it('skips broken lines, quarantines invalid records, adds drifted columns, and still builds', async () => {
    dir = tempDir();
    const events = join(dir.path, 'events');
    mkdirSync(events);
    const file = join(events, 'events-2026-10-01.jsonl');
    writeFileSync(file, [1, 2, 3].map((i) => JSON.stringify(event(i))).join('\n') + '\n');
    const config = join(dir.path, 'tributary.yml');
    writeFileSync(config, `version: 1\nsources:\n  web:\n    type: web-events\n    path: events\n`);

    expect((await runCli(['sync', '--config', config])).code).toBe(0);

    appendFileSync(
      file,
      [
        JSON.stringify(event(4, { context: { ip: '203.0.113.9', locale: 'de-DE', page: { url: 'https://example.test/de', path: '/de', referrer: '', title: 'Start' } } })),
        '{"type": "page", "messageId": "m-5", "timestamp": ', // cut off mid-record
        JSON.stringify(event(6, { timestamp: 1760000000 })), // timestamp must be a string
        JSON.stringify(event(7)),
      ].join('\n') + '\n',
    );
    const second = await runCli(['sync', '--config', config, '--format', 'json']);
    expect(second.code, second.stderr).toBe(0);
    const result = JSON.parse(second.stdout) as { streams: { read: number; inserted: number; quarantined: number }[] };
    expect(result.streams[0]).toMatchObject({ inserted: 2, quarantined: 1 });
    expect(second.stderr).toMatch(/1 quarantined/);

    const log = readFileSync(join(dir.path, 'logs', 'tributary.log'), 'utf8');
    expect(log).toMatch(/events-2026-10-01\.jsonl/);
    expect(log).toMatch(/"line":5/);

    await withWarehouse(
      join(dir.path, 'warehouse.duckdb'),
      async (wh) => {
        expect(await wh.all(`select message_id, context__locale from raw.web_events where context__locale is not null`)).toEqual([
          { message_id: 'm-4', context__locale: 'de-DE' },
        ]);
        const [q] = await wh.all(`select stream, error, record->>'messageId' as id from _tributary.quarantine`);
        expect(q).toMatchObject({ stream: 'events', id: 'm-6' });
        expect(String(q!.error)).toMatch(/^timestamp: /);
        expect(await wh.all(`select count(*)::int as n from raw.web_events`)).toEqual([{ n: 5 }]);
      },
      { readOnly: true },
    );
  });
});

describe('stage files a killed run left behind', () => {
  it('are removed by the next sync: they hold raw records', async () => {
    dir = tempDir();
    mkdirSync(join(dir.path, 'events'));
    writeFileSync(join(dir.path, 'events', 'events-2026-10-01.jsonl'), `${JSON.stringify(event(1))}\n`);
    const config = join(dir.path, 'tributary.yml');
    writeFileSync(config, `version: 1\nsources:\n  web:\n    type: web-events\n    path: events\n`);
    // what a SIGKILL in the middle of a landing leaves beside the warehouse
    const stale = join(dir.path, '.tributary-stage-0b5e3b1c-2f4d-4c1e-9a7b-3d2f1e0c9b8a.ndjson');
    writeFileSync(stale, '{"h":"x","d":false,"0":"alice@example.com"}\n');
    const r = await runCli(['sync', '--config', config, '--extract-only']);
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(dir.path).filter((f) => f.startsWith('.tributary-stage-'))).toEqual([]);
    expect(readFileSync(join(dir.path, 'logs', 'tributary.log'), 'utf8')).toMatch(/removed stage files a killed run left behind/);
  });
});
