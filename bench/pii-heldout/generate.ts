/**
 * Writes the held-out PII evaluation set (bench/pii-heldout/): every table of tables.ts as
 * CSV (or Parquet through DuckDB, typed, when its spec says so) and labels.csv. Seeded: the
 * same files every run. Written without looking at the classifier or at bench/pii-eval/,
 * so its score says how the classifier does on columns nobody tuned it to.
 *
 * `npx tsx bench/pii-heldout/generate.ts`
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Person, type Rng, writeLabelledSet } from '../lib/labelled-pii-set.js';
import { birthDate } from './formats.js';
import { TABLES, type TableSpec } from './tables.js';

const DIR = path.dirname(fileURLToPath(import.meta.url));
const ROWS = 40;
/** Share of blank cells in columns other than the first: exports are never complete. */
const BLANK = 0.03;

function person(spec: TableSpec, rng: Rng): Person {
  const sex = rng.chance(0.5) ? 'm' : 'f';
  const first = spec.faker.person.firstName(sex === 'm' ? 'male' : 'female');
  const last = spec.faker.person.lastName();
  const email = rng.chance(0.8) ? spec.faker.internet.email({ firstName: first, lastName: last }) : spec.faker.internet.email();
  return { first, last, sex, birth: birthDate(rng), email: email.toLowerCase() };
}

const written = await writeLabelledSet({ dir: DIR, tables: TABLES, rowsPerTable: ROWS, blank: BLANK, seed: { base: 12_000, step: 101 }, person });
process.stdout.write(`${written.tables} tables, ${written.columns} columns, ${written.personal} personal\n`);
