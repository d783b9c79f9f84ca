/**
 * Identity quality bench: pairwise precision, recall and F1 of the identity models on
 * labelled person records nobody tuned the models to, deterministic rules only versus
 * deterministic + probabilistic (the same models, `identity_probabilistic` off and on).
 *
 * Sets (bench/lib/identity-eval.ts): the labelled set in bench/identity-eval/ (always),
 * and, when `--data <dir>` or TRIBUTARY_EVAL_DATA names a folder holding them, FEBRL 3,
 * FEBRL 4a+4b (without soc_sec_id) and Splink's fake_1000. Each set's records land as
 * HubSpot contacts into a fresh warehouse and run through the real models; the time is
 * runModels' (landing is setup). The baseline is the deterministic-only build of the
 * same records in the same run. `blockingRecall` (pair completeness) is the share of
 * true pairs the blocking rules made candidates: the ceiling of the probabilistic recall.
 *
 * Targets: labelled set precision ≥ 0.99 with recall well above deterministic-only;
 * FEBRL 4 F1 ≥ 0.95.
 *
 * @example
 * ```sh
 * npx tsx bench/identity-quality.ts --data <eval-data>
 * ```
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  defaultWorkDir, loadFebrl, loadLabelled, loadSplink, pairwiseScore, resolveThroughModels, type EvalRecord, type PairScore,
} from './lib/identity-eval.js';
import { isMain, round, runAsScript } from './lib/harness.js';

export interface QualityRow {
  readonly set: string;
  readonly records: number;
  readonly deterministic: PairScore & { readonly ms: number };
  readonly probabilistic: PairScore & { readonly ms: number; readonly comparisons: number; readonly blockingRecall: number; readonly links: number };
}

export interface IdentityQualityResult {
  readonly bench: 'identity-quality';
  readonly target: string;
  readonly params: { readonly data: string | null; readonly threshold: number | null };
  readonly sets: readonly QualityRow[];
}

const r4 = (s: PairScore) => ({ ...s, precision: round(s.precision, 4), recall: round(s.recall, 4), f1: round(s.f1, 4) });

async function scoreSet(set: string, records: readonly EvalRecord[], workDir: string, vars: Record<string, unknown>, say: (l: string) => void): Promise<QualityRow> {
  const det = await resolveThroughModels(records, { workDir, vars: { ...vars, identity_probabilistic: false } });
  const prob = await resolveThroughModels(records, { workDir, vars });
  const row: QualityRow = {
    set,
    records: records.length,
    deterministic: { ...r4(pairwiseScore(records, det.predicted)), ms: Math.round(det.ms) },
    probabilistic: { ...r4(pairwiseScore(records, prob.predicted)), ms: Math.round(prob.ms), comparisons: prob.comparisons, blockingRecall: round(prob.blockingRecall, 4), links: prob.probabilisticLinks },
  };
  say(`identity-quality: ${set}: deterministic P ${row.deterministic.precision} R ${row.deterministic.recall}; + probabilistic P ${row.probabilistic.precision} R ${row.probabilistic.recall} F1 ${row.probabilistic.f1} (${row.probabilistic.comparisons} comparisons, blocking recall ${row.probabilistic.blockingRecall})`);
  return row;
}

export async function runIdentityQualityBench(options: { data?: string; threshold?: number; progress?: (l: string) => void } = {}): Promise<IdentityQualityResult> {
  const say = options.progress ?? ((l: string) => process.stderr.write(`${l}\n`));
  const data = options.data ?? process.env.TRIBUTARY_EVAL_DATA ?? null;
  const vars = options.threshold === undefined ? {} : { identity_match_threshold: options.threshold };
  const workDir = defaultWorkDir();
  try {
    const sets: QualityRow[] = [await scoreSet('labelled', await loadLabelled(), workDir, vars, say)];
    if (data !== null && fs.existsSync(path.join(data, 'febrl'))) {
      sets.push(await scoreSet('febrl4', await loadFebrl(data, [{ file: 'dataset4a.csv', sourceId: 'crm' }, { file: 'dataset4b.csv', sourceId: 'email' }]), workDir, vars, say));
      sets.push(await scoreSet('febrl3', await loadFebrl(data, [{ file: 'dataset3.csv', sourceId: 'crm' }]), workDir, vars, say));
    } else {
      say('identity-quality: no --data (or TRIBUTARY_EVAL_DATA) with febrl/: public sets skipped');
    }
    if (data !== null && fs.existsSync(path.join(data, 'splink'))) {
      sets.push(await scoreSet('splink_fake_1000', await loadSplink(data), workDir, vars, say));
    }
    return {
      bench: 'identity-quality',
      target: 'labelled precision >= 0.99 with recall well above deterministic-only; FEBRL 4 F1 >= 0.95',
      params: { data, threshold: options.threshold ?? null },
      sets,
    };
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}

if (isMain(import.meta.url)) {
  const { values } = parseArgs({ options: { data: { type: 'string' }, threshold: { type: 'string' } } });
  runAsScript(() =>
    runIdentityQualityBench({
      ...(values.data === undefined ? {} : { data: values.data }),
      ...(values.threshold === undefined ? {} : { threshold: Number(values.threshold) }),
    }),
  );
}
