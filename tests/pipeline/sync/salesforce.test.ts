/**
 * Salesforce end to end through the CLI: a tributary.yml with `type: salesforce` (OAuth2
 * refresh flow against the mock's login_url), `sync --extract-only` in a child process,
 * the raw tables checked, then a re-run that lands nothing new and a run after changes
 * at the source that lands only them (with a deletion as a tombstone).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSalesforceFixtures, deleteRecord, updateRecord, type SalesforceFixtures } from '../../../sandbox/salesforce/fixtures.js';
import { startSalesforceMock, type SalesforceMock } from '../../../sandbox/salesforce/server.js';
import { withWarehouse } from '../../../pipeline/warehouse/warehouse.js';
import { runCli, tempDir, type TempDir } from '../../helpers/workspace.js';
import { rawCounts, warehouseOf } from './helpers.js';

const ENV = {
  SF_CLIENT_ID: '3MVG9e2eConsumerKey.abcdef',
  SF_CLIENT_SECRET: 'e2e-sf-client-secret-5f3a9c',
  SF_REFRESH_TOKEN: '5Aep861e2eRefreshToken.77d1',
};

let dir: TempDir;
let mock: SalesforceMock;
let fixtures: SalesforceFixtures;
let config: string;

beforeAll(async () => {
  dir = tempDir('tributary-salesforce-');
  fixtures = buildSalesforceFixtures({ seed: 11, contacts: 450, leads: 30, accounts: 12, opportunities: 25, campaigns: 4 });
  mock = await startSalesforceMock({
    fixtures,
    oauth: { clientId: ENV.SF_CLIENT_ID, clientSecret: ENV.SF_CLIENT_SECRET, refreshToken: ENV.SF_REFRESH_TOKEN },
  });
  config = dir.file(
    'tributary.yml',
    `version: 1
log_level: debug
sync:
  batch_size: 500
  retries:
    max_attempts: 3
    base_delay_ms: 5
sources:
  crm:
    type: salesforce
    login_url: ${mock.url}
    client_id: \${SF_CLIENT_ID}
    client_secret: \${SF_CLIENT_SECRET}
    refresh_token: \${SF_REFRESH_TOKEN}
    page_size: 200
`,
  );
});
afterAll(async () => {
  await mock?.close();
  dir?.remove();
});

const sync = () => runCli(['sync', '--config', config, '--extract-only'], { env: ENV });

describe('salesforce through the CLI', () => {
  it('extracts every stream into raw.salesforce_*, and a re-run lands nothing new', async () => {
    const first = await sync();
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout + first.stderr).toMatch(/crm\.contacts/);
    const counts = await rawCounts(warehouseOf(config));
    expect(counts).toMatchObject({
      salesforce_contacts: { rows: 450, distinct: 450 },
      salesforce_leads: { rows: 30, distinct: 30 },
      salesforce_accounts: { rows: 12, distinct: 12 },
      salesforce_opportunities: { rows: 25, distinct: 25 },
      salesforce_campaigns: { rows: 4, distinct: 4 },
      // one primary contact role per opportunity; every third contact and every second lead on a campaign
      salesforce_opportunity_contact_roles: { rows: 25, distinct: 25 },
      salesforce_campaign_members: { rows: 165, distinct: 165 },
    });
    const [row] = await withWarehouse(
      warehouseOf(config),
      (wh) => wh.all(`select id, email, system_modstamp, is_deleted, _source_id, _deleted from raw.salesforce_contacts order by id limit 1`),
      { readOnly: true },
    );
    expect(row).toMatchObject({ id: '0038d0000000001AAA', system_modstamp: '2026-10-01T00:00:00.000+0000', is_deleted: false, _source_id: 'crm', _deleted: false });

    const second = await sync();
    expect(second.code, second.stderr).toBe(0);
    expect(await rawCounts(warehouseOf(config))).toEqual(counts);
    // Each run is its own session: one token request per run, never a refresh loop.
    expect(mock.tokensIssued).toBe(2);
  });

  it('after changes at the source, lands only them, deletions as tombstones; no secret written anywhere', async () => {
    const before = await rawCounts(warehouseOf(config));
    updateRecord(fixtures, 'Contact', fixtures.ids.Contact[5]!, { LeadSource: 'Web' }, '2026-11-01T08:00:00Z');
    deleteRecord(fixtures, 'Lead', fixtures.ids.Lead[2]!, '2026-11-01T08:05:00Z');
    const third = await sync();
    expect(third.code, third.stderr).toBe(0);
    const after = await rawCounts(warehouseOf(config));
    expect(after.salesforce_contacts!.rows).toBe(before.salesforce_contacts!.rows + 1);
    expect(after.salesforce_leads!.rows).toBe(before.salesforce_leads!.rows + 1);
    expect(after.salesforce_accounts).toEqual(before.salesforce_accounts);
    const tombstones = await withWarehouse(
      warehouseOf(config),
      (wh) => wh.all(`select id, email from raw.salesforce_leads where _deleted`),
      { readOnly: true },
    );
    expect(tombstones).toEqual([{ id: fixtures.ids.Lead[2]!, email: null }]);

    const log = readFileSync(join(dir.path, 'logs', 'tributary.log'), 'utf8');
    const written = [third.stdout, third.stderr, log, readFileSync(join(dir.path, 'tributary.db')).toString('latin1')].join('\n');
    for (const secret of Object.values(ENV)) expect(written).not.toContain(secret);
  });
});
