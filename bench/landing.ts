/**
 * Landing bench: Segment web events through Tributary's real landing path
 * (zod validation as the extract stage does it, then `RawTable.land` in batches of
 * `--batch-size`, one transaction per batch with its cursor) into a temp DuckDB file — against
 * DuckDB's own `read_json` over the same records as NDJSON, measured in the same run.
 *
 * DESIGN target: landing rows/s within 1.5× of read_json (`timeRatio` ≤ 1.5).
 *
 * Both sides start from data already in hand: ours from parsed JS objects (what a
 * connector yields), read_json from an NDJSON file already written. `JSON.parse` of
 * the lines is timed separately (`breakdown.parseMs`, not in our total) because the
 * web-events connector pays it when it reads JSONL.
 *
 * @example
 * ```sh
 * npx tsx bench/landing.ts --rows 100000 --repeat 3
 * npx tsx bench/landing.ts --batch-size 10000   # what bigger transactions would buy
 * ```
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { Batch, JsonRecord, Stream } from '../connectors/sdk/index.js';
import { silentLogger } from '../core/index.js';
import { generatePopulation } from '../sandbox/world/index.js';
import { webEventsConnector } from '../connectors/web-events/index.js';
import { RawTable, type LandingTimings } from '../pipeline/land/raw-table.js';
import { Warehouse } from '../pipeline/warehouse/warehouse.js';
import { integerFlags, isMain, median, peakRssKiB, round, runAsScript } from './lib/harness.js';

export interface LandingOptions {
  /** Events to land (default 100,000). */
  readonly rows?: number;
  /** Runs of both sides; medians are reported (default 1). */
  readonly repeat?: number;
  /** Records per `land()` call, as the pipeline's batch size (default 1000). */
  readonly batchSize?: number;
  readonly seed?: number;
}

/** One run of both sides. Times in ms. */
export interface LandingRun {
  readonly oursMs: number;
  readonly readJsonMs: number;
  readonly validateMs: number;
  readonly landMs: number;
  readonly openMs: number;
  readonly checkpointMs: number;
  readonly flattenHashMs: number;
  readonly stageTextMs: number;
  readonly stageFileMs: number;
  readonly parseMs: number;
  /** Time in each kind of SQL statement issued inside `land()` (summed over batches). */
  readonly landSqlMs: Readonly<Record<string, number>>;
  readonly oursRows: number;
  readonly readJsonRows: number;
}

export interface LandingResult {
  readonly bench: 'landing';
  readonly target: string;
  readonly params: {
    readonly rows: number;
    readonly repeat: number;
    readonly batchSize: number;
    readonly data: string;
    readonly generateMs: number;
    readonly ndjsonBytes: number;
  };
  readonly ours: { readonly path: string; readonly rowsPerSec: number; readonly ms: number; readonly rowsLanded: number };
  readonly baseline: { readonly path: string; readonly rowsPerSec: number; readonly ms: number; readonly rowsLoaded: number };
  /** ours ms ÷ read_json ms (how many times slower); the target is ≤ 1.5. */
  readonly timeRatio: number;
  /** ours rows/s ÷ read_json rows/s (the same thing the other way up). */
  readonly throughputRatio: number;
  readonly meetsTarget: boolean;
  /**
   * Medians. Ours = openMs + validateMs + landMs + checkpointMs; `parseMs` is not part
   * of ours. Inside land, timed by `RawTable` itself (`LandingTimings`): `flattenHashMs`
   * (hash, flatten, drift plan), `stageTextMs` (NDJSON cells text) and `stageFileMs`
   * (writing and removing the file). `duckdbMs` = landMs − those three, split into
   * `landSqlMs` (each statement kind, timed at the connection; the INSERT includes
   * read_json parsing the file) and `otherMs` (the rest).
   */
  readonly breakdown: {
    readonly openMs: number;
    readonly validateMs: number;
    readonly landMs: number;
    readonly flattenHashMs: number;
    readonly stageTextMs: number;
    readonly stageFileMs: number;
    readonly duckdbMs: number;
    readonly landSqlMs: Readonly<Record<string, number>>;
    readonly otherMs: number;
    readonly checkpointMs: number;
    readonly parseMs: number;
    readonly shareOfOurs: {
      readonly validate: number;
      readonly flattenHash: number;
      readonly stage: number;
      readonly duckdb: number;
      readonly openAndCheckpoint: number;
    };
  };
  readonly memory: { readonly peakRssKiBAfterGenerate: number; readonly peakRssKiBAfterOurs: number; readonly peakRssKiBEnd: number };
  readonly runs: readonly LandingRun[];
}

