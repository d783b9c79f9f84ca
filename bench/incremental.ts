/**
 * Incremental bench: a nightly sync's build with 1 % of the records changed, against a
 * full rebuild of the same warehouse (the baseline, measured in the same run).
 *
 * Data: bench/identity.ts's landed population (`generatePopulation({ seed, people })`,
 * HubSpot contacts, Mailchimp members and email activity, web events, landed through
 * `RawTable.land`), `--people` 100,000 by default; `--cache-dir` reuses it.
 *
 * 1. Full: `buildModels({ fullRefresh: true })` — the build stage of `sync --full-refresh`
 *    (plan, every model from scratch, lineage SQL) — on a copy of that warehouse.
 * 2. The night's changes, landed the way landing leaves them (a new version is a new row
 *    with a new `_record_hash` and the night's `_extracted_at`/`_last_seen_at`; raw stays
 *    append-only): a new version of 1 % of the HubSpot contacts (city changed) and of
 *    1 % of the Mailchimp members (status changed), and new web events and email activity
 *    amounting to 1 % of those tables (copies of existing rows under new ids).
 * 3. Incremental: `buildModels()` — what the next `sync` runs: it plans from what landed,
 *    merges the base models and rebuilds their descendants.
 *
 * `ratio` = incremental ms ÷ full ms; target ≤ 0.10. Per-model ms of both builds are
 * reported, so it shows which models the remaining time goes to.
 *
 * @example
 * ```sh
 * npx tsx bench/incremental.ts --people 100000 --cache-dir /tmp/tributary-bench-cache
 * ```
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { silentLogger } from '../core/index.js';
import { buildModels, type BuildResult } from '../pipeline/transform/build-models.js';
import { Warehouse } from '../pipeline/warehouse/warehouse.js';
import { prepare, splitCacheDir } from './identity.js';
import { integerFlags, isMain, round, runAsScript } from './lib/harness.js';

const MODELS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'dbt-like-models');
const TARGET_RATIO = 0.1;

export interface IncrementalOptions {
  /** People in the generated population (default 100,000). */
  readonly people?: number;
  /** Percent of records changed for the night (default 1). */
  readonly changedPercent?: number;
  readonly seed?: number;
  readonly cacheDir?: string;
  readonly progress?: (line: string) => void;
}

export interface IncrementalResult {
  readonly bench: 'incremental';
  readonly target: string;
  readonly params: { readonly people: number; readonly changedPercent: number; readonly seed: number; readonly rawRows: Readonly<Record<string, number>>; readonly changedRows: Readonly<Record<string, number>>; readonly fromCache: boolean };
  /** The nightly build: models built and ms per model (the others were left as they were). */
  readonly ours: { readonly path: string; readonly ms: number; readonly built: number; readonly unchanged: number; readonly models: Readonly<Record<string, number>> };
  /** Every model from scratch on the same warehouse. */
  readonly baseline: { readonly path: string; readonly ms: number; readonly built: number; readonly models: Readonly<Record<string, number>> };
  readonly ratio: number;
  readonly meetsTarget: boolean;
}

