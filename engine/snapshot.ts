/**
 * dbt's snapshots on DuckDB: a type-2 history of a query's rows. Each run compares the
 * query's rows with the current version of every key in the snapshot table; a changed
 * row closes its current version (`dbt_valid_to`) and opens a new one, a new key opens
 * its first. The columns and their meaning are dbt's, so queries and packages written
 * for dbt snapshots read these tables unchanged:
 *
 * - `dbt_scd_id`: md5 of the key and the version's timestamp, unique per version;
 * - `dbt_updated_at`: the row's `updated_at` (timestamp strategy) or the snapshot time (check);
 * - `dbt_valid_from` / `dbt_valid_to`: when the version was current; null `dbt_valid_to` is current;
 * - `dbt_is_deleted` (only with `hard_deletes: new_record`): 'True' on a row that records a deletion.
 *
 * All changes of a run are applied in one transaction: a killed build leaves the history
 * as it was, and the next run does the same comparison again.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { quoteIdent, quoteQualified } from '../core/sql.js';
import { columnsOf, inTransaction, relationKind, type RelationName } from './db.js';
import type { Materialization } from './materialize.js';

type SnapshotMaterialization = Extract<Materialization, { kind: 'snapshot' }>;

const META_COLUMNS = ['dbt_scd_id', 'dbt_updated_at', 'dbt_valid_from', 'dbt_valid_to', 'dbt_is_deleted'] as const;

/**
 * Applies one snapshot run of `sql` to `rel`.
 * @returns the number of versions written (opened or closed) this run
 * @throws Error naming the problem when the query's columns lack what the config names, or a key repeats
 */
export async function applySnapshot(conn: DuckDBConnection, rel: RelationName, sql: string, m: SnapshotMaterialization): Promise<number> {
  const target = quoteQualified(rel.schema, rel.name);
  const srcName = `${rel.name}__tributary_snapshot_src`;
  const src = quoteQualified('temp', 'main', srcName);
  await conn.run(`create or replace temp table ${quoteIdent(srcName)} as\n${sql}\n`);
  try {
    const srcColumns = await columnsOf(conn, 'temp', 'main', srcName);
    checkColumns(srcColumns, m);
    await refuseDuplicateKeys(conn, src, m.uniqueKey);
    // One snapshot time for every statement of the run, so the closed version's end and the new version's start meet exactly.
    const now = String((await conn.runAndReadAll(`select cast(now() as timestamp)`)).getRows()[0]?.[0]);
    const exprs = versionExpressions(m, 's', now);
    const keyOf = (alias: string): string => m.uniqueKey.map((k) => `${alias}.${quoteIdent(k)}`).join(` || '|' || `);
    const withDeleted = m.hardDeletes === 'new_record';
    if ((await relationKind(conn, rel)) === undefined) {
      await conn.run(`create schema if not exists ${quoteIdent(rel.schema)}`);
      await conn.run(
        `create table ${target} as
         select s.*, md5(coalesce(cast(${keyOf('s')} as varchar), '') || '|' || coalesce(cast(${exprs.updatedAt} as varchar), '')) as dbt_scd_id,
                ${exprs.updatedAt} as dbt_updated_at, ${exprs.updatedAt} as dbt_valid_from, ${exprs.nullValidTo} as dbt_valid_to
                ${withDeleted ? `, 'False' as dbt_is_deleted` : ''}
         from ${src} s`,
      );
      return Number((await conn.runAndReadAll(`select count(*) from ${target}`)).getRows()[0]?.[0] ?? 0);
    }

    const existing = await columnsOf(conn, undefined, rel.schema, rel.name);
    const sameKey = m.uniqueKey.map((k) => `s.${quoteIdent(k)} is not distinct from t.${quoteIdent(k)}`).join(' and ');
    const current = `t.dbt_valid_to is null`;
    const deletedNow = existing.has('dbt_is_deleted') ? `coalesce(t.dbt_is_deleted, 'False') = 'True'` : 'false';
    // A key whose current version records its deletion reopens (at the snapshot time) when it is back.
    const changed = `(${exprs.changed(existing)}) or ${deletedNow}`;
    let written = 0;
    await inTransaction(conn, async () => {
      // New columns of the query join the snapshot (older versions read null), as dbt does.
      for (const [c, type] of srcColumns) if (!existing.has(c)) await conn.run(`alter table ${target} add column ${quoteIdent(c)} ${type}`);
      if (withDeleted && !existing.has('dbt_is_deleted')) await conn.run(`alter table ${target} add column dbt_is_deleted varchar default 'False'`);
      // The rows that open a version: changed keys (their current version closes at the
      // new one's start) and keys with no current version (new, or back after a delete).
      await conn.run(
        `create or replace temp table tributary_snapshot_changed as
         select s.*, case when ${deletedNow} then ${exprs.now} else ${exprs.updatedAt} end as tributary_valid_from from ${src} s
         join ${target} t on ${sameKey} and ${current}
         where ${changed}
         union all by name
         select s.*, ${exprs.updatedAt} as tributary_valid_from from ${src} s
         where not exists (select 1 from ${target} t where ${sameKey} and ${current})`,
      );
      const closed = await conn.run(
        `update ${target} t set dbt_valid_to = s.tributary_valid_from
         from temp.main.tributary_snapshot_changed s where ${sameKey} and ${current}`,
      );
      written += Number(closed.rowsChanged);
      const srcCols = [...srcColumns.keys()].map((c) => `s.${quoteIdent(c)}`).join(', ');
      const opened = await conn.run(
        `insert into ${target} by name
         select ${srcCols}, md5(coalesce(cast(${keyOf('s')} as varchar), '') || '|' || coalesce(cast(s.tributary_valid_from as varchar), '')) as dbt_scd_id,
                s.tributary_valid_from as dbt_updated_at, s.tributary_valid_from as dbt_valid_from, null as dbt_valid_to
                ${withDeleted ? `, 'False' as dbt_is_deleted` : ''}
         from temp.main.tributary_snapshot_changed s`,
      );
      written += Number(opened.rowsChanged);
      if (m.hardDeletes !== 'ignore') written += await recordHardDeletes(conn, target, src, m, now, sameKey);
      await conn.run(`drop table if exists temp.main.tributary_snapshot_changed`);
    });
    return written;
  } finally {
    await conn.run(`drop table if exists ${src}`).catch(() => undefined);
  }
}