const SOURCE_ID = 'bench_web';

/**
 * Makes `rows` Segment events with the seeded generator (≈ 12 events per person, so
 * it grows the population until there are enough) and returns them as NDJSON lines.
 */
export function generateEventLines(rows: number, seed = 42): { lines: string[]; people: number } {
  let people = Math.ceil(rows / 10) + 50;
  for (;;) {
    const events = generatePopulation({ seed, people }).web.events;
    if (events.length >= rows) return { lines: events.slice(0, rows).map((e) => JSON.stringify(e)), people };
    people = Math.ceil(people * 1.5);
  }
}

/** Validation exactly as `pipeline/extract/extract-source.ts` does it: zod safeParse per record. */
function validate(stream: Stream<any>, records: readonly JsonRecord[]): { valid: JsonRecord[]; quarantine: { record: JsonRecord; error: string }[] } {
  const valid: JsonRecord[] = [];
  const quarantine: { record: JsonRecord; error: string }[] = [];
  for (const record of records) {
    const result = stream.schema.safeParse(record);
    if (result.success) valid.push(record);
    else {
      const first = result.error.issues[0];
      quarantine.push({ record, error: first ? `${first.path.join('.') || '(record)'}: ${first.message}` : 'invalid record' });
    }
  }
  return { valid, quarantine };
}

/** What each SQL statement issued inside `land()` is, for the breakdown. */
function sqlLabel(sql: string): string {
  const q = sql.replace(/\s+/g, ' ').trim().toLowerCase();
  if (q.startsWith('begin')) return 'begin';
  if (q.startsWith('commit')) return 'commit';
  if (q.startsWith('insert into "raw"')) return 'insert raw (cast, distinct, anti-join on maybe-landed hashes)';
  if (q.startsWith('update "raw"')) return 'update _last_seen_at (records seen again)';
  if (q.includes('_tributary.stream_state')) return 'write cursor';
  if (q.includes('_tributary.quarantine')) return 'write quarantine';
  if (q.startsWith('alter table')) return 'schema drift (alter table)';
  if (q.includes('_tributary.raw_columns')) return 'catalog';
  return 'other';
}

/**
 * Times every statement the connection runs while `active()` says so, by label. The
 * connection is wrapped, not the warehouse, so `transaction()`'s begin/commit count too.
 */
function instrumentSql(conn: Warehouse['conn'], active: () => boolean): Map<string, number> {
  const totals = new Map<string, number>();
  const wrap = <F extends (sql: string, ...rest: any[]) => Promise<unknown>>(fn: F): F =>
    (async (sql: string, ...rest: any[]) => {
      if (!active()) return fn.call(conn, sql, ...rest);
      const t0 = performance.now();
      try {
        return await fn.call(conn, sql, ...rest);
      } finally {
        const label = sqlLabel(sql);
        totals.set(label, (totals.get(label) ?? 0) + performance.now() - t0);
      }
    }) as F;
  conn.run = wrap(conn.run);
  conn.runAndReadAll = wrap(conn.runAndReadAll);
  return totals;
}

