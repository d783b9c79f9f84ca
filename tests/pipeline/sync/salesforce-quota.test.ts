/**
 * The Salesforce org's daily API quota, through the CLI: a sync that meets it halfway stops
 * cleanly (what it fetched committed with its checkpoint), ends **partial** with exit 1 and
 * says which source stopped, where usage stands and that the next run resumes; after the
 * quota resets, the next run lands the rest, and every record is in raw exactly once.
 * Both ways the quota runs out: seen coming in `Sforce-Limit-Info` (stopped before the
 * `quota_reserve`), and spent behind the sync's back (another integration: Salesforce's
 * 403 REQUEST_LIMIT_EXCEEDED).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSalesforceFixtures, type SalesforceFixtures } from '../../../sandbox/salesforce/fixtures.js';
import { startSalesforceMock, type SalesforceMock } from '../../../sandbox/salesforce/server.js';
import { withWarehouse } from '../../../pipeline/warehouse/warehouse.js';
import { runCli, tempDir, type TempDir } from '../../helpers/workspace.js';
import { rawCounts, salesforceYml, warehouseOf } from './helpers.js';

const TOKEN = 'test-only-salesforce-quota-token-4b2e';
const SIZES = { contacts: 450, leads: 30, accounts: 12, opportunities: 25, campaigns: 4 };

let dir: TempDir;
let mock: SalesforceMock;
let fixtures: SalesforceFixtures;
let config: string;

beforeAll(async () => {
  dir = tempDir('tributary-sf-quota-');
  fixtures = buildSalesforceFixtures({ seed: 5, ...SIZES });
  // 95 of 100 may be used (5 % kept in reserve); the org has used 93 already: two pages of contacts.
  mock = await startSalesforceMock({ fixtures, accessToken: TOKEN, dailyApiLimit: 100, apiUsed: 93 });
  config = dir.file('tributary.yml', salesforceYml(mock.url, { pageSize: 200, extra: ['quota_reserve: 5%'] }));
});
afterAll(async () => {
  await mock?.close();
  dir?.remove();
});

interface JsonRun {
  readonly status: string;
  readonly streams: readonly { stream: string; status: string; read: number }[];
}

async function sync() {
  const r = await runCli(['sync', '--config', config, '--extract-only', '--format', 'json'], { env: { SF_TOKEN: TOKEN } });
  return { ...r, run: JSON.parse(r.stdout) as JsonRun, read: (stream: string) => (JSON.parse(r.stdout) as JsonRun).streams.find((s) => s.stream === stream)?.read };
}

describe('salesforce daily API quota through the CLI', () => {
  it('stops before the reserve halfway through contacts: partial, exit 1, the source, its usage and that the next run resumes', async () => {
    const first = await sync();
    expect(first.code, first.stderr).toBe(1);
    expect(first.run.status).toBe('partial');
    expect(first.stderr).toContain('STOP crm.contacts: 400 read');
    expect(first.stderr).toMatch(/run \S+ partial after [\d.]+ s: crm\.contacts: crm: daily API quota nearly spent \(api-usage=95\/100\); stopped to keep quota_reserve 5% \(5 requests\)/);
    expect(first.stderr).toContain('what was fetched is committed and the next run resumes from there');
    expect(first.stderr).not.toContain(TOKEN);
    // The reserve was never touched, and the other streams made no request.
    expect(mock.apiUsage.used).toBe(95);
    expect(first.run.streams.filter((s) => s.stream !== 'contacts').map((s) => s.status)).toEqual(['skipped', 'skipped', 'skipped', 'skipped', 'skipped', 'skipped']);
    expect((await rawCounts(warehouseOf(config))).salesforce_contacts).toEqual({ rows: 400, distinct: 400 });
  });

  it('a quota spent behind its back (403 REQUEST_LIMIT_EXCEEDED) stops the same way, resuming where the first stopped', async () => {
    mock.setApiUsage(0);
    // Another integration spends the org's quota after the sync's next two requests.
    mock.faults.inject({ kind: 'quota_exhausted', path: '/services/data', after: 2, times: Infinity });
    const second = await sync();
    expect(second.code, second.stderr).toBe(1);
    expect(second.run.status).toBe('partial');
    // Resumed at the first run's checkpoint: the 50 contacts not landed yet, and the boundary record.
    expect(second.read('contacts')).toBe(51);
    expect(second.read('leads')).toBe(30);
    expect(second.stderr).toContain('STOP crm.accounts');
    expect(second.stderr).toContain('crm.accounts: crm: GET /services/data/v59.0/queryAll failed with HTTP 403 (REQUEST_LIMIT_EXCEEDED: TotalRequests Limit exceeded.); daily API usage api-usage=100/100');
    expect(second.stderr).toContain('the next run resumes');
  });

  it('after the quota resets, the next run finishes with every record exactly once', async () => {
    mock.faults.clear();
    mock.setApiUsage(0);
    const third = await sync();
    expect(third.code, third.stderr).toBe(0);
    expect(third.run.status).toBe('success');
    const counts = await rawCounts(warehouseOf(config));
    expect(counts).toMatchObject({
      salesforce_contacts: { rows: SIZES.contacts, distinct: SIZES.contacts },
      salesforce_leads: { rows: SIZES.leads, distinct: SIZES.leads },
      salesforce_accounts: { rows: SIZES.accounts, distinct: SIZES.accounts },
      salesforce_opportunities: { rows: SIZES.opportunities, distinct: SIZES.opportunities },
      salesforce_campaigns: { rows: SIZES.campaigns, distinct: SIZES.campaigns },
      salesforce_opportunity_contact_roles: { rows: SIZES.opportunities, distinct: SIZES.opportunities },
      salesforce_campaign_members: { rows: fixtures.ids.CampaignMember.length, distinct: fixtures.ids.CampaignMember.length },
    });
    const [ids] = await withWarehouse(warehouseOf(config), (wh) => wh.all(`select count(distinct id) as n from raw.salesforce_contacts`), { readOnly: true });
    expect(Number(ids!.n)).toBe(fixtures.ids.Contact.length);
  });
});
