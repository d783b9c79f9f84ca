/**
 * Salesforce in identity stitching: contacts and leads are identities like HubSpot's,
 * an email ties them to the rest, and a converted lead is tied to the contact it became
 * by Salesforce's own cross-reference even when their emails differ.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { buildModels, compileProject } from './build.js';
import { createRawTables, land } from './raw-fixtures.js';
import { customerIdOf, landBaseline } from './scenario.js';

const PROJECT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dbt-like-models');
const ALICE = customerIdOf('hubspot:contacts:hubspot:101');

let instance: DuckDBInstance;
let conn: DuckDBConnection;

const sfContact = (id: string, email: string | null, first: string, extra: Record<string, string | boolean | null> = {}) => ({
  id, first_name: first, last_name: 'Sf', email, phone: null, created_date: '2026-02-10T00:00:00.000+0000',
  system_modstamp: '2026-02-10T00:00:00.000+0000', is_deleted: false, ...extra,
});
const sfLead = (id: string, email: string, extra: Record<string, string | boolean | null> = {}) => ({
  id, first_name: 'Lead', last_name: id, email, company: 'Acme', status: 'Open', is_converted: false,
  created_date: '2026-01-20T00:00:00.000+0000', system_modstamp: '2026-01-20T00:00:00.000+0000', is_deleted: false, ...extra,
});

async function identities(): Promise<Map<string, { customer_id: unknown; match_rule: unknown }>> {
  const rows = (await conn.runAndReadAll(`select source, source_kind, source_record_id, customer_id, match_rule from customer_identities`)).getRowObjectsJson();
  return new Map(rows.map((r) => [`${r.source}:${r.source_kind}:${r.source_record_id}`, { customer_id: r.customer_id, match_rule: r.match_rule }]));
}

beforeAll(async () => {
  instance = await DuckDBInstance.create(':memory:');
  conn = await instance.connect();
  await createRawTables(conn);
  await landBaseline(conn);
  await land(conn, 'salesforce_contacts', sfContact('003A', ' ALICE@example.com', 'Alicia'));
  await land(conn, 'salesforce_leads', sfLead('00QG', 'gina@old.example', { is_converted: true, converted_contact_id: '003G' }));
  await land(conn, 'salesforce_contacts', sfContact('003G', 'gina@new.example', 'Gina'));
  await land(conn, 'salesforce_leads', sfLead('00QH', 'hank@example.com'));
  await land(conn, 'salesforce_contacts', sfContact('003X', 'xavier@example.com', 'Xavier'));
  await land(conn, 'salesforce_contacts', { id: '003X' }, { extractedAt: '2026-06-02T00:00:00Z', deleted: true });
  await buildModels(conn, await compileProject(PROJECT_DIR));
});

afterAll(() => {
  conn?.closeSync();
  instance?.closeSync();
});

describe('salesforce identities', () => {
  it('a Salesforce contact with a known email joins that customer; HubSpot stays the system of record', async () => {
    const ids = await identities();
    expect(ids.get('salesforce:contacts:003A')).toEqual({ customer_id: ALICE, match_rule: 'email' });
    const [alice] = (await conn.runAndReadAll(`select first_name, source_systems from customers where customer_id = $1`, [ALICE])).getRowObjectsJson();
    expect(alice).toEqual({ first_name: 'Alice', source_systems: ['hubspot', 'mailchimp', 'salesforce', 'web'] });
  });

  it('a converted lead is tied to its contact by the CRM cross-reference, whatever the emails', async () => {
    const ids = await identities();
    const lead = ids.get('salesforce:leads:00QG');
    const contact = ids.get('salesforce:contacts:003G');
    expect(lead?.customer_id).toBeTruthy();
    expect(contact).toEqual({ customer_id: lead!.customer_id, match_rule: 'crm_xref' });
    expect(lead!.match_rule).toBe('crm_xref');
    // the lead came first, so the customer id is the lead's
    expect(lead!.customer_id).toBe(customerIdOf('salesforce:leads:salesforce:00QG'));
  });

  it('an open lead is a customer of its own; a deleted contact is none', async () => {
    const ids = await identities();
    expect(ids.get('salesforce:leads:00QH')).toMatchObject({ match_rule: 'self' });
    expect(ids.has('salesforce:contacts:003X')).toBe(false);
  });
});
