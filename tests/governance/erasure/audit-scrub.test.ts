/**
 * What the audit scrub removes for one erased person: their phone however it was
 * written, their email in any case, their names where a query quotes them, their source
 * record ids as whole tokens — and nothing of anyone else.
 */
import { describe, expect, it } from 'vitest';
import { auditScrubber } from '../../../governance/erasure/audit-scrub.js';
import type { Identifier } from '../../../governance/erasure/forget.js';

const identifiers: Identifier[] = [
  { kind: 'email', form: 'ada@example.com', sourceId: null },
  { kind: 'phone', form: '+442079460958', sourceId: null },
  { kind: 'phone', form: '020 7946 0958', sourceId: null },
  { kind: 'online_identifier', form: 'anon-7f3a9', sourceId: 'web' },
];
const scrub = auditScrubber({ identifiers, names: ['Ada', 'Lovelace'], recordIds: ['list42:5f2b1c9d8e7a', '101'] });

describe('audit scrub patterns', () => {
  it('finds a phone in every spelling of its digits', () => {
    for (const written of ['+44 20 7946 0958', '+442079460958', '442079460958', '00442079460958', '020 7946 0958', '02079460958', '(020) 7946-0958', '+44 (0)20 7946 0958', '2079460958']) {
      expect(scrub(`where phone = '${written}'`), written).toBe(`where phone = '[erased]'`);
    }
    // another number, or the same digits inside a longer one, stays
    expect(scrub(`where phone = '+44 20 7946 0959' or id = 920794609581`)).toBe(`where phone = '+44 20 7946 0959' or id = 920794609581`);
  });

  it('finds emails in any case, ids, and record ids as whole tokens only', () => {
    expect(scrub(`email = 'ADA@Example.com' or anonymous_id = 'ANON-7F3A9'`)).toBe(`email = '[erased]' or anonymous_id = '[erased]'`);
    expect(scrub(`member_id = '5f2b1c9d8e7a' or member_key = 'list42:5f2b1c9d8e7a' or x = '5f2b1c9d8e7ab'`)).toBe(
      `member_id = '[erased]' or member_key = '[erased]' or x = '5f2b1c9d8e7ab'`,
    );
    // a short record id would match too much else: left alone
    expect(scrub(`limit 101`)).toBe(`limit 101`);
  });

  it('finds names inside quoted literals, not the same word elsewhere', () => {
    expect(scrub(`select ada from t where first_name = 'Ada' and last_name like '%lovelace%'`)).toBe(
      `select ada from t where first_name = '[erased]' and last_name like '%[erased]%'`,
    );
    expect(scrub(`where full_name = 'Ada Lovelace' or first_name = 'Adam'`)).toBe(`where full_name = '[erased] [erased]' or first_name = 'Adam'`);
    expect(scrub(`where note = 'it''s Ada' and ada = 1 and n = 'Ada`)).toBe(`where note = 'it''s [erased]' and ada = 1 and n = '[erased]`);
  });

  it('takes time in proportion to the text (a long query is no trap)', () => {
    const text = Array.from({ length: 2_000 }, (_, i) => `x${i} = 'Ada ${i}' or y = 'Bob' and `).join('');
    const started = Date.now();
    expect(scrub(text).match(/\[erased\]/g)).toHaveLength(2_000);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
