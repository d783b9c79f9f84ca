/**
 * Kill-anywhere harness: runs the real CLI (`tributary sync`, `tributary forget --yes`) on
 * ONE workspace again and again, each time with `TRIBUTARY_TEST_KILL_AT` set to the next
 * point of a plan, so the process SIGKILLs itself exactly there (core/kill-point.ts). The
 * next cycle runs on whatever the killed one left, so a plan of n points is n processes,
 * not n workspaces. After every cycle it checks what operations rely on:
 *
 * - raw: every record at most once, and nothing that is not a source record; after an
 *   uninterrupted run, every source record exactly once (against a reference extraction
 *   of the same world into another folder, plus the events the harness appended);
 * - analytics.duckdb: opens, and is the previous complete version or the new one
 *   (per table row counts equal to the last one published, or to the models the killed
 *   run built); never missing once something was published;
 * - the control plane: a killed run stays `running` only until the next sync starts,
 *   which marks it `abandoned`; an uninterrupted run leaves nothing running;
 * - erasure: once a `forget` exits 0 every request is `done` and the person is in no
 *   table of the warehouse or of analytics.duckdb.
 *
 * Before each sync one new web event (an identify of a new person) is appended to the
 * source, so consecutive published versions differ and "previous or new" means something.
 *
 * Used by tests/pipeline/sync/kill-anywhere.test.ts (a fixed plan, CI) and bench/soak.ts
 * (random points, as many as you like).
 */
import { appendFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { withWarehouse } from '../../pipeline/warehouse/warehouse.js';
import { mentionsOf } from './mentions.js';
import { runCli, tempDir, type CliResult, type TempDir } from './workspace.js';
import { startTestWorld, type TestWorld } from './world.js';

export const KILL_STAGES = ['extract', 'land', 'build', 'test', 'govern', 'publish', 'control-plane', 'erasure'] as const;
export type KillStage = (typeof KILL_STAGES)[number];

/** The stage a kill point belongs to, from its name (`land:in-transaction#3` → land). */
export function stageOf(point: string): KillStage {
  const name = point.split('#')[0]!;
  const prefix = name.split(':')[0]!;
  if (name === 'sync:built') return 'build';
  if (name === 'sync:published') return 'publish';
  const byPrefix: Record<string, KillStage> = {
    extract: 'extract',
    land: 'land',
    build: 'build',
    test: 'test',
    govern: 'govern',
    publish: 'publish',
    cp: 'control-plane',
    forget: 'erasure',
    erasure: 'erasure',
    compact: 'erasure',
    audit: 'erasure',
  };
  const stage = byPrefix[prefix];
  if (!stage) throw new Error(`kill point ${point}: no stage known for "${prefix}"`);
  return stage;
}

/** Every kill point the code has, by name (core/kill-point.ts callers); `#n` picks the n-th time. */
export const SYNC_POINTS = [
  'extract:page',
  'land:in-transaction',
  'land:committed',
  'cp:run-started',
  'cp:abandoned-marked',
  'cp:stream-recorded',
  'build:model',
  'cp:models-recorded',
  'sync:built',
  'test:ran',
  'govern:analysed',
  'govern:recorded',
  'publish:table',
  'publish:written',
  'publish:renamed',
  'sync:published',
  'cp:run-finished',
] as const;
export const FORGET_POINTS = ['forget:planned', 'forget:recorded', 'erasure:raw-deleted', 'compact:copied', 'compact:ready', 'compact:swapped', ...SYNC_POINTS.filter((p) => !p.startsWith('extract') && !p.startsWith('land'))] as const;

export interface CycleOutcome {
  readonly command: 'sync' | 'forget';
  readonly killAt: string | undefined;
  /** The process reached its kill point (and died of SIGKILL). */
  readonly killed: boolean;
  readonly ms: number;
}

export interface HarnessReport {
  readonly cycles: number;
  readonly kills: number;
  readonly byStage: Record<KillStage, number>;
  /** Planned points no cycle reached (the run ended before it): counted nowhere. */
  readonly notReached: readonly string[];
  readonly violations: readonly string[];
  readonly totalMs: number;
}

type Fingerprint = Record<string, number>;

export class KillHarness {
  readonly violations: string[] = [];
  readonly outcomes: CycleOutcome[] = [];
  readonly #tw: TestWorld;
  readonly #refDir: TempDir;
  readonly #config: string;
  readonly #ws: string;
  /** Raw record hashes per table of an uninterrupted extraction of the same world. */
  readonly #reference: Map<string, Set<string>>;
  #appended = 0;
  #lastPublished: Fingerprint | undefined;
  /** Runs a killed process left `running`, not yet seen `abandoned`. */
  #pendingAbandoned = new Set<string>();
  #erasedEmail: string | undefined;

  private constructor(tw: TestWorld, refDir: TempDir, config: string, reference: Map<string, Set<string>>) {
    this.#tw = tw;
    this.#refDir = refDir;
    this.#config = config;
    this.#ws = join(config, '..');
    this.#reference = reference;
  }

  /** A world of `people`, a reference extraction of it, and an empty workspace that reads it in small pages. */
  static async start(options: { people?: number; days?: number; seed?: number } = {}): Promise<KillHarness> {
    const tw = await startTestWorld({ people: options.people ?? 80, days: options.days ?? 7, seed: options.seed ?? 13 });
    const refDir = tempDir('tributary-kill-ref-');
    try {
      // Small pages and batches: many commits, so extraction kills land between many of them.
      const shape = { hubspotPageSize: 10, batchSize: 25, maxAttempts: 2 };
      const refConfig = tw.writeConfig({ ...shape, folder: refDir.path });
      const ref = await runCli(['sync', '--config', refConfig, '--extract-only'], { env: tw.env });
      if (ref.code !== 0) throw new Error(`reference extraction failed: ${ref.stderr}`);
      const reference = await rawHashes(join(refDir.path, 'warehouse.duckdb'));
      return new KillHarness(tw, refDir, tw.writeConfig(shape), reference);
    } catch (error) {
      refDir.remove();
      await tw.close();
      throw error;
    }
  }

  get workspace(): string {
    return this.#ws;
  }

  /** One cycle: (for a sync, one new event at the source,) the command with the kill point set, then every check. */
  async cycle(command: 'sync' | 'forget', killAt?: string, options: { anotherPerson?: boolean; newEvent?: boolean } = {}): Promise<CycleOutcome> {
    const context = `cycle ${this.outcomes.length + 1} (${command}${killAt ? ` killed at ${killAt}` : ''})`;
    // `newEvent: false`: nothing new at the source, so a sync killed after its build builds
    // only what the kill before it left unbuilt (a kill in the data tests or governance
    // needs no new version to compare; a publish kill does).
    if (command === 'sync' && options.newEvent !== false) this.#appendEvent();
    // The same person again, as a re-run of the interrupted command would; `anotherPerson` starts a new request.
    if (command === 'forget' && (this.#erasedEmail === undefined || options.anotherPerson)) this.#erasedEmail = await this.#someone();
    const started = Date.now();
    const result = await this.#run(command, killAt);
    const outcome: CycleOutcome = { command, killAt, killed: result.signal === 'SIGKILL', ms: Date.now() - started };
    this.outcomes.push(outcome);
    const checking = Date.now();
    if (!outcome.killed && result.code !== 0) this.violations.push(`${context}: exited ${result.code} (${result.signal ?? 'no signal'}): ${result.stderr.trim().split('\n').slice(-3).join(' | ')}`);
    await this.#check(context, command, outcome);
    // `TRIBUTARY_KILL_HARNESS_LOG=1`: a line per cycle on stderr, to see where a plan spends its time.
    if (process.env.TRIBUTARY_KILL_HARNESS_LOG) process.stderr.write(`${context}: ${outcome.killed ? 'killed' : 'ran to the end'}, ${outcome.ms} ms + ${Date.now() - checking} ms of checks\n`);
    return outcome;
  }

  /**
   * Every source record in raw exactly once: true after any sync that finished its
   * extraction, so also after one killed in its build or later (`context` says which).
   */
  async checkExactlyOnce(context: string): Promise<void> {
    await this.#checkRaw(context, true);
  }

  /** An uninterrupted sync, then the strict checks: every source record in raw exactly once, nothing left running. */
  async settle(): Promise<void> {
    await this.cycle('sync');
    await this.#checkRaw('settled', true);
    // An erasure a killed forget left is the sync's to finish.
    if (this.#erasedEmail !== undefined) await this.#checkErased('settled');
    for (const id of this.#pendingAbandoned) this.violations.push(`settled: killed run ${id} was never marked abandoned`);
  }

  report(): HarnessReport {
    const byStage = Object.fromEntries(KILL_STAGES.map((s) => [s, 0])) as Record<KillStage, number>;
    for (const o of this.outcomes) if (o.killed && o.killAt) byStage[stageOf(o.killAt)] += 1;
    return {
      cycles: this.outcomes.length,
      kills: this.outcomes.filter((o) => o.killed).length,
      byStage,
      notReached: this.outcomes.filter((o) => o.killAt && !o.killed).map((o) => `${o.command} ${o.killAt}`),
      violations: this.violations,
      totalMs: this.outcomes.reduce((n, o) => n + o.ms, 0),
    };
  }

  async close(): Promise<void> {
    this.#refDir.remove();
    await this.#tw.close();
  }

  #run(command: 'sync' | 'forget', killAt: string | undefined): Promise<CliResult> {
    const args =
      command === 'sync'
        ? ['sync', '--config', this.#config]
        : ['forget', '--config', this.#config, '--email', this.#erasedEmail!, '--yes', '--reason', 'kill harness'];
    return runCli(args, { env: { ...this.#tw.env, TRIBUTARY_TEST_KILL_AT: killAt } });
  }

  /** A new person identifies on the website: the next build has one customer more than the last. */
  #appendEvent(): void {
    const n = ++this.#appended;
    const event = {
      type: 'identify',
      messageId: `kill-harness-${String(n).padStart(6, '0')}`,
      anonymousId: `kill-harness-browser-${n}`,
      userId: null,
      timestamp: new Date(Date.parse('2026-10-30T00:00:00Z') + n * 60_000).toISOString(),
      traits: { email: `kill-harness-${n}@example.org` },
    };
    appendFileSync(join(this.#tw.world.eventsDir, 'events-kill-harness.jsonl'), `${JSON.stringify(event)}\n`);
  }

  /** Someone the sources know by email, for the erasure cycles. */
  async #someone(): Promise<string> {
    const [row] = await withWarehouse(
      join(this.#ws, 'warehouse.duckdb'),
      // Customers already erased are gone from the models: this is the next one each time.
      (wh) => wh.all(`select email from customers where email is not null and len(source_systems) >= 2 and email not like 'kill-harness-%' order by customer_id limit 1`),
      { readOnly: true },
    );
    if (!row) throw new Error('no customer with an email to erase: run the sync cycles first');
    return String(row.email);
  }

  async #check(context: string, command: 'sync' | 'forget', outcome: CycleOutcome): Promise<void> {
    if (existsSync(join(this.#ws, 'warehouse.duckdb'))) await this.#checkRaw(context, false);
    await this.#checkPublished(context, outcome);
    this.#checkRuns(context, command, outcome);
    if (command === 'forget' && !outcome.killed) await this.#checkErased(context);
  }

  /** No duplicate, nothing foreign; `complete`: nothing missing either (less what was erased). */
  async #checkRaw(context: string, complete: boolean): Promise<void> {
    const actual = await rawHashes(join(this.#ws, 'warehouse.duckdb'));
    for (const [table, hashes] of actual) {
      const ref = this.#reference.get(table) ?? new Set<string>();
      const foreign = [...hashes.keys()].filter((h) => !ref.has(h)).length;
      // The harness's own events are the only records the reference extraction cannot know.
      const allowedForeign = table === 'web_events' ? this.#appended : 0;
      if (foreign > allowedForeign) this.violations.push(`${context}: raw.${table} holds ${foreign} records the source never sent (at most ${allowedForeign} expected)`);
      if (complete) {
        const missing = [...ref].filter((h) => !hashes.has(h)).length;
        if (missing > 0 && this.#erasedEmail === undefined) this.violations.push(`${context}: raw.${table} is missing ${missing} source records`);
        if (table === 'web_events' && foreign !== this.#appended) this.violations.push(`${context}: raw.web_events holds ${foreign} of the ${this.#appended} appended events`);
      }
    }
    if (complete) for (const table of this.#reference.keys()) if (!actual.has(table)) this.violations.push(`${context}: raw.${table} is missing`);
  }

  async #checkPublished(context: string, outcome: CycleOutcome): Promise<void> {
    const file = join(this.#ws, 'analytics.duckdb');
    if (!existsSync(file)) {
      if (this.#lastPublished) this.violations.push(`${context}: analytics.duckdb is gone although a version was published`);
      return;
    }
    let published: Fingerprint;
    try {
      published = await fingerprint(file);
    } catch (error) {
      this.violations.push(`${context}: analytics.duckdb does not open: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    const built = await withWarehouse(join(this.#ws, 'warehouse.duckdb'), (wh) => countTables(wh.all.bind(wh), Object.keys(published), 'main'), { readOnly: true }).catch(() => undefined);
    const isPrevious = this.#lastPublished !== undefined && sameCounts(published, this.#lastPublished);
    const isNew = built !== undefined && sameCounts(published, built);
    if (!isPrevious && !isNew) {
      this.violations.push(`${context}: analytics.duckdb is neither the previous version ${JSON.stringify(this.#lastPublished)} nor the one just built ${JSON.stringify(built)}: ${JSON.stringify(published)}`);
    } else if (this.#lastPublished && Object.keys(published).sort().join() !== Object.keys(this.#lastPublished).sort().join()) {
      this.violations.push(`${context}: analytics.duckdb has tables ${Object.keys(published).join(', ')}, the last version ${Object.keys(this.#lastPublished).join(', ')}`);
    }
    if (!outcome.killed && !isNew) this.violations.push(`${context}: an uninterrupted run left analytics.duckdb behind the models it built`);
    this.#lastPublished = published;
  }

  #checkRuns(context: string, command: 'sync' | 'forget', outcome: CycleOutcome): void {
    const file = join(this.#ws, 'tributary.db');
    if (!existsSync(file)) return;
    const db = new Database(file, { readonly: true });
    let runs: { id: string; status: string }[];
    try {
      runs = db.prepare(`select id, status from runs order by started_at`).all() as { id: string; status: string }[];
    } finally {
      db.close();
    }
    const status = new Map(runs.map((r) => [r.id, r.status]));
    // A sync that got past its own start marks every run still `running` abandoned.
    const marked = command === 'sync' && outcome.killAt?.split('#')[0] !== 'cp:run-started';
    if (marked) {
      for (const id of this.#pendingAbandoned) {
        if (status.get(id) !== 'abandoned') this.violations.push(`${context}: killed run ${id} is ${status.get(id)}, not abandoned`);
      }
      this.#pendingAbandoned.clear();
    }
    const running = runs.filter((r) => r.status === 'running' && !this.#pendingAbandoned.has(r.id));
    if (!outcome.killed && marked && running.length > 0) this.violations.push(`${context}: runs still running after an uninterrupted sync: ${running.map((r) => r.id).join(', ')}`);
    if (outcome.killed) {
      if (running.length > 1) this.violations.push(`${context}: ${running.length} new runs left running by one killed process`);
      for (const r of running) this.#pendingAbandoned.add(r.id);
    }
  }

  async #checkErased(context: string): Promise<void> {
    const db = new Database(join(this.#ws, 'tributary.db'), { readonly: true });
    try {
      const open = db.prepare(`select id, step from erasure_requests where step <> 'done'`).all() as { id: string; step: string }[];
      if (open.length > 0) this.violations.push(`${context}: forget exited 0 with erasures not done: ${JSON.stringify(open)}`);
    } finally {
      db.close();
    }
    const needle = this.#erasedEmail!.toLowerCase();
    for (const file of ['warehouse.duckdb', 'analytics.duckdb']) {
      const found = await mentionsOf(join(this.#ws, file), [needle]);
      if (Object.keys(found).length > 0) this.violations.push(`${context}: the erased person is still in ${file}: ${JSON.stringify(found)}`);
    }
  }
}

/** `_record_hash` → occurrences, per raw table; a hash seen twice is reported by the caller as a duplicate. */
async function rawHashes(warehouse: string): Promise<Map<string, Set<string>>> {
  return withWarehouse(
    warehouse,
    async (wh) => {
      const out = new Map<string, Set<string>>();
      const tables = await wh.all(`select table_name from information_schema.tables where table_schema = 'raw' order by table_name`);
      for (const t of tables) {
        const name = String(t.table_name);
        const rows = await wh.all(`select _record_hash as h, count(*) as n from raw."${name.replaceAll('"', '""')}" group by all`);
        const dup = rows.filter((r) => Number(r.n) > 1);
        if (dup.length > 0) throw new Error(`raw.${name}: ${dup.length} records landed more than once`);
        out.set(name, new Set(rows.map((r) => String(r.h))));
      }
      return out;
    },
    { readOnly: true },
  );
}

/** Row count per table of the published file, opened the way an analyst's tool opens it (read-only). */
async function fingerprint(file: string): Promise<Fingerprint> {
  return withWarehouse(
    file,
    async (wh) => {
      const tables = (await wh.all(`select table_name from information_schema.tables where table_schema = 'main' order by table_name`)).map((r) => String(r.table_name));
      if (tables.length === 0) throw new Error('no tables');
      return countTables(wh.all.bind(wh), tables, 'main');
    },
    { readOnly: true },
  );
}

async function countTables(all: (sql: string) => Promise<readonly Record<string, unknown>[]>, tables: readonly string[], schema: string): Promise<Fingerprint> {
  const out: Fingerprint = {};
  for (const t of tables) {
    const [row] = await all(`select count(*) as n from "${schema}"."${t.replaceAll('"', '""')}"`);
    out[t] = Number(row?.n ?? 0);
  }
  return out;
}

function sameCounts(a: Fingerprint, b: Fingerprint): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
}
