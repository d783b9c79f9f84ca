/**
 * campaign_roi on the model-test scenario: Alice's won deal (1500, closed 2026-04-20)
 * was touched five times by spring_sale_2026 (email open and click, a visit, an order, the
 * deal's own source) and, later, once by summer_2026; Bob's won deal (500) by nothing.
 * A summer touch older than the attribution window must not count.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { buildModels, compileProject } from './build.js';
import { createRawTables, land } from './raw-fixtures.js';
import { UTM, campaignIdOf, landBaseline, page } from './scenario.js';

const PROJECT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dbt-like-models');
const SUMMER = 'summer_2026';

let instance: DuckDBInstance;
let conn: DuckDBConnection;

const roi = async () =>
  (await conn.runAndReadAll(
    `select campaign_id, campaign_name, spend::double as spend, deals::int as deals, revenue_first_touch::double as first,
            revenue_last_touch::double as last, revenue_linear::double as linear, roas_linear::double as roas
       from campaign_roi order by campaign_id nulls last`,
  )).getRowObjectsJson();

beforeAll(async () => {
  instance = await DuckDBInstance.create(':memory:');
  conn = await instance.connect();
  await createRawTables(conn);
  await landBaseline(conn);
  const summer = { name: SUMMER, source: 'newsletter', medium: 'email' };
  // In the window (after every spring touch, before the win) …
  await land(conn, 'web_events', page('w-a5', 'anon-a1', '2026-04-10T09:00:00.000Z', summer, 'u-alice'));
  // … and long before it (the window is 90 days back from 2026-04-20).
  await land(conn, 'web_events', page('w-a0', 'anon-a1', '2025-12-15T09:00:00.000Z', summer));
  await land(conn, 'hubspot_deals', {
    id: 'd3', properties__dealname: 'Bob upsell', properties__amount: '500', properties__dealstage: 'closedwon',
    properties__closedate: '2026-05-01T00:00:00Z', properties__createdate: '2026-04-25T00:00:00Z', archived: false,
    associations__contacts: '["201"]',
  });
  await buildModels(conn, await compileProject(PROJECT_DIR));
});

afterAll(() => {
  conn?.closeSync();
  instance?.closeSync();
});

describe('campaign_roi', () => {
  it('credits first touch, last touch and a linear split, and keeps unexplained revenue on its own row', async () => {
    const rows = await roi();
    const byId = new Map(rows.map((r) => [r.campaign_id, r]));
    // spring: 5 of Alice's 6 touches in the window; Meta spend 12.50 + 20.00 (latest restatement)
    expect(byId.get(campaignIdOf(UTM))).toMatchObject({ spend: 32.5, deals: 1, first: 1500, last: 0, linear: 1250, roas: 38.46 });
    expect(byId.get(campaignIdOf(SUMMER))).toMatchObject({ spend: 0, deals: 1, first: 0, last: 1500, linear: 250, roas: null });
    expect(byId.get(null)).toMatchObject({ campaign_name: '(no campaign touch)', deals: 1, first: 500, last: 500, linear: 500 });
  });

  it('adds up to the won deals under every model', async () => {
    const rows = await roi();
    for (const key of ['first', 'last', 'linear'] as const) {
      expect(rows.reduce((n, r) => n + Number(r[key]), 0)).toBeCloseTo(2000, 2);
    }
  });
});
