import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { classifyColumn, classifyRelation, nameTokens } from '../../../governance/pii/index.js';

const cases: readonly { name: string; values?: unknown[]; tag: string | undefined }[] = [
  { name: 'email', tag: 'email' },
  { name: 'properties__email', tag: 'email' },
  { name: 'contactEmail', tag: 'email' },
  { name: 'email_count', tag: undefined },
  { name: 'has_email', tag: undefined },
  { name: 'email_hash', tag: 'pseudonymous_id' },
  { name: 'notes_blob', values: ['Ann@Example.com ', 'bob@example.org', 'c@d.co'], tag: 'email' },
  { name: 'phone', tag: 'phone' },
  { name: 'c1', values: ['(415) 555-0100', '+1 415 555 0101', '415.555.0102'], tag: 'phone' },
  { name: 'hubspot_id', values: ['4155550100', '4155550101'], tag: undefined },
  { name: 'day', values: ['2026-01-02', '2026-01-03'], tag: undefined },
  { name: 'first_name', tag: 'name' },
  { name: 'lastname', tag: 'name' },
  { name: 'full_name', tag: 'name' },
  { name: 'campaign_name', tag: undefined },
  { name: 'ip', tag: 'ip_address' },
  { name: 'c2', values: ['203.0.113.9', '198.51.100.7', '2001:db8::1'], tag: 'ip_address' },
  { name: 'user_agent', tag: undefined },
  { name: 'anonymousId', tag: 'online_identifier' },
  { name: 'device_id', tag: 'device_id' },
  { name: 'zip', tag: 'address' },
  { name: 'utm_campaign', values: ['spring_sale', 'summer'], tag: undefined },
  { name: 'amount', values: [1, 2, 3], tag: undefined },
  { name: 'revenue_linear', values: ['161400.00', '41300.50', '4155550100.00'], tag: undefined },
  { name: 'c3', values: ['+14155550100', '+442079460958'], tag: 'phone' },
];

describe('classifyColumn', () => {
  it.each(cases)('$name → $tag', (c) => {
    const hits = classifyColumn({ name: c.name, ...(c.values === undefined ? {} : { values: c.values }) });
    expect(hits[0]?.tag).toBe(c.tag);
    if (c.tag !== undefined) {
      expect(hits[0]!.reason).not.toBe('');
      expect(hits[0]!.confidence).toBeGreaterThan(0);
      expect(hits[0]!.confidence).toBeLessThanOrEqual(1);
    }
  });

  it('is surer when the name and the values agree', () => {
    const nameOnly = classifyColumn({ name: 'email' })[0]!;
    const valuesOnly = classifyColumn({ name: 'x', values: ['a@b.io', 'c@d.io'] })[0]!;
    const both = classifyColumn({ name: 'email', values: ['a@b.io', 'c@d.io'] })[0]!;
    expect(both.confidence).toBeGreaterThan(Math.max(nameOnly.confidence, valuesOnly.confidence));
    expect(both.reason).toMatch(/column name "email".*2\/2 sampled values look like email addresses/);
  });

  it('needs most values to match', () => {
    expect(classifyColumn({ name: 'x', values: ['a@b.io', 'no', 'nope', 'nah'] })).toEqual([]);
  });

  it('splits names into tokens', () => {
    expect(nameTokens('traits.firstName')).toBe('traits_first_name');
    expect(nameTokens('properties__email')).toBe('properties_email');
  });
});

describe('classifyRelation', () => {
  it('samples a real table and classifies each column', async () => {
    const instance = await DuckDBInstance.create(':memory:');
    const conn = await instance.connect();
    try {
      await conn.run(`CREATE SCHEMA raw; CREATE TABLE raw."web events" ("client ip" VARCHAR, n INTEGER, note VARCHAR, amount DECIMAL(18, 2))`);
      await conn.run(`INSERT INTO raw."web events" VALUES ('203.0.113.3', 1, 'hi', 161400.00), ('203.0.113.4', 2, NULL, 4155550.10), (NULL, 3, 'yo', 12.5)`);
      const result = await classifyRelation(conn, { schema: 'raw', name: 'web events' }, ['client ip', 'n', 'amount']);
      expect(result[0]!.classifications[0]).toMatchObject({ tag: 'ip_address' });
      expect(result[0]!.classifications[0]!.reason).toMatch(/2\/2 sampled values look like IP addresses/);
      expect(result[1]!.classifications).toEqual([]);
      // numbers are never sampled as personal text
      expect(result[2]!.classifications).toEqual([]);
    } finally {
      conn.closeSync();
      instance.closeSync();
    }
  });
});
