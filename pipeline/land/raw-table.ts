/**
 * Landing into one append-only raw table, `raw.<prefix>_<stream>`.
 *
 * A batch is committed in ONE transaction together with the stream's new state:
 * records (deduplicated by `_record_hash`), tombstones, quarantined records and the
 * cursor. A crash before COMMIT loses the whole batch *and* its cursor, so the next run
 * re-reads it; a crash after COMMIT re-reads nothing. Re-read records hash the same and
 * only refresh `_last_seen_at`, which is also what keeps "A → B → A" correct for
 * full-refresh streams (staging picks the version seen last).
 *
 * Rows travel as text through DuckDB's appender into a temp table and are cast in one
 * INSERT … SELECT: whole batches go to DuckDB, no per-value SQL.
 */
import { randomUUID } from 'node:crypto';
import type { Batch, JsonRecord, JsonValue, Stream, StreamState } from '../../connectors/sdk/index.js';
import { quoteIdent, quoteQualified } from '../../connectors/sdk/index.js';
import type { Logger } from '../../connectors/sdk/index.js';
import type { Warehouse } from '../warehouse/warehouse.js';
import { declaredShape } from './declared-columns.js';
import { flattenRecord, rawTypeOf, toCell, widen, type RawType } from './flatten.js';
import { recordHash } from './record-hash.js';

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

export interface LandingTarget {
  readonly sourceId: string;
  readonly connectorType: string;
  readonly tablePrefix: string;
  readonly stream: Stream<any>;
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
  readonly #jsonPaths: ReadonlySet<string>;
  readonly #stage: string;

  private constructor(wh: Warehouse, target: LandingTarget, log: Logger) {
    this.#wh = wh;
    this.#target = target;
    this.#log = log;
    this.name = rawTableName(target.tablePrefix, target.stream.name);
    this.#jsonPaths = declaredShape(target.stream).jsonPaths;
    this.#stage = `_stage_${this.name}`;
  }

  /** Creates the table (declared columns first) if needed and loads its current columns. */
  static async open(wh: Warehouse, target: LandingTarget, log: Logger): Promise<RawTable> {
    const table = new RawTable(wh, target, log);
    await table.#ensure();
    return table;
  }

  get qualifiedName(): string {
    return `raw.${this.name}`;
  }

