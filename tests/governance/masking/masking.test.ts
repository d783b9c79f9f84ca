/**
 * The SQL behind two masking steps, checked in DuckDB itself: the keyed hash is exactly
 * HMAC-SHA256 (so it is as strong as its key, and anyone holding the key can reproduce
 * it outside DuckDB), and the embedded-value patterns catch the emails and phone
 * numbers people type into free text without eating dates, amounts and ids.
 */
import { createHmac } from 'node:crypto';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMBEDDED_PARAMS, scrubEmbeddedSql } from '../../../governance/masking/embedded.js';
import { hmacSql, pseudonymParams } from '../../../governance/masking/masking.js';

let instance: DuckDBInstance;
let conn: DuckDBConnection;
beforeAll(async () => {
  instance = await DuckDBInstance.create(':memory:');
  conn = await instance.connect();
});
afterAll(() => {
  conn.closeSync();
  instance.closeSync();
});

describe('hmacSql', () => {
  it.each([
    ['a short key of 16+', 'alice@example.com'],
    ['0123456789abcdef'.repeat(4), 'hubspot:contacts:hubspot:1000237'],
    ['a key longer than the 64-byte block is hashed first, as RFC 2104 says', 'cus_0cd029d8df1f3323'],
    ['ünïcödé key', 'Zoë Ångström'],
    ['empty message', ''],
  ])('equals HMAC-SHA256 under %j', async (key, message) => {
    const reader = await conn.runAndReadAll(`select ${hmacSql('$message')} as h`, { ...pseudonymParams(key), message });
    expect(reader.getRowObjectsJS()[0]!.h).toBe(createHmac('sha256', key).update(message).digest('hex'));
  });
});

describe('scrubEmbeddedSql', () => {
  const scrub = async (text: string): Promise<string> => {
    const reader = await conn.runAndReadAll(`select ${scrubEmbeddedSql('$text')} as s`, { ...EMBEDDED_PARAMS, text });
    return String(reader.getRowObjectsJS()[0]!.s);
  };

  it.each([
    ['call me at hidden.person@secret.org or +44 20 7946 0958', 'call me at [redacted email] or [redacted phone]'],
    ["O'Brien.J+news@mail.example.co.uk", '[redacted email]'],
    ['ring (415) 555-0100 after 5', 'ring [redacted phone] after 5'],
    ['office 020 7946 0958', 'office [redacted phone]'],
    ['415.555.0100 / 415-555-0101', '[redacted phone] / [redacted phone]'],
    ['mobile 07700 900123', 'mobile [redacted phone]'],
    ['+14155550100', '[redacted phone]'],
  ])('replaces what is in %j', async (text, expected) => {
    expect(await scrub(text)).toBe(expected);
  });

  it.each([
    'Hettinger LLC',
    'Free Trial Oct 2026 — Newsletter',
    'spring_sale_2026',
    'since 2026-10-31',
    '12:30 on 31.10.2026',
    '120229752675892751',
    'cmp_ced9ad48a63f',
    '123e4567-e89b-12d3-a456-426614174000',
    'Revenue 161400.00',
    'user at example dot com',
  ])('leaves %j as it was', async (text) => {
    expect(await scrub(text)).toBe(text);
  });
});
