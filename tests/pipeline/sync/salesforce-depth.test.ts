/**
 * Salesforce at depth, through the CLI, on one org and one workspace synced in turn:
 * a queryMore locator that expires mid-stream (INVALID_QUERY_LOCATOR) restarts the
 * query from the cursor, and every record is in raw exactly once; a record purged past
 * the recycle bin (invisible to queryAll) becomes a tombstone through getDeleted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSalesforceFixtures, deleteRecord, purgeRecord, type SalesforceFixtures } from '../../../sandbox/salesforce/fixtures.js';
import { startSalesforceMock, type SalesforceMock } from '../../../sandbox/salesforce/server.js';
import { withWarehouse } from '../../../pipeline/warehouse/warehouse.js';
import { runCli, tempDir, type TempDir } from '../../helpers/workspace.js';
import { rawCounts, warehouseOf } from './helpers.js';

const TOKEN = '00D8d0000000001!AQdepthTestToken.7c1d';
const SIZES = { contacts: 900, leads: 20, accounts: 6, opportunities: 10, campaigns: 3 };

let dir: TempDir;
let mock: SalesforceMock;
let fixtures: SalesforceFixtures;
let config: string;

beforeAll(async () => {
  dir = tempDir('tributary-sf-depth-');
  fixtures = buildSalesforceFixtures({ seed: 13, ...SIZES });
  mock = await startSalesforceMock({ fixtures, accessToken: TOKEN });
  config = dir.file(
    'tributary.yml',
    `version: 1
log_level: debug
sync:
  retries:
    max_attempts: 2
    base_delay_ms: 5
sources:
  crm:
    type: salesforce
    instance_url: ${mock.url}
    access_token: \${SF_TOKEN}
    page_size: 200
`,
  );
});
afterAll(async () => {
  await mock?.close();
  dir?.remove();
});

const sync = () => runCli(['sync', '--config', config, '--extract-only'], { env: { SF_TOKEN: TOKEN } });

describe('salesforce at depth through the CLI', () => {
  it('an expired queryMore locator restarts the query from the cursor: nothing lost, nothing twice', async () => {
    // Two pages of contacts, then the org drops the cursor (15 minutes unused).
    mock.expireQueryLocatorsAfter(1);
    const first = await sync();
    expect(first.code, first.stderr).toBe(0);
    const invalid = mock.requests.filter((r) => r.status === 400);
    expect(invalid).toHaveLength(1);
    expect(invalid[0]!.path).toMatch(/\/query(All)?\/01g/);
    // The record of the cursor's second is read again, and found already landed.
    expect(first.stderr).toMatch(/ok\s+crm\.contacts: 901 read, 900 new/);
    const counts = await rawCounts(warehouseOf(config));
    expect(counts.salesforce_contacts).toEqual({ rows: 900, distinct: 900 });

  });

  it('a record purged past the recycle bin becomes a tombstone through getDeleted; one still in the bin is a tombstone once', async () => {
    // Deleted a few minutes ago (getDeleted keeps 30 days): one emptied out of the bin, one still in it.
    const at = new Date(Date.now() - 3 * 60_000).toISOString();
    const [purged, binned] = [fixtures.ids.Contact[10]!, fixtures.ids.Contact[11]!];
    deleteRecord(fixtures, 'Contact', purged, at);
    purgeRecord(fixtures, 'Contact', purged);
    deleteRecord(fixtures, 'Contact', binned, at);
    const before = mock.requests.length;
    const run = await sync();
    expect(run.code, run.stderr).toBe(0);
    expect(mock.requests.slice(before).filter((r) => r.path.endsWith('/sobjects/Contact/deleted'))).toHaveLength(1);
    const tombstones = await withWarehouse(
      warehouseOf(config),
      (wh) => wh.all(`select id, email from raw.salesforce_contacts where _deleted order by id`),
      { readOnly: true },
    );
    expect(tombstones).toEqual([{ id: purged, email: null }, { id: binned, email: null }]);
    expect((await rawCounts(warehouseOf(config))).salesforce_contacts).toEqual({ rows: 902, distinct: 902 });
    // The next run's window starts where Salesforce's coverage ended: nothing listed twice.
    const again = await sync();
    expect(again.code, again.stderr).toBe(0);
    expect((await rawCounts(warehouseOf(config))).salesforce_contacts).toEqual({ rows: 902, distinct: 902 });
  });
});
