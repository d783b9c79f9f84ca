/**
 * Writes the development set (bench/pii-dev/): every table of tables.ts as CSV (or typed
 * Parquet through DuckDB) and labels.csv. Seeded: the same files every run. This is the set
 * the classifier is tuned on, alongside bench/pii-eval; bench/pii-heldout stays the check.
 *
 * `npx tsx bench/pii-dev/generate.ts`
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { quoteIdent, quoteLiteral } from '../../core/sql.js';
import { birthDate } from './formats.js';
import { makeRng } from './ids.js';
import { type Person, TABLES, type TableSpec, type Value } from './tables.js';

const DIR = path.dirname(fileURLToPath(import.meta.url));
const ROWS = 40;
/** Share of blank cells outside the first column: real exports have gaps. */
const BLANK = 0.04;

function csvCell(v: Value): string {
  if (v === null) return '';
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function person(spec: TableSpec, rng: ReturnType<typeof makeRng>): Person {
  const sex = rng.chance(0.5) ? 'm' : 'f';
  const first = spec.faker.person.firstName(sex === 'm' ? 'male' : 'female');
  const last = spec.faker.person.lastName();
  // Locales with non-Latin names (ja) get a generic address; the rest one built from the name.
  const email = /^[\p{Script=Latin}\s'-]+$/u.test(first + last) && rng.chance(0.75)
    ? spec.faker.internet.email({ firstName: first, lastName: last })
    : spec.faker.internet.email();
  return { first, last, sex, birth: birthDate(rng), email: email.toLowerCase() };
}

function rows(spec: TableSpec, seed: number): Value[][] {
  const rng = makeRng(seed);
  spec.faker.seed(seed);
  const out: Value[][] = [];
  for (let i = 0; i < ROWS; i++) {
    const ctx = { rng, f: spec.faker, p: person(spec, rng), i, country: spec.country };
    out.push(spec.columns.map((c, j) => {
      const v = c.gen(ctx);
      return j > 0 && rng.chance(BLANK) ? null : v;
    }));
  }
  return out;
}

function toCsv(spec: TableSpec, data: readonly Value[][]): string {
  return [spec.columns.map((c) => csvCell(c.name)).join(','), ...data.map((r) => r.map(csvCell).join(','))].join('\n') + '\n';
}

/** Parquet keeps the columns' types (a card number as BIGINT, coordinates as DOUBLE). */
async function writeParquet(spec: TableSpec, csv: string, target: string): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pii-dev-'));
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

async function main(): Promise<void> {
  const tablesDir = path.join(DIR, 'tables');
  fs.rmSync(tablesDir, { recursive: true, force: true });
  fs.mkdirSync(tablesDir, { recursive: true });
  const labels = ['table,column,tag'];
  for (const [n, spec] of TABLES.entries()) {
    const csv = toCsv(spec, rows(spec, 31_000 + n * 97));
    if (spec.format === 'parquet') await writeParquet(spec, csv, path.join(tablesDir, `${spec.name}.parquet`));
    else fs.writeFileSync(path.join(tablesDir, `${spec.name}.csv`), csv);
    for (const c of spec.columns) labels.push([spec.name, c.name, c.tag].map(csvCell).join(','));
  }
  fs.writeFileSync(path.join(DIR, 'labels.csv'), labels.join('\n') + '\n');
  const personal = labels.slice(1).filter((l) => !l.endsWith(',none')).length;
  process.stdout.write(`${TABLES.length} tables, ${labels.length - 1} columns, ${personal} personal\n`);
}

await main();
