/**
 * A small seeded PRNG for the generator's numeric draws.
 *
 * Faker (seeded) produces the names, cities and company names; the hot loops (web
 * events, email activity, insights) draw millions of numbers, where Faker's per-call
 * validation costs too much. `sfc32` is fast, has a 128-bit state and passes
 * PractRand — more than enough for mock data. Every phase forks its own stream by
 * label, so adding a draw to one phase does not reshuffle the others.
 */

/** xmur3-style string hash → 32-bit seed words. */
function hashSeed(text: string): () => number {
  let h = 1779033703 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    h = Math.imul(h ^ text.charCodeAt(i), 3432918353);
    h = (h << 13) | (h >>> 19);
  }
  return () => {
    h = Math.imul(h ^ (h >>> 16), 2246822507);
    h = Math.imul(h ^ (h >>> 13), 3266489909);
    h ^= h >>> 16;
    return h >>> 0;
  };
}

const HEX = '0123456789abcdef';
const HEX_CODES = Array.from(HEX, (ch) => ch.charCodeAt(0));
const DASH = 45;

/** Writes `digits` hex digits of `value` into `out` at `at`, most significant first. */
function writeHex(out: number[], at: number, value: number, digits: number): void {
  for (let i = digits - 1; i >= 0; i--) {
    out[at + i] = HEX_CODES[value & 15]!;
    value >>>= 4;
  }
}

/**
 * Seeded random numbers. Never touches `Math.random` or the clock.
 *
 * @example
 * ```ts
 * const rng = new Rng('42:web');
 * rng.int(1, 3); // 1, 2 or 3 — the same every run
 * ```
 */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private readonly uuidCodes: number[] = new Array<number>(36).fill(48);

  constructor(seed: string | number) {
    const next = hashSeed(String(seed));
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
    // Warm up: the first outputs of sfc32 correlate with the seed words.
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  /** A new independent stream whose sequence depends only on this stream's seed and `label`. */
  static forSeed(seed: number, label: string): Rng {
    return new Rng(`${seed}:${label}`);
  }

  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** Float in [min, max). */
  float(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('Rng.pick: empty list');
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** Picks by relative weight: `weighted([['a', 3], ['b', 1]])` returns 'a' three times as often. */
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, w] of items) total += w;
    let r = this.next() * total;
    for (const [item, w] of items) {
      r -= w;
      if (r < 0) return item;
    }
    return items[items.length - 1]![0];
  }

  /** Exponentially distributed with the given mean (for delays). */
  exponential(mean: number): number {
    return -Math.log(1 - this.next()) * mean;
  }

  /** `n` lower-case hex characters. */
  hex(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += HEX[this.nextUint32() & 15];
    return s;
  }

  /** `n` decimal digits (the first one non-zero). */
  digits(n: number): string {
    let s = String(this.int(1, 9));
    for (let i = 1; i < n; i++) s += String(this.int(0, 9));
    return s;
  }

  /** An RFC 4122 version-4-shaped UUID (four 32-bit draws, no per-character string building). */
  uuid(): string {
    const a = this.nextUint32();
    const b = ((this.nextUint32() & 0xffff0fff) | 0x00004000) >>> 0;
    const c = ((this.nextUint32() & 0x3fffffff) | 0x80000000) >>> 0;
    const d = this.nextUint32();
    // One flat string from 36 char codes: cheaper than slicing and joining hex pieces.
    const u = this.uuidCodes;
    writeHex(u, 0, a, 8);
    u[8] = DASH;
    writeHex(u, 9, b >>> 16, 4);
    u[13] = DASH;
    writeHex(u, 14, b & 0xffff, 4);
    u[18] = DASH;
    writeHex(u, 19, c >>> 16, 4);
    u[23] = DASH;
    writeHex(u, 24, c & 0xffff, 4);
    writeHex(u, 28, d, 8);
    return String.fromCharCode.apply(null, u);
  }

  /** A shuffled copy (Fisher–Yates). */
  shuffle<T>(items: readonly T[]): T[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.int(0, i);
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
  }

  /** `k` distinct indices from [0, n), in ascending order; O(k) memory for small k. */
  sampleIndices(n: number, k: number): number[] {
    const want = Math.min(k, n);
    if (want * 2 > n) {
      // Dense: partial Fisher–Yates over all indices.
      const all = Array.from({ length: n }, (_, i) => i);
      for (let i = 0; i < want; i++) {
        const j = this.int(i, n - 1);
        [all[i], all[j]] = [all[j]!, all[i]!];
      }
      return all.slice(0, want).sort((x, y) => x - y);
    }
    const chosen = new Set<number>();
    while (chosen.size < want) chosen.add(this.int(0, n - 1));
    return [...chosen].sort((x, y) => x - y);
  }
}
