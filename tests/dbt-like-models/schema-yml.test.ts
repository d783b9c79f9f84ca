/**
 * The model yml files (marts/schema.yml, intermediate/_intermediate.yml) against the
 * built models: every column documented (and nothing documented that does not exist),
 * PII tags from the shared vocabulary, and the declared generic tests (unique, not_null,
 * accepted_values, relationships) passing on the scenario data. The tests are evaluated
 * here with plain SQL, so this file does not depend on the model engine.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBInstance, listValue, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import { isPiiTag } from '../../core/pii-tags.js';
import { buildModels, compileProject } from './build.js';
import { createRawTables } from './raw-fixtures.js';
import { landBaseline } from './scenario.js';

const PROJECT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dbt-like-models');
const YML_FILES = ['models/marts/schema.yml', 'models/intermediate/_intermediate.yml', 'models/intermediate/_attribution.yml'];
const quoteIdent = (s: string): string => '"' + s.replaceAll('"', '""') + '"';

type TestSpec = string | Record<string, { values?: unknown[]; to?: string; field?: string }>;
interface ColumnSpec { name: string; description?: string; meta?: { pii?: string | string[] }; tests?: TestSpec[] }
interface ModelSpec { name: string; description?: string; columns: ColumnSpec[] }

let instance: DuckDBInstance;
let conn: DuckDBConnection;
let specs: ModelSpec[];

async function scalar(sql: string, params: DuckDBValue[] = []): Promise<unknown> {
  const reader = await conn.runAndReadAll(sql, params);
  return reader.getRowsJson()[0]?.[0];
}

beforeAll(async () => {
  instance = await DuckDBInstance.create(':memory:');
  conn = await instance.connect();
  await createRawTables(conn);
  await landBaseline(conn);
  await buildModels(conn, await compileProject(PROJECT_DIR));
  specs = [];
  for (const file of YML_FILES) {
    const doc = parseYaml(await fs.readFile(path.join(PROJECT_DIR, file), 'utf8')) as { models: ModelSpec[] };
    specs.push(...doc.models);
  }
});

afterAll(() => {
  conn?.closeSync();
  instance?.closeSync();
});

describe('model yml (marts and intermediate)', () => {
  it('documents every mart and intermediate model', async () => {
    const files: string[] = [];
    for (const dir of ['models/marts', 'models/intermediate']) {
      files.push(...(await fs.readdir(path.join(PROJECT_DIR, dir))).filter((f) => f.endsWith('.sql')).map((f) => f.slice(0, -4)));
    }
    expect(specs.map((s) => s.name).sort()).toEqual(files.sort());
    for (const s of specs) expect(s.description, s.name).toBeTruthy();
  });

  it('documents exactly the columns each mart has, with valid PII tags', async () => {
    for (const spec of specs) {
      const reader = await conn.runAndReadAll(
        "select column_name from information_schema.columns where table_schema = 'main' and table_name = $1 order by ordinal_position",
        [spec.name],
      );
      const actual = reader.getRowsJson().map((r) => r[0]);
      expect(spec.columns.map((c) => c.name), spec.name).toEqual(actual);
      for (const c of spec.columns) {
        expect(c.description, `${spec.name}.${c.name}`).toBeTruthy();
        // A tag, a list of tags, or [] (declared not personal: it stops tags inherited along lineage).
        for (const tag of [c.meta?.pii ?? []].flat()) expect(isPiiTag(tag), `${spec.name}.${c.name}: ${tag}`).toBe(true);
      }
    }
  });

  it('tags the personal columns', () => {
    const pii = Object.fromEntries(specs.flatMap((s) => s.columns.filter((c) => c.meta?.pii).map((c) => [`${s.name}.${c.name}`, c.meta?.pii])));
    expect(pii).toMatchObject({
      'customers.email': 'email', 'customers.first_name': 'name', 'customers.last_name': 'name', 'customers.phone': 'phone',
      'customer_identities.email_normalized': 'email', 'customer_identities.source_record_id': 'person_id',
      'int_identity__nodes.emails': 'email', 'int_identity__nodes.phone': 'phone',
    });
  });

  it('passes its declared tests on the scenario data', async () => {
    let checked = 0;
    for (const spec of specs) {
      const table = `main.${quoteIdent(spec.name)}`;
      for (const c of spec.columns) {
        const col = quoteIdent(c.name);
        for (const t of c.tests ?? []) {
          const where = `${spec.name}.${c.name} ${JSON.stringify(t)}`;
          let failures: unknown;
          if (t === 'unique') {
            failures = await scalar(`select count(*) from (select ${col} from ${table} where ${col} is not null group by 1 having count(*) > 1)`);
          } else if (t === 'not_null') {
            failures = await scalar(`select count(*) from ${table} where ${col} is null`);
          } else if (typeof t === 'object' && t.accepted_values) {
            failures = await scalar(
              `select count(*) from ${table} where ${col} is not null and not list_contains($1::varchar[], ${col}::varchar)`,
              [listValue((t.accepted_values.values ?? []).map(String))],
            );
          } else if (typeof t === 'object' && t.relationships) {
            const to = /^ref\('([^']+)'\)$/.exec(t.relationships.to ?? '')?.[1];
            expect(to, where).toBeTruthy();
            const field = quoteIdent(t.relationships.field ?? '');
            failures = await scalar(
              `select count(*) from ${table} c where c.${col} is not null
                 and not exists (select 1 from main.${quoteIdent(to!)} p where p.${field} = c.${col})`,
            );
          } else if (typeof t === 'object' && Object.keys(t).every((k) => k.startsWith('within_'))) {
            // The project's own generic tests (macros/identity.sql) run in the engine's data
            // tests (tests/pipeline/sync/data-tests.test.ts), not in this plain-SQL check.
            continue;
          } else {
            throw new Error(`unsupported test in schema.yml: ${where}`);
          }
          expect(Number(failures), where).toBe(0);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(20);
  });
});
