/**
 * Crash-safety soak: the kill-and-rerun harness of the test suite
 * (tests/helpers/kill-harness.ts) with random kill points instead of a fixed plan, for as
 * many cycles as you give it. Each cycle draws a point from every point the code has
 * (`SYNC_POINTS`, and `FORGET_POINTS` for the erasure cycles) and an occurrence 1..`--max-nth`,
 * runs the CLI on the same workspace so it SIGKILLs itself there, and checks raw, the
 * published database, the runs and erasure, as the test does. Every `--forget-every`
 * cycles one erasure is killed, then finished by the same command.
 *
 * Baseline, same run: an uninterrupted sync of the same workspace (median of the settle
 * runs), against which `cycleVsCleanSync` puts the median killed cycle.
 *
 * @example
 * ```sh
 * npx tsx bench/soak.ts --cycles 300 --seed 7 [--people 80] [--max-nth 12] [--forget-every 50]
 * ```
 */
import { FORGET_POINTS, KillHarness, SYNC_POINTS, type HarnessReport } from '../tests/helpers/kill-harness.js';
import { integerFlags, isMain, median, round, runAsScript } from './lib/harness.js';

export interface SoakResult {
  readonly bench: 'soak';
  readonly target: string;
  readonly params: { cycles: number; seed: number; people: number; maxNth: number; forgetEvery: number };
  readonly report: Omit<HarnessReport, 'violations'> & { violations: number; firstViolations: readonly string[] };
  readonly medianKilledCycleMs: number;
  readonly medianCleanSyncMs: number;
  readonly cycleVsCleanSync: number;
  readonly meetsTarget: boolean;
}

/** A small deterministic generator (mulberry32): the same --seed draws the same points. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function runSoak(options: { cycles: number; seed: number; people: number; maxNth: number; forgetEvery: number }): Promise<SoakResult> {
  const next = random(options.seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
  const harness = await KillHarness.start({ people: options.people, days: 7, seed: options.seed });
  try {
    for (let i = 1; i <= options.cycles; i++) {
      if (options.forgetEvery > 0 && i % options.forgetEvery === 0) {
        await harness.settle();
        await harness.cycle('forget', pick(FORGET_POINTS));
        await harness.cycle('forget');
        continue;
      }
      await harness.cycle('sync', `${pick(SYNC_POINTS)}#${1 + Math.floor(next() * options.maxNth)}`);
      if (i % 25 === 0) process.stderr.write(`soak: ${i} of ${options.cycles} cycles, ${harness.violations.length} violations\n`);
    }
    await harness.settle();
  } finally {
    await harness.close();
  }
  const report = harness.report();
  const killed = harness.outcomes.filter((o) => o.killed).map((o) => o.ms);
  const clean = harness.outcomes.filter((o) => o.command === 'sync' && !o.killAt).map((o) => o.ms);
  const { violations, ...rest } = report;
  return {
    bench: 'soak',
    target: 'zero violations (raw exactly once, published version complete, killed runs abandoned, erasures finished)',
    params: options,
    report: { ...rest, violations: violations.length, firstViolations: violations.slice(0, 10) },
    medianKilledCycleMs: median(killed),
    medianCleanSyncMs: median(clean),
    cycleVsCleanSync: round(median(killed) / median(clean), 2),
    meetsTarget: violations.length === 0,
  };
}

if (isMain(import.meta.url)) {
  const f = integerFlags(process.argv.slice(2), { cycles: 300, seed: 7, people: 80, 'max-nth': 12, 'forget-every': 50 });
  runAsScript(() => runSoak({ cycles: f.cycles, seed: f.seed, people: f.people, maxNth: f['max-nth'], forgetEvery: f['forget-every'] }));
}
