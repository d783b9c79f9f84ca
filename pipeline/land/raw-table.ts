/**
 * Landing into one append-only raw table, `raw.<prefix>_<stream>`.
 *
 * A batch is committed in ONE transaction together with the stream's new state:
 * records (deduplicated by `_record_hash`, see below), tombstones, quarantined records and the
 * cursor. A crash before COMMIT loses the whole batch *and* its cursor, so the next run
 * re-reads it; a crash after COMMIT re-reads nothing. Re-read records hash the same and
 * only refresh `_last_seen_at`, which is also what keeps "A → B → A" correct for
 * full-refresh streams (staging picks the version seen last). The cursor itself is read
 * and written by stream-state.ts; only `land()` writes it, inside that transaction.
 *
 * Rows travel as text cells in one NDJSON temp file (ndjson-stage.ts) that `read_json`
 * reads inside the INSERT, which casts them: whole batches go to DuckDB, no per-value
 * SQL and no per-value N-API call.
 *
 * `_record_hash` is unique in the table but not a PRIMARY KEY: DuckDB's index for one
 * (an ART, rewritten whole at checkpoints) made landing 3–5× slower than DuckDB's own
 * read_json and a 10 M-event sync peak at 2.3 GiB. Uniqueness is kept by the landing
 * instead: a filter of the table's hashes in memory (known-hashes.ts) says which of a
 * batch's records are certainly new; only the others ("maybe landed") are checked
 * against the table, in the same transaction as the insert. Tables of older versions
 * lose their key when first opened (`#dropLegacyKey`).
 */
import { randomUUID } from 'node:crypto';
import { listValue } from '@duckdb/node-api';
import type { Batch, JsonRecord, JsonValue, Stream } from '../../connectors/sdk/index.js';
import { killPoint, quoteIdent, quoteQualified } from '../../core/index.js';
import type { Logger } from '../../core/index.js';
import type { Warehouse } from '../warehouse/warehouse.js';
import { declaredShape } from './declared-columns.js';
import { Flattener, type FlatBatch } from './flat-batch.js';
import { rawTypeOf, widen, type RawType } from './flatten.js';
import { stageDirFor, stageParams, stageSelect, stageText, withStageFile, type StageColumn } from './ndjson-stage.js';
import { KnownHashes } from './known-hashes.js';
import { missingPrimaryKey } from './primary-key.js';
import { recordHash } from './record-hash.js';
import { writeState } from './stream-state.js';

export { recordHash } from './record-hash.js';

/** System columns every raw table carries, in this order. */
export const SYSTEM_COLUMNS = [
  ['_tributary_batch_id', 'VARCHAR'],
  ['_extracted_at', 'TIMESTAMPTZ'],
  ['_last_seen_at', 'TIMESTAMPTZ'],
  ['_source_id', 'VARCHAR'],
  ['_record_hash', 'VARCHAR'],
  ['_deleted', 'BOOLEAN'],
] as const;

const SYSTEM_COLUMN_NAMES: ReadonlySet<string> = new Set(SYSTEM_COLUMNS.map(([c]) => c));

/** One schema change a batch needs: a new column, or a wider type for an existing one. */
interface Drift {
  readonly column: string;
  readonly type: RawType;
  readonly added: boolean;
  readonly from: RawType | 'TIMESTAMPTZ' | undefined;
  /** The field path that first filled it (the catalog's lineage). */
  readonly fieldPath: string;
}

export interface LandingTarget {
  readonly sourceId: string;
  readonly connectorType: string;
  readonly tablePrefix: string;
  readonly stream: Stream<any>;
}

/**
 * Where `land()` spends its JavaScript time, summed over calls (ms). Opt-in, for
 * bench/landing.ts: pass one to `RawTable.open` and read it afterwards.
 */
export interface LandingTimings {
  hashMs: number;
  flattenMs: number;
  /** Building the NDJSON cells text. */
  stageTextMs: number;
  /** Writing and removing the stage file. */
  stageFileMs: number;
}