async function landOurs(
  dir: string,
  records: readonly JsonRecord[],
  batchSize: number,
): Promise<{
  ms: number;
  validateMs: number;
  landMs: number;
  openMs: number;
  checkpointMs: number;
  sqlMs: Map<string, number>;
  timings: LandingTimings;
  rows: number;
}> {
  const stream = webEventsConnector.streams[0]!;
  const wh = await Warehouse.open(path.join(dir, 'ours.duckdb'));
  let landing = false;
  const sqlMs = instrumentSql(wh.conn, () => landing);
  try {
    const runId = randomUUID();
    let validateMs = 0;
    let landMs = 0;
    const timings: LandingTimings = { hashMs: 0, flattenMs: 0, stageTextMs: 0, stageFileMs: 0 };
    const t0 = performance.now();
    const table = await RawTable.open(
      wh,
      { sourceId: SOURCE_ID, connectorType: webEventsConnector.type, tablePrefix: webEventsConnector.tablePrefix, stream },
      silentLogger(),
      { timings },
    );
    const openMs = performance.now() - t0;
    for (let i = 0; i < records.length; i += batchSize) {
      const chunk = records.slice(i, i + batchSize);
      const tv = performance.now();
      const { valid, quarantine } = validate(stream, chunk);
      const tl = performance.now();
      const batch: Batch = { records: valid, state: { files: { 'bench.jsonl': { offset: i + chunk.length, size: records.length, line: i + chunk.length } } } };
      landing = true;
      await table.land(batch, { runId, extractedAt: new Date(), quarantine });
      landing = false;
      validateMs += tl - tv;
      landMs += performance.now() - tl;
    }
    const tc = performance.now();
    await wh.checkpoint();
    const checkpointMs = performance.now() - tc;
    const ms = performance.now() - t0;
    const [row] = await wh.all(`select count(*) as n from ${table.qualifiedName}`);
    return { ms, validateMs, landMs, openMs, checkpointMs, sqlMs, timings, rows: Number(row?.n ?? 0) };
  } finally {
    wh.close();
  }
}

