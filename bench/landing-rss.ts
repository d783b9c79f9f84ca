/**
 * Peak memory of a big sync: N Segment web events (default 10 million) in JSONL files,
 * synced by the compiled CLI as a user would (`tributary sync --extract-only`: the web
 * events connector streaming the files, validation, `RawTable.land` per batch with its
 * cursor), with the child's peak RSS measured by `/usr/bin/time -v` (its "Maximum
 * resident set size", which covers the whole process: V8 heap, DuckDB's buffers, both).
 *
 * DESIGN target: a 10-million-event sync with peak RSS under 1 GiB.
 * Baseline in the same run: DuckDB's own `read_json` over the same files into a table
 * (a bare Node script, also under /usr/bin/time), for rows/s and RSS beside ours.
 *
 * The files hold a generated sample (seed 42) repeated with fresh message ids, so
 * every line is a distinct record (a repeat would be absorbed as unchanged).
 *
 * @example
 * ```sh
 * npm run build && npx tsx bench/landing-rss.ts --events 10000000 --files 20
 * npx tsx bench/landing-rss.ts --events 200000 --files 4      # a quick look
 * ```
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { generatePopulation } from '../sandbox/world/index.js';
import { integerFlags, isMain, round, runAsScript } from './lib/harness.js';

export interface LandingRssOptions {
  readonly events?: number;
  readonly files?: number;
  /** sync.batch_size of the workspace (default 5000, the pipeline's default). */
  readonly batchSize?: number;
  /** Distinct generated events the files repeat (default 20,000). */
  readonly sample?: number;
}

export interface LandingRssResult {
  readonly bench: 'landing-rss';
  readonly target: string;
  readonly params: { events: number; files: number; batchSize: number; sample: number; bytes: number; writeMs: number };
  readonly ours: { path: string; ms: number; rowsPerSec: number; rowsLanded: number; peakRssMiB: number; exitCode: number };
  readonly baseline: { path: string; ms: number; rowsPerSec: number; rowsLoaded: number; peakRssMiB: number };
  readonly meetsTarget: boolean;
}

const REPO = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

async function writeEventFiles(dir: string, events: number, files: number, sampleSize: number): Promise<number> {
  let people = Math.ceil(sampleSize / 10) + 50;
  let sample = generatePopulation({ seed: 42, people }).web.events;
  while (sample.length < sampleSize) sample = generatePopulation({ seed: 42, people: (people = Math.ceil(people * 1.5)) }).web.events;
  sample = sample.slice(0, sampleSize);
  const perFile = Math.ceil(events / files);
  let bytes = 0;
  for (let f = 0, written = 0; f < files && written < events; f++) {
    const out = fs.createWriteStream(path.join(dir, `events-${String(f).padStart(3, '0')}.jsonl`));
    let chunk = '';
    for (let i = 0; i < perFile && written < events; i++, written++) {
      const e = sample[written % sample.length]!;
      chunk += `${JSON.stringify({ ...e, messageId: `${e.messageId}-${Math.floor(written / sample.length)}` })}\n`;
      if (chunk.length > 1 << 20) {
        bytes += Buffer.byteLength(chunk);
        if (!out.write(chunk)) await once(out, 'drain');
        chunk = '';
      }
    }
    bytes += Buffer.byteLength(chunk);
    out.end(chunk);
    await once(out, 'finish');
  }
  return bytes;
}