export interface LandedBatch {
  readonly batchId: string;
  /** Rows new to the raw table (records and tombstones). */
  readonly inserted: number;
  /** Records that were already landed (re-read after a crash, or unchanged on a full read). */
  readonly unchanged: number;
  readonly deleted: number;
  readonly quarantined: number;
  readonly newColumns: readonly string[];
}

export function rawTableName(prefix: string, stream: string): string {
  return `${prefix}_${stream}`;
}

export class RawTable {
  readonly name: string;
  readonly #wh: Warehouse;
  readonly #target: LandingTarget;
  readonly #log: Logger;
  /** column → type, in table order (system columns included). */
  readonly #columns = new Map<string, RawType | 'TIMESTAMPTZ'>();
  readonly #flattener: Flattener;
  readonly #timings: LandingTimings | undefined;
  /** Loaded at the first landing (opening a table to read its columns needs none). */
  #known: KnownHashes | undefined;

  private constructor(wh: Warehouse, target: LandingTarget, log: Logger, timings: LandingTimings | undefined) {
    this.#wh = wh;
    this.#timings = timings;
    this.#target = target;
    this.#log = log;
    this.name = rawTableName(target.tablePrefix, target.stream.name);
    this.#flattener = new Flattener(declaredShape(target.stream).jsonPaths);
  }

  /** Creates the table (declared columns first) if needed and loads its current columns. */
  static async open(wh: Warehouse, target: LandingTarget, log: Logger, options: { timings?: LandingTimings } = {}): Promise<RawTable> {
    const table = new RawTable(wh, target, log, options.timings);
    await table.#ensure();
    return table;
  }

  get qualifiedName(): string {
    return `raw.${this.name}`;
  }

