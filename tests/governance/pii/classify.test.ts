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

/** What the pipeline acts on: the strongest tag at the publish threshold (0.8), else none. */
const acted = (name: string, values: unknown[]): string | undefined => {
  const best = classifyColumn({ name, values })[0];
  return best && best.confidence >= 0.8 ? best.tag : undefined;
};
const times = <T>(n: number, xs: readonly T[]): T[] => Array.from({ length: n }, (_v, i) => xs[i % xs.length]!);

// Formats and naming styles the blind set (bench/pii-blind) found missing; each is a general
// spelling of its country or tool, not a value of that set.
describe('classifyColumn on exports from more countries and tools', () => {
  it.each([
    { name: '구매자명', values: ['김민수', '이서연', '박지훈', '최유진'], tag: 'name' },
    { name: '배송지', values: ['서울특별시 중구 세종대로 110', '부산광역시 수영구 광안해변로 219, 3층'], tag: 'address' },
    { name: '우편번호', values: ['04524', '48303', '13529'], tag: 'address' },
    { name: '身份证号', values: ['110105198802295293', '310115197511035622', '440305200107142436'], tag: 'government_id' },
    { name: 'id', values: ['110105198802295293', '310115197511035622', '440305200107142436'], tag: 'government_id' },
    { name: '出生日期', values: ['1988年2月29日', '1975年11月3日', '2001年7月14日'], tag: 'date_of_birth' },
    { name: '设备ID', values: ['3F2504E0-4F89-41D3-9A0C-0305E82C3301', '7c9e6679-7425-40de-944b-e07fc1f90ae7'], tag: 'device_id' },
    { name: '纬度', values: [31.230416, 39.904211, 22.543096], tag: 'precise_location' },
    { name: 'madid', values: ['3F2504E0-4F89-41D3-9A0C-0305E82C3301', '7c9e6679-7425-40de-944b-e07fc1f90ae7'], tag: 'device_id' },
    // Meta's and Google's audience files keep `email` / `phone` as the header of SHA-256 hex.
    { name: 'email', values: ['a3f1c0e47b2d9e8f00112233445566778899aabbccddeeff0011223344556677', '0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e'], tag: 'pseudonymous_id' },
    { name: 'cache_key_hash', values: ['9e107d9d372bb6826bd81d3542a419d6', 'e4d909c290d0fb1ca068ffaddf22cbd0'], tag: undefined },
    // Dashed and bare SSNs in one column: neither spelling alone is most of it.
    { name: 'EE_SSN', values: ['615-32-8494', '022991009', '440-60-7753', '427716123'], tag: 'government_id' },
    // A Brazilian PIS passes a German numbering plan as a phone; its check digit says id.
    { name: 'pis', values: ['157.76937.82-9', '161.12121.14-0', '145.49318.06-2'], tag: 'government_id' },
    { name: 'x', values: ['157.76937.82-9', '161.12121.14-0', '145.49318.06-2'], tag: 'government_id' },
    // Spanish mobiles with and without spaces: bare nine digits also pass an SSN's area rule.
    { name: 'Móvil', values: times(10, ['612 34 56 78', '634567890', '+34 699 12 34 56', '655443322', '611 223 344']), tag: 'phone' },
    { name: 'Genere', values: times(10, ['Donna', 'Uomo', 'Donna', 'Preferisco non rispondere', 'Uomo']), tag: 'gender' },
    { name: 'years_at_address', values: [0, 3, 12, 7], tag: undefined },
    { name: 'Utdelningsadress', values: ['Storgatan 12', 'Kungsvägen 3 lgh 1102', 'Sveavägen 45'], tag: 'address' },
    { name: 'E-postadress', values: ['anna@telia.com', 'erik@gmail.com'], tag: 'email' },
    { name: 'conta', values: ['56676009-2', '85670-5', '1234567-0'], tag: 'bank_account' },
  ])('$name → $tag', (c) => {
    expect(acted(c.name, c.values)).toBe(c.tag);
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
