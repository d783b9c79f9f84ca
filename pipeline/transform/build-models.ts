/**
 * Build stage: loads the project's seeds, runs the dbt-style project (Tributary's own
 * models by default) on the warehouse and says which built models are published to
 * analysts: those whose meta says `publish: true` (`+meta: { publish: true }` on a
 * folder in dbt_project.yml, or `meta:` on the model in schema.yml or `config()`).
 *
 * A sync builds only what its landed batches changed and what depends on that
 * (build-plan.ts); `fullRefresh` rebuilds every model, incremental ones from scratch.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigError, type Logger } from '../../core/index.js';
import type { GovernModel } from '../../governance/govern.js';
import type { ModelRunRecord } from '../control-plane/control-plane.js';
import { loadProject, loadSeed, parseProject, runModels, type Manifest, type ModelProgressEvent, type ModelRunResult, type ParsedModel, type SeedResult } from '../../engine/index.js';
import { fingerprint, markBuilt, markPicked, planBuild, withSourceState } from './build-plan.js';
import type { Warehouse } from '../warehouse/warehouse.js';
import { allConnectors } from '../../connectors/registry.js';
import { RawTable } from '../land/raw-table.js';
import type { IdentitySettings } from '../config/identity-schema.js';

export interface BuildResult {
  readonly manifest: Manifest;
  /** The models built this run. */
  readonly results: readonly ModelRunResult[];
  /** Models left as they were (nothing they read changed), with their SQL: governance and publishing still cover them. */
  readonly unchanged: readonly ModelRunResult[];
  /** Each model's full-build SQL (an incremental run's SQL also reads the model itself): what lineage reads. */
  readonly lineageSql: ReadonlyMap<string, string>;
  /** Every seed of the project, loaded before the models (a model may `ref` one). */
  readonly seeds: readonly SeedResult[];
  readonly models: readonly ModelRunRecord[];
  /** Seeds and models that failed. */
  readonly failed: readonly { name: string; error: string }[];
  readonly durationMs: number;
}

