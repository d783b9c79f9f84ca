/**
 * Probabilistic identity matching at scale: wall time and peak RSS of the identity
 * models on N generated person records (default 1,000,000) with realistic duplicates
 * (bench/lib/person-records.ts), the probabilistic path against the deterministic rules
 * alone on the same records in the same run.
 *
 * Setup (not timed against anything): generate the records, land them as HubSpot
 * contacts (one source id per system: crm, email) into a warehouse file, copy it.
 * Baseline: `+customer_identities` with `identity_probabilistic: false` on one copy.
 * Ours: the same with probabilistic matching on the other (features → candidate pairs →
 * comparisons → match parameters → scored pairs, then edges and components with the
 * probabilistic links). `probabilisticStageMs` is the build time of the models the
 * identity edges depend on beyond the identity nodes (found by model role); `ratio` = ours ÷ baseline (whole builds). Quality of both against the truth
 * (pairwise precision / recall / F1), the comparison count blocking allowed and its pair
 * completeness are printed beside the times.
 *
 * Target (issue 9): a million source records resolved with probabilistic matching in
 * under 60 s (`meetsTarget`), the deterministic path under 30 s.
 *
 * @example
 * ```sh
 * npx tsx bench/identity-probabilistic.ts --records 1000000
 * npx tsx bench/identity-probabilistic.ts --records 20000
 * ```
 */
import fs from 'node:fs';
import path from 'node:path';
import { buildIdentity, defaultWorkDir, landEvalRecords, pairwiseScore, removeWarehouse, type BuildResult, type EvalRecord } from './lib/identity-eval.js';
import { generatePersonRecords } from './lib/person-records.js';
import { integerFlags, isMain, peakRssKiB, round, runAsScript } from './lib/harness.js';

export interface BuildSummary {
  readonly ms: number;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  readonly models: readonly { readonly name: string; readonly ms: number }[];
  /** maxRSS of the process after this build (KiB): DuckDB runs in-process, so it counts. */
  readonly peakRssKiB: number;
}

export interface IdentityProbabilisticResult {
  readonly bench: 'identity-probabilistic';
  readonly target: string;
  readonly params: { readonly records: number; readonly seed: number };
  readonly records: number;
  readonly people: number;
  readonly setup: { readonly generateMs: number; readonly landMs: number; readonly peakRssKiBAfterLanding: number };
  readonly deterministic: BuildSummary;
  readonly probabilistic: BuildSummary & {
    readonly probabilisticStageMs: number;
    /** The models counted in probabilisticStageMs. */
    readonly probabilisticModels: readonly string[];
    readonly comparisons: number;
    readonly comparisonsPerRecord: number;
    readonly blockingRecall: number;
    readonly links: number;
  };
  /** probabilistic build ÷ deterministic build. */
  readonly ratio: number;
  readonly meetsTarget: boolean;
}

function summary(records: readonly EvalRecord[], run: BuildResult): BuildSummary {
  const s = pairwiseScore(records, run.predicted);
  return {
    ms: Math.round(run.ms),
    precision: round(s.precision, 4),
    recall: round(s.recall, 4),
    f1: round(s.f1, 4),
    models: run.models.map((m) => ({ name: m.name, ms: Math.round(m.ms) })),
    peakRssKiB: peakRssKiB(),
  };
}

export async function runIdentityProbabilisticBench(options: { records?: number; seed?: number; progress?: (l: string) => void } = {}): Promise<IdentityProbabilisticResult> {
  const say = options.progress ?? ((l: string) => process.stderr.write(`${l}\n`));
  const wanted = options.records ?? 1_000_000;
  const seed = options.seed ?? 42;
  const workDir = defaultWorkDir();
  try {
    let t = performance.now();
    const records = generatePersonRecords({ records: wanted, seed });
    const generateMs = performance.now() - t;
    const people = new Set(records.map((r) => r.cluster)).size;
    say(`identity-probabilistic: ${records.length} records of ${people} people generated in ${Math.round(generateMs)} ms; landing…`);
    const landed = path.join(workDir, 'landed.duckdb');
    t = performance.now();
    await landEvalRecords(records, landed);
    const landMs = performance.now() - t;
    const peakAfterLanding = peakRssKiB();
    const copy = (name: string) => {
      const file = path.join(workDir, name);
      fs.copyFileSync(landed, file);
      if (fs.existsSync(`${landed}.wal`)) fs.copyFileSync(`${landed}.wal`, `${file}.wal`);
      return file;
    };
    say(`identity-probabilistic: landed in ${Math.round(landMs)} ms; deterministic build…`);
    const detFile = copy('deterministic.duckdb');
    const det = await buildIdentity(detFile, records, { workDir, vars: { identity_probabilistic: false } });
    removeWarehouse(detFile);
    const deterministic = summary(records, det);
    say(`identity-probabilistic: deterministic ${deterministic.ms} ms (P ${deterministic.precision} R ${deterministic.recall}); probabilistic build…`);
    const probFile = copy('probabilistic.duckdb');
    removeWarehouse(landed);
    const prob = await buildIdentity(probFile, records, { workDir, vars: {} });
    const probabilistic = summary(records, prob);
    const stage = new Set(prob.probabilisticModels);
    const stageMs = probabilistic.models.filter((m) => stage.has(m.name)).reduce((a, m) => a + m.ms, 0);
    say(`identity-probabilistic: probabilistic ${probabilistic.ms} ms (stage ${stageMs} ms; P ${probabilistic.precision} R ${probabilistic.recall} F1 ${probabilistic.f1}; ${prob.comparisons} comparisons)`);
    return {
      bench: 'identity-probabilistic',
      target: '1,000,000 records with probabilistic matching in < 60 s (deterministic path < 30 s)',
      params: { records: wanted, seed },
      records: records.length,
      people,
      setup: { generateMs: Math.round(generateMs), landMs: Math.round(landMs), peakRssKiBAfterLanding: peakAfterLanding },
      deterministic,
      probabilistic: {
        ...probabilistic,
        probabilisticStageMs: stageMs,
        probabilisticModels: prob.probabilisticModels,
        comparisons: prob.comparisons,
        comparisonsPerRecord: round(prob.comparisons / records.length, 2),
        blockingRecall: round(prob.blockingRecall, 4),
        links: prob.probabilisticLinks,
      },
      ratio: round(probabilistic.ms / Math.max(deterministic.ms, 1), 2),
      meetsTarget: records.length >= 1_000_000 && probabilistic.ms < 60_000,
    };
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}

if (isMain(import.meta.url)) {
  const flags = integerFlags(process.argv.slice(2), { records: 1_000_000, seed: 42 });
  runAsScript(() => runIdentityProbabilisticBench({ records: flags.records, seed: flags.seed }));
}
