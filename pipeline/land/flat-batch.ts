/**
 * Flattening a whole batch at once, for the landing. Same rules as `flattenRecord`
 * (flatten.ts), which stays the reference: the same columns, field paths and values,
 * with the same "a later key mapping to the same column wins" rule inside a record.
 *
 * What differs is the bookkeeping. Columns are numbered slots, and a batch is three
 * flat arrays instead of one Map per record, because the landing walks hundreds of
 * thousands of records and allocating per value was most of its JavaScript time. A
 * trie of field paths names each column once per table, not once per value.
 */
import type { JsonRecord, JsonValue } from '../../connectors/sdk/index.js';
import { snakeSegment } from './flatten.js';

/** A batch's flattened values: record `i` owns entries `starts[i]` to `starts[i + 1]`. */
export interface FlatBatch {
  readonly records: number;
  /** Per entry: the column slot (see `Flattener.column`). */
  readonly slots: readonly number[];
  /** Per entry: the value (the last one, when two keys of a record map to one column). */
  readonly values: readonly JsonValue[];
  readonly starts: readonly number[];
  /** Slot → the field path that first filled it in this batch (the catalog's lineage). */
  readonly firstFieldPath: ReadonlyMap<number, string>;
}

interface PathNode {
  readonly fieldPath: string;
  readonly column: string;
  readonly slot: number;
  /** Declared free-form: kept whole as JSON even when it is an object. */
  readonly whole: boolean;
  readonly children: Map<string, PathNode>;
}

/** Flattens batches of one stream; keeps its column slots for the table's lifetime. */
export class Flattener {
  readonly #jsonPaths: ReadonlySet<string>;
  readonly #root: PathNode;
  readonly #slotOf = new Map<string, number>();
  readonly #columns: string[] = [];
  // Per slot: the last record that set it, and where its entry is (for "later key wins").
  readonly #setBy: number[] = [];
  readonly #entryAt: number[] = [];
  #recordSerial = 0;
  #pathNodes = 0;

  constructor(jsonPaths: ReadonlySet<string>) {
    this.#jsonPaths = jsonPaths;
    this.#root = this.#newRoot();
  }

  /** The column a slot stands for. */
  column(slot: number): string {
    return this.#columns[slot]!;
  }

  flatten(records: readonly JsonRecord[]): FlatBatch {
    const slots: number[] = [];
    const values: JsonValue[] = [];
    const starts: number[] = [0];
    const firstFieldPath = new Map<number, string>();
    const emit = (node: PathNode, value: JsonValue, serial: number) => {
      const slot = node.slot;
      if (this.#setBy[slot] === serial) {
        values[this.#entryAt[slot]!] = value;
        return;
      }
      this.#setBy[slot] = serial;
      this.#entryAt[slot] = values.length;
      slots.push(slot);
      values.push(value);
      if (!firstFieldPath.has(slot)) firstFieldPath.set(slot, node.fieldPath);
    };
    const walk = (object: { readonly [k: string]: JsonValue }, parent: PathNode, serial: number) => {
      for (const key in object) {
        const value = object[key]!;
        const node = parent.children.get(key) ?? this.#child(parent, key);
        if (value !== null && typeof value === 'object' && !Array.isArray(value) && !node.whole) walk(value, node, serial);
        else emit(node, value, serial);
      }
    };
    for (const record of records) {
      walk(record, this.#root, ++this.#recordSerial);
      starts.push(values.length);
    }
    // A source sending ever-new keys would grow the trie for ever; its columns stay known.
    if (this.#pathNodes > MAX_PATH_NODES) this.#reset();
    return { records: records.length, slots, values, starts, firstFieldPath };
  }

  #child(parent: PathNode, key: string): PathNode {
    const root = parent === this.#root;
    const fieldPath = root ? key : `${parent.fieldPath}.${key}`;
    const column = root ? snakeSegment(key) : `${parent.column}__${snakeSegment(key)}`;
    let slot = this.#slotOf.get(column);
    if (slot === undefined) {
      slot = this.#columns.length;
      this.#columns.push(column);
      this.#slotOf.set(column, slot);
    }
    const node: PathNode = { fieldPath, column, slot, whole: this.#jsonPaths.has(fieldPath), children: new Map() };
    parent.children.set(key, node);
    this.#pathNodes++;
    return node;
  }

  #newRoot(): PathNode {
    return { fieldPath: '', column: '', slot: -1, whole: false, children: new Map() };
  }

  #reset(): void {
    this.#root.children.clear();
    this.#pathNodes = 0;
  }
}

const MAX_PATH_NODES = 100_000;
