import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { SuppressionSet, identifierForms, normalizeEmail, suppressionKey } from '../../../governance/erasure/identifiers.js';

const messy = [' Alice@Example.com ', '\tALICE@example.COM\u00a0', 'alice@example.com\n', '\r\nAlice@Example.Com \u00a0', '   ', 'bob@x.io'];

describe('identifiers', () => {
  it('normalises emails exactly like the staging models do', async () => {
    const instance = await DuckDBInstance.create(':memory:');
    const conn = await instance.connect();
    try {
      for (const value of messy) {
        // the body of dbt-like-models/macros/normalize.sql
        const reader = await conn.runAndReadAll(`select nullif(lower(regexp_replace($1, '^[\\s\\x{00a0}]+|[\\s\\x{00a0}]+$', '', 'g')), '') as v`, [value]);
        expect(normalizeEmail(value), JSON.stringify(value)).toBe(reader.getRows()[0]![0]);
      }
    } finally {
      conn.closeSync();
      instance.closeSync();
    }
  });

  it('matches a phone as typed and in E.164, and ids as given', () => {
    expect(identifierForms('phone', ' +1 (415) 555-0100 ')).toEqual(['+1 (415) 555-0100', '+14155550100']);
    expect(identifierForms('phone', '020 7946 0958')).toEqual(['020 7946 0958']);
    expect(identifierForms('online_identifier', ' anon-1 ')).toEqual(['anon-1']);
    expect(identifierForms('email', ' ')).toEqual([]);
  });

  it('suppresses by hash: any spelling of a suppressed identifier matches, nothing else does', () => {
    const set = new SuppressionSet([
      { kind: 'email', keyHash: suppressionKey('email', 'alice@example.com') },
      { kind: 'phone', keyHash: suppressionKey('phone', '+14155550100') },
    ]);
    expect(set.size).toBe(2);
    for (const v of messy.slice(0, 4)) expect(set.matches('email', v)).toBe(true);
    expect(set.matches('email', 'bob@x.io')).toBe(false);
    expect(set.matches('phone', '+1 415-555-0100')).toBe(true);
    // the same value under another kind is another identifier
    expect(set.matches('person_id', 'alice@example.com')).toBe(false);
    expect(suppressionKey('email', 'alice@example.com')).toMatch(/^[0-9a-f]{64}$/);
  });
});
