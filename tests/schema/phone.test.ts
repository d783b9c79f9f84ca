import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { withWarehouse } from '../../pipeline/warehouse/warehouse.js';
import { toE164 } from '../../schema/phone.js';

describe('toE164', () => {
  it.each([
    ['(415) 555-0100', 'US', '+14155550100'],
    ['415.555.0100', 'us', '+14155550100'],
    ['1-415-555-0100', 'US', '+14155550100'],
    ['+1 415-555-0100', null, '+14155550100'],
    [' +44 20 7946 0958 ', null, '+442079460958'],
    ['020 7946 0958', 'GB', '+442079460958'],
    ['069 3433767', 'DE', '+49693433767'],
    // a national format without a usable country is not guessed at
    ['020 7946 0958', null, null],
    ['020 7946 0958', 'United Kingdom', null],
    ['(415) 555-0100', 'XX', null],
    // not a number at all, or too short to be valid
    ['n/a', 'US', null],
    ['555-01', 'US', null],
    ['', 'US', null],
  ] as const)('%s (%s) → %s', (phone, country, expected) => {
    expect(toE164(phone, country)).toBe(expected);
  });
});

describe('tributary_e164 in the warehouse', () => {
  it('is there on every warehouse connection, read-only ones too, and passes NULLs through', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tributary-phone-'));
    const file = path.join(dir, 'warehouse.duckdb');
    try {
      await withWarehouse(file, async () => {});
      const rows = await withWarehouse(
        file,
        (wh) =>
          wh.all(
            `select tributary_e164(p, c) as e164
               from (values ('(415) 555-0100', 'US', 1), ('+44 20 7946 0958', null, 2), (null, 'US', 3), ('020 7946 0958', null, 4)) t(p, c, i)
              order by i`,
          ),
        { readOnly: true },
      );
      expect(rows.map((r) => r.e164)).toEqual(['+14155550100', '+442079460958', null, null]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