  async #ensure(): Promise<void> {
    const shape = declaredShape(this.#target.stream);
    const defs = [
      ...SYSTEM_COLUMNS.map(([c, t]) => `${quoteIdent(c)} ${t}`),
      ...shape.columns.map((c) => `${quoteIdent(c.column)} ${c.type}`),
    ];
    await this.#wh.run(`create table if not exists ${quoteQualified('raw', this.name)} (${defs.join(', ')})`);
    await this.#dropLegacyKey();
    const existing = await this.#wh.all(
      `select column_name, data_type from information_schema.columns where table_schema = 'raw' and table_name = $1 order by ordinal_position`,
      [this.name],
    );
    for (const row of existing) this.#columns.set(String(row.column_name), normaliseType(String(row.data_type)));
    // Record declared columns in the catalog (field path + PII), even before data arrives.
    for (const c of shape.columns) await this.#catalog(c.column, c.fieldPath, this.#columns.get(c.column) ?? c.type);
  }

  /**
   * Lands one batch and the state that follows it, atomically.
   * `quarantine` holds records that failed validation (kept for inspection, not landed);
   * records and tombstones without a primary key join them.
   */
  async land(
    batch: Batch,
    ctx: { runId: string; extractedAt: Date; quarantine: readonly { record: JsonValue; error: string }[] },
  ): Promise<LandedBatch> {
    const batchId = randomUUID();
    const { sourceId, stream } = this.#target;
    const quarantine = [...ctx.quarantine];
    const keyed = (prefix: string) => (record: JsonRecord) => {
      const why = missingPrimaryKey(record, stream.primaryKey);
      if (why !== undefined) quarantine.push({ record, error: `${prefix}${why}` });
      return why === undefined;
    };
    const live = batch.records.filter(keyed(''));
    const tombstones = (batch.deleted ?? []).filter(keyed('tombstone: '));
    const records = [...live, ...tombstones];
    const deletedFlags = records.map((_, i) => i >= live.length);
    const t = this.#timings;
    const t0 = t ? performance.now() : 0;
    const hashes = records.map((r, i) => recordHash(sourceId, stream.name, r, deletedFlags[i]!));
    const t1 = t ? performance.now() : 0;
    const flat = this.#flattener.flatten(records);
    const drift = this.#planDrift(flat);
    const types = new Map(this.#columns);
    for (const d of drift) types.set(d.column, d.type);
    const columns = this.#stageColumns(flat, types);
    const t2 = t ? performance.now() : 0;
    const stage = stageText(flat, hashes, deletedFlags, columns);
    if (t) {
      t.hashMs += t1 - t0;
      t.flattenMs += t2 - t1;
      t.stageTextMs += performance.now() - t2;
    }

    const distinct = new Set(hashes);
    const unique = distinct.size;
    const known = (this.#known ??= await KnownHashes.load(this.#wh, this.name));
    // The records the table may already hold; every other one is certainly new.
    const maybe = [...distinct].filter((h) => known.mayHold(h));
    const commit = (file: string | undefined) =>
      this.#wh.transaction(async () => {
        await this.#applyDrift(drift);
        // Counted by the statements themselves: a count(*) of the table before and after
        // each batch cost a scan of a growing table twice per batch.
        let inserted = 0;
        if (file !== undefined) {
          const table = quoteQualified('raw', this.name);
          const names = [...SYSTEM_COLUMNS.map(([c]) => c), ...columns.map((c) => c.column)].map(quoteIdent).join(', ');
          const params = stageParams(file, columns, stage, { batchId, extractedAt: ctx.extractedAt, sourceId });
          // Only the "maybe" hashes are looked up in the table (a scan of its hash column,
          // which a batch of new records never pays).
          const seen = `_record_hash not in (select _record_hash from ${table} where _record_hash in (select unnest($${params.length + 1}::varchar[])))`;
          inserted = await this.#wh.runCounting(
            `insert into ${table} (${names})
             select ${names} from (${stageSelect(columns, unique < hashes.length)})${maybe.length > 0 ? ` where ${seen}` : ''}`,
            maybe.length > 0 ? [...params, listValue(maybe)] : params,
          );
          // Records already landed (re-read after a crash, unchanged on a full read) were seen again now.
          if (inserted < unique && maybe.length > 0) {
            await this.#wh.run(`update ${table} set _last_seen_at = $1::timestamptz where _record_hash in (select unnest($2::varchar[]))`, [
              ctx.extractedAt.toISOString(),
              listValue(maybe),
            ]);
          }
        }
        for (const q of quarantine) {
          await this.#wh.run(
            `insert into _tributary.quarantine values ($1, $2, $3, $4, $5::json, $6, $7::timestamptz)`,
            [sourceId, stream.name, ctx.runId, batchId, JSON.stringify(q.record), q.error, ctx.extractedAt.toISOString()],
          );
        }
        // Rows written, cursor not yet: a kill here must roll both back together.
        killPoint('land:in-transaction');
        await writeState(this.#wh, sourceId, stream.name, batch.state, ctx.runId);
        return {
          batchId,
          inserted,
          unchanged: unique - inserted,
          deleted: tombstones.length,
          quarantined: quarantine.length,
          newColumns: drift.filter((d) => d.added).map((d) => d.column),
        };
      });
    let landed: LandedBatch;
    try {
      landed = records.length > 0 ? await withStageFile(stageDirFor(this.#wh.path), stage.text, commit, t) : await commit(undefined);
    } catch (error) {
      // A failed COMMIT may or may not have written the rows: read the table again next time.
      this.#known = undefined;
      throw error;
    }
    known.add(distinct);
    killPoint('land:committed');
    // Only once committed: a rolled-back ALTER must not leave its type behind here.
    for (const d of drift) this.#columns.set(d.column, d.type);
    return landed;
  }

  /**
   * A raw table created by an earlier version has `_record_hash` as its PRIMARY KEY.
   * DuckDB cannot drop a constraint, so the table is copied without it (same columns,
   * same rows, in one transaction: a crash leaves the old table as it was). Its hashes
   * are unique already, which is all the landing needs from then on.
   */
  async #dropLegacyKey(): Promise<void> {
    const keyed = await this.#wh.all(
      `select 1 from duckdb_constraints() where database_name = current_database() and schema_name = 'raw' and table_name = $1 and constraint_type = 'PRIMARY KEY'`,
      [this.name],
    );
    if (keyed.length === 0) return;
    const table = quoteQualified('raw', this.name);
    const copy = `${this.name}__unkeyed`;
    await this.#wh.transaction(async () => {
      await this.#wh.run(`create table ${quoteQualified('raw', copy)} as select * from ${table}`);
      await this.#wh.run(`drop table ${table}`);
      await this.#wh.run(`alter table ${quoteQualified('raw', copy)} rename to ${quoteIdent(this.name)}`);
    });
    this.#log.info('raw table upgraded: _record_hash is no longer a primary key', { table: this.qualifiedName });
  }

  /**
   * The data columns this batch fills, in table order. System columns are not among
   * them even if a record has a field of that name: the system value wins, as it always has.
   */
  #stageColumns(flat: FlatBatch, types: ReadonlyMap<string, RawType | 'TIMESTAMPTZ'>): StageColumn[] {
    const slotOf = this.#slotsByColumn(flat);
    const columns: StageColumn[] = [];
    for (const [column, type] of types) {
      const slot = slotOf.get(column);
      if (slot !== undefined && !SYSTEM_COLUMN_NAMES.has(column)) columns.push({ slot, column, type });
    }
    return columns;
  }

  /** Columns to add for new fields and to widen where values no longer fit (schema drift), in the order met. */
  #planDrift(flat: FlatBatch): Drift[] {
    const wanted = new Map<string, RawType>();
    for (let i = 0; i < flat.values.length; i++) {
      const column = this.#flattener.column(flat.slots[i]!);
      const value = flat.values[i]!;
      const current = (wanted.get(column) ?? this.#columns.get(column)) as RawType | undefined;
      if (current === undefined) {
        const t = rawTypeOf(value);
        if (t) wanted.set(column, t);
      } else if (current !== ('TIMESTAMPTZ' as RawType)) {
        const w = widen(current, value);
        if (w !== current) wanted.set(column, w);
      }
    }
    const slotOf = this.#slotsByColumn(flat);
    return [...wanted].map(([column, type]) => ({
      column,
      type,
      added: !this.#columns.has(column),
      from: this.#columns.get(column),
      fieldPath: flat.firstFieldPath.get(slotOf.get(column)!) ?? column,
    }));
  }

  /** column → slot, for the columns this batch fills. */
  #slotsByColumn(flat: FlatBatch): Map<string, number> {
    const slotOf = new Map<string, number>();
    for (const slot of flat.firstFieldPath.keys()) slotOf.set(this.#flattener.column(slot), slot);
    return slotOf;
  }

  async #applyDrift(drift: readonly Drift[]): Promise<void> {
    const table = quoteQualified('raw', this.name);
    for (const d of drift) {
      if (d.added) {
        await this.#wh.run(`alter table ${table} add column ${quoteIdent(d.column)} ${d.type}`);
        this.#log.info('schema drift: new column', { table: this.qualifiedName, column: d.column, type: d.type });
      } else {
        await this.#wh.run(`alter table ${table} alter column ${quoteIdent(d.column)} type ${d.type}`);
        this.#log.warn('schema drift: column widened', { table: this.qualifiedName, column: d.column, from: d.from, to: d.type });
      }
      await this.#catalog(d.column, d.fieldPath, d.type);
    }
  }

  async #catalog(column: string, fieldPath: string, type: string): Promise<void> {
    const { connectorType, stream } = this.#target;
    await this.#wh.run(
      `insert into _tributary.raw_columns values ($1, $2, $3, $4, $5, $6, $7)
       on conflict (table_name, column_name) do update set data_type = excluded.data_type, pii_tag = excluded.pii_tag`,
      [this.name, column, connectorType, stream.name, fieldPath, type, stream.pii[fieldPath] ?? null],
    );
  }
}

function normaliseType(t: string): RawType | 'TIMESTAMPTZ' {
  const u = t.toUpperCase();
  if (u.startsWith('TIMESTAMP')) return 'TIMESTAMPTZ';
  if (u === 'VARCHAR' || u === 'DOUBLE' || u === 'BIGINT' || u === 'BOOLEAN' || u === 'JSON') return u;
  if (u === 'INTEGER' || u === 'HUGEINT') return 'BIGINT';
  return 'VARCHAR';
}
