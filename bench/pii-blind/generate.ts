/**
 * Writes the blind labelled PII set: tables/*.csv and labels.json (every column's expected
 * tag, or `none`). Seeded, so the files are byte-identical on every run:
 *
 *   npx tsx bench/pii-blind/generate.ts
 *
 * Built without looking at the classifier, its tests or the other labelled sets, so that its
 * first score is evidence of how the classifier does on exports it was not tuned on.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeRng } from '../lib/labelled-pii-set.js';
import { makePerson, place } from './locales.js';
import { TABLES, type Table, type Value } from './tables.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
/** Real exports have gaps: this share of the cells outside the first column is empty. */
const BLANK = 0.03;

export interface BlindLabels {
  readonly [table: string]: { readonly file: string; readonly country: string; readonly rows: number; readonly columns: Readonly<Record<string, string>> };
}

function cell(v: Value, delimiter: string): string {
  if (v === null) return '';
  const s = String(v);
  return s.includes(delimiter) || /["\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function tableCsv(t: Table, seed: number): string {
  const r = makeRng(seed);
  const d = t.delimiter ?? ',';
  const lines = [t.columns.map((c) => cell(c.name, d)).join(d)];
  for (let i = 0; i < t.rows; i++) {
    const row = { r, i, p: makePerson(r, t.country), at: place(r, t.country), memo: new Map<string, unknown>() };
    lines.push(t.columns.map((c, j) => { const v = c.gen(row); return cell(j > 0 && r.chance(BLANK) ? null : v, d); }).join(d));
  }
  return lines.join('\n') + '\n';
}

export function writeBlindSet(dir: string): { tables: number; columns: number; personal: number } {
  const tables = path.join(dir, 'tables');
  fs.rmSync(tables, { recursive: true, force: true });
  fs.mkdirSync(tables, { recursive: true });
  const labels: Record<string, BlindLabels[string]> = {};
  TABLES.forEach((t, n) => {
    const file = `tables/${t.name}.csv`;
    fs.writeFileSync(path.join(dir, file), tableCsv(t, 0xb11d + n * 7919));
    labels[t.name] = { file, country: t.country, rows: t.rows, columns: Object.fromEntries(t.columns.map((c) => [c.name, c.tag])) };
  });
  fs.writeFileSync(path.join(dir, 'labels.json'), JSON.stringify(labels, null, 2) + '\n');
  const tags = Object.values(labels).flatMap((t) => Object.values(t.columns));
  return { tables: TABLES.length, columns: tags.length, personal: tags.filter((t) => t !== 'none').length };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  console.log(JSON.stringify(writeBlindSet(HERE)));
}
