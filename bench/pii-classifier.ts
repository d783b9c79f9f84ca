/**
 * PII classifier quality: per-tag and overall precision/recall at the publish threshold
 * (0.8) on the labelled evaluation sets in bench/pii-eval/ (written with the classifier in
 * view), bench/pii-dev/ (sixteen other countries, written before the round that tuned on it),
 * bench/pii-heldout/ (written blind, before anyone opened the classifier), bench/pii-blind/
 * (a second blind set, committed before its first score; both since tuned on), and
 * on $TRIBUTARY_EVAL_DATA/pii-eval/ when that folder exists, or `--external <dir>`.
 * `--set <dir>` (repeatable) scores just the sets named: any folder with a labels.csv (or pii-blind's labels.json)
 * (table, column, tag) and the tables as CSV or Parquet, in it or in its tables/.
 * Each table goes through the same path as `tributary classify <file>` (classifyFile). The baseline, scored in the same run,
 * is the classifier's name rules alone, acting on any name hit — what a catalog that
 * tags by column name finds. A third score hides the names (columns renamed `column_<n>`),
 * to show what the value rules find on their own.
 *
 * A column counts for the tag it is labelled with; its prediction is the classifier's
 * strongest tag at or above the threshold, or none. `person_id` is reported but kept out
 * of the overall figures: the classifier deliberately never acts on it (a source system's
 * person id is governed by lineage from the connector's declaration, and every mart joins
 * on one), so its confidence stays below the threshold.
 *
 * Alone: `npx tsx bench/pii-classifier.ts [--set bench/pii-heldout …] [--external <eval-data>/pii-eval]`
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { quoteIdent } from '../core/sql.js';
import { classifyColumn, PUBLISH_THRESHOLD } from '../governance/pii/classify.js';
import { classifyFile } from '../governance/pii/classify-file.js';
import { isMain, round, runAsScript } from './lib/harness.js';

export const IN_REPO_SET = path.join(path.dirname(fileURLToPath(import.meta.url)), 'pii-eval');
/** Tuned on, after heldout's misses had been read (bench/pii-dev/README.md): sixteen more countries. */
export const DEV_SET = path.join(path.dirname(fileURLToPath(import.meta.url)), 'pii-dev');
/** Built blind (bench/pii-heldout/README.md), but its misses have since been read and fixed. */
export const HELDOUT_SET = path.join(path.dirname(fileURLToPath(import.meta.url)), 'pii-heldout');
/** Built blind and committed before its first score (bench/pii-blind/README.md): 20 exports, 16 countries. */
export const BLIND_SET = path.join(path.dirname(fileURLToPath(import.meta.url)), 'pii-blind');
// Public data kept outside the repository (licences): `$TRIBUTARY_EVAL_DATA/pii-eval`, else
// `../datasets/pii-eval` beside the checkout, as bench/identity-quality.ts finds its sets.
const EXTERNAL_SET = path.join(process.env['TRIBUTARY_EVAL_DATA'] ?? path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'datasets'), 'pii-eval');

/** Tags the classifier never acts on by design (see above). */
const ADVISORY = new Set(['person_id']);

export interface TagScore {
  readonly tag: string;
  readonly columns: number;
  readonly tp: number;
  readonly fp: number;
  readonly fn: number;
  readonly precision: number | null;
  readonly recall: number | null;
}

export interface SetScore {
  readonly set: string;
  readonly tables: number;
  readonly columns: number;
  readonly personal: number;
  readonly overall: { readonly precision: number; readonly recall: number; readonly tp: number; readonly fp: number; readonly fn: number };
  readonly perTag: readonly TagScore[];
  readonly errors: readonly { column: string; expected: string; predicted: string; confidence: number; reason: string }[];
}

interface Label {
  readonly table: string;
  readonly column: string;
  readonly tag: string;
}

function parseCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') (cur += '"'), i++;
      else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') out.push(cur), (cur = '');
    else cur += ch;
  }
  out.push(cur);
  return out;
}

