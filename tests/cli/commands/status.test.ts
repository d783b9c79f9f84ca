/**
 * `tributary status` as a health check and a stale-source alarm: per source its last
 * successful sync, the interval it is expected within and whether it is fresh; exit 1
 * when any source is stale; with --alert, the webhook of `alerts:` (a loopback receiver
 * here) hears about a source that turned stale once per staleness episode, not at every
 * check.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir, type TempDir } from '../../helpers/workspace.js';

let dir: TempDir;
let http: Server;
let config: string;
const hooks: { path: string; body: Record<string, unknown> }[] = [];

beforeAll(async () => {
  http = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += String(d)));
    req.on('end', () => {
      hooks.push({ path: req.url ?? '', body: JSON.parse(body) as Record<string, unknown> });
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  dir = tempDir();
  mkdirSync(join(dir.path, 'events'));
  writeFileSync(join(dir.path, 'events', 'day1.jsonl'), `${JSON.stringify({ type: 'page', messageId: 'm1', anonymousId: 'a1', timestamp: '2026-11-30T10:00:00Z', properties: { url: 'https://example.com/' } })}\n`);
  mkdirSync(join(dir.path, 'drops'));
  writeFileSync(join(dir.path, 'drops', 'leads.csv'), 'id,score\n1,5\n');
  config = dir.file(
    'tributary.yml',
    `version: 1
freshness:
  warn_after: 26h                 # every source's default
alerts:
  webhooks:
    - url: http://127.0.0.1:${(http.address() as AddressInfo).port}/stale
  retry_delay_ms: 10
sources:
  web:
    type: web-events
    path: events
  agency:                         # never synced: stale from the start
    type: files
    freshness: { warn_after: 2h }
    tables:
      leads: { path: drops/leads.csv, columns: { id: integer, score: integer } }
`,
  );
  const synced = await runCli(['sync', '--config', config, '--source', 'web', '--extract-only']);
  expect(synced.code, synced.stderr).toBe(0);
}, 60_000);
afterAll(async () => {
  await new Promise((r) => http?.close(r));
  dir?.remove();
});

describe('tributary status', () => {
  it('lists each source fresh or stale with its last sync and expected interval, and exits 1 when one is stale', async () => {
    const r = await runCli(['status', '--config', config, '--format', 'json']);
    expect(r.code, r.stderr).toBe(1);
    const rows = JSON.parse(r.stdout) as Record<string, unknown>[];
    expect(rows).toEqual([
      { source: 'web', status: 'fresh', last_success: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), age_seconds: expect.any(Number), expected_seconds: 26 * 3600, expected_from: 'freshness.warn_after' },
      { source: 'agency', status: 'stale', last_success: null, age_seconds: null, expected_seconds: 2 * 3600, expected_from: 'freshness.warn_after' },
    ]);
    expect(r.stderr).toMatch(/^stale: agency \(never synced\)$/m);
    expect(hooks).toEqual([]); // without --alert, a check alerts nobody
  }, 30_000);

  it('--alert: the webhook hears once that a source turned stale, not at every check of the same episode', async () => {
    const first = await runCli(['status', '--config', config, '--alert']);
    expect(first.code).toBe(1);
    expect(first.stderr).toMatch(/alert sent \(webhook 127\.0\.0\.1:\d+\)/);
    expect(hooks).toHaveLength(1);
    expect(hooks[0]!.body).toMatchObject({
      event: 'source_stale',
      sources: [{ source: 'agency', last_success: null, expected_seconds: 7200, expected_from: 'freshness.warn_after' }],
    });
    const again = await runCli(['status', '--config', config, '--alert']);
    expect(again.code).toBe(1);
    expect(again.stderr).not.toMatch(/alert sent/);
    expect(hooks).toHaveLength(1);
  }, 30_000);
});
