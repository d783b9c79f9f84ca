/**
 * Writes the development set (bench/pii-dev/): every table of tables.ts as CSV (or typed
 * Parquet through DuckDB) and labels.csv. Seeded: the same files every run. This is the set
 * the classifier is tuned on, alongside bench/pii-eval; bench/pii-heldout stays the check.
 *
 * `npx tsx bench/pii-dev/generate.ts`
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Person, type Rng, writeLabelledSet } from '../lib/labelled-pii-set.js';
import { birthDate } from './formats.js';
import { TABLES, type TableSpec } from './tables.js';

const DIR = path.dirname(fileURLToPath(import.meta.url));
const ROWS = 40;
/** Share of blank cells outside the first column: real exports have gaps. */
const BLANK = 0.04;

function person(spec: TableSpec, rng: Rng): Person {
  const sex = rng.chance(0.5) ? 'm' : 'f';
  const first = spec.faker.person.firstName(sex === 'm' ? 'male' : 'female');
  const last = spec.faker.person.lastName();
  // Locales with non-Latin names (ja) get a generic address; the rest one built from the name.
  const email = /^[\p{Script=Latin}\s'-]+$/u.test(first + last) && rng.chance(0.75)
    ? spec.faker.internet.email({ firstName: first, lastName: last })
    : spec.faker.internet.email();
  return { first, last, sex, birth: birthDate(rng), email: email.toLowerCase() };
}

const written = await writeLabelledSet({ dir: DIR, tables: TABLES, rowsPerTable: ROWS, blank: BLANK, seed: { base: 31_000, step: 97 }, person });
process.stdout.write(`${written.tables} tables, ${written.columns} columns, ${written.personal} personal\n`);
