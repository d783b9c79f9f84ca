/**
 * The same project through the real model engine (pipeline/models): every model builds
 * and every test declared in schema.yml passes on the scenario data. models.test.ts
 * checks the semantics through the compile shim; this checks the two agree on the
 * Jinja and yml the project uses.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { loadProject, parseProject, runDataTests, runModels, runSeeds } from '../../engine/index.js';
import { createRawTables } from './raw-fixtures.js';
import { registerSqlFunctions } from '../../pipeline/warehouse/sql-functions.js';
import { landBaseline } from './scenario.js';

const PROJECT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dbt-like-models');

let instance: DuckDBInstance;
let conn: DuckDBConnection;
let tmp: string;

beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'tributary-models-'));
  instance = await DuckDBInstance.create(':memory:');
  conn = await instance.connect();
  registerSqlFunctions(conn);
  await createRawTables(conn);
  await landBaseline(conn);
});

afterAll(async () => {
  conn?.closeSync();
  instance?.closeSync();
  await fs.rm(tmp, { recursive: true, force: true });
});

describe('the model engine on dbt-like-models', () => {
  it('builds every model and passes every schema.yml test', async () => {
    const manifest = parseProject(await loadProject(PROJECT_DIR), { vars: {} });
    // As the pipeline's build: the seeds (the budget plan) first.
    expect((await runSeeds({ conn, project: manifest.project })).filter((r) => r.status !== 'success')).toEqual([]);
    const results = await runModels({ conn, project: manifest, compiledDir: path.join(tmp, 'compiled') });
    expect(results.filter((r) => r.status !== 'success').map((r) => `${r.name}: ${r.error}`)).toEqual([]);
    const kinds = Object.fromEntries(results.map((r) => [r.name, r.materialization.kind]));
    expect(kinds).toMatchObject({ stg_hubspot__contacts: 'view', int_identity__edges: 'table', int_identity__clusters: 'incremental', int_identity__candidate_pairs: 'incremental', int_identity__components: 'incremental', customers: 'table' });

    const tests = await runDataTests({ conn, project: manifest });
    expect(tests.length).toBeGreaterThan(20);
    expect(tests.filter((t) => t.status !== 'pass')).toEqual([]);

    const reader = await conn.runAndReadAll('select count(*)::int from customers');
    expect(reader.getRowsJson()[0]?.[0]).toBe(3);
  });
});
