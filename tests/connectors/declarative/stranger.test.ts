/**
 * The "stranger test": a fourth API (Orbit, sandbox/orbit) added with nothing but a
 * YAML file written from README.md's reference — OAuth2 client credentials and cursor
 * paging — synced through the CLI into a models project of the user's own: records
 * land, lineage reaches `orbit.contacts.email`, personal fields are masked in
 * analytics.duckdb, and a second sync reads only what changed.
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOrbitMock, type OrbitMock } from '../../../sandbox/orbit/server.js';
import { withWarehouse } from '../../../pipeline/warehouse/warehouse.js';
import { REPO_ROOT, runCli, tempDir, type CliResult, type TempDir } from '../../helpers/workspace.js';

const SECRET = 'orbit-client-secret-7f3a91';
let mock: OrbitMock;
let dir: TempDir;
let config: string;
let first: CliResult;

beforeAll(async () => {
  mock = await startOrbitMock({ clientId: 'orbit-client', clientSecret: SECRET, contacts: 23, webinars: 3 });
  dir = tempDir('tributary-orbit-');
  mkdirSync(join(dir.path, 'connectors'));
  copyFileSync(join(REPO_ROOT, 'sandbox/orbit/orbit.yaml'), join(dir.path, 'connectors', 'orbit.yaml'));
  // The user's own models project: one published model over the new raw table.
  mkdirSync(join(dir.path, 'models', 'models'), { recursive: true });
  dir.file('models/dbt_project.yml', "name: orbit_models\nversion: '1.0'\nconfig-version: 2\nmodel-paths: ['models']\nmodels:\n  orbit_models:\n    +materialized: table\n");
  dir.file(
    'models/models/webinar_people.sql',
    'select id as contact_id, email, first_name, company, updated_at from raw.orbit_contacts qualify row_number() over (partition by id order by _extracted_at desc) = 1\n',
  );
  dir.file('models/models/schema.yml', 'version: 2\nmodels:\n  - name: webinar_people\n    meta: { publish: true }\n');
  dir.file('.env', `ORBIT_CLIENT_ID=orbit-client\nORBIT_CLIENT_SECRET=${SECRET}\n`);
  config = dir.file(
    'tributary.yml',
    `version: 1\nmodels: models\nsync:\n  retries: { max_attempts: 2, base_delay_ms: 5 }\nsources:\n  orbit:\n    type: orbit\n    client_id: \${ORBIT_CLIENT_ID}\n    client_secret: \${ORBIT_CLIENT_SECRET}\n    base_url: ${mock.url}\n    start_date: '2025-06-01'\n`,
  );
  first = await runCli(['sync', '--config', config, '--format', 'json']);
}, 120_000);

afterAll(async () => {
  await mock?.close();
  dir?.remove();
});

describe('a REST API added as a YAML file', () => {
  it('syncs every stream through OAuth2 and cursor paging, the child stream once per webinar', async () => {
    expect(first.code, first.stderr).toBe(0);
    const counts = await withWarehouse(
      join(dir.path, 'warehouse.duckdb'),
      async (wh) => {
        const n = async (t: string) => Number((await wh.all(`select count(distinct ${t === 'attendees' ? 'registration_id' : 'id'}) as n from raw.orbit_${t}`))[0]!.n);
        return { contacts: await n('contacts'), webinars: await n('webinars'), attendees: await n('attendees') };
      },
      { readOnly: true },
    );
    const attendees = mock.webinars.reduce((s, w) => s + w.attendee_ids.length, 0);
    expect(counts).toEqual({ contacts: 23, webinars: 3, attendees });
    // 23 contacts at 10 a page = 3 pages; one token for the whole run.
    expect(mock.server.count('/v1/contacts')).toBe(3);
    expect(mock.tokensIssued()).toBe(1);
    expect(first.stdout + first.stderr).not.toContain(SECRET);
  });

  it('traces the published email to the API field and masks it in analytics.duckdb', async () => {
    const lineage = await runCli(['lineage', '--config', config, 'webinar_people.email', '--format', 'json']);
    expect(lineage.code, lineage.stderr).toBe(0);
    expect(lineage.stdout).toContain('orbit.contacts.email');
    const query = await runCli(['query', '--config', config, 'select email, first_name, company from webinar_people order by contact_id limit 1', '--format', 'json']);
    expect(query.code, query.stderr).toBe(0);
    const [row] = JSON.parse(query.stdout) as { email: string; first_name: string; company: string }[];
    expect(row!.email).not.toBe(mock.contacts[0]!.email);
    expect(row!.email).toContain('***');
    expect(row!.first_name).not.toBe(mock.contacts[0]!.first_name);
    expect(row!.company).toBe(mock.contacts[0]!.company);
  });

  it('reads contacts incrementally from the saved cursor less the lookback', async () => {
    const before = mock.server.requests.length;
    const again = await runCli(['sync', '--config', config, '--extract-only', '--format', 'json']);
    expect(again.code, again.stderr).toBe(0);
    const contacts = mock.server.requests.slice(before).filter((r) => r.path === '/v1/contacts');
    expect(contacts).toHaveLength(1);
    expect(new URLSearchParams(contacts[0]!.query).get('updated_since')).toBe(new Date(Date.parse(mock.contacts.at(-1)!.updated_at) - 3_600_000).toISOString());
  });

  it('says which client credentials the token endpoint refused', async () => {
    const wrong = await runCli(['sync', '--config', config, '--extract-only'], { env: { ORBIT_CLIENT_SECRET: 'not-the-secret' } });
    expect(wrong.code).toBe(1);
    expect(wrong.stdout + wrong.stderr).toMatch(/orbit: POST \S*\/oauth\/token failed with HTTP 401 \(client authentication failed\)/);
    expect(wrong.stdout + wrong.stderr).not.toContain('not-the-secret');
  });
});
