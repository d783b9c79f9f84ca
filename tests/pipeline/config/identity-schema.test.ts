/**
 * tributary.yml's identity overrides name fields, levels and blocking rules the SQL
 * macros define (dbt-like-models/macros/identity.sql); the config checks them against
 * lists in pipeline/config/identity-schema.ts. This reads the macros and fails when a
 * level or rule is added, renamed or removed on one side only.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { IDENTITY_BLOCKING_FIELDS, IDENTITY_BLOCKING_RULES, IDENTITY_COMPARISON_LEVELS } from '../../../pipeline/config/identity-schema.js';

const macros = readFileSync(fileURLToPath(new URL('../../../dbt-like-models/macros/identity.sql', import.meta.url)), 'utf8');

function macroBody(name: string): string {
  const start = macros.indexOf(`{%- macro ${name}(`);
  expect(start, `macro ${name}`).toBeGreaterThanOrEqual(0);
  return macros.slice(start, macros.indexOf('{%- endmacro -%}', start));
}

describe('identity override names match the macros', () => {
  it('every compared field, with its levels', () => {
    const fields = /return\(\[([^\]]*)\]\)/.exec(macroBody('identity_fields'))![1]!.match(/'([a-z_]+)'/g)!.map((f) => f.slice(1, -1));
    expect(Object.keys(IDENTITY_COMPARISON_LEVELS)).toEqual(fields);
    for (const field of fields) {
      const levels = [...macroBody(`identity_compare_${field}`).matchAll(/(?:then|else) '([a-z0-9_.]+)'/g)].map((m) => m[1]);
      expect([...new Set(levels)].sort(), field).toEqual([...IDENTITY_COMPARISON_LEVELS[field as keyof typeof IDENTITY_COMPARISON_LEVELS]].sort());
    }
  });

  it('the built-in blocking rules, and the fields an added rule may use', () => {
    const rules = [...macroBody('identity_blocking_rules').matchAll(/\['([a-z_]+)', /g)].map((m) => m[1]);
    expect([...IDENTITY_BLOCKING_RULES]).toEqual(rules);
    const columns = [...macroBody('identity_blocking_columns').matchAll(/'([a-z_]+)': '/g)].map((m) => m[1]);
    expect([...IDENTITY_BLOCKING_FIELDS]).toEqual(columns);
  });
});
