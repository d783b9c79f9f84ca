/**
 * Salesforce at depth, through the CLI, on one org and one workspace synced in turn:
 * a queryMore locator that expires mid-stream (INVALID_QUERY_LOCATOR) restarts the
 * query from the cursor, and every record is in raw exactly once; a record purged past
 * the recycle bin (invisible to queryAll) becomes a tombstone through getDeleted; a query
 * above `bulk_threshold` runs as a Bulk API 2.0 job whose records are the REST ones, byte
 * for byte.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSalesforceFixtures, deleteRecord, purgeRecord, type SalesforceFixtures } from '../../../sandbox/salesforce/fixtures.js';
import { startSalesforceMock, type SalesforceMock } from '../../../sandbox/salesforce/server.js';
import { withWarehouse } from '../../../pipeline/warehouse/warehouse.js';
import { runCli, tempDir, type TempDir } from '../../helpers/workspace.js';
import { rawCounts, salesforceYml, warehouseOf } from './helpers.js';

const TOKEN = 'test-only-salesforce-depth-token-7c1d';
const SIZES = { contacts: 900, leads: 20, accounts: 6, opportunities: 10, campaigns: 3 };

let dir: TempDir;
let mock: SalesforceMock;
let fixtures: SalesforceFixtures;
let config: string;

beforeAll(async () => {
  dir = tempDir('tributary-sf-depth-');
  fixtures = buildSalesforceFixtures({ seed: 13, ...SIZES });
  mock = await startSalesforceMock({ fixtures, accessToken: TOKEN });
  config = dir.file('tributary.yml', salesforceYml(mock.url, { pageSize: 200, logLevel: 'debug' }));
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

  it('above bulk_threshold a Bulk API 2.0 job reads the records (polled, CSV paged by Sforce-Locator), the same records as REST', async () => {
    mkdirSync(join(dir.path, 'bulk'));
    const bulkConfig = dir.file('bulk/tributary.yml', salesforceYml(mock.url, { pageSize: 300, extra: ['bulk_threshold: 500', 'bulk_poll_ms: 10'] }));
    const before = mock.requests.length;
    const run = await runCli(['sync', '--config', bulkConfig, '--extract-only'], { env: { SF_TOKEN: TOKEN } });
    expect(run.code, run.stderr).toBe(0);
    expect(mock.bulkJobsCreated).toBe(1);
    const bulk = mock.requests.slice(before).filter((r) => r.path.includes('/jobs/query'));
    // create, poll until JobComplete (InProgress first), then 900 - 1 purged records in pages of 300
    expect(bulk.map((r) => `${r.method} ${r.path.replace(/7508d\w+/, 'JOB')}`)).toEqual([
      'POST /services/data/v59.0/jobs/query',
      'GET /services/data/v59.0/jobs/query/JOB',
      'GET /services/data/v59.0/jobs/query/JOB',
      'GET /services/data/v59.0/jobs/query/JOB/results',
      'GET /services/data/v59.0/jobs/query/JOB/results',
      'GET /services/data/v59.0/jobs/query/JOB/results',
    ]);
    expect(bulk.slice(3).map((r) => new URLSearchParams(r.query).get('maxRecords'))).toEqual(['300', '300', '300']);
    expect((await rawCounts(warehouseOf(bulkConfig))).salesforce_contacts).toEqual({ rows: 899, distinct: 899 });
    // Every record the job landed is a version the REST workspace has: same fields, types and formats.
    const hashes = async (file: string) =>
      new Set(
        (await withWarehouse(file, (wh) => wh.all(`select _record_hash from raw.salesforce_contacts`), { readOnly: true })).map((r) => String(r._record_hash)),
      );
    const [viaBulk, viaRest] = await Promise.all([hashes(warehouseOf(bulkConfig)), hashes(warehouseOf(config))]);
    expect([...viaBulk].filter((h) => !viaRest.has(h))).toEqual([]);
    // Below the threshold (only changes), the next run pages through REST again.
    const again = await runCli(['sync', '--config', bulkConfig, '--extract-only'], { env: { SF_TOKEN: TOKEN } });
    expect(again.code, again.stderr).toBe(0);
    expect(mock.bulkJobsCreated).toBe(1);
    // Its getDeleted window starts before the first run (by the allowance for clock skew), so
    // it lists the contact purged minutes earlier: a tombstone of a record this workspace never had.
    expect((await rawCounts(warehouseOf(bulkConfig))).salesforce_contacts).toEqual({ rows: 900, distinct: 900 });
    const added = await withWarehouse(warehouseOf(bulkConfig), (wh) => wh.all(`select id from raw.salesforce_contacts where _deleted and id = $1`, [fixtures.ids.Contact[10]!]), {
      readOnly: true,
    });
    expect(added).toHaveLength(1);
  });
});