  async #ensure(): Promise<void> {
    const shape = declaredShape(this.#target.stream);
    const defs = [
      ...SYSTEM_COLUMNS.map(([c, t]) => `${quoteIdent(c)} ${t}${c === '_record_hash' ? ' PRIMARY KEY' : ''}`),
      ...shape.columns.map((c) => `${quoteIdent(c.column)} ${c.type}`),
    ];
    await this.#wh.run(`create table if not exists ${quoteQualified('raw', this.name)} (${defs.join(', ')})`);
    const existing = await this.#wh.all(
      `select column_name, data_type from information_schema.columns where table_schema = 'raw' and table_name = $1 order by ordinal_position`,
      [this.name],
    );
    for (const row of existing) this.#columns.set(String(row.column_name), normaliseType(String(row.data_type)));
    // Record declared columns in the catalog (field path + PII), even before data arrives.
    for (const c of shape.columns) await this.#catalog(c.column, c.fieldPath, this.#columns.get(c.column) ?? c.type);
    await this.#wh.run(`drop table if exists ${quoteIdent(this.#stage)}`);
    await this.#wh.run(`create temp table ${quoteIdent(this.#stage)} (${[...this.#columns.keys()].map((c) => `${quoteIdent(c)} VARCHAR`).join(', ')})`);
  }

  /**
   * Lands one batch and the state that follows it, atomically.
   * `quarantine` holds records that failed validation (kept for inspection, not landed).
   */
  async land(
    batch: Batch,
    ctx: { runId: string; extractedAt: Date; quarantine: readonly { record: JsonValue; error: string }[] },
  ): Promise<LandedBatch> {
    const batchId = randomUUID();
    const { sourceId, stream } = this.#target;
    const rows: Map<string, JsonValue>[] = [];
    const hashes: string[] = [];
    const deletedFlags: boolean[] = [];
    const fieldPaths = new Map<string, string>();

    const addRow = (record: JsonRecord, deleted: boolean) => {
      const row = new Map<string, JsonValue>();
      for (const { column, fieldPath, value } of flattenRecord(record, this.#jsonPaths)) {
        row.set(column, value);
        if (!fieldPaths.has(column)) fieldPaths.set(column, fieldPath);
      }
      rows.push(row);
      hashes.push(recordHash(sourceId, stream.name, record, deleted));
      deletedFlags.push(deleted);
    };
    for (const r of batch.records) addRow(r, false);
    for (const r of batch.deleted ?? []) addRow(r, true);

    return this.#wh.transaction(async () => {
      const newColumns = await this.#evolve(rows, fieldPaths);
      const before = await this.#count();
      if (rows.length > 0) {
        await this.#wh.run(`delete from ${quoteIdent(this.#stage)}`);
        const appender = await this.#wh.conn.createAppender(this.#stage, null, 'temp');
        const extracted = ctx.extractedAt.toISOString();
        const columns = [...this.#columns.entries()];
        try {
          rows.forEach((row, i) => {
            for (const [column, type] of columns) {
              let cell: string | null;
              switch (column) {
                case '_tributary_batch_id': cell = batchId; break;
                case '_extracted_at':
                case '_last_seen_at': cell = extracted; break;
                case '_source_id': cell = sourceId; break;
                case '_record_hash': cell = hashes[i]!; break;
                case '_deleted': cell = String(deletedFlags[i]); break;
                default: {
                  const v = row.get(column);
                  cell = v === undefined ? null : toCell(v, type as RawType);
                }
              }
              if (cell === null) appender.appendNull();
              else appender.appendVarchar(cell);
            }
            appender.endRow();
          });
          appender.flushSync();
        } finally {
          appender.closeSync();
        }
        const names = columns.map(([c]) => quoteIdent(c)).join(', ');
        const casts = columns.map(([c, t]) => `cast(${quoteIdent(c)} as ${t}) as ${quoteIdent(c)}`).join(', ');
        await this.#wh.run(
          `insert into ${quoteQualified('raw', this.name)} (${names})
           select ${names} from (select distinct on (_record_hash) ${casts} from ${quoteIdent(this.#stage)})
           on conflict (_record_hash) do update set _last_seen_at = excluded._last_seen_at`,
        );
      }
      for (const q of ctx.quarantine) {
        await this.#wh.run(
          `insert into _tributary.quarantine values ($1, $2, $3, $4, $5::json, $6, $7::timestamptz)`,
          [sourceId, stream.name, ctx.runId, batchId, JSON.stringify(q.record), q.error, ctx.extractedAt.toISOString()],
        );
      }
      await writeState(this.#wh, sourceId, stream.name, batch.state, ctx.runId);
      const inserted = (await this.#count()) - before;
      const unique = new Set(hashes).size;
      return {
        batchId,
        inserted,
        unchanged: unique - inserted,
        deleted: batch.deleted?.length ?? 0,
        quarantined: ctx.quarantine.length,
        newColumns,
      };
    });
  }

  async #count(): Promise<number> {
    const [row] = await this.#wh.all(`select count(*) as n from ${quoteQualified('raw', this.name)}`);
    return Number(row?.n ?? 0);
  }

  /** Adds columns for new fields and widens columns whose values no longer fit (schema drift). */
  async #evolve(rows: readonly Map<string, JsonValue>[], fieldPaths: ReadonlyMap<string, string>): Promise<string[]> {
    const added: string[] = [];
    const wanted = new Map<string, RawType>();
    for (const row of rows) {
      for (const [column, value] of row) {
        const current = (wanted.get(column) ?? this.#columns.get(column)) as RawType | undefined;
        if (current === undefined) {
          const t = rawTypeOf(value);
          if (t) wanted.set(column, t);
        } else if (current !== ('TIMESTAMPTZ' as RawType)) {
          const w = widen(current, value);
          if (w !== current) wanted.set(column, w);
        }
      }
    }
    for (const [column, type] of wanted) {
      const table = quoteQualified('raw', this.name);
      if (!this.#columns.has(column)) {
        await this.#wh.run(`alter table ${table} add column ${quoteIdent(column)} ${type}`);
        await this.#wh.run(`alter table ${quoteIdent(this.#stage)} add column ${quoteIdent(column)} VARCHAR`);
        added.push(column);
        this.#log.info('schema drift: new column', { table: this.qualifiedName, column, type });
      } else {
        await this.#wh.run(`alter table ${table} alter column ${quoteIdent(column)} type ${type}`);
        this.#log.warn('schema drift: column widened', { table: this.qualifiedName, column, from: this.#columns.get(column), to: type });
      }
      this.#columns.set(column, type);
      await this.#catalog(column, fieldPaths.get(column) ?? column, type);
    }
    return added;
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

export async function readState(wh: Warehouse, sourceId: string, stream: string): Promise<StreamState | undefined> {
  const rows = await wh.all(`select state::varchar as state from _tributary.stream_state where source_id = $1 and stream = $2`, [sourceId, stream]);
  return rows[0] ? (JSON.parse(String(rows[0].state)) as StreamState) : undefined;
}

export async function writeState(wh: Warehouse, sourceId: string, stream: string, state: StreamState, runId: string): Promise<void> {
  await wh.run(
    `insert into _tributary.stream_state values ($1, $2, $3::json, $4, now())
     on conflict (source_id, stream) do update set state = excluded.state, run_id = excluded.run_id, updated_at = excluded.updated_at`,
    [sourceId, stream, JSON.stringify(state), runId],
  );
}

function normaliseType(t: string): RawType | 'TIMESTAMPTZ' {
  const u = t.toUpperCase();
  if (u.startsWith('TIMESTAMP')) return 'TIMESTAMPTZ';
  if (u === 'VARCHAR' || u === 'DOUBLE' || u === 'BIGINT' || u === 'BOOLEAN' || u === 'JSON') return u;
  if (u === 'INTEGER' || u === 'HUGEINT') return 'BIGINT';
  return 'VARCHAR';
}