/**
 * Keys whose current version is gone from the query: `invalidate` closes it at the
 * snapshot time; `new_record` also opens a version that says the row was deleted, so the
 * history shows when (and a key that comes back opens a fresh version).
 */
async function recordHardDeletes(conn: DuckDBConnection, target: string, src: string, m: SnapshotMaterialization, now: string, sameKey: string): Promise<number> {
  const gone = `t.dbt_valid_to is null and not exists (select 1 from ${src} s where ${sameKey})`;
  const notDeleted = m.hardDeletes === 'new_record' ? ` and coalesce(t.dbt_is_deleted, 'False') <> 'True'` : '';
  let written = 0;
  if (m.hardDeletes === 'new_record') {
    await conn.run(`create or replace temp table tributary_snapshot_gone as select * from ${target} t where ${gone}${notDeleted}`);
  }
  const closed = await conn.run(`update ${target} t set dbt_valid_to = cast($1 as timestamp) where ${gone}${notDeleted}`, [now]);
  written += Number(closed.rowsChanged);
  if (m.hardDeletes === 'new_record') {
    const key = m.uniqueKey.map((k) => `g.${quoteIdent(k)}`).join(` || '|' || `);
    const opened = await conn.run(
      `insert into ${target} by name
       select * replace (md5(coalesce(cast(${key} as varchar), '') || '|' || $1) as dbt_scd_id, cast($1 as timestamp) as dbt_updated_at,
                         cast($1 as timestamp) as dbt_valid_from, null as dbt_valid_to, 'True' as dbt_is_deleted)
       from temp.main.tributary_snapshot_gone g`,
      [now],
    );
    written += Number(opened.rowsChanged);
    await conn.run(`drop table if exists temp.main.tributary_snapshot_gone`);
  }
  return written;
}

/** The SQL of a version's timestamp and of "this row changed", per strategy. */
function versionExpressions(m: SnapshotMaterialization, alias: string, now: string) {
  // `now` comes from DuckDB's own now() (no user text); it is inlined because the same
  // expression sits in statements that otherwise take no parameters.
  const nowSql = `cast('${now.replaceAll("'", "''")}' as timestamp)`;
  if (m.strategy.kind === 'timestamp') {
    const updatedAt = `${alias}.${quoteIdent(m.strategy.updatedAt)}`;
    return {
      updatedAt,
      now: nowSql,
      // Same type as updated_at, so a DATE or TIMESTAMPTZ column keeps its type in the history.
      nullValidTo: `case when false then ${updatedAt} end`,
      changed: (): string => `${updatedAt} > t.dbt_updated_at`,
    };
  }
  const checkCols = m.strategy.checkCols;
  return {
    updatedAt: nowSql,
    now: nowSql,
    nullValidTo: `cast(null as timestamp)`,
    changed: (existing: ReadonlyMap<string, string>): string => {
      const cols = checkCols === 'all' ? [...existing.keys()].filter((c) => !(META_COLUMNS as readonly string[]).includes(c) && !m.uniqueKey.includes(c)) : checkCols;
      return cols.length === 0 ? 'false' : cols.map((c) => `${alias}.${quoteIdent(c)} is distinct from t.${quoteIdent(c)}`).join(' or ');
    },
  };
}

function checkColumns(columns: ReadonlyMap<string, string>, m: SnapshotMaterialization): void {
  const named = [...m.uniqueKey, ...(m.strategy.kind === 'timestamp' ? [m.strategy.updatedAt] : m.strategy.checkCols === 'all' ? [] : m.strategy.checkCols)];
  const missing = named.filter((c) => !columns.has(c));
  if (missing.length > 0) throw new Error(`the snapshot's query has no column ${missing.map((c) => `"${c}"`).join(', ')} (named by its config); it returns ${[...columns.keys()].join(', ')}`);
  const clash = [...columns.keys()].filter((c) => (META_COLUMNS as readonly string[]).includes(c));
  if (clash.length > 0) throw new Error(`the snapshot's query returns ${clash.join(', ')}, which the snapshot itself adds; rename or drop them in the query`);
}

/** Two rows with one key would open two current versions: dbt refuses that, and so do we, naming a key. */
async function refuseDuplicateKeys(conn: DuckDBConnection, src: string, key: readonly string[]): Promise<void> {
  const cols = key.map(quoteIdent).join(', ');
  const reader = await conn.runAndReadAll(`select ${cols}, count(*) as n from ${src} group by all having count(*) > 1 limit 1`);
  const row = reader.getRowObjectsJson()[0];
  if (!row) return;
  const shown = key.map((k) => `${k}=${String(row[k])}`).join(', ');
  throw new Error(`the snapshot's query returns ${String(row['n'])} rows with unique_key ${shown}; a snapshot needs one row per key`);
}
