/**
 * Phone matching in identity stitching: numbers are compared in E.164 (libphonenumber-js
 * through the warehouse's tributary_e164 function), a national format needs the
 * record's country, and a number shared by people with different emails links nothing.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBInstance, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import { buildModels, compileProject } from './build.js';
import { createRawTables, land, md5 } from './raw-fixtures.js';
import { landBaseline } from './scenario.js';

const PROJECT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dbt-like-models');

let instance: DuckDBInstance;
let conn: DuckDBConnection;

async function rows(sql: string, params: DuckDBValue[] = []): Promise<Record<string, unknown>[]> {
  return (await conn.runAndReadAll(sql, params)).getRowObjectsJson() as Record<string, unknown>[];
}

const contact = (id: string, email: string | null, phone: string, country: string | null) => ({
  id,
  properties__email: email,
  properties__firstname: `First${id}`,
  properties__lastname: `Last${id}`,
  properties__phone: phone,
  properties__country: country,
  properties__createdate: '2026-03-01T00:00:00.000Z',
  properties__hs_lastmodifieddate: '2026-03-01T00:00:00.000Z',
  created_at: '2026-03-01T00:00:00.000Z',
  updated_at: '2026-03-01T00:00:00.000Z',
  archived: false,
});

const member = (email: string, phone: string, country: string | null) => ({
  id: md5(email),
  list_id: 'L1',
  email_address: email,
  status: 'subscribed',
  merge_fields__phone: phone,
  location__country_code: country,
  timestamp_opt: '2026-01-15T00:00:00+00:00',
  last_changed: '2026-01-15T00:00:00+00:00',
  member_rating: 2,
  vip: false,
});

/** identity (source:record) → [customer_id, match_rule] */
async function identities(): Promise<Map<string, { customer_id: unknown; match_rule: unknown }>> {
  const all = await rows('select source, source_record_id, customer_id, match_rule from customer_identities');
  return new Map(all.map((r) => [`${r.source}:${r.source_record_id}`, { customer_id: r.customer_id, match_rule: r.match_rule }]));
}

beforeAll(async () => {
  instance = await DuckDBInstance.create(':memory:');
  conn = await instance.connect();
  await createRawTables(conn);
  await landBaseline(conn);
  // Frank: known to HubSpot by phone only (US national format), to Mailchimp by email
  // with the same number typed internationally.
  await land(conn, 'hubspot_contacts', contact('501', null, '(212) 555-0142', 'US'));
  await land(conn, 'mailchimp_members', member('frank@example.com', '+1 212-555-0142', 'us'));
  // Grace and Heidi share their office switchboard; a third contact has only that number.
  await land(conn, 'hubspot_contacts', contact('601', 'grace@acme.example', '+44 20 7946 0000', 'GB'));
  await land(conn, 'hubspot_contacts', contact('602', 'heidi@acme.example', '020 7946 0000', 'GB'));
  await land(conn, 'hubspot_contacts', contact('603', null, '020 7946 0000', 'GB'));
  // Ivan's contact has a national-format number and no country: it could be any country's.
  await land(conn, 'hubspot_contacts', contact('701', null, '020 7946 0958', null));
  await land(conn, 'mailchimp_members', member('ivan@example.com', '+44 20 7946 0958', null));
  await buildModels(conn, await compileProject(PROJECT_DIR));
});

afterAll(() => {
  conn?.closeSync();
  instance?.closeSync();
});

describe('phone matching', () => {
  it('normalises every source phone to E.164 with the record country as default region', async () => {
    const nodes = await rows(
      `select source_record_id as id, phone, phone_e164 from int_identity__nodes
        where source = 'hubspot' and source_record_id in ('101', '501', '602', '701') order by 1`,
    );
    expect(nodes).toEqual([
      // 'United States' is a country name, not a code: only the international form parses
      { id: '101', phone: '+1 415 555 0100', phone_e164: '+14155550100' },
      { id: '501', phone: '(212) 555-0142', phone_e164: '+12125550142' },
      { id: '602', phone: '020 7946 0000', phone_e164: '+442079460000' },
      { id: '701', phone: '020 7946 0958', phone_e164: null },
    ]);
  });

  it('ties a phone-only CRM contact to the person with that number', async () => {
    const ids = await identities();
    const crm = ids.get('hubspot:501');
    expect(crm?.customer_id).toBeTruthy();
    expect(ids.get(`mailchimp:L1:${md5('frank@example.com')}`)).toEqual({ customer_id: crm!.customer_id, match_rule: 'phone' });
    expect(crm!.match_rule).toBe('phone');
    const [frank] = await rows('select email, phone, first_name, source_systems, identity_count::int as n from customers where customer_id = $1', [
      String(crm!.customer_id),
    ]);
    // the CRM contact is the system of record for the name; the email comes from Mailchimp
    expect(frank).toEqual({ email: 'frank@example.com', phone: '+12125550142', first_name: 'First501', source_systems: ['hubspot', 'mailchimp'], n: 2 });
  });

  it('links nothing through a number shared by people with different emails', async () => {
    const ids = await identities();
    const customers = ['601', '602', '603'].map((id) => ids.get(`hubspot:${id}`)?.customer_id);
    expect(new Set(customers).size).toBe(3);
    expect(['601', '602', '603'].map((id) => ids.get(`hubspot:${id}`)?.match_rule)).toEqual(['self', 'self', 'self']);
  });

  it('does not guess the country of a national-format number', async () => {
    const ids = await identities();
    expect(ids.get('hubspot:701')?.customer_id).not.toBe(ids.get(`mailchimp:L1:${md5('ivan@example.com')}`)?.customer_id);
  });

  it('keeps email matching first: Alice is still tied by email, with her number in E.164', async () => {
    const ids = await identities();
    expect(ids.get('hubspot:101')?.match_rule).toBe('email');
    const [alice] = await rows('select phone from customers where customer_id = $1', [String(ids.get('hubspot:101')!.customer_id)]);
    expect(alice).toEqual({ phone: '+14155550100' });
  });
});
