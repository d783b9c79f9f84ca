/**
 * Builds the real project with the real model engine (pipeline/models), so these tests
 * exercise exactly what `tributary sync` runs: same Jinja, macros, folder config and
 * materializations. Any model error fails the test with the engine's message.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { loadProject, parseProject, runModels, runSeeds, type Manifest } from '../../engine/index.js';
import { registerSqlFunctions } from '../../pipeline/warehouse/sql-functions.js';

export async function compileProject(projectDir: string): Promise<Manifest> {
  return parseProject(await loadProject(projectDir));
}

export async function buildModels(conn: DuckDBConnection, manifest: Manifest): Promise<void> {
  // What Warehouse.open gives every sync's database (registering twice is harmless).
  registerSqlFunctions(conn);
  // Seeds first, as the pipeline's build loads them (the budget plan is one).
  const seeds = await runSeeds({ conn, project: manifest.project });
  const failedSeeds = seeds.filter((r) => r.status !== 'success');
  if (failedSeeds.length > 0) throw new Error(failedSeeds.map((r) => `${r.name}: ${r.error}`).join('\n'));
  const results = await runModels({ conn, project: manifest, compiledDir: mkdtempSync(path.join(tmpdir(), 'tributary-compiled-')) });
  const failed = results.filter((r) => r.status !== 'success');
  if (failed.length > 0) throw new Error(failed.map((r) => `${r.name}: ${r.error}`).join('\n'));
}