async function loadWithReadJson(dir: string, ndjsonPath: string): Promise<{ ms: number; rows: number }> {
  const instance = await DuckDBInstance.create(path.join(dir, 'read-json.duckdb'));
  const conn = await instance.connect();
  try {
    const t0 = performance.now();
    // DuckDB 1.5 accepts the path as a bound parameter, so no literal is pasted into SQL.
    await conn.run(`create table t as select * from read_json($1, format = 'newline_delimited')`, [ndjsonPath]);
    await conn.run('checkpoint');
    const ms = performance.now() - t0;
    const reader = await conn.runAndReadAll('select count(*) as n from t');
    return { ms, rows: Number(reader.getRowObjectsJS()[0]?.n ?? 0) };
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

function timeParse(lines: readonly string[]): { ms: number; records: JsonRecord[] } {
  const t0 = performance.now();
  const records = lines.map((l) => JSON.parse(l) as JsonRecord);
  return { ms: performance.now() - t0, records };
}

export async function runLandingBench(options: LandingOptions = {}): Promise<LandingResult> {
  const rows = options.rows ?? 100_000;
  const repeat = options.repeat ?? 1;
  const batchSize = options.batchSize ?? 1000;
  const tg = performance.now();
  const { lines, people } = generateEventLines(rows, options.seed ?? 42);
  const generateMs = performance.now() - tg;
  const rssAfterGenerate = peakRssKiB();
  let rssAfterOurs = 0;

  const runs: LandingRun[] = [];
  let ndjsonBytes = 0;
  for (let k = 0; k < repeat; k++) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-bench-landing-'));
    try {
      // Parse fresh each run so ours lands plain JSON values, as the connector would hand them over.
      const parsed = timeParse(lines);
      const ours = await landOurs(dir, parsed.records, batchSize);
      if (k === 0) rssAfterOurs = peakRssKiB();

      const ndjsonPath = path.join(dir, 'events.jsonl');
      fs.writeFileSync(ndjsonPath, `${lines.join('\n')}\n`);
      ndjsonBytes = fs.statSync(ndjsonPath).size;
      const rj = await loadWithReadJson(dir, ndjsonPath);
      runs.push({
        oursMs: round(ours.ms),
        readJsonMs: round(rj.ms),
        validateMs: round(ours.validateMs),
        landMs: round(ours.landMs),
        openMs: round(ours.openMs),
        checkpointMs: round(ours.checkpointMs),
        flattenHashMs: round(ours.timings.hashMs + ours.timings.flattenMs),
        stageTextMs: round(ours.timings.stageTextMs),
        stageFileMs: round(ours.timings.stageFileMs),
        parseMs: round(parsed.ms),
        landSqlMs: Object.fromEntries([...ours.sqlMs].sort((a, b) => b[1] - a[1]).map(([k, v]) => [k, round(v)])),
        oursRows: ours.rows,
        readJsonRows: rj.rows,
      });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }

  const m = (key: Exclude<keyof LandingRun, 'landSqlMs'>) => median(runs.map((r) => r[key]));
  const labels = [...new Set(runs.flatMap((r) => Object.keys(r.landSqlMs)))];
  const landSqlMs = Object.fromEntries(
    labels.map((l) => [l, round(median(runs.map((r) => r.landSqlMs[l] ?? 0)))] as const).sort((a, b) => b[1] - a[1]),
  );
  const sqlTotalMs = Object.values(landSqlMs).reduce((a, b) => a + b, 0);
  const oursMs = m('oursMs');
  const readJsonMs = m('readJsonMs');
  const validateMs = m('validateMs');
  const landMs = m('landMs');
  const flattenHashMs = m('flattenHashMs');
  const stageTextMs = m('stageTextMs');
  const stageFileMs = m('stageFileMs');
  const duckdbMs = Math.max(0, landMs - flattenHashMs - stageTextMs - stageFileMs);
  const timeRatio = oursMs / readJsonMs;
  return {
    bench: 'landing',
    target: 'landing rows/s within 1.5x of DuckDB read_json over the same records (timeRatio <= 1.5)',
    params: {
      rows,
      repeat,
      batchSize,
      data: `generatePopulation({ seed: ${options.seed ?? 42}, people: ${people} }).web.events, first ${rows}`,
      generateMs: round(generateMs),
      ndjsonBytes,
    },
    ours: {
      path: `zod safeParse per record + RawTable.land (hash, flatten, NDJSON cells file, INSERT … SELECT cast … FROM read_json, deduped by the in-memory hash filter, cursor) per ${batchSize}-record transaction`,
      rowsPerSec: Math.round(rows / (oursMs / 1000)),
      ms: oursMs,
      rowsLanded: runs[0]!.oursRows,
    },
    baseline: {
      path: "CREATE TABLE t AS SELECT * FROM read_json(<ndjson>, format = 'newline_delimited')",
      rowsPerSec: Math.round(rows / (readJsonMs / 1000)),
      ms: readJsonMs,
      rowsLoaded: runs[0]!.readJsonRows,
    },
    timeRatio: round(timeRatio, 2),
    throughputRatio: round(1 / timeRatio, 3),
    meetsTarget: timeRatio <= 1.5,
    breakdown: {
      openMs: m('openMs'),
      validateMs,
      landMs,
      flattenHashMs,
      stageTextMs,
      stageFileMs,
      duckdbMs: round(duckdbMs),
      landSqlMs,
      otherMs: round(Math.max(0, duckdbMs - sqlTotalMs)),
      checkpointMs: m('checkpointMs'),
      parseMs: m('parseMs'),
      shareOfOurs: {
        validate: round(validateMs / oursMs, 3),
        flattenHash: round(flattenHashMs / oursMs, 3),
        stage: round((stageTextMs + stageFileMs) / oursMs, 3),
        duckdb: round(duckdbMs / oursMs, 3),
        openAndCheckpoint: round((m('openMs') + m('checkpointMs')) / oursMs, 3),
      },
    },
    memory: { peakRssKiBAfterGenerate: rssAfterGenerate, peakRssKiBAfterOurs: rssAfterOurs, peakRssKiBEnd: peakRssKiB() },
    runs,
  };
}

if (isMain(import.meta.url)) {
  const f = integerFlags(process.argv.slice(2), { rows: 100_000, repeat: 1, 'batch-size': 1000 });
  runAsScript(() => runLandingBench({ rows: f.rows, repeat: f.repeat, batchSize: f['batch-size'] }));
}