/** Runs a command under /usr/bin/time -v: wall ms, exit code, peak RSS (KiB), stdout. */
async function timed(args: readonly string[], cwd: string): Promise<{ ms: number; code: number; maxRssKiB: number; stdout: string; stderr: string }> {
  const t0 = performance.now();
  const child = spawn('/usr/bin/time', ['-v', ...args], { cwd, env: { ...process.env, NODE_OPTIONS: '' } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const [code] = (await once(child, 'exit')) as [number];
  const ms = performance.now() - t0;
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
  if (!rss) throw new Error(`no peak RSS from /usr/bin/time: ${stderr.slice(-500)}`);
  return { ms, code, maxRssKiB: Number(rss[1]), stdout, stderr };
}

export async function runLandingRssBench(options: LandingRssOptions = {}): Promise<LandingRssResult> {
  const events = options.events ?? 10_000_000;
  const files = options.files ?? 20;
  const batchSize = options.batchSize ?? 5000;
  const sample = options.sample ?? 20_000;
  if (!fs.existsSync('/usr/bin/time')) throw new Error('bench/landing-rss.ts needs /usr/bin/time (GNU time) to read a child process’s peak RSS');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-bench-rss-'));
  try {
    const eventsDir = path.join(dir, 'events');
    fs.mkdirSync(eventsDir);
    const tw = performance.now();
    const bytes = await writeEventFiles(eventsDir, events, files, sample);
    const writeMs = performance.now() - tw;
    const config = path.join(dir, 'tributary.yml');
    fs.writeFileSync(config, `version: 1\nlog_level: warn\nsync:\n  batch_size: ${batchSize}\nsources:\n  web:\n    type: web-events\n    path: events\n`);

    const ours = await timed([process.execPath, path.join(REPO, 'bin/tributary.js'), 'sync', '--config', config, '--extract-only', '--format', 'json'], dir);
    const landed = ours.code === 0 ? (JSON.parse(ours.stdout) as { streams: { inserted?: number; read: number }[] }).streams.reduce((n, s) => n + (s.inserted ?? s.read), 0) : 0;

    const script = `import { DuckDBInstance } from '@duckdb/node-api';
const db = await DuckDBInstance.create(${JSON.stringify(path.join(dir, 'read-json.duckdb'))});
const c = await db.connect();
await c.run("create table t as select * from read_json($1, format = 'newline_delimited')", [${JSON.stringify(path.join(eventsDir, '*.jsonl'))}]);
await c.run('checkpoint');
const r = await c.runAndReadAll('select count(*)::bigint as n from t');
console.log(String(r.getRowObjectsJS()[0].n));`;
    const scriptFile = path.join(REPO, `.bench-rss-read-json-${process.pid}.mjs`);
    fs.writeFileSync(scriptFile, script);
    let base;
    try {
      base = await timed([process.execPath, scriptFile], REPO);
    } finally {
      fs.rmSync(scriptFile, { force: true });
    }
    const peakRssMiB = round(ours.maxRssKiB / 1024);
    return {
      bench: 'landing-rss',
      target: 'a 10-million-event sync with peak RSS under 1 GiB',
      params: { events, files, batchSize, sample, bytes, writeMs: round(writeMs) },
      ours: {
        path: `tributary sync --extract-only (web-events over ${files} JSONL files, batch_size ${batchSize}) under /usr/bin/time -v`,
        ms: round(ours.ms),
        rowsPerSec: Math.round(events / (ours.ms / 1000)),
        rowsLanded: landed,
        peakRssMiB,
        exitCode: ours.code,
      },
      baseline: {
        path: "node: CREATE TABLE t AS SELECT * FROM read_json('<dir>/*.jsonl') + checkpoint, under /usr/bin/time -v",
        ms: round(base.ms),
        rowsPerSec: Math.round(events / (base.ms / 1000)),
        rowsLoaded: Number(base.stdout.trim()),
        peakRssMiB: round(base.maxRssKiB / 1024),
      },
      meetsTarget: ours.code === 0 && events >= 10_000_000 && peakRssMiB < 1024,
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (isMain(import.meta.url)) {
  const f = integerFlags(process.argv.slice(2), { events: 10_000_000, files: 20, 'batch-size': 5000, sample: 20_000 });
  runAsScript(() => runLandingRssBench({ events: f.events, files: f.files, batchSize: f['batch-size'], sample: f.sample }));
}
