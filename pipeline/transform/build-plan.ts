/**
 * Which models a sync rebuilds: those whose inputs changed since they were last built,
 * and everything downstream of them; every other model is left as it is.
 *
 * A model is a starting point when
 * - its relation does not exist yet (a first sync, a model added to the project);
 * - it was picked by an earlier build that did not finish it (`_tributary.unbuilt_models`:
 *   a model that failed, or whose run was killed, is rebuilt next time with its descendants);
 * - it reads a seed (seeds are reloaded on every sync);
 * - it reads a source, unless it is a *latest-records* model with nothing pending. Such a
 *   model is incremental, reads exactly one source and no model, and keeps each key's
 *   winning raw row with its `_record_hash` and `_last_seen_at` (Tributary's base models,
 *   see dbt-like-models/macros/latest_records.sql). It has work when the raw table holds a
 *   row seen since the model's newest one that is not already its winner: a new version, a
 *   tombstone, or an older version re-read and so the latest again (A -> B -> A). A record
 *   re-read unchanged refreshes only `_last_seen_at`, and rebuilds nothing.
 *   Any other source-reading model is rebuilt on every sync: without those two columns
 *   nothing says what it has already seen.
 */
import { quoteQualified } from '../../core/index.js';
import { relationKind, type Manifest, type ParsedModel } from '../../engine/index.js';
import type { Warehouse } from '../warehouse/warehouse.js';

const UNBUILT = '_tributary.unbuilt_models';

export interface BuildPlan {
  /** Models to build, by name. */
  readonly build: ReadonlySet<string>;
  /** Why each starting point was picked (its descendants follow it). */
  readonly reasons: ReadonlyMap<string, string>;
}

export async function planBuild(wh: Warehouse, manifest: Manifest): Promise<BuildPlan> {
  await ensureUnbuiltTable(wh);
  const unbuilt = new Set((await wh.all(`select model from ${UNBUILT}`)).map((r) => String(r.model)));
  const dag = manifest.dag();
  const reasons = new Map<string, string>();
  for (const name of dag.keys()) {
    const reason = await whyBuild(wh, manifest, dag.get(name), unbuilt.has(name));
    if (reason !== undefined) reasons.set(name, reason);
  }
  const build = new Set<string>();
  const visit = (name: string): void => {
    if (build.has(name)) return;
    build.add(name);
    for (const next of dag.dependentsOf(name)) visit(next);
  };
  for (const name of reasons.keys()) visit(name);
  return { build, reasons };
}

async function whyBuild(wh: Warehouse, manifest: Manifest, model: ParsedModel, unbuilt: boolean): Promise<string | undefined> {
  if (unbuilt) return 'not finished by an earlier build';
  const ephemeral = model.materialization.kind === 'ephemeral';
  if (!ephemeral && (await relationKind(wh.conn, model.relation)) === undefined) return 'not built yet';
  if (model.dependsOn.seeds.length > 0) return 'reads a seed';
  if (model.dependsOn.sources.length === 0) return undefined;
  const latest = await latestRecordsSource(wh, manifest, model);
  if (latest === undefined) return 'reads a source';
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

/** Marks `models` as picked and not yet built: a build that dies before finishing them leaves them for the next. */
export async function markUnbuilt(wh: Warehouse, models: Iterable<string>): Promise<void> {
  await ensureUnbuiltTable(wh);
  for (const model of models) await wh.run(`insert into ${UNBUILT} values ($1) on conflict do nothing`, [model]);
}

/** Forgets `models` once built. */
export async function markBuilt(wh: Warehouse, models: Iterable<string>): Promise<void> {
  for (const model of models) await wh.run(`delete from ${UNBUILT} where model = $1`, [model]);
}

async function ensureUnbuiltTable(wh: Warehouse): Promise<void> {
  await wh.run(`create schema if not exists _tributary`);
  await wh.run(`create table if not exists ${UNBUILT} (model varchar primary key)`);
}
