/**
 * `npm run bench`: runs every bench in turn (never in parallel: they would time each
 * other), prints one JSON document to stdout and keeps a copy in
 * `bench/results/<timestamp>.json` (gitignored). Progress goes to stderr, so stdout
 * stays parseable.
 *
 * @example
 * ```sh
 * npm run bench                                   # full size
 * npm run bench -- --rows 20000 --repeat 3 --duration-ms 4000 --records 100000
 * npm run bench -- --cache-dir /tmp/tributary-bench-cache   # identity: reuse landed data
 * npm run bench -- --startup-repeat 5                       # start-up: spawns of each command (default 15)
 * npm run bench -- --people 100000                          # incremental: population size (default 100,000)
 * npm run bench -- --rss-events 1000000                     # landing-rss: events synced (default 10,000,000)
 * ```
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runApiRateBench } from './api-rate.js';
import { runIdentityBench, splitCacheDir } from './identity.js';
import { runIncrementalBench } from './incremental.js';
import { runIdentityQualityBench } from './identity-quality.js';
import { runIdentityProbabilisticBench } from './identity-probabilistic.js';
import { integerFlags, machineInfo, type MachineInfo } from './lib/harness.js';
import { runLandingBench } from './landing.js';
import { runLandingRssBench } from './landing-rss.js';
import { runPiiClassifierBench } from './pii-classifier.js';
import { runStartupBench } from './startup.js';

export interface BenchReport {
  readonly startedAt: string;
  readonly machine: MachineInfo;
  readonly results: readonly unknown[];
}

const { cacheDir, rest } = splitCacheDir(process.argv.slice(2));
// `--startup-repeat` is separate from `--repeat`: a start-up run is a fraction of a second, so it
// needs many more repeats than the heavy benches for a stable median.
const flags = integerFlags(rest, { rows: 100_000, repeat: 1, 'duration-ms': 10_000, records: 1_000_000, 'startup-repeat': 15, people: 100_000, 'rss-events': 10_000_000 });
const startedAt = new Date();
const results: unknown[] = [];

// Start-up first: it takes seconds, so a missing or broken dist/ shows before the long benches.
process.stderr.write(`bench: startup, 4 commands × ${flags['startup-repeat']}…\n`);
results.push(await runStartupBench({ repeat: flags['startup-repeat'] }));
process.stderr.write(`bench: landing ${flags.rows} rows × ${flags.repeat}…\n`);
results.push(await runLandingBench({ rows: flags.rows, repeat: flags.repeat }));
process.stderr.write(`bench: landing-rss, a sync of ${flags['rss-events']} web events…\n`);
results.push(await runLandingRssBench({ events: flags['rss-events'] }));
process.stderr.write(`bench: api-rate, 2 × ${flags['duration-ms']} ms…\n`);
results.push(await runApiRateBench({ durationMs: flags['duration-ms'] }));
process.stderr.write('bench: pii-classifier on the labelled sets…\n');
results.push(await runPiiClassifierBench());
process.stderr.write(`bench: identity ${flags.records} records × ${flags.repeat}…\n`);
results.push(await runIdentityBench({ records: flags.records, repeat: flags.repeat, ...(cacheDir ? { cacheDir } : {}) }));
process.stderr.write(`bench: identity-probabilistic ${flags.records} person records…\n`);
results.push(await runIdentityProbabilisticBench({ records: flags.records }));
process.stderr.write(`bench: incremental, ${flags.people} people…\n`);
results.push(await runIncrementalBench({ people: flags.people, ...(cacheDir ? { cacheDir } : {}) }));

process.stderr.write('bench: identity quality (labelled set; public sets with TRIBUTARY_EVAL_DATA)…\n');
results.push(await runIdentityQualityBench());

const report: BenchReport = { startedAt: startedAt.toISOString(), machine: machineInfo(), results };
const text = `${JSON.stringify(report, null, 2)}\n`;
const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results');
fs.mkdirSync(dir, { recursive: true });
const file = path.join(dir, `${startedAt.toISOString().replaceAll(':', '-').replace(/\.\d+Z$/, 'Z')}.json`);
fs.writeFileSync(file, text);
process.stdout.write(text);
process.stderr.write(`bench: written to ${path.relative(process.cwd(), file)}\n`);
