/**
 * Crash safety, proven: `tributary sync` and `tributary forget --yes` are SIGKILLed at
 * kill points in every stage — extraction, landing inside its transaction, model build,
 * data tests, governance, publish (before, during and after the rename), control-plane
 * writes, each step of an erasure — one after another on the same workspace, each cycle
 * running on what the killed one left. After every cycle the harness
 * (tests/helpers/kill-harness.ts) checks raw (no record twice, nothing foreign), the
 * published database (opens, previous or new complete version), the runs (the killed one
 * abandoned once a sync starts) and erasure (finished by running forget again); after the
 * first run killed in its build (its extraction done) and after a last uninterrupted sync,
 * every source record is in raw exactly once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KILL_STAGES, KillHarness, type HarnessReport } from '../../helpers/kill-harness.js';

/**
 * Sync cycles in order. A kill before the build costs a process start and a little
 * extraction (about 1.5 s here), one in the build or later the whole pipeline up to it
 * (3-5 s): most points are early, every later stage still gets its kills (LATE_PLAN).
 */
const SYNC_PLAN = [
  // the first extraction, in batches of 25 rows, killed between and inside their commits, then the
  // incremental ones (every stream still reads a page, the web source one new event)
  'extract:page#2', 'land:in-transaction#1', 'cp:run-started', 'extract:page#4', 'land:committed#2', 'land:in-transaction#3',
  'cp:abandoned-marked', 'extract:page#7', 'land:in-transaction#5', 'cp:stream-recorded#1', 'land:committed#4', 'extract:page#10',
  'land:in-transaction#2', 'cp:stream-recorded#3', 'land:committed#3', 'extract:page#3', 'land:in-transaction#4', 'land:committed#1',
  'extract:page#12', 'cp:stream-recorded#6', 'land:in-transaction#6', 'extract:page#5', 'land:committed#5', 'cp:stream-recorded#2',
  'extract:page#1', 'land:in-transaction#2', 'land:committed#2', 'extract:page#8', 'cp:run-started', 'cp:abandoned-marked',
  'extract:page#6', 'land:in-transaction#1', 'cp:stream-recorded#4', 'land:committed#3', 'extract:page#9', 'land:in-transaction#3',
  'cp:stream-recorded#5', 'extract:page#2', 'land:committed#6', 'extract:page#11', 'cp:stream-recorded#1',
];
/**
 * Every stage after extraction, one cycle each (publish three times: before, during and
 * after the rename). `newEvent: false` where no new version is needed: the cycle then
 * builds only what the kill before it left unbuilt, not the models a new event changes.
 */
const LATE_PLAN: readonly { point: string; newEvent: boolean }[] = [
  { point: 'build:model#9', newEvent: true },
  { point: 'test:ran#35', newEvent: false },
  { point: 'govern:recorded', newEvent: false },
  { point: 'publish:table#3', newEvent: true },
  { point: 'publish:written', newEvent: false },
  { point: 'publish:renamed', newEvent: true },
  { point: 'cp:run-finished', newEvent: false },
];
/** The same forget command killed at steps of an erasure (its compaction included), then run to the end. */
const FORGET_PLAN = ['forget:planned', 'forget:recorded', 'compact:ready'];

let harness: KillHarness;
let report: HarnessReport;
beforeAll(async () => {
  harness = await KillHarness.start({ people: 80, days: 7 });
  for (const point of SYNC_PLAN) await harness.cycle('sync', point);
  for (const [i, { point, newEvent }] of LATE_PLAN.entries()) {
    await harness.cycle('sync', point, { newEvent });
    // The first run killed in its build had finished extracting: nothing lost, nothing twice.
    if (i === 0) await harness.checkExactlyOnce(`after the sync killed at ${point}`);
  }
  for (const point of FORGET_PLAN) await harness.cycle('forget', point);
  await harness.cycle('forget');
  // Killed once its request is recorded, a forget is finished by the next sync instead.
  await harness.cycle('forget', 'erasure:raw-deleted', { anotherPerson: true });
  await harness.settle();
  report = harness.report();
  console.log(`kill-anywhere: ${JSON.stringify({ ...report, violations: report.violations.length })}`);
}, 1_800_000);
afterAll(() => harness?.close());

describe('kill anywhere, re-run', () => {
  it('keeps every invariant after every cycle', () => {
    expect(report.violations).toEqual([]);
  });

  it('kills at 50 or more points, in every stage', () => {
    expect(report.kills).toBeGreaterThanOrEqual(50);
    for (const stage of KILL_STAGES) expect(report.byStage[stage], stage).toBeGreaterThan(0);
  });
});
