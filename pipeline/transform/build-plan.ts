/**
 * Which models a sync rebuilds: those whose inputs changed since they were last built,
 * and everything downstream of them; every other model is left as it is.
 *
 * A model is a starting point when
 * - its relation does not exist yet (a first sync, a model added to the project);
 * - what it is made of changed: its compiled SQL, materialization or relation differ from
 *   those of its last successful build (`_tributary.model_builds`), or it has none — it
 *   failed, or was picked by a build that was killed before finishing it (a pick clears
 *   the record; a success writes it back);
 * - a seed it reads changed (its file's bytes are part of the fingerprint);
 * - it reads a source, unless it is a *latest-records* model with nothing pending. Such a
 *   model is incremental, reads exactly one source and no model, and keeps each key's
 *   winning raw row with its `_record_hash` and `_last_seen_at` (Tributary's base models,
 *   see dbt-like-models/macros/latest_records.sql). It has work when the raw table holds a
 *   row seen since the model's newest one that is not already its winner: a new version, a
 *   tombstone, or an older version re-read and so the latest again (A -> B -> A). A record
 *   re-read unchanged refreshes only `_last_seen_at`, and rebuilds nothing.
 *   Any other source-reading model (one that reads a raw table directly, or a user's
 *   project reading its own tables) is rebuilt when what its sources hold changed: a
 *   digest of their rows is part of its fingerprint (`withSourceState`), so a sync that
 *   lands nothing rebuilds nothing.
 */
import { createHash } from 'node:crypto';
import { quoteQualified } from '../../core/index.js';
import { relationKind, type Manifest, type ParsedModel } from '../../engine/index.js';
import type { Warehouse } from '../warehouse/warehouse.js';

const BUILDS = '_tributary.model_builds';

export interface BuildPlan {
  /** Models to build, by name. */
  readonly build: ReadonlySet<string>;
  /**
   * Incremental models whose own definition (SQL, materialization, relation, seeds) changed
   * since their table was built: merging only new rows would keep the old definition's rows,
   * so these are rebuilt from scratch.
   */
  readonly fullRefresh: ReadonlySet<string>;
  /** Why each starting point was picked (its descendants follow it). */
  readonly reasons: ReadonlyMap<string, string>;
}

/**
 * @param fingerprints each model's full-build SQL, materialization and relation (see `fingerprint`);
 *   a model missing here (it did not compile) is rebuilt, and reports its error then.
 */
export async function planBuild(
  wh: Warehouse,
  manifest: Manifest,
  fingerprints: ReadonlyMap<string, string>,
  definitions: ReadonlyMap<string, string> = new Map(),
): Promise<BuildPlan> {
  await ensureBuildsTable(wh);
  const rows = await wh.all(`select model, fingerprint, definition from ${BUILDS}`);
  const last = new Map(rows.map((r) => [String(r.model), String(r.fingerprint)]));
  const lastDefinition = new Map(rows.filter((r) => r.definition !== null).map((r) => [String(r.model), String(r.definition)]));
  const dag = manifest.dag();
  const reasons = new Map<string, string>();
  const fullRefresh = new Set<string>();
  for (const name of dag.keys()) {
    const current = fingerprints.get(name);
    const changed = current === undefined || last.get(name) !== current;
    const before = lastDefinition.get(name);
    const definition = definitions.get(name);
    if (dag.get(name).materialization.kind === 'incremental' && before !== undefined && definition !== undefined && before !== definition) {
      fullRefresh.add(name);
      reasons.set(name, 'its definition changed: rebuilt from scratch');
      continue;
    }
    const reason = await whyBuild(wh, manifest, dag.get(name), changed);
    if (reason !== undefined) reasons.set(name, reason);
  }
  const build = new Set<string>();
  const visit = (name: string): void => {
    if (build.has(name)) return;
    build.add(name);
    for (const next of dag.dependentsOf(name)) visit(next);
  };
  for (const name of reasons.keys()) visit(name);
  return { build, reasons, fullRefresh };
}

async function whyBuild(wh: Warehouse, manifest: Manifest, model: ParsedModel, changed: boolean): Promise<string | undefined> {
  if (changed) return 'new, changed (its SQL, a seed or a source it reads), or not built by the last build';
  const ephemeral = model.materialization.kind === 'ephemeral';
  if (!ephemeral && (await relationKind(wh.conn, model.relation)) === undefined) return 'not built yet';
  if (model.dependsOn.sources.length === 0) return undefined;
  const latest = await latestRecordsSource(wh, manifest, model);
  // Not a latest-records model: its fingerprint holds its sources' digest (withSourceState).
  if (latest === undefined) return undefined;
  const target = quoteQualified(model.relation.schema, model.relation.name);
  const [row] = await wh.all(
    `select count(*) as n from ${latest} as r
      where r._last_seen_at >= (select coalesce(max(_last_seen_at), '-infinity'::timestamptz) from ${target})
        and r._record_hash not in (select _record_hash from ${target})`,
  );
  const pending = Number(row?.n ?? 0);
  return pending > 0 ? `${pending} new raw row${pending === 1 ? '' : 's'}` : undefined;
}

