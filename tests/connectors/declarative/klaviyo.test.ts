/**
 * Klaviyo shipped as a YAML definition (sandbox/klaviyo/klaviyo.yaml) against its
 * JSON:API mock, through the CLI: `links.next` paging, the revision header, a 429 with
 * Retry-After retried, nested `attributes.*` fields landed as columns with their PII
 * tags, and the profiles' incremental filter on the second run.
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKlaviyoMock, type KlaviyoMock } from '../../../sandbox/klaviyo/server.js';
import { withWarehouse } from '../../../pipeline/warehouse/warehouse.js';
import { REPO_ROOT, runCli, tempDir, type TempDir } from '../../helpers/workspace.js';

const KEY = 'pk_test_3b8f0c2e9a71d4';
let mock: KlaviyoMock;
let dir: TempDir;
let config: string;

beforeAll(async () => {
  mock = await startKlaviyoMock({ apiKey: KEY, profiles: 130 });
  dir = tempDir('tributary-klaviyo-');
  mkdirSync(join(dir.path, 'connectors'));
  copyFileSync(join(REPO_ROOT, 'connectors/declarative/shipped/klaviyo.yaml'), join(dir.path, 'connectors', 'klaviyo.yaml'));
  config = dir.file('tributary.yml', `version: 1\nsources:\n  klaviyo:\n    type: klaviyo\n    api_key: \${KLAVIYO_API_KEY}\n    base_url: ${mock.url}\n`);
}, 30_000);
afterAll(async () => {
  await mock?.close();
  dir?.remove();
});

describe('Klaviyo as a YAML connector', () => {
  it('pages through links.next, survives a 429, lands attributes with PII tags, then reads only newer profiles', async () => {
    mock.server.faults.inject({ kind: 'rate_limit', times: 1, path: '/api/profiles', after: 1, retryAfterSeconds: 1 });
    const r = await runCli(['sync', '--config', config, '--extract-only', '--format', 'json'], { env: { KLAVIYO_API_KEY: KEY } });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout + r.stderr).not.toContain(KEY);
    const streams = (JSON.parse(r.stdout) as { streams: { stream: string; read: number; retries: number }[] }).streams;
    const by = Object.fromEntries(streams.map((s) => [s.stream, s]));
    expect(by.profiles!.read).toBe(130);
    expect(by.lists!.read).toBe(1);
    expect(by.campaigns!.read).toBe(1);
    expect(by.events!.read).toBe(259);
    // 130 profiles at 100 a page: 2 pages, plus the throttled attempt.
    expect(mock.server.requests.filter((q) => q.path === '/api/profiles/').map((q) => q.status)).toEqual([200, 429, 200]);

    const { tags, email } = await withWarehouse(
      join(dir.path, 'warehouse.duckdb'),
      async (wh) => ({
        tags: Object.fromEntries((await wh.all(`select field_path, pii_tag from _tributary.raw_columns where table_name = 'klaviyo_profiles' and pii_tag is not null`)).map((x) => [x.field_path, x.pii_tag])),
        email: (await wh.all(`select count(*) as n from raw.klaviyo_profiles where attributes__email like '%@klaviyo-example.com'`))[0]!.n,
      }),
      { readOnly: true },
    );
    expect(tags).toMatchObject({ 'attributes.email': 'email', 'attributes.phone_number': 'phone', 'attributes.first_name': 'name' });
    expect(Number(email)).toBe(130);

    const before = mock.server.requests.length;
    const again = await runCli(['sync', '--config', config, '--extract-only', '--source', 'klaviyo', '--format', 'json'], { env: { KLAVIYO_API_KEY: KEY } });
    expect(again.code, again.stderr).toBe(0);
    const profileRequest = mock.server.requests.slice(before).find((q) => q.path === '/api/profiles/')!;
    const last = Date.parse(mock.profiles.at(-1)!.updated);
    expect(new URLSearchParams(profileRequest.query).get('filter')).toBe(`greater-than(updated,${new Date(last - 600_000).toISOString()})`);
  });
});
