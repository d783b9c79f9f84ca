/**
 * Both CRMs in the revenue and funnel marts, on the model-test scenario plus a small
 * Salesforce org and a HubSpot lifecycle history:
 *
 * - Alice is a Salesforce contact too, and her won HubSpot deal d1 (1500, closed
 *   2026-04-20) is mirrored by a won opportunity (same amount, same close day): one sale.
 * - Bob's open HubSpot deal d2 (300, created 2026-04-04, no close date) is mirrored by an
 *   opportunity sales already won in Salesforce: its revenue counts, once, from there.
 * - Erin, a Salesforce contact, responded to the spring campaign (CampaignMember,
 *   2026-04-05) and bought 800 (won 2026-04-25): all of it is spring's. She is a HubSpot
 *   contact too, whose lifecycle history says lead 04-06, MQL 04-07 12:00, SQL 04-09.
 * - Frank, a Salesforce lead, responded to spring too (a touch, no revenue).
 * - A won opportunity deleted at the source counts nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { buildModels, compileProject } from './build.js';
import { createRawTables, land } from './raw-fixtures.js';
import { UTM, campaignIdOf, landBaseline } from './scenario.js';

const PROJECT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dbt-like-models');

let instance: DuckDBInstance;
let conn: DuckDBConnection;
const all = async (sql: string) => (await conn.runAndReadAll(sql)).getRowObjectsJson();

const sfContact = (id: string, email: string, first: string, last: string) => ({
  id, email, first_name: first, last_name: last, created_date: '2026-01-15T09:00:00.000+0000', system_modstamp: '2026-03-01T00:00:00.000+0000', is_deleted: false,
});
const opportunity = (id: string, amount: number, close: string, created: string, won: boolean, campaign: string | null = null) => ({
  id, name: `Opp ${id}`, amount, stage_name: won ? 'Closed Won' : 'Prospecting', is_won: won, is_closed: won, close_date: close,
  campaign_id: campaign, created_date: created, system_modstamp: created, is_deleted: false,
});
const role = (id: string, opportunityId: string, contactId: string) => ({
  id, opportunity_id: opportunityId, contact_id: contactId, role: 'Decision Maker', is_primary: true,
  created_date: '2026-04-01T00:00:00.000+0000', system_modstamp: '2026-04-01T00:00:00.000+0000', is_deleted: false,
});

beforeAll(async () => {
  instance = await DuckDBInstance.create(':memory:');
  conn = await instance.connect();
  await createRawTables(conn);
  await landBaseline(conn);
  await land(conn, 'salesforce_campaigns', { id: '701S', name: 'Spring Sale 2026', type: 'Email', status: 'Completed', start_date: '2026-03-25', system_modstamp: '2026-03-20T00:00:00.000+0000', is_deleted: false });
  await land(conn, 'salesforce_contacts', sfContact('003A', 'alice@example.com', 'Alice', 'Adams'));
  await land(conn, 'salesforce_contacts', sfContact('003B', 'bob@example.com', 'Bob', 'Builder'));
  await land(conn, 'salesforce_contacts', sfContact('003E', 'erin@example.com', 'Erin', 'Evans'));
  await land(conn, 'hubspot_contacts', {
    id: '401', properties__email: 'erin@example.com', properties__firstname: 'Erin', properties__lastname: 'Evans', properties__lifecyclestage: 'salesqualifiedlead',
    properties__createdate: '2026-03-01T08:00:00.000Z', properties__hs_lastmodifieddate: '2026-04-09T00:00:00.000Z', properties__hs_object_id: '401',
    created_at: '2026-03-01T08:00:00.000Z', updated_at: '2026-04-09T00:00:00.000Z', archived: false,
    properties_with_history__lifecyclestage: JSON.stringify([
      { value: 'subscriber', timestamp: '2026-03-01T08:00:00.000Z', sourceType: 'FORM' },
      { value: 'lead', timestamp: '2026-04-06T00:00:00.000Z', sourceType: 'FORM' },
      { value: 'marketingqualifiedlead', timestamp: '2026-04-07T12:00:00.000Z', sourceType: 'WORKFLOWS' },
      { value: 'salesqualifiedlead', timestamp: '2026-04-09T00:00:00.000Z', sourceType: 'CRM_UI' },
    ]),
  });
  await land(conn, 'salesforce_leads', {
    id: '00QF', email: 'frank@example.com', first_name: 'Frank', last_name: 'Fisher', status: 'Working - Contacted', is_converted: false,
    created_date: '2026-02-01T00:00:00.000+0000', system_modstamp: '2026-02-01T00:00:00.000+0000', is_deleted: false,
  });
  await land(conn, 'salesforce_opportunities', opportunity('006A', 1500, '2026-04-20', '2026-04-03T12:00:00.000+0000', true, '701S'));
  await land(conn, 'salesforce_opportunities', opportunity('006B', 300, '2026-04-04', '2026-04-04T12:00:00.000+0000', true));
  await land(conn, 'salesforce_opportunities', opportunity('006E', 800, '2026-04-25', '2026-04-10T09:00:00.000+0000', true));
  await land(conn, 'salesforce_opportunities', opportunity('006X', 9999, '2026-04-26', '2026-04-11T09:00:00.000+0000', true));
  await land(conn, 'salesforce_opportunities', { id: '006X', is_deleted: true, system_modstamp: '2026-04-27T00:00:00.000+0000' }, { deleted: true, extractedAt: '2026-06-02T00:00:00Z' });
  await land(conn, 'salesforce_opportunity_contact_roles', role('00KA', '006A', '003A'));
  await land(conn, 'salesforce_opportunity_contact_roles', role('00KB', '006B', '003B'));
  await land(conn, 'salesforce_opportunity_contact_roles', role('00KE', '006E', '003E'));
  await land(conn, 'salesforce_opportunity_contact_roles', role('00KX', '006X', '003E'));
  const member = (id: string, who: { contact_id?: string; lead_id?: string }, responded: string | null) => ({
    id, campaign_id: '701S', contact_id: who.contact_id ?? null, lead_id: who.lead_id ?? null, status: responded ? 'Responded' : 'Sent',
    has_responded: responded !== null, first_responded_date: responded, created_date: '2026-04-01T00:00:00.000+0000',
    system_modstamp: '2026-04-06T00:00:00.000+0000', is_deleted: false,
  });
  await land(conn, 'salesforce_campaign_members', member('00vE', { contact_id: '003E' }, '2026-04-05'));
  await land(conn, 'salesforce_campaign_members', member('00vF', { lead_id: '00QF' }, '2026-04-06'));
  await land(conn, 'salesforce_campaign_members', member('00vB', { contact_id: '003B' }, null));
  await buildModels(conn, await compileProject(PROJECT_DIR));
});

afterAll(() => {
  conn?.closeSync();
  instance?.closeSync();
});

const customerOf = async (email: string) =>
  (await all(`select customer_id from customers where email = '${email}'`))[0]!.customer_id as string;

describe('Salesforce opportunities in campaign_roi', () => {
  it('counts each sale once: HubSpot deals plus the Salesforce opportunities no won HubSpot deal mirrors', async () => {
    const deals = await all(`select crm, deal_id, mirrors_deal_id, counts_revenue from int_crm__deals where crm = 'salesforce' order by deal_id`);
    expect(deals).toEqual([
      { crm: 'salesforce', deal_id: '006A', mirrors_deal_id: 'd1', counts_revenue: false },
      { crm: 'salesforce', deal_id: '006B', mirrors_deal_id: 'd2', counts_revenue: true },
      { crm: 'salesforce', deal_id: '006E', mirrors_deal_id: null, counts_revenue: true },
    ]);
    // d1 1500 (once, not 3000) + Bob's 300 won in Salesforce + Erin's 800; the deleted 9999 nowhere.
    const models = ['first_touch', 'last_touch', 'linear', 'position_based', 'time_decay'];
    for (const mart of ['campaign_roi', 'channel_roi', 'owner_roi']) {
      const [sums] = await all(`select ${models.map((m) => `sum(revenue_${m})::double as ${m}`).join(', ')} from ${mart}`);
      for (const m of models) expect(Number(sums![m]), `${mart}.revenue_${m}`).toBeCloseTo(2600, 1);
    }
  });

  it('credits a Salesforce-only sale to the campaign its buyer responded to', async () => {
    const credits = await all(`select campaign_id, first_touch::double as f, linear::double as l from int_attribution__credits where deal_id = '006E'`);
    expect(credits).toEqual([{ campaign_id: campaignIdOf(UTM), f: 800, l: 800 }]);
    const [spring] = await all(`select deals::int as deals, revenue_linear::double as linear from campaign_roi where campaign_id = '${campaignIdOf(UTM)}'`);
    // d1 (Alice) and 006E (Erin)
    expect(spring!.deals).toBe(2);
    // Bob's sale has no campaign touch (a send he never answered is none).
    const [none] = await all(`select revenue_linear::double as linear from campaign_roi where campaign_id is null`);
    expect(Number(none!.linear)).toBeCloseTo(300, 2);
  });

  it('turns campaign responses (contacts and leads) into touchpoints, and a mirrored opportunity into none', async () => {
    const responses = await all(`select customer_id, campaign_id, occurred_at::varchar as ts from touchpoints where touchpoint_type = 'campaign_response' order by ts`);
    expect(responses).toEqual([
      { customer_id: await customerOf('erin@example.com'), campaign_id: campaignIdOf(UTM), ts: '2026-04-05 00:00:00+00' },
      { customer_id: await customerOf('frank@example.com'), campaign_id: campaignIdOf(UTM), ts: '2026-04-06 00:00:00+00' },
    ]);
    const created = await all(`select source, source_record_id from touchpoints where touchpoint_type = 'deal_created' order by source, source_record_id`);
    expect(created.filter((r) => r.source === 'salesforce')).toEqual([{ source: 'salesforce', source_record_id: '006E' }]);
    expect(created.filter((r) => r.source_record_id === 'd1')).toHaveLength(1);
  });

  it('dates every stage of a journey from the HubSpot lifecycle history and the Salesforce opportunity', async () => {
    const erin = await customerOf('erin@example.com');
    const journey = await all(`select stage, changed_at::varchar as ts, touches_before::int as touches from customer_journey where customer_id = '${erin}' order by stage_order`);
    expect(journey).toEqual([
      { stage: 'lead', ts: '2026-04-06 00:00:00+00', touches: 1 },
      { stage: 'mql', ts: '2026-04-07 12:00:00+00', touches: 1 },
      { stage: 'sql', ts: '2026-04-09 00:00:00+00', touches: 1 },
      // her opportunity's own creation is a touch at the change
      { stage: 'opportunity', ts: '2026-04-10 09:00:00+00', touches: 2 },
      { stage: 'won', ts: '2026-04-25 00:00:00+00', touches: 2 },
    ]);
    const history = await all(`select lifecycle_stage, change_source from stg_hubspot__lifecycle_stages where contact_id = '401' order by entered_at`);
    expect(history.map((h) => h.lifecycle_stage)).toEqual(['subscriber', 'lead', 'marketingqualifiedlead', 'salesqualifiedlead']);
  });

  it('gives the funnel its MQL and SQL medians, and counts Salesforce buyers as won', async () => {
    const [funnel] = await all(
      `select sum(touched)::int as touched, sum(mqls)::int as mqls, sum(won)::int as won,
              max(median_days_lead_to_mql)::double as lead_to_mql, max(median_days_mql_to_sql)::double as mql_to_sql
         from campaign_funnel where campaign_id = '${campaignIdOf(UTM)}'`,
    );
    // Alice (HubSpot customer) and Erin (Salesforce opportunity) won; Frank is a touched lead.
    expect(funnel!.won).toBe(2);
    // Erin alone has dated MQL and SQL changes: 1.5 days each.
    expect(funnel).toMatchObject({ lead_to_mql: 1.5, mql_to_sql: 1.5 });
  });
});