export async function runIncrementalBench(options: IncrementalOptions = {}): Promise<IncrementalResult> {
  const people = options.people ?? 100_000;
  const percent = options.changedPercent ?? 1;
  const seed = options.seed ?? 42;
  const say = options.progress ?? ((l: string) => process.stderr.write(`${l}\n`));
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-bench-incremental-'));
  try {
    // records = 1: the identity bench's sizing by records is not wanted here, people decide.
    const prepared = await prepare(workDir, 1, people, seed, 5000, options.cacheDir, say);
    const warehouse = path.join(workDir, 'warehouse.duckdb');
    fs.copyFileSync(prepared.rawPath, warehouse);
    const wh = await Warehouse.open(warehouse);
    try {
      const build = (fullRefresh: boolean) => buildModels({ wh, modelsDir: MODELS_DIR, workspaceDir: workDir, log: silentLogger(), fullRefresh });
      say(`incremental: full build over ${prepared.people} people…`);
      const full = await timed(() => build(true));
      say(`incremental: full build ${(full.ms / 1000).toFixed(1)} s; landing the night's ${percent} % changes…`);
      const changedRows = await landChanges(wh, percent / 100);
      await wh.checkpoint();
      say(`incremental: nightly build…`);
      const nightly = await timed(() => build(false));
      for (const b of [full.result, nightly.result]) if (b.failed.length > 0) throw new Error(`models failed: ${b.failed.map((f) => `${f.name}: ${f.error}`).join('; ')}`);
      const ratio = nightly.ms / full.ms;
      say(`incremental: nightly ${(nightly.ms / 1000).toFixed(1)} s (${nightly.result.results.length} models built) vs full ${(full.ms / 1000).toFixed(1)} s: ratio ${ratio.toFixed(3)}`);
      return {
        bench: 'incremental',
        target: `nightly build with ${percent} % of records changed ≤ ${TARGET_RATIO} × a full rebuild, ≥ 100,000 people`,
        params: { people: prepared.people, changedPercent: percent, seed, rawRows: prepared.rawRows, changedRows, fromCache: prepared.fromCache },
        ours: { path: 'buildModels() after the changes landed', ms: round(nightly.ms), built: nightly.result.results.length, unchanged: nightly.result.unchanged.length, models: modelMs(nightly.result) },
        baseline: { path: 'buildModels({ fullRefresh: true })', ms: round(full.ms), built: full.result.results.length, models: modelMs(full.result) },
        ratio: round(ratio, 3),
        meetsTarget: ratio <= TARGET_RATIO && prepared.people >= 100_000,
      };
    } finally {
      wh.close();
    }
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}

async function timed<T>(fn: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const t0 = performance.now();
  const result = await fn();
  return { result, ms: performance.now() - t0 };
}

function modelMs(b: BuildResult): Record<string, number> {
  return Object.fromEntries(b.results.map((r) => [r.name, round(r.durationMs)]));
}

/** The night's changes, as rows landing would append them (see the header). Returns rows added per raw table. */
async function landChanges(wh: Warehouse, fraction: number): Promise<Record<string, number>> {
  const night = `(select max(_last_seen_at) + interval 1 day from raw.web_events)`;
  // A deterministic `fraction` of each table: the rows whose hash falls in the lowest bucket.
  const sample = `hash(_record_hash) % 10000 < ${Math.round(fraction * 10000)}`;
  const system = (tag: string) => `md5(_record_hash || '${tag}') as _record_hash, ${night} as _extracted_at, ${night} as _last_seen_at, 'night' as _tributary_batch_id`;
  const statements: Record<string, string> = {
    hubspot_contacts: `insert into raw.hubspot_contacts by name select * replace (${system('v2')}, coalesce(properties__city, '') || ' (moved)' as properties__city) from raw.hubspot_contacts where ${sample}`,
    mailchimp_members: `insert into raw.mailchimp_members by name select * replace (${system('v2')}, case when status = 'subscribed' then 'unsubscribed' else 'subscribed' end as status) from raw.mailchimp_members where ${sample}`,
    mailchimp_email_activity: `insert into raw.mailchimp_email_activity by name select * replace (${system('new')}, cast("timestamp" as varchar) || '.5' as "timestamp") from raw.mailchimp_email_activity where ${sample}`,
    web_events: `insert into raw.web_events by name select * replace (${system('new')}, message_id || '-night' as message_id) from raw.web_events where ${sample}`,
  };
  const added: Record<string, number> = {};
  for (const [table, sql] of Object.entries(statements)) {
    const [before] = await wh.all(`select count(*) as n from raw.${table}`);
    await wh.run(sql);
    const [after] = await wh.all(`select count(*) as n from raw.${table}`);
    added[table] = Number(after!.n) - Number(before!.n);
  }
  return added;
}

if (isMain(import.meta.url)) {
  const { cacheDir, rest } = splitCacheDir(process.argv.slice(2));
  const f = integerFlags(rest, { people: 100_000, 'changed-percent': 1, seed: 42 });
  runAsScript(() => runIncrementalBench({ people: f.people, changedPercent: f['changed-percent'], seed: f.seed, ...(cacheDir ? { cacheDir } : {}) }));
}
