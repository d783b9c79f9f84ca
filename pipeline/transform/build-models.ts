/**
 * Build stage: runs the dbt-style project (Tributary's own models by default) on the
 * warehouse and says which built models are published to analysts: those whose meta
 * says `publish: true` (`+meta: { publish: true }` on a folder in dbt_project.yml, or
 * `meta:` on the model in schema.yml or `config()`).
 */
import { join } from 'node:path';
import { ConfigError, type Logger } from '../../core/index.js';
import type { GovernModel } from '../../governance/govern.js';
import type { ModelRunRecord } from '../control-plane/control-plane.js';
import { loadProject, parseProject, runModels, type Manifest, type ModelRunResult, type ParsedModel } from '../../engine/index.js';
import type { Warehouse } from '../warehouse/warehouse.js';
import { allConnectors } from '../../connectors/registry.js';
import { RawTable } from '../land/raw-table.js';

export interface BuildResult {
  readonly manifest: Manifest;
  readonly results: readonly ModelRunResult[];
  readonly models: readonly ModelRunRecord[];
  readonly failed: readonly { name: string; error: string }[];
  readonly durationMs: number;
}

export async function buildModels(options: {
  wh: Warehouse;
  modelsDir: string;
  workspaceDir: string;
  log: Logger;
  /** dbt vars over dbt_project.yml's (tributary.yml's `identity:` block, identityVars). */
  vars?: Readonly<Record<string, unknown>>;
}): Promise<BuildResult> {
  const started = Date.now();
  await ensureAllRawTables(options.wh, options.log);
  const manifest = parseProject(await loadProject(options.modelsDir), { vars: options.vars ?? {} });
  if (!Object.values(manifest.models).some(publishes)) {
    // Until the layout change a project's models/marts/ folder was published by its path; say what replaced it.
    throw new ConfigError(`the models project ${options.modelsDir} publishes no model`, {
      hint: "declare what analysts get with `+meta: { publish: true }` on a folder in dbt_project.yml (or `meta: { publish: true }` on a model)",
    });
  }
  const results = await runModels({
    conn: options.wh.conn,
    project: manifest,
    log: options.log,
    // Compiled SQL belongs to the workspace, not to the (possibly read-only) project folder.
    compiledDir: join(options.workspaceDir, 'target', 'compiled'),
  });
  return {
    manifest,
    results,
    models: results.map((r) => ({
      model: r.name,
      materialization: r.materialization.kind,
      status: r.status,
      rows: r.rows,
      durationMs: Math.round(r.durationMs),
      error: r.error,
    })),
    failed: results.filter((r) => r.status === 'error').map((r) => ({ name: r.name, error: r.error ?? 'unknown error' })),
    durationMs: Date.now() - started,
  };
}

/**
 * The models read every source Tributary knows. A source this workspace does not
 * configure lands nothing, so its raw tables are created empty (from the stream
 * schemas, as landing would) and every model still builds — with no rows from it.
 */
async function ensureAllRawTables(wh: Warehouse, log: Logger): Promise<void> {
  for (const connector of allConnectors()) {
    for (const stream of connector.streams) {
      const target = { sourceId: connector.type, connectorType: connector.type, tablePrefix: connector.tablePrefix, stream };
      await RawTable.open(wh, target, log);
    }
  }
}

/** tributary.yml's `identity:` block as the vars the identity models read. */
export function identityVars(identity: { probabilistic: boolean; matchThreshold: number; maxComponentSize: number }): Record<string, unknown> {
  return {
    identity_probabilistic: identity.probabilistic,
    identity_match_threshold: identity.matchThreshold,
    identity_max_component_size: identity.maxComponentSize,
  };
}

export function isPublished(result: ModelRunResult, manifest: Manifest): boolean {
  const model = manifest.models[result.name];
  return model !== undefined && publishes(model) && result.materialization.kind !== 'ephemeral';
}

function publishes(model: ParsedModel): boolean {
  return (model.node.meta.publish ?? model.config.meta?.publish) === true;
}

/** What governance needs to know about each built model (plain data, no engine types). */
export function governInputs(build: BuildResult): GovernModel[] {
  return build.results
    .filter((r) => r.status === 'success' && r.compiledSql !== undefined && r.materialization.kind !== 'ephemeral')
    .map((r) => {
      const node = build.manifest.models[r.name]!.node;
      return {
        name: r.name,
        relation: `${r.relation.schema}.${r.relation.name}`.toLowerCase(),
        compiledSql: r.compiledSql!,
        published: isPublished(r, build.manifest),
        description: node.description,
        columns: node.columns.map((c) => ({ name: c.name, description: c.description, pii: c.meta.pii })),
      };
    });
}
