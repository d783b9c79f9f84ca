/**
 * The SQL behind the keyed hash, checked in DuckDB itself: it is exactly HMAC-SHA256 (so
 * it is as strong as its key, and anyone holding the key can reproduce it outside DuckDB).
 */
import { createHmac } from 'node:crypto';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
