/**
 * Which `_record_hash` values a raw table may already hold: a filter in memory that
 * replaces the table's PRIMARY KEY as the landing's first dedup check.
 *
 * DuckDB keeps a primary key as an ART index and rewrites it whole at checkpoints, so
 * a long sync paid for its table again and again: on 3 M rows a VARCHAR key cost 864 MiB
 * and 689 s, no key 444 MiB and 74 s (bench/README.md, `landing-rss.ts`). Here each
 * hash is reduced to a 64-bit fingerprint (its first 16 hex digits) in an open-addressing
 * table of two Uint32Arrays, 8 bytes a slot.
 *
 * It answers "certainly new" or "maybe landed". Certainly new is exact: the filter is
 * loaded from the committed table and only grows by committed batches, so every hash in
 * the table is in it (a crash loses the process and the filter with it; the next one
 * loads it again). "Maybe landed" (a re-read, a fingerprint collision, an erased row)
 * is settled by the caller against the table itself.
 */
import type { Warehouse } from '../warehouse/warehouse.js';
import { quoteQualified } from '../../core/index.js';

const HEX16 = /^[0-9a-fA-F]{16}/;
const MIN_CAPACITY = 1 << 12;
/** Grown (doubled) past this share of slots filled: probes stay short. */
const MAX_LOAD = 0.7;

export class KnownHashes {
  #hi = new Uint32Array(MIN_CAPACITY);
  #lo = new Uint32Array(MIN_CAPACITY);
  #size = 0;
  /**
   * A hash that is not 16 hex digits at its head has no fingerprint (only rows written
   * by hand or by an old tool could hold one); once the table holds one, every probe
   * answers "maybe", which is slow but never wrong.
   */
  #unfingerprinted = false;

  get size(): number {
    return this.#size;
  }

  /** The filter of what `raw.<table>` holds now. Reads one narrow column of the table. */
  static async load(wh: Warehouse, table: string): Promise<KnownHashes> {
    const known = new KnownHashes();
    // Parsed in DuckDB: two integers a row cross into JavaScript instead of a
    // 32-character string. Where DuckDB's cast and `fingerprint` below could disagree
    // (anything but 16 hex digits), the cast gives NULL or `fingerprint` undefined, and
    // either one means "maybe": never a hash the filter misses.
    const result = await wh.conn.stream(
      `select try_cast('0x' || substr(_record_hash, 1, 8) as uinteger) as hi, try_cast('0x' || substr(_record_hash, 9, 8) as uinteger) as lo
       from ${quoteQualified('raw', table)}`,
    );
    for (let chunk = await result.fetchChunk(); chunk !== null && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
      const his = chunk.getColumnVector(0);
      const los = chunk.getColumnVector(1);
      for (let i = 0; i < chunk.rowCount; i++) {
        const hi = his.getItem(i);
        const lo = los.getItem(i);
        if (typeof hi !== 'number' || typeof lo !== 'number') known.#unfingerprinted = true;
        else known.#insert(hi >>> 0, nonZero(hi, lo >>> 0));
      }
    }
    return known;
  }

  /** False only when `hash` is certainly not in the table. */
  mayHold(hash: string): boolean {
    if (this.#unfingerprinted) return true;
    const f = fingerprint(hash);
    if (f === undefined) return true;
    const mask = this.#hi.length - 1;
    for (let slot = f.lo & mask; ; slot = (slot + 1) & mask) {
      const hi = this.#hi[slot]!;
      const lo = this.#lo[slot]!;
      if (hi === 0 && lo === 0) return false;
      if (hi === f.hi && lo === f.lo) return true;
    }
  }

  /** Records hashes the table now holds (call after their transaction committed). */
  add(hashes: Iterable<string>): void {
    for (const hash of hashes) {
      const f = fingerprint(hash);
      if (f === undefined) this.#unfingerprinted = true;
      else this.#insert(f.hi, f.lo);
    }
  }

  #insert(hi: number, lo: number): void {
    if (this.#size + 1 > this.#hi.length * MAX_LOAD) this.#grow();
    const mask = this.#hi.length - 1;
    for (let slot = lo & mask; ; slot = (slot + 1) & mask) {
      const h = this.#hi[slot]!;
      const l = this.#lo[slot]!;
      if (h === hi && l === lo) return;
      if (h === 0 && l === 0) {
        this.#hi[slot] = hi;
        this.#lo[slot] = lo;
        this.#size++;
        return;
      }
    }
  }

  #grow(): void {
    const oldHi = this.#hi;
    const oldLo = this.#lo;
    this.#hi = new Uint32Array(oldHi.length * 2);
    this.#lo = new Uint32Array(oldLo.length * 2);
    this.#size = 0;
    for (let i = 0; i < oldHi.length; i++) {
      if (oldHi[i] !== 0 || oldLo[i] !== 0) this.#insert(oldHi[i]!, oldLo[i]!);
    }
  }
}

/** The first 16 hex digits as two 32-bit halves, or undefined when they are not hex. */
function fingerprint(hash: string): { hi: number; lo: number } | undefined {
  if (!HEX16.test(hash)) return undefined;
  const hi = Number.parseInt(hash.slice(0, 8), 16) >>> 0;
  return { hi, lo: nonZero(hi, Number.parseInt(hash.slice(8, 16), 16) >>> 0) };
}

// (0, 0) marks an empty slot; a hash with that fingerprint is kept as (0, 1), which
// only makes a rare extra "maybe".
function nonZero(hi: number, lo: number): number {
  return hi === 0 && lo === 0 ? 1 : lo;
}