function readLabels(dir: string): Label[] {
  const json = path.join(dir, 'labels.json');
  if (fs.existsSync(json)) {
    // bench/pii-blind's shape: { table: { columns: { column: tag } } }.
    const sets = JSON.parse(fs.readFileSync(json, 'utf8')) as Record<string, { columns: Record<string, string> }>;
    return Object.entries(sets).flatMap(([table, t]) => Object.entries(t.columns).map(([column, tag]) => ({ table, column, tag })));
  }
  const lines = fs.readFileSync(path.join(dir, 'labels.csv'), 'utf8').split('\n').filter((l) => l.trim() !== '');
  return lines.slice(1).map((l) => {
    const [table, column, tag] = parseCsvLine(l);
    return { table: table!.trim(), column: column!.trim(), tag: tag!.trim() };
  });
}

function tableFile(dir: string, table: string): string {
  const candidates = [path.join(dir, 'tables'), dir].flatMap((d) => ['.csv', '.parquet'].map((ext) => path.join(d, `${table}${ext}`)));
  const found = candidates.find((f) => fs.existsSync(f));
  if (found === undefined) throw new Error(`${dir}/labels.csv names table ${table}, but there is no ${table}.csv or .parquet beside it or in tables/`);
  return found;
}

/** Column names and up to 200 non-null values of each, read as text (as classifyRelation reads them). */
async function readColumns(file: string): Promise<{ name: string; values: unknown[] }[]> {
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  try {
    const reader = file.endsWith('.parquet') ? 'read_parquet($1)' : 'read_csv($1, all_varchar = true, header = true)';
    await conn.run(`CREATE TABLE t AS SELECT * FROM ${reader}`, [file]);
    const columns = (await conn.runAndReadAll(`SELECT column_name FROM information_schema.columns WHERE table_name = 't' ORDER BY ordinal_position`)).getRows().map((r) => String(r[0]));
    const out = [];
    for (const column of columns) {
      const values = (await conn.runAndReadAll(`SELECT CAST(${quoteIdent(column)} AS VARCHAR) FROM t WHERE ${quoteIdent(column)} IS NOT NULL LIMIT 200`)).getRows().map((r) => r[0]);
      out.push({ name: column, values });
    }
    return out;
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

type Predictor = (file: string) => Promise<Map<string, { tag: string; confidence: number; reason: string }>>;

const withValues: Predictor = async (file) => {
  const result = await classifyFile(file);
  return new Map(result.columns.map((c) => [c.column.trim(), top(c.classifications)]));
};

const namesOnly: Predictor = async (file) => {
  // Any name hit counts: a catalog that flags by column name acts on the name alone.
  return new Map((await readColumns(file)).map((c) => [c.name.trim(), top(classifyColumn({ name: c.name.trim() }), 0)]));
};

/** The values alone: every column renamed `column_<n>`, so only the value rules can fire. */
const valuesOnly: Predictor = async (file) => {
  const columns = await readColumns(file);
  return new Map(columns.map((c, i) => [c.name.trim(), top(classifyColumn({ name: `column_${i + 1}`, values: c.values }))]));
};

function top(cs: readonly { tag: string; confidence: number; reason: string }[], threshold = PUBLISH_THRESHOLD): { tag: string; confidence: number; reason: string } {
  const best = cs[0];
  return best && best.confidence >= threshold && best.confidence > 0 ? best : { tag: 'none', confidence: best?.confidence ?? 0, reason: best?.reason ?? '' };
}

const ratio = (a: number, b: number): number | null => (b === 0 ? null : round(a / b, 3));

/** Scores one labelled set (a folder with labels.csv and the tables' CSVs). */
export async function scoreSet(dir: string, predictor: Predictor = withValues): Promise<SetScore> {
  const labels = readLabels(dir);
  const tables = [...new Set(labels.map((l) => l.table))];
  const predicted = new Map<string, { tag: string; confidence: number; reason: string }>();
  for (const t of tables) {
    for (const [column, p] of await predictor(tableFile(dir, t))) predicted.set(`${t}.${column}`, p);
  }
  const tags = [...new Set(labels.map((l) => l.tag).filter((t) => t !== 'none'))].sort();
  const perTag = tags.map((tag): TagScore => {
    let tp = 0, fp = 0, fn = 0;
    for (const l of labels) {
      const p = predicted.get(`${l.table}.${l.column}`)?.tag ?? 'none';
      if (l.tag === tag && p === tag) tp++;
      else if (l.tag === tag) fn++;
      else if (p === tag) fp++;
    }
    return { tag, columns: labels.filter((l) => l.tag === tag).length, tp, fp, fn, precision: ratio(tp, tp + fp), recall: ratio(tp, tp + fn) };
  });
  const counted = perTag.filter((t) => !ADVISORY.has(t.tag));
  const tp = counted.reduce((s, t) => s + t.tp, 0);
  const fp = counted.reduce((s, t) => s + t.fp, 0);
  const fn = counted.reduce((s, t) => s + t.fn, 0);
  const errors = labels.flatMap((l) => {
    const p = predicted.get(`${l.table}.${l.column}`) ?? { tag: 'none', confidence: 0, reason: '' };
    return p.tag === l.tag || ADVISORY.has(l.tag) ? [] : [{ column: `${l.table}.${l.column}`, expected: l.tag, predicted: p.tag, confidence: p.confidence, reason: p.reason }];
  });
  return {
    set: dir,
    tables: tables.length,
    columns: labels.length,
    personal: labels.filter((l) => l.tag !== 'none').length,
    overall: { precision: ratio(tp, tp + fp) ?? 1, recall: ratio(tp, tp + fn) ?? 1, tp, fp, fn },
    perTag,
    errors,
  };
}

export async function runPiiClassifierBench(options: { external?: string; sets?: readonly string[] } = {}): Promise<unknown> {
  const sets = options.sets && options.sets.length > 0 ? [...options.sets] : [DEV_SET, IN_REPO_SET, HELDOUT_SET, BLIND_SET];
  const external = options.external ?? EXTERNAL_SET;
  if (!options.sets?.length && fs.existsSync(path.join(external, 'labels.csv'))) sets.push(external);
  for (const dir of sets) {
    if (!['labels.csv', 'labels.json'].some((f) => fs.existsSync(path.join(dir, f)))) throw new Error(`--set ${dir}: no labels.csv (table,column,tag per line) or labels.json there`);
  }
  const results = [];
  for (const dir of sets) {
    const ours = await scoreSet(dir, withValues);
    const baseline = await scoreSet(dir, namesOnly);
    const blind = await scoreSet(dir, valuesOnly);
    results.push({
      set: ours.set,
      tables: ours.tables,
      columns: ours.columns,
      personal: ours.personal,
      ours: { overall: ours.overall, perTag: ours.perTag, errors: ours.errors },
      baseline: { what: 'column names only, any confidence', overall: baseline.overall },
      valuesOnly: { what: 'columns renamed column_<n>: value rules alone, at the threshold', overall: blind.overall, perTag: blind.perTag.map((t) => ({ tag: t.tag, recall: t.recall, precision: t.precision })) },
      recallVsBaseline: ratio(ours.overall.recall, baseline.overall.recall),
      meetsTarget: ours.overall.precision >= 0.95 && ours.overall.recall >= 0.95,
    });
  }
  return { bench: 'pii-classifier', params: { threshold: PUBLISH_THRESHOLD, advisory: [...ADVISORY] }, sets: results };
}

if (isMain(import.meta.url)) {
  const i = process.argv.indexOf('--external');
  const external = i >= 0 ? process.argv[i + 1] : undefined;
  const sets = process.argv.flatMap((a, k) => (a === '--set' && process.argv[k + 1] ? [path.resolve(process.argv[k + 1]!)] : []));
  runAsScript(() => runPiiClassifierBench({ ...(external ? { external } : {}), sets }));
}
