/**
 * The warehouse: one DuckDB file holding raw tables (schema `raw`), models (`main`)
 * and Tributary's own bookkeeping (`_tributary`: stream state, column catalog,
 * quarantine, the pseudonym key's fingerprint). Stream state lives *here*, not in the
 * control plane, so a batch and the cursor that covers it commit in one DuckDB
 * transaction.
 *
 * @example
 * ```ts
 * const wh = await Warehouse.open('demo/warehouse.duckdb');
 * try { const rows = await wh.all('select count(*) as n from raw.hubspot_contacts'); }
 * finally { wh.close(); }
 * ```
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DuckDBInstance, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import { TributaryError } from '../../core/index.js';
import { isLockConflict, warehouseBusy } from './busy.js';
import { registerSqlFunctions } from './sql-functions.js';

export type Row = Record<string, unknown>;

const BOOKKEEPING = [
  `create schema if not exists raw`,
  `create schema if not exists _tributary`,
  `create table if not exists _tributary.stream_state (
     source_id varchar not null,
     stream varchar not null,
     state json not null,
     run_id varchar,
     updated_at timestamptz not null,
     primary key (source_id, stream))`,
  `create table if not exists _tributary.raw_columns (
     table_name varchar not null,
     column_name varchar not null,
     connector varchar not null,
     stream varchar not null,
     field_path varchar not null,
     data_type varchar not null,
     pii_tag varchar,
     primary key (table_name, column_name))`,
  `create table if not exists _tributary.quarantine (
     source_id varchar not null,
     stream varchar not null,
     run_id varchar,
     batch_id varchar,
     record json,
     error varchar not null,
     quarantined_at timestamptz not null)`,
  // The fingerprint (never the key) of the key publish hashed pseudonyms under (pipeline/publish/pseudonym-key.ts).
  `create table if not exists _tributary.pseudonym_key (
     fingerprint varchar not null,
     recorded_at timestamptz not null)`,
];

/**
 * WAL size at which a COMMIT also checkpoints. DuckDB's default (16 MiB) made every
 * few landing batches checkpoint inside their COMMIT, and each checkpoint rewrote the
 * raw table's whole primary-key index (raw tables had one until issue 10), so a long
 * sync paid for its table again and again (bench/landing: commit 1.4 s → 0.46 s per
 * 100k events). Fewer checkpoints still mean fewer small row groups written. The WAL is as durable
 * as the file; a crash replays it on open. The sync checkpoints before publishing and
 * closing checkpoints too, so the WAL does not outlive a run.
 */
export const CHECKPOINT_THRESHOLD = '256MiB';

/**
 * DuckDB options of a confined database: what an analyst's SQL (`tributary query`, with
 * or without --warehouse) runs on. It can read that one file's tables and nothing else —
 * no ATTACH, no file read or write (read_text, read_csv, glob, COPY … TO, EXPORT), no
 * extension installed or loaded, no setting changed. DuckDB applies the options in this
 * order, and the order matters: the temp directory cannot be set once external access is
 * off, and nothing can be set once the configuration is locked.
 */
const CONFINED: Readonly<Record<string, string>> = {
  access_mode: 'READ_ONLY',
  // No spill files beside the databases (by default `<file>.tmp`, the name the publish
  // writes analytics.duckdb.tmp under): a query bigger than memory fails instead.
  temp_directory: '',
  autoinstall_known_extensions: 'false',
  autoload_known_extensions: 'false',
  allow_community_extensions: 'false',
  allow_unsigned_extensions: 'false',
  enable_external_access: 'false',
  lock_configuration: 'true',
};

export interface OpenOptions {
  readonly readOnly?: boolean;
  /** Read-only and confined to the file's own tables (see CONFINED). */
  readonly confined?: boolean;
}

export class Warehouse {
  readonly path: string;
  readonly #instance: DuckDBInstance;
  readonly conn: DuckDBConnection;
  /** Only the handle that opened the file closes it; forks close their connection. */
  readonly #ownsInstance: boolean;

  private constructor(path: string, instance: DuckDBInstance, conn: DuckDBConnection, ownsInstance = true) {
    this.path = path;
    this.#instance = instance;
    this.conn = conn;
    this.#ownsInstance = ownsInstance;
  }

  /**
   * Another connection to the same open database, with its own transactions: sources
   * extracted in parallel each land through their own fork. Close forks before the original.
   */
  async fork(): Promise<Warehouse> {
    return new Warehouse(this.path, this.#instance, await this.#instance.connect(), false);
  }

  /**
   * Opens (creating if needed) the warehouse file and its bookkeeping schema; read-only
   * with `readOnly`, and with `confined` the way an analyst's query sees a database:
   * read-only, and nothing but that file's tables (see CONFINED).
   */
  static async open(path: string, options: OpenOptions = {}): Promise<Warehouse> {
    const readOnly = options.readOnly === true || options.confined === true;
    if (!readOnly) mkdirSync(dirname(path), { recursive: true });
    let instance: DuckDBInstance;
    try {
      instance = await DuckDBInstance.create(path, options.confined ? CONFINED : readOnly ? { access_mode: 'READ_ONLY' } : { checkpoint_threshold: CHECKPOINT_THRESHOLD });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (isLockConflict(message)) throw warehouseBusy(path, message, !readOnly);
      throw new TributaryError('warehouse_open_failed', `cannot open the warehouse ${path}: ${message}`);
    }
    const conn = await instance.connect();
    // Once per database: forks share the instance, and with it the functions.
    registerSqlFunctions(conn);
    const wh = new Warehouse(path, instance, conn);
    if (!readOnly) for (const sql of BOOKKEEPING) await conn.run(sql);
    return wh;
  }

  /** `params`: positional (`$1`) or named (`$name`). */
  async all(sql: string, params: DuckDBValue[] | Readonly<Record<string, DuckDBValue>> = []): Promise<Row[]> {
    const reader = await this.conn.runAndReadAll(sql, params);
    return reader.getRowObjectsJS() as Row[];
  }

  async run(sql: string, params: DuckDBValue[] | Readonly<Record<string, DuckDBValue>> = []): Promise<void> {
    await this.conn.run(sql, params);
  }

  /** Runs an INSERT, UPDATE or DELETE and returns how many rows it changed. */
  async runCounting(sql: string, params: DuckDBValue[] | Readonly<Record<string, DuckDBValue>> = []): Promise<number> {
    return (await this.conn.run(sql, params)).rowsChanged;
  }

  /** Runs `fn` in one transaction: committed if it resolves, rolled back if it throws. */
  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    await this.conn.run('begin transaction');
    try {
      const result = await fn();
      await this.conn.run('commit');
      return result;
    } catch (error) {
      await this.conn.run('rollback').catch(() => {});
      throw error;
    }
  }

  /** Flushes the WAL into the database file (before publishing or handing the file on). */
  async checkpoint(): Promise<void> {
    await this.conn.run('checkpoint');
  }

  close(): void {
    this.conn.closeSync();
    if (this.#ownsInstance) this.#instance.closeSync();
  }
}

/** Runs `fn` with an open warehouse and always closes it. */
export async function withWarehouse<T>(path: string, fn: (wh: Warehouse) => Promise<T>, options: OpenOptions = {}): Promise<T> {
  const wh = await Warehouse.open(path, options);
  try {
    return await fn(wh);
  } finally {
    wh.close();
  }
}
