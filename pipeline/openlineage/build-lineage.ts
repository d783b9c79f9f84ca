/**
 * OpenLineage from the dbt verbs (`tributary build`, `run`): one START and one COMPLETE
 * or FAIL per model the command ran, with the model's columns (schema facet) and the
 * input columns each is computed from (column-lineage facet, from DuckDB's own parse of
 * the compiled SQL, governance/lineage). The events are built and sent like a sync's
 * (governance/openlineage/events.ts, ./transport.ts), after the command: a model's
 * columns and inputs are only known once the database holds what it built.
 *
 * A dbt project has no tributary.yml, so the target comes from OpenLineage's own client
 * variables — `OPENLINEAGE_URL` (with `OPENLINEAGE_ENDPOINT`, default `api/v1/lineage`,
 * and `OPENLINEAGE_API_KEY`, sent only as a bearer token), `OPENLINEAGE_NAMESPACE`
 * (default `tributary`) — and/or `--openlineage-file <jsonl>`.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import type { DbtCommandResult } from '../../engine/invocation/dbt-command.js';
import type { NodeResult } from '../../engine/invocation/artifacts.js';
import { loadCatalog, modelColumnLineage, type ModelLineage } from '../../governance/lineage/index.js';
import { runEvent, type DatasetRef, type FieldInput, type JobRun } from '../../governance/openlineage/events.js';
import type { OpenLineageSettings } from './sync-lineage.js';
import { sendEvents } from './transport.js';

/** The build's OpenLineage target, or undefined when neither a file nor `OPENLINEAGE_URL` is given. */
export function buildLineageSettings(env: Readonly<Record<string, string | undefined>>, file: string | undefined, cwd: string): OpenLineageSettings | undefined {
  const url = env['OPENLINEAGE_URL']?.trim() || undefined;
  if (file === undefined && url === undefined) return undefined;
  return {
    ...(file === undefined ? {} : { file: resolve(cwd, file) }),
    ...(url === undefined ? {} : { url }),
    endpoint: env['OPENLINEAGE_ENDPOINT']?.trim() || 'api/v1/lineage',
    ...(env['OPENLINEAGE_API_KEY'] ? { apiKey: env['OPENLINEAGE_API_KEY'] } : {}),
    namespace: env['OPENLINEAGE_NAMESPACE']?.trim() || 'tributary',
    maxAttempts: 3,
    baseDelayMs: 250,
    timeoutMs: 10_000,
  };
}

type Column = { name: string; type: string };

/** Builds and sends the events of the models `result` ran; returns what could not be delivered. */
export async function emitBuildLineage(result: DbtCommandResult, settings: OpenLineageSettings): Promise<string[]> {
  const models = result.results.filter((r) => (r.resourceType === 'model' || r.resourceType === 'snapshot') && r.status !== 'skipped');
  if (models.length === 0) return [];
  const namespace = `duckdb://${hostname()}${result.target.path}`;
  const parent = { runId: randomUUID(), job: `tributary.${result.command}` };
  const events: Record<string, unknown>[] = [];
  await withDatabase(result.target.path, async (conn) => {
    const types = conn ? await columnTypes(conn) : new Map<string, Column[]>();
    const catalog = conn ? await loadCatalog(conn, result.target.schema) : undefined;
    for (const r of models) {
      const relation = (r.relationName ?? r.name).toLowerCase();
      const lineage = conn && catalog && r.compiledCode ? await modelColumnLineage(conn, r.compiledCode, catalog, r.name).catch(() => undefined) : undefined;
      events.push(...modelEvents(r, relation, namespace, parent, types.get(relation) ?? [], lineage, settings.namespace));
    }
  });
  return sendEvents(settings, events);
}

function modelEvents(r: NodeResult, relation: string, namespace: string, parent: JobRun['parent'], columns: readonly Column[], lineage: ModelLineage | undefined, jobNamespace: string): Record<string, unknown>[] {
  const inputs: DatasetRef[] = (lineage?.relations ?? []).filter((rel) => rel !== relation).map((rel) => ({ namespace, name: rel }));
  const fields: Record<string, FieldInput[]> = {};
  for (const c of lineage?.columns ?? []) {
    fields[c.column] = c.sources.filter((s) => s.relation !== relation).map((s) => ({ namespace, name: s.relation, field: s.column, transform: s.transform }));
  }
  const run: JobRun = {
    namespace: jobNamespace,
    job: `build.${r.name}`,
    jobType: 'MODEL',
    runId: randomUUID(),
    parent,
    inputs,
    outputs: [{ namespace, name: relation, columns, lineage: fields }],
  };
  const failed = r.status === 'error';
  return [runEvent(run, 'START', r.startedAt), failed ? runEvent(run, 'FAIL', r.completedAt, r.message ?? 'error') : runEvent(run, 'COMPLETE', r.completedAt)];
}

/** Runs `fn` on the built database, read-only; with undefined when it cannot be opened (in memory, locked): events without columns. */
async function withDatabase(path: string, fn: (conn: DuckDBConnection | undefined) => Promise<void>): Promise<void> {
  let instance: DuckDBInstance | undefined;
  try {
    instance = path === ':memory:' ? undefined : await DuckDBInstance.create(path, { access_mode: 'READ_ONLY' });
  } catch {
    instance = undefined;
  }
  const conn = instance ? await instance.connect() : undefined;
  try {
    await fn(conn);
  } finally {
    conn?.closeSync();
    instance?.closeSync();
  }
}

async function columnTypes(conn: DuckDBConnection): Promise<Map<string, Column[]>> {
  const reader = await conn.runAndReadAll(
    `select table_schema, table_name, column_name, data_type from information_schema.columns
      where table_catalog = current_database() order by table_schema, table_name, ordinal_position`,
  );
  const out = new Map<string, Column[]>();
  for (const [schema, table, column, type] of reader.getRows()) {
    const key = `${String(schema)}.${String(table)}`.toLowerCase();
    const list = out.get(key) ?? [];
    list.push({ name: String(column), type: String(type) });
    out.set(key, list);
  }
  return out;
}