export async function buildModels(options: {
  wh: Warehouse;
  modelsDir: string;
  workspaceDir: string;
  log: Logger;
  fullRefresh?: boolean;
  /** dbt vars over dbt_project.yml's (tributary.yml's `identity:` block, identityVars). */
  vars?: Readonly<Record<string, unknown>>;
  /** Each model of the plan as it starts and finishes (the live progress's models done/total). */
  onModel?: (event: ModelProgressEvent) => void;
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
  const seeds = await loadSeeds(options.wh, manifest, options.log);
  const seedFailures = seeds.filter((s) => s.status === 'error');
  // A model reading a seed that did not load would fail with a less helpful message: stop here.
  if (seedFailures.length > 0) {
    return { manifest, results: [], unchanged: [], lineageSql: new Map(), seeds, models: [], failed: seedFailures.map((s) => ({ name: s.name, error: s.error ?? 'unknown error' })), durationMs: Date.now() - started };
  }
  const fullRefresh = options.fullRefresh ?? false;
  const dag = manifest.dag();
  const all = dag.keys();
  // Each model's full-build SQL: what lineage reads (an incremental run's SQL also reads
  // the model itself), and what tells the plan that a model's definition changed.
  const lineageSql = new Map<string, string>();
  const seedDigests = await digestSeeds(manifest);
  const modelPrints = new Map<string, string>();
  const compileAll = async (names: Iterable<string>) => {
    for (const name of names) {
      try {
        const sql = await manifest.compileWithQueries(options.wh.conn, name, { isIncremental: false });
        lineageSql.set(name, sql);
        modelPrints.set(name, fingerprint(dag.get(name), sql, seedDigests));
      } catch {
        // It is built anyway (no fingerprint), and its build reports the error with the file.
      }
    }
  };
  await compileAll(all);
  const prints = await withSourceState(options.wh, manifest, modelPrints);
  const plan = fullRefresh
    ? { build: new Set(all), reasons: new Map<string, string>(), fullRefresh: new Set<string>() }
    : await planBuild(options.wh, manifest, prints, modelPrints);
  if (plan.reasons.size > 0) options.log.info('incremental build', { build: plan.build.size, of: all.length, because: Object.fromEntries(plan.reasons) });
  // Compiled SQL belongs to the workspace, not to the (possibly read-only) project folder.
  const compiledDir = join(options.workspaceDir, 'target', 'compiled');
  await markPicked(options.wh, plan.build);
  const results =
    plan.build.size === 0
      ? []
      : await runModels({
          conn: options.wh.conn,
          project: manifest,
          log: options.log,
          select: [...plan.build],
          fullRefresh,
          fullRefreshModels: plan.fullRefresh,
          compiledDir,
          ...(options.onModel ? { onProgress: options.onModel } : {}),
        });
  // Recomputed now that the models' tables exist: a base model built for the first time had
  // no `_record_hash`/`_last_seen_at` table yet, so its print above held its source's digest;
  // recording that one would make the next sync see it changed and rebuild everything below it.
  const built = results.filter((r) => r.status === 'success' && prints.has(r.name)).map((r) => r.name);
  // Compiled again too: a model whose SQL asks the warehouse (load_relation, the columns
  // of a relation) compiles differently once what it asks about exists, and the next sync
  // compares against what it compiles then. Lineage reads the same, complete, SQL.
  await compileAll(built);
  const recorded = built.length === 0 ? prints : await withSourceState(options.wh, manifest, new Map(built.map((name) => [name, modelPrints.get(name)!])));
  await markBuilt(
    options.wh,
    built.map((name) => [name, recorded.get(name)!, modelPrints.get(name)] as [string, string, string | undefined]),
  );
  const unchanged: ModelRunResult[] = all
    .filter((name) => !plan.build.has(name))
    .map((name) => {
      const model = dag.get(name);
      return { name, path: model.node.relPath, materialization: model.materialization, relation: model.relation, compiledSql: lineageSql.get(name), compiledPath: undefined, dependsOn: model.dependsOn, status: 'success', durationMs: 0 };
    });
  return {
    manifest,
    results,
    unchanged,
    lineageSql,
    seeds,
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

/** Loads every seed where the project's refs expect it (its `+schema`/`+alias`, through generate_schema_name). */
/** sha256 of each seed's file and config: what tells the plan a seed's readers need rebuilding. */
async function digestSeeds(manifest: Manifest): Promise<Map<string, string>> {
  const digests = new Map<string, string>();
  for (const seed of Object.values(manifest.project.seeds)) {
    const bytes = await readFile(seed.path);
    digests.set(seed.name, createHash('sha256').update(bytes).update(JSON.stringify(seed.config)).digest('hex'));
  }
  return digests;
}

async function loadSeeds(wh: Warehouse, manifest: Manifest, log: Logger): Promise<SeedResult[]> {
  const results: SeedResult[] = [];
  for (const seed of Object.values(manifest.project.seeds)) {
    const result = await loadSeed(wh.conn, seed, manifest.seedRelation(seed.name));
    log[result.status === 'error' ? 'error' : 'info'](`seed ${result.status}`, { seed: seed.name, rows: result.rows, error: result.error });
    results.push(result);
  }
  return results;
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

/**
 * tributary.yml's `identity:` block as the vars the identity models read (a project
 * run with `tributary run --vars` may pass the same names): the comparisons turned off,
 * the hand-set m/u of levels, and the blocking rules added or skipped are read by
 * dbt-like-models/macros/identity.sql.
 */
export function identityVars(identity: IdentitySettings): Record<string, unknown> {
  return {
    identity_probabilistic: identity.probabilistic,
    identity_match_threshold: identity.matchThreshold,
    identity_max_component_size: identity.maxComponentSize,
    identity_comparisons_off: identity.comparisonsOff,
    identity_level_overrides: identity.levelOverrides.map((o) => ({ field: o.field, level: o.level, m: o.m ?? null, u: o.u ?? null })),
    identity_extra_blocking_rules: identity.extraBlockingRules.map((r) => ({ name: r.name, fields: r.fields })),
    identity_skipped_blocking_rules: identity.skippedBlockingRules,
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
  return [...build.results, ...build.unchanged]
    .filter((r) => r.status === 'success' && r.compiledSql !== undefined && r.materialization.kind !== 'ephemeral')
    .map((r) => {
      const node = build.manifest.models[r.name]!.node;
      return {
        name: r.name,
        relation: `${r.relation.schema}.${r.relation.name}`.toLowerCase(),
        compiledSql: build.lineageSql.get(r.name) ?? r.compiledSql!,
        published: isPublished(r, build.manifest),
        description: node.description,
        columns: node.columns.map((c) => ({ name: c.name, description: c.description, pii: c.meta.pii })),
      };
    });
}