/** The quoted source relation of a latest-records model (see the header), or undefined when `model` is not one. */
async function latestRecordsSource(wh: Warehouse, manifest: Manifest, model: ParsedModel): Promise<string | undefined> {
  if (model.materialization.kind !== 'incremental' || model.dependsOn.models.length > 0 || model.dependsOn.sources.length !== 1) return undefined;
  const source = manifest.project.sources[model.dependsOn.sources[0]!];
  if (source === undefined) return undefined;
  const columns = await wh.all(
    `select column_name from information_schema.columns
      where table_catalog = current_database() and table_schema = $1 and table_name = $2 and column_name in ('_record_hash', '_last_seen_at')`,
    [model.relation.schema, model.relation.name],
  );
  return columns.length === 2 ? quoteQualified(source.schema, source.identifier) : undefined;
}

/** What a model is made of: when this changes it is rebuilt whether its inputs did or not. */
export function fingerprint(model: ParsedModel, fullBuildSql: string, seedDigests: ReadonlyMap<string, string> = new Map()): string {
  // Seeds are reloaded by every build, but a model reading one only needs rebuilding when
  // the seed's file changed: its digest is part of what the model was built from.
  const seeds = model.dependsOn.seeds.map((name) => [name, seedDigests.get(name) ?? 'unknown']);
  return createHash('sha256').update(JSON.stringify([model.materialization, model.relation, fullBuildSql, seeds])).digest('hex');
}

/**
 * Folds into the fingerprint of each source-reading model that is not a latest-records
 * model a digest of what its sources hold (row count and the sum of every row's hash;
 * `absent` for a source table that does not exist), so the plan rebuilds it only when
 * one of them changed. Latest-records models keep their cheaper pending-rows check.
 * One scan of each such source per build: these are few (Tributary's own read raw
 * tables through base models) and small.
 */
export async function withSourceState(wh: Warehouse, manifest: Manifest, fingerprints: ReadonlyMap<string, string>): Promise<Map<string, string>> {
  const dag = manifest.dag();
  const digests = new Map<string, string>();
  const sourceDigest = async (id: string): Promise<string> => {
    const known = digests.get(id);
    if (known !== undefined) return known;
    const source = manifest.project.sources[id];
    let digest = 'unknown';
    if (source !== undefined) {
      const relation = { schema: source.schema, name: source.identifier };
      if ((await relationKind(wh.conn, relation)) === undefined) digest = 'absent';
      else {
        const [row] = await wh.all(`select count(*) as n, coalesce(sum(hash(t)), 0) as h from ${quoteQualified(relation.schema, relation.name)} as t`);
        digest = `${String(row?.n)}:${String(row?.h)}`;
      }
    }
    digests.set(id, digest);
    return digest;
  };
  const out = new Map(fingerprints);
  for (const [name, print] of fingerprints) {
    const model = dag.get(name);
    if (model.dependsOn.sources.length === 0 || (await latestRecordsSource(wh, manifest, model)) !== undefined) continue;
    const state: string[] = [];
    for (const id of model.dependsOn.sources) state.push(`${id}=${await sourceDigest(id)}`);
    out.set(name, createHash('sha256').update(print).update(state.join('\n')).digest('hex'));
  }
  return out;
}

/** Clears the build records of `models` before they are built: one that does not finish is rebuilt by the next build. */
export async function markPicked(wh: Warehouse, models: Iterable<string>): Promise<void> {
  await ensureBuildsTable(wh);
  // The fingerprint goes (so the model counts as not built), the definition its table holds
  // stays: a build killed before rebuilding a changed model must still rebuild it whole.
  for (const model of models) await wh.run(`update ${BUILDS} set fingerprint = '' where model = $1`, [model]);
}

/** Records the models built successfully, with what they were built from (and their definition alone). */
export async function markBuilt(wh: Warehouse, built: Iterable<[model: string, fingerprint: string, definition: string | undefined]>): Promise<void> {
  for (const [model, print, definition] of built) {
    await wh.run(`insert or replace into ${BUILDS} (model, fingerprint, definition) values ($1, $2, $3)`, [model, print, definition ?? null]);
  }
}

async function ensureBuildsTable(wh: Warehouse): Promise<void> {
  await wh.run(`create schema if not exists _tributary`);
  await wh.run(`create table if not exists ${BUILDS} (model varchar primary key, fingerprint varchar not null)`);
  // Added later: a warehouse built before has no definitions yet (they are written by its next build).
  await wh.run(`alter table ${BUILDS} add column if not exists definition varchar`);
}
