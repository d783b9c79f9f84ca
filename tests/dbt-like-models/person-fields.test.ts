/**
 * Person fields beyond HubSpot's reach identity matching: a Salesforce contact's Mailing
 * address, birth date, title and account name, a lead's address and title, a Mailchimp
 * member's ADDRESS and BIRTHDAY merge fields are staged, land in int_identity__nodes,
 * and the probabilistic matcher compares them — BIRTHDAY (month and day, no year) against a
 * full birth date too.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { buildModels, compileProject } from './build.js';
import { createRawTables, land, md5 } from './raw-fixtures.js';
import { landBaseline } from './scenario.js';

const PROJECT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dbt-like-models');
const SF_CONTACT = 'salesforce:contacts:salesforce:003P';
const SF_LEAD = 'salesforce:leads:salesforce:00QP';
const MC_MEMBER = `mailchimp:members:mailchimp:L1:${md5('petra.personal@example.net')}`;
const SF_CONTACT_2 = 'salesforce:contacts:salesforce:003Q';
const MC_MEMBER_2 = `mailchimp:members:mailchimp:L1:${md5('petra.p@example.org')}`;

let instance: DuckDBInstance;
let conn: DuckDBConnection;

const rows = async (sql: string, params: string[] = []) => (await conn.runAndReadAll(sql, params)).getRowObjectsJson();

beforeAll(async () => {
  instance = await DuckDBInstance.create(':memory:');
  conn = await instance.connect();
  await createRawTables(conn);
  await landBaseline(conn);
  const at = '2026-02-10T00:00:00.000+0000';
  await land(conn, 'salesforce_accounts', { id: '001P', name: ' Paulsen Logistik GmbH ', system_modstamp: at, is_deleted: false });
  // Petra at work in the CRM, and (another address, no shared email or phone) on the newsletter list.
  await land(conn, 'salesforce_contacts', {
    id: '003P', first_name: 'Petra', last_name: 'Paulsen', email: 'petra.paulsen@paulsen-logistik.example', account_id: '001P',
    title: 'Head of Logistics', birthdate: '1984-07-21', mailing_street: 'Lindenallee 12', mailing_city: 'Hamburg',
    mailing_state: 'HH', mailing_postal_code: '20259', mailing_country: 'DE', created_date: at, system_modstamp: at, is_deleted: false,
  });
  await land(conn, 'salesforce_leads', {
    id: '00QP', first_name: 'Piet', last_name: 'Quast', email: 'piet@quast.example', company: 'Quast KG', title: 'Owner',
    street: 'Am Markt 3', city: 'Bremen', state: 'HB', postal_code: '28195', country: 'DE', status: 'Open', is_converted: false,
    created_date: at, system_modstamp: at, is_deleted: false,
  });
  await land(conn, 'mailchimp_members', {
    id: md5('petra.personal@example.net'), list_id: 'L1', email_address: 'petra.personal@example.net', status: 'subscribed',
    merge_fields__fname: 'Petra', merge_fields__lname: 'Paulsen', merge_fields__birthday: '07/21',
    merge_fields__address__addr1: 'Lindenallee 12', merge_fields__address__addr2: '', merge_fields__address__city: 'Hamburg',
    merge_fields__address__state: 'HH', merge_fields__address__zip: '20259', merge_fields__address__country: 'DE',
    timestamp_opt: '2026-03-01T00:00:00+00:00', last_changed: '2026-03-01T00:00:00+00:00',
  });
  // Two more Petras: one in the CRM with the same full birth date, one on the list whose BIRTHDAY is a day off.
  await land(conn, 'salesforce_contacts', {
    id: '003Q', first_name: 'Petra', last_name: 'Paulsen', email: 'p.paulsen@hafen.example', birthdate: '1984-07-21',
    created_date: at, system_modstamp: at, is_deleted: false,
  });
  await land(conn, 'mailchimp_members', {
    id: md5('petra.p@example.org'), list_id: 'L1', email_address: 'petra.p@example.org', status: 'subscribed',
    merge_fields__fname: 'Petra', merge_fields__lname: 'Paulsen', merge_fields__birthday: '07/22',
    timestamp_opt: '2026-03-01T00:00:00+00:00', last_changed: '2026-03-01T00:00:00+00:00',
  });
  await buildModels(conn, await compileProject(PROJECT_DIR));
});

afterAll(() => {
  conn?.closeSync();
  instance?.closeSync();
});

describe('person fields in identity', () => {
  it('a Salesforce contact brings its address, birth date, title and account name into the identity graph', async () => {
    expect(await rows(`select company, job_title, street, city, postcode, state, cast(date_of_birth as varchar) as dob from int_identity__nodes where identity_key = $1`, [SF_CONTACT])).toEqual([
      { company: 'Paulsen Logistik GmbH', job_title: 'Head of Logistics', street: 'Lindenallee 12', city: 'Hamburg', postcode: '20259', state: 'HH', dob: '1984-07-21' },
    ]);
  });

  it('a Salesforce lead brings its address and title', async () => {
    expect(await rows(`select company, job_title, street, city, postcode, state from int_identity__nodes where identity_key = $1`, [SF_LEAD])).toEqual([
      { company: 'Quast KG', job_title: 'Owner', street: 'Am Markt 3', city: 'Bremen', postcode: '28195', state: 'HB' },
    ]);
  });

  it('a Mailchimp member brings its ADDRESS merge field; BIRTHDAY stays month and day in staging', async () => {
    expect(await rows(`select street, city, postcode, state, country from int_identity__nodes where identity_key = $1`, [MC_MEMBER])).toEqual([
      { street: 'Lindenallee 12', city: 'Hamburg', postcode: '20259', state: 'HH', country: 'DE' },
    ]);
    expect(await rows(`select birthday from stg_mailchimp__members where email_normalized = 'petra.personal@example.net'`)).toEqual([{ birthday: '07-21' }]);
  });

  it('the matcher compares the new fields: the CRM contact and the list member are a pair with an exact address', async () => {
    const pairs = await rows(
      `select address_level, first_name_level, last_name_level from int_identity__scored_pairs
        where (left_key, right_key) in (($1, $2), ($2, $1))`,
      [SF_CONTACT, MC_MEMBER],
    );
    expect(pairs).toEqual([{ address_level: 'exact', first_name_level: 'exact', last_name_level: 'exact' }]);
  });

  it("Mailchimp's year-less BIRTHDAY against a full birth date: same month and day is a partial agreement, weaker than a full date", async () => {
    const level = async (a: string, b: string) =>
      (await rows(`select date_of_birth_level as level from int_identity__scored_pairs where (left_key, right_key) in (($1, $2), ($2, $1))`, [a, b]))[0]?.level;
    expect(await level(SF_CONTACT, MC_MEMBER)).toBe('month_day_only');
    expect(await level(SF_CONTACT, SF_CONTACT_2)).toBe('exact');
    expect(await level(SF_CONTACT, MC_MEMBER_2)).toBe('different');
    const weights = Object.fromEntries(
      (await rows(`select level, match_weight from int_identity__match_parameters where field = 'date_of_birth'`)).map((r) => [r.level, Number(r.match_weight)]),
    );
    // Ordered, whatever four Petras let the estimate learn: never below disagreement, never above a full date.
    expect(weights.month_day_only).toBeGreaterThanOrEqual(weights.different!);
    expect(weights.month_day_only).toBeLessThanOrEqual(weights.exact!);
  });
});
