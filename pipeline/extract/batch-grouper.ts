/**
 * BatchGrouper: turns a stream's small vendor pages into landing-sized groups. Kept apart
 * from the extract stage (extract-source.ts) so the grouping rule can be read and tested
 * on its own, without a warehouse or a connector.
 */
import type { Batch, JsonRecord, StreamState } from '../../connectors/sdk/index.js';

/**
 * Groups consecutive batches of one stream into one landing transaction, committed with
 * the state of the *last* batch in it — valid because that state covers every record
 * before it. Vendors page in 100s; DuckDB lands thousands of rows per transaction far
 * faster (bench/landing). A crash re-reads at most one group; record hashes absorb it.
 */
export class BatchGrouper {
  readonly #maxRows: number;
  readonly #maxAgeMs: number;
  #records: JsonRecord[] = [];
  #deleted: JsonRecord[] = [];
  #state: StreamState | undefined;
  #since = 0;

  constructor(maxRows: number, maxAgeMs: number) {
    this.#maxRows = maxRows;
    this.#maxAgeMs = maxAgeMs;
  }

  /** Adds a batch; returns a group to commit when it is full or old enough. */
  add(batch: Batch): Batch | undefined {
    if (this.#state === undefined) this.#since = Date.now();
    this.#records.push(...batch.records);
    this.#deleted.push(...(batch.deleted ?? []));
    this.#state = batch.state;
    const rows = this.#records.length + this.#deleted.length;
    return rows >= this.#maxRows || Date.now() - this.#since >= this.#maxAgeMs ? this.flush() : undefined;
  }

  /** The pending group (undefined if nothing is pending), emptied. */
  flush(): Batch | undefined {
    if (this.#state === undefined) return undefined;
    const group: Batch = { records: this.#records, deleted: this.#deleted, state: this.#state };
    this.#records = [];
    this.#deleted = [];
    this.#state = undefined;
    return group;
  }
}
