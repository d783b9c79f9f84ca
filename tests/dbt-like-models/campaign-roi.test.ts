/**
 * campaign_roi on the model-test scenario: Alice's won deal (1500, closed 2026-04-20)
 * was touched five times by spring_sale_2026 (email open and click, a visit, an order, the
 * deal's own source) and, later, once by summer_2026; Bob's won deal (500) by nothing.
 * A summer touch older than the attribution window must not count. The project is
 * built from a copy whose budget plan (seeds/campaign_budget_plan.csv) names the
 * scenario's campaigns, as a user edits it; a second build sets a per-send email cost.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { loadProject, parseProject } from '../../engine/index.js';
import { buildModels, compileProject } from './build.js';
import { createRawTables, land } from './raw-fixtures.js';
import { UTM, campaignIdOf, landBaseline, page } from './scenario.js';

const PROJECT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dbt-like-models');
const SUMMER = 'summer_2026';

let instance: DuckDBInstance;
let conn: DuckDBConnection;
let projectCopy: string;

const PLAN = `utm_campaign,channel,owner,period,planned_amount
${UTM},paid_social,demand_gen,2026-04,50.00
${SUMMER},email,lifecycle,2026-04,10.00
`;

const all = async (sql: string, c: DuckDBConnection = conn) => (await c.runAndReadAll(sql)).getRowObjectsJson();

async function landScenario(c: DuckDBConnection): Promise<void> {
  await createRawTables(c);
  await landBaseline(c);
  const summer = { name: SUMMER, source: 'newsletter', medium: 'email' };
  // In the window (after every spring touch, before the win) …
  await land(c, 'web_events', page('w-a5', 'anon-a1', '2026-04-10T09:00:00.000Z', summer, 'u-alice'));
  // … and long before it (the window is 90 days back from 2026-04-20).
  await land(c, 'web_events', page('w-a0', 'anon-a1', '2025-12-15T09:00:00.000Z', summer));
  await land(c, 'hubspot_deals', {
    id: 'd3', properties__dealname: 'Bob upsell', properties__amount: '500', properties__dealstage: 'closedwon',
    properties__closedate: '2026-05-01T00:00:00Z', properties__createdate: '2026-04-25T00:00:00Z', archived: false,
    associations__contacts: '["201"]',
  });
}

const roi = async () =>
  (await conn.runAndReadAll(
    `select campaign_id, campaign_name, spend::double as spend, deals::int as deals, revenue_first_touch::double as first,
            revenue_last_touch::double as last, revenue_linear::double as linear, roas_linear::double as roas
       from campaign_roi order by campaign_id nulls last`,
  )).getRowObjectsJson();

beforeAll(async () => {
  projectCopy = mkdtempSync(path.join(tmpdir(), 'tributary-roi-project-'));
  cpSync(PROJECT_DIR, projectCopy, { recursive: true });
  writeFileSync(path.join(projectCopy, 'seeds', 'campaign_budget_plan.csv'), PLAN);
  instance = await DuckDBInstance.create(':memory:');
  conn = await instance.connect();
  await landScenario(conn);
  await buildModels(conn, await compileProject(projectCopy));
});

afterAll(() => {
  conn?.closeSync();
  instance?.closeSync();
  if (projectCopy) rmSync(projectCopy, { recursive: true, force: true });
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

  it('adds up to the won deals under every model, per campaign, per channel and per owner', async () => {
    const rows = await roi();
    for (const key of ['first', 'last', 'linear'] as const) {
      expect(rows.reduce((n, r) => n + Number(r[key]), 0)).toBeCloseTo(2000, 2);
    }
    const models = ['first_touch', 'last_touch', 'linear', 'position_based', 'time_decay'];
    for (const mart of ['campaign_roi', 'channel_roi', 'owner_roi']) {
      const [sums] = await all(`select ${models.map((m) => `sum(revenue_${m})::double as ${m}`).join(', ')} from ${mart}`);
      for (const m of models) expect(Number(sums![m]), `${mart}.revenue_${m}`).toBeCloseTo(2000, 1);
    }
  });

  it('credits 40/20/40 by position and favours recent touches under time decay', async () => {
    const rows = await all(
      `select campaign_id, revenue_position_based::double as pos, revenue_time_decay::double as decay, revenue_linear::double as linear
         from campaign_roi order by campaign_id nulls last`,
    );
    const byId = new Map(rows.map((r) => [r.campaign_id, r]));
    // Alice's 1500 over six touches: spring first (40 %) plus the four between (20 %), summer last (40 %).
    expect(byId.get(campaignIdOf(UTM))).toMatchObject({ pos: 900 });
    expect(byId.get(campaignIdOf(SUMMER))).toMatchObject({ pos: 600 });
    // Summer's one touch is ten days before the win, spring's five are older: decay gives summer more than a sixth.
    expect(Number(byId.get(campaignIdOf(SUMMER))!.decay)).toBeGreaterThan(Number(byId.get(campaignIdOf(SUMMER))!.linear));
    expect(byId.get(null)).toMatchObject({ pos: 500, decay: 500 });
  });

  it('counts a touch only inside the lookback var', async () => {
    // attribution_window_days shortened to 5 days: only touches from 2026-04-15 on count for Alice.
    const short = await (await DuckDBInstance.create(':memory:')).connect();
    try {
      await landScenario(short);
      // Salesforce ActualCost: spring's 100 includes the 32.50 Meta and its email sends report (only the rest is added);
      // summer's 12 counts only beyond its per-send email cost.
      await land(short, 'salesforce_campaigns', { id: '701A', name: 'Spring Sale 2026', type: 'Advertisement', start_date: '2026-03-01', actual_cost: 100, is_deleted: false });
      await land(short, 'salesforce_campaigns', { id: '701B', name: 'Summer 2026', type: 'Email', start_date: '2026-04-01', actual_cost: 12, is_deleted: false });
      await buildModels(short, parseProject(await loadProject(projectCopy), { vars: { attribution_window_days: 5, email_cost_per_send: 0.5 } }));
      const [credited] = await all(`select count(*)::int as touches from int_attribution__credits where deal_id = 'd1' and campaign_id is not null`, short);
      const [wide] = await all(`select count(*)::int as touches from int_attribution__credits where deal_id = 'd1' and campaign_id is not null`);
      expect(Number(credited!.touches)).toBeLessThan(Number(wide!.touches));
      // Still every model adds up to the won total.
      const [sums] = await all('select sum(revenue_linear)::double as l, sum(revenue_time_decay)::double as d from campaign_roi', short);
      expect(Number(sums!.l)).toBeCloseTo(2000, 1);
      expect(Number(sums!.d)).toBeCloseTo(2000, 1);
      // The per-send email cost is spend on the email channel: recipients × 0.5.
      const [sends] = await all('select sum(sends)::double as n from campaign_performance', short);
      const [email] = await all("select spend::double as spend from channel_roi where channel = 'email'", short);
      expect(Number(sends!.n)).toBeGreaterThan(0);
      expect(Number(email!.spend)).toBeCloseTo(Number(sends!.n) * 0.5, 2);
      const other = await all("select campaign_id, spend from int_attribution__spend where cost_source = 'salesforce_campaign' order by campaign_id", short);
      const emailOf = async (utm: string) =>
        Number((await all(`select coalesce(sum(spend), 0) as s from int_attribution__spend where campaign_id = '${campaignIdOf(utm)}' and channel = 'email'`, short))[0]!.s);
      const byCampaign = new Map(other.map((r) => [r.campaign_id, Number(r.spend)]));
      expect(byCampaign.get(campaignIdOf(UTM))).toBeCloseTo(100 - 32.5 - (await emailOf(UTM)), 2);
      expect(byCampaign.get(campaignIdOf(SUMMER))).toBeCloseTo(Math.max(0, 12 - (await emailOf(SUMMER))), 2);
    } finally {
      short.closeSync();
    }
  });
});

describe('campaign_budget and owner_roi', () => {
  it('sets each plan line against what the paid sources spent, and keeps unplanned spend', async () => {
    const rows = await all(
      `select utm_campaign, channel, owner, period, planned_amount::double as planned, actual_spend::double as actual, variance::double as variance
         from campaign_budget order by utm_campaign, channel`,
    );
    expect(rows).toEqual([
      { utm_campaign: UTM, channel: 'paid_social', owner: 'demand_gen', period: '2026-04', planned: 50, actual: 32.5, variance: -17.5 },
      { utm_campaign: SUMMER, channel: 'email', owner: 'lifecycle', period: '2026-04', planned: 10, actual: 0, variance: -10 },
    ].sort((a, b) => a.utm_campaign.localeCompare(b.utm_campaign)));
    const owners = await all('select owner, spend::double as spend, revenue_linear::double as linear, roi_linear::double as roi from owner_roi order by owner');
    expect(owners.find((o) => o.owner === 'demand_gen')).toMatchObject({ spend: 32.5, linear: 1250, roi: Math.round(((1250 - 32.5) / 32.5) * 1e4) / 1e4 });
    expect(owners.find((o) => o.owner === 'lifecycle')).toMatchObject({ spend: 0, linear: 250, roi: null });
  });
});

describe('campaign_funnel', () => {
  it('narrows from touched to won, with rates and the median days from deal to win', async () => {
    const rows = await all('select * from campaign_funnel order by campaign_id, period');
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      const counts = ['touched', 'leads', 'mqls', 'sqls', 'opportunities', 'won'].map((k) => Number(r[k]));
      // A later stage implies the earlier ones: every count is at most the one before it.
      for (let i = 1; i < counts.length; i++) expect(counts[i]).toBeLessThanOrEqual(counts[i - 1]!);
    }
    const spring = rows.filter((r) => r.campaign_id === campaignIdOf(UTM));
    const won = spring.reduce((n, r) => n + Number(r.won), 0);
    // Alice (one customer, two duplicate contacts) won deal d1: created 2026-04-03 12:00, closed 2026-04-20.
    expect(won).toBe(1);
    const withWin = spring.find((r) => Number(r.won) > 0)!;
    expect(Number(withWin.median_days_opportunity_to_won)).toBeCloseTo(16.5, 1);
    expect(Number(withWin.opportunity_to_won_rate)).toBeGreaterThan(0);
    expect(withWin.median_days_lead_to_mql).toBeNull();
  });
});

describe('customer_journey', () => {
  it('lists each stage change of a customer with the touches before it', async () => {
    const rows = await all(
      `select j.stage, j.touches_before::int as touches, j.last_campaign_id, j.campaigns_before
         from customer_journey as j
         join customer_identities as i on i.customer_id = j.customer_id
        where i.source = 'hubspot' and i.source_record_id = '101'
        order by j.stage_order`,
    );
    expect(rows.map((r) => r.stage)).toEqual(['lead', 'opportunity', 'won']);
    // By the win (2026-04-20) Alice had touched spring and, last, summer.
    const win = rows.at(-1)!;
    expect(win.last_campaign_id).toBe(campaignIdOf(SUMMER));
    expect(win.campaigns_before).toEqual([campaignIdOf(UTM), campaignIdOf(SUMMER)].sort());
    expect(Number(win.touches)).toBeGreaterThan(Number(rows[0]!.touches));
  });
});
