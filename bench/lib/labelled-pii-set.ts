/**
 * What the generated labelled PII sets (bench/pii-heldout, bench/pii-dev) share: a seeded
 * random source, the shape of a table spec, and the writer that turns specs into CSV or
 * typed Parquet files plus labels.csv. Each set keeps its own tables, value formats, check
 * digits and person generator — that is what makes them independent — but not a copy of
 * the file writing around them.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Faker } from '@faker-js/faker';
import { DuckDBInstance } from '@duckdb/node-api';
import { quoteIdent, quoteLiteral } from '../../core/sql.js';

/** A seeded source of randomness (mulberry32): a set is byte-identical on every run. */
export interface Rng {
  (): number;
  int(lo: number, hi: number): number;
  pick<T>(items: readonly T[]): T;
  digits(n: number): string;
  chance(p: number): boolean;
}

export function makeRng(seed: number): Rng {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const rng = next as Rng;
  rng.int = (lo, hi) => lo + Math.floor(next() * (hi - lo + 1));
  rng.pick = (items) => items[Math.floor(next() * items.length)]!;
  rng.chance = (p) => next() < p;
  rng.digits = (n) => Array.from({ length: n }, () => String(Math.floor(next() * 10))).join('');
  return rng;
}

/** The Luhn digit that makes `body + digit` pass (cards, IMEIs). */
export function luhnDigit(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}

export type Value = string | number | boolean | null;

export interface Person {
  readonly first: string;
  readonly last: string;
  readonly sex: 'm' | 'f';
  readonly birth: Date;
  readonly email: string;
}

/** What a column generator gets for one row. */
export interface Ctx<C extends string = string> {
  readonly rng: Rng;
  readonly f: Faker;
  readonly p: Person;
  readonly i: number;
  readonly country: C;
}

export interface ColumnSpec<C extends string = string> {
  readonly name: string;
  readonly tag: string;
  readonly gen: (c: Ctx<C>) => Value;
  /** DuckDB type when the table is written as Parquet (VARCHAR otherwise). */
  readonly type?: 'BIGINT' | 'DOUBLE' | 'BOOLEAN' | 'INTEGER';
}

export interface TableSpec<C extends string = string> {
  readonly name: string;
  readonly country: C;
  readonly faker: Faker;
  readonly format: 'csv' | 'parquet';
  readonly columns: readonly ColumnSpec<C>[];
}

export function csvCell(v: Value): string {
  if (v === null) return '';
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export interface LabelledSetOptions<C extends string> {
  /** The set's folder: tables/ and labels.csv are (re)written in it. */
  readonly dir: string;
  readonly tables: readonly TableSpec<C>[];
  readonly rowsPerTable: number;
  /** Share of blank cells outside the first column: real exports have gaps. */
  readonly blank: number;
  /** The seed of table n: `seed.base + n * seed.step`. */
  readonly seed: { readonly base: number; readonly step: number };
  readonly person: (spec: TableSpec<C>, rng: Rng) => Person;
}

/** Writes every table and labels.csv; returns the counts printed by the set's generate.ts. */
export async function writeLabelledSet<C extends string>(o: LabelledSetOptions<C>): Promise<{ tables: number; columns: number; personal: number }> {
  const tablesDir = path.join(o.dir, 'tables');
  fs.rmSync(tablesDir, { recursive: true, force: true });
  fs.mkdirSync(tablesDir, { recursive: true });
  const labels = ['table,column,tag'];
  for (const [n, spec] of o.tables.entries()) {
    const csv = toCsv(spec, rows(o, spec, o.seed.base + n * o.seed.step));
    if (spec.format === 'parquet') await writeParquet(spec, csv, path.join(tablesDir, `${spec.name}.parquet`));
    else fs.writeFileSync(path.join(tablesDir, `${spec.name}.csv`), csv);
    for (const c of spec.columns) labels.push([spec.name, c.name, c.tag].map(csvCell).join(','));
  }
  fs.writeFileSync(path.join(o.dir, 'labels.csv'), labels.join('\n') + '\n');
  return { tables: o.tables.length, columns: labels.length - 1, personal: labels.slice(1).filter((l) => !l.endsWith(',none')).length };
}

function rows<C extends string>(o: LabelledSetOptions<C>, spec: TableSpec<C>, seed: number): Value[][] {
  const rng = makeRng(seed);
  spec.faker.seed(seed);
  const out: Value[][] = [];
  for (let i = 0; i < o.rowsPerTable; i++) {
    const ctx = { rng, f: spec.faker, p: o.person(spec, rng), i, country: spec.country };
    out.push(
      spec.columns.map((c, j) => {
        const v = c.gen(ctx);
        return j > 0 && rng.chance(o.blank) ? null : v;
      }),
    );
  }
  return out;
}

function toCsv<C extends string>(spec: TableSpec<C>, data: readonly Value[][]): string {
  return [spec.columns.map((c) => csvCell(c.name)).join(','), ...data.map((r) => r.map(csvCell).join(','))].join('\n') + '\n';
}

/** Parquet keeps the columns' types (a card number as BIGINT, coordinates as DOUBLE), which a CSV cannot. */
async function writeParquet<C extends string>(spec: TableSpec<C>, csv: string, target: string): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pii-set-'));
  const tmp = path.join(dir, `${spec.name}.csv`);
  fs.writeFileSync(tmp, csv);
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  try {
    const select = spec.columns.map((c) => `CAST(${quoteIdent(c.name)} AS ${c.type ?? 'VARCHAR'}) AS ${quoteIdent(c.name)}`).join(', ');
    // COPY … TO takes no bound parameters, hence the quoted literals.
    await conn.run(`COPY (SELECT ${select} FROM read_csv(${quoteLiteral(tmp)}, all_varchar = true, header = true)) TO ${quoteLiteral(target)} (FORMAT parquet)`);
  } finally {
    conn.closeSync();
    instance.closeSync();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
