/**
 * One sync run, the thing the nightly job executes:
 *
 *   extract (each source → raw, batch + cursor per transaction)
 *   → build (models in dependency order, then their schema.yml data tests)
 *   → govern (column lineage + PII tags, recorded in the control plane)
 *   → publish (masked analytics.duckdb, atomic rename)
 *   → record (run, streams, models in the control plane)
 *
 * Stages are separate modules returning typed results (dlt's extract/normalize/load
 * split); this file only wires them and decides the run's status:
 * `success`, `partial` (some streams failed, everything else done — exit 1 so cron
 * notices) or `failed`. Once a run has started, `sync()` resolves with its result
 * (failed or not) — it only throws for problems before the run exists (bad usage).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pLimit from 'p-limit';
import { ConfigError, TributaryError, killPoint, silentLogger, type Logger } from '../core/index.js';
import type { TributaryConfig } from './config/load-config.js';
import { SuppressionSet } from '../governance/erasure/identifiers.js';
import { ControlPlane, currentActor, newRunId } from './control-plane/control-plane.js';
import { extractSource, type ExtractProgress, type StreamResult } from './extract/extract-source.js';
import { buildModels, identityVars, type BuildResult } from './transform/build-models.js';
import { applyRetention, deletedRows } from './retention/apply-retention.js';
import { describeTest, testModels, type DataTestStageResult } from './transform/data-tests.js';
import { governStage, type GovernStageResult } from './govern/govern-stage.js';
import { ensureAnalyticsDir } from './publish/analytics-dir.js';
import { publish, type PublishResult } from './publish/publish.js';
import { workspacePseudonymKey } from './publish/pseudonym-key.js';
import { removeStaleStageFiles } from './land/ndjson-stage.js';
import { compactPending, deletePendingRows, markRepublished } from './erasure/pending.js';
import { resolveLeftoverCompaction, type Compaction } from './warehouse/compact.js';
import { acquireRunLock } from './warehouse/run-lock.js';
import { waitForRunLock, type LockWait } from './warehouse/wait-for-lock.js';
import { alertRun } from './alerts/deliver.js';
import { Warehouse } from './warehouse/warehouse.js';
import { importLake } from './workers/lake-import.js';
import { SyncLineage } from './openlineage/sync-lineage.js';
import { checkRolePolicies, describeLineage, roleMasking } from './publish/roles.js';

export type RunStatus = 'success' | 'partial' | 'failed';

/** Sources extracted at once. Each has its own rate budget; DuckDB takes their batches in turn. */
const SOURCE_CONCURRENCY = 4;

export interface SyncResult {
  readonly runId: string;
  readonly status: RunStatus;
  readonly streams: readonly StreamResult[];
  readonly build?: BuildResult;
  readonly tests?: DataTestStageResult;
  readonly governance?: GovernStageResult;
  readonly publish?: PublishResult;
  readonly durationMs: number;
  readonly error?: string;
  readonly hint?: string;
  /** Erasure requests this run finished (a forget's own, or one a killed run left), and the compaction that ended them. */
  readonly erasures?: { readonly finished: readonly string[]; readonly compaction: Compaction };
}

export type SyncEvent =
  | { kind: 'stage'; stage: 'extract' | 'build' | 'test' | 'govern' | 'publish'; detail?: string }
  /** A stream landed a batch; `expectedRows` is what it read in its last successful run (an estimate for an ETA). */
  | ({ kind: 'progress'; expectedRows?: number } & ExtractProgress)
  /** A model started or finished building (`done` of `total` finished so far). */
  | { kind: 'model'; name: string; done: number; total: number }
  | { kind: 'stream_done'; result: StreamResult }
  /** One line saying what a stage did. */
  | { kind: 'stage_done'; stage: 'build' | 'test' | 'govern' | 'publish'; summary: string }
  /** Something a person should know that is no stage's result (an interrupted erasure finished). */
  | { kind: 'note'; message: string };

export interface SyncOptions {
  readonly config: TributaryConfig;
  /** Where the run logs (default: nowhere); the CLI writes `<workspace>/logs/tributary.log`. */
  readonly log?: Logger;
  readonly signal?: AbortSignal;
  readonly onEvent?: (event: SyncEvent) => void;
  /** Called once the run holds the lock and is recorded (the scheduler logs each start with its id). */
  readonly onStart?: (runId: string) => void;
  /** Only these source ids (default: all enabled). */
  readonly sources?: readonly string[];
  /** Skip building, governing and publishing (extract only). */
  readonly extractOnly?: boolean;
  /**
   * Read no source: import what `tributary worker` processes landed (each stream's Parquet
   * lake under raw/, lake-import.ts), then build, test, govern and publish as usual.
   */
  readonly buildOnly?: boolean;
  /** Read no source: rebuild every model from scratch, test, govern and publish from what the warehouse holds (after an erasure). */
  readonly rebuildOnly?: boolean;
  /** Rebuild every model, incremental ones from scratch (by default a sync builds only what its landed batches changed and what depends on it). */
  readonly fullRefresh?: boolean;
  /** The caller already holds the warehouse's run lock (`forget`, which syncs in the middle of its work). */
  readonly runLockHeld?: boolean;
  /** While another run holds the lock, wait for it (`sync --wait`) instead of failing at once. */
  readonly waitForLock?: LockWait;
  /** For tests: retry timing. */
  readonly retry?: { baseDelayMs?: number; maxAttempts?: number };
  readonly command?: string;
}

/**
 * One run: extract every enabled source into raw tables (a batch and its cursor in one
 * transaction), build the models, run their data tests, govern (lineage, PII tags) and
 * publish the masked analytics database. Holds the warehouse's run lock throughout.
 * Resolves with the run's result (status `failed` included); throws only for bad
 * input (an unknown source id, a lock another run holds).
 *
 * @example
 * ```ts
 * import { loadConfig, sync } from 'tributary';
 * const result = await sync({ config: loadConfig('tributary.yml') });
 * if (result.status !== 'success') console.error(result.error);
 * ```
 */
export async function sync(options: SyncOptions): Promise<SyncResult> {
  const { config } = options;
  const log = options.log ?? silentLogger();
  const signal = options.signal ?? new AbortController().signal;
  const emit = options.onEvent ?? (() => {});
  const unknown = (options.sources ?? []).filter((id) => !config.sources.some((s) => s.id === id));
  if (unknown.length > 0) {
    throw new TributaryError('unknown_source', `unknown source ${unknown.join(', ')} (configured: ${config.sources.map((s) => s.id).join(', ')})`);
  }
  const sources = config.sources.filter((s) => s.enabled && (!options.sources || options.sources.includes(s.id)));

  // Checked before anything is read: a publish folder that cannot exist would fail the run only after the whole build.
  if (options.buildOnly && options.extractOnly) {
    throw new ConfigError('a sync cannot be both --build-only (read no source) and --extract-only (build nothing)', { hint: 'drop one of them' });
  }
  if (!options.extractOnly) ensureAnalyticsDir(config.analyticsPath);

  // One run per warehouse at a time (it throws before any run exists when another holds it).
  // The run's id is chosen first so that the lock names it to whoever it keeps out.
  const runId = newRunId();
  const command = options.command ?? 'sync';
  const lock = options.runLockHeld
    ? undefined
    : options.waitForLock
      ? await waitForRunLock(config.warehousePath, command, runId, { ...options.waitForLock, signal: options.waitForLock.signal ?? signal })
      : acquireRunLock(config.warehousePath, command, runId);
  // The run's duration starts once it holds the lock: time spent waiting for it is not the run's.
  const started = Date.now();
  let cp: ControlPlane | undefined;
  let run: Awaited<ReturnType<ControlPlane['startRun']>>;
  try {
    cp = await ControlPlane.open(config.controlPlanePath);
    // A shared (PostgreSQL) control plane has its own run lock, across machines.
    if (!options.runLockHeld) await cp.takeRunLock(command);
    run = await cp.startRun({ command, configPath: config.file, actor: currentActor(), id: runId });
    await cp.nameRunLock(run.id);
  } catch (error) {
    await cp?.close();
    lock?.release();
    throw error;
  }
  options.onStart?.(run.id);
  const rlog = log.child({ run: run.id });
  await auditConfigChange(cp, config.file).catch((error: unknown) => rlog.warn('could not compare the config with the last one audited', { error: String(error) }));
  const feed = SyncLineage.create(config, rlog, options.command ?? 'sync');
  let buildFinishedAt: Date | undefined;
  let publishStartedAt: Date | undefined;
  const streams: StreamResult[] = [];
  let build: BuildResult | undefined;
  let tests: DataTestStageResult | undefined;
  let governance: GovernStageResult | undefined;
  let published: PublishResult | undefined;
  let wh: Warehouse | undefined;
  let erasures: SyncResult['erasures'];
  try {
    // A compaction a killed run began: finish its swap or throw the copy away, before
    // anything opens the file it would replace.
    const leftover = await resolveLeftoverCompaction(config.warehousePath);
    if (leftover !== 'none') rlog.warn('a killed run left a compaction of the warehouse behind', { outcome: leftover });
    wh = await Warehouse.open(config.warehousePath);
    // We hold the write lock and nothing is landing yet: a killed run's stage files can go.
    const stale = await removeStaleStageFiles(config.warehousePath);
    if (stale > 0) rlog.warn('removed stage files a killed run left behind', { count: stale });
    // We hold the warehouse lock, so any run still marked running died without finishing.
    const abandoned = await cp.markAbandoned(run.id);
    if (abandoned > 0) rlog.warn('earlier runs ended without finishing; marked abandoned', { count: abandoned });
    // Before extracting: a missing or changed key must not cost a night's extraction to find out.
    const pseudonymKey = options.extractOnly ? undefined : await workspacePseudonymKey({ config, wh, log: rlog });
    // Erasures a killed forget recorded but did not carry out: their rows go before
    // anything is extracted or built, so this run cannot republish the person.
    // Rows deleted from raw are gone from no incremental model until it is rebuilt from scratch.
    let fullRefresh = (options.fullRefresh ?? false) || (options.rebuildOnly ?? false);
    for (const done of await deletePendingRows(wh, cp, config.modelsDir, rlog)) {
      fullRefresh = true;
      const rows = done.counts.tables.reduce((n, t) => n + t.rows, 0);
      emit({ kind: 'note', message: `finished the raw step of the interrupted erasure ${done.id}: ${rows} raw rows erased` });
    }
    const extracted = options.rebuildOnly || options.buildOnly ? [] : sources;
    // Identifiers of erased people (`tributary forget`): their records are dropped before landing.
    const suppressions = new SuppressionSet(extracted.length > 0 ? await cp.suppressions() : []);
    if (extracted.length > 0) emit({ kind: 'stage', stage: 'extract', detail: `${sources.length} source${sources.length === 1 ? '' : 's'}` });
    const expectedRows = extracted.length > 0 ? await cp.lastStreamRowCounts() : new Map<string, number>();
    // Sources are independent: extract them side by side, each on its own warehouse
    // connection (its own transactions), so one slow API does not hold up the others.
    const limit = pLimit(SOURCE_CONCURRENCY);
    const openWh = wh;
    await Promise.all(
      extracted.map((source) =>
        limit(async () => {
          if (signal.aborted) return;
          const conn = await openWh.fork();
          try {
            const results = await extractSource({
              wh: conn,
              source,
              runId: run.id,
              batchSize: config.batchSize,
              log: rlog,
              redactor: config.redactor,
              signal,
              onProgress: (p) => {
                const expected = expectedRows.get(`${p.sourceId}.${p.stream}`);
                emit({ kind: 'progress', ...p, ...(expected === undefined ? {} : { expectedRows: expected }) });
              },
              suppressions,
              retry: options.retry ?? config.retry,
              streamRetry: config.streamRetry,
              ...(config.requestTimeoutMs === undefined ? {} : { requestTimeoutMs: config.requestTimeoutMs }),
            });
            for (const r of results) {
              streams.push(r);
              emit({ kind: 'stream_done', result: r });
              await cp.recordStream(run.id, r);
            }
          } finally {
            conn.close();
          }
        }),
      ),
    );
    if (options.buildOnly) {
      for (const i of await importLake({ wh, sources, workspaceDir: config.dir, log: rlog })) {
        emit({ kind: 'note', message: `lake: ${i.rows} new row${i.rows === 1 ? '' : 's'} of ${i.sourceId}.${i.stream} into ${i.table} (${i.parts} part${i.parts === 1 ? '' : 's'})` });
      }
    }
    await feed?.streams(wh, streams);
    if (signal.aborted) throw new TributaryError('aborted', 'sync interrupted; committed batches are kept and the next run resumes');

    if (!options.extractOnly) {
      // After extraction, so a record this run read again is fresh; not in an extract-only
      // run, whose models would keep the deleted rows until some later full rebuild.
      for (const r of await applyRetention(wh, config.sources)) {
        const rows = deletedRows(r);
        if (rows === 0) continue;
        fullRefresh = true;
        await cp.audit({ actor: currentActor(), action: 'retention', target: r.source, details: { runId: run.id, ...r } });
        rlog.info('retention deleted raw rows', { source: r.source, rows, cutoff: r.cutoff });
        emit({ kind: 'note', message: `retention: deleted ${rows} raw row${rows === 1 ? '' : 's'} of ${r.source} not seen for ${r.retentionDays} days; rebuilding every model` });
      }
      emit({ kind: 'stage', stage: 'build' });
      build = await buildModels({
        wh,
        modelsDir: config.modelsDir,
        workspaceDir: config.dir,
        log: rlog,
        fullRefresh,
        vars: identityVars(config.identity),
        onModel: (e) => emit({ kind: 'model', name: e.kind === 'start' ? e.name : e.result.name, done: e.kind === 'start' ? e.index - 1 : e.index, total: e.total }),
      });
      buildFinishedAt = new Date();
      await cp.recordModels(run.id, build.models);
      killPoint('sync:built');
      emit({
        kind: 'stage_done',
        stage: 'build',
        summary: buildSummary(build),
      });
      if (build.failed.length > 0) {
        throw new TributaryError('build_failed', `models failed: ${build.failed.map((f) => `${f.name} (${f.error})`).join('; ')}`);
      }
      emit({ kind: 'stage', stage: 'test' });
      tests = await testModels({ wh, manifest: build.manifest, log: rlog });
      emit({
        kind: 'stage_done',
        stage: 'test',
        summary:
          `${tests.passed} of ${tests.results.length} data tests passed` +
          (tests.warned.length ? `; warnings: ${tests.warned.map(describeTest).join(', ')}` : '') +
          (tests.failed.length ? `; FAILED: ${tests.failed.map(describeTest).join(', ')}` : ''),
      });
      if (tests.failed.length > 0) {
        throw new TributaryError('data_tests_failed', `data tests failed: ${tests.failed.map(describeTest).join('; ')}`, {
          hint: 'nothing was published: analysts keep the previous analytics.duckdb. Each test\'s query is in logs/tributary.log; run it with `tributary query --warehouse` to see the rows',
        });
      }
      emit({ kind: 'stage', stage: 'govern' });
      governance = await governStage({ wh, build, cp, runId: run.id, log: rlog });
      emit({
        kind: 'stage_done',
        stage: 'govern',
        summary: `${governance.edges} lineage edges, ${governance.taggedColumns} columns with PII tags${governance.ungoverned.length ? `, ${governance.ungoverned.length} UNGOVERNED` : ''}`,
      });
      await feed?.models(wh, build, governance, buildFinishedAt);
      // Every role's policies are checked before any file is written: fail closed, all or nothing.
      const edges = governance.governance.snapshot.edges;
      checkRolePolicies(config.roles, governance.publishTables, (table, column) => describeLineage(edges, `main.${table}.${column}`));
      emit({ kind: 'stage', stage: 'publish' });
      publishStartedAt = new Date();
      await wh.checkpoint();
      published = await publish({
        wh,
        analyticsPath: config.analyticsPath,
        tables: governance.publishTables,
        masking: config.masking,
        pseudonymKey: pseudonymKey!,
        ungoverned: governance.ungoverned,
      });
      for (const role of config.roles) {
        await publish({
          wh,
          analyticsPath: role.path,
          tables: governance.publishTables,
          masking: roleMasking(role),
          pseudonymKey: pseudonymKey!,
          ungoverned: governance.ungoverned,
        });
      }
      await feed?.publish(wh, governance.publishTables, config.masking, publishStartedAt);
      const masked = published.tables.reduce((n, t) => n + t.masked.length, 0);
      const scrubbed = published.tables.flatMap((t) => t.scrubbed.map((c) => `${t.name}.${c.column} (${c.values})`));
      if (scrubbed.length > 0) rlog.warn('emails or phone numbers inside untagged text were replaced by markers', { columns: scrubbed });
      emit({
        kind: 'stage_done',
        stage: 'publish',
        summary:
          `${published.tables.length} tables (${masked} columns masked) -> ${config.analyticsPath}` +
          (scrubbed.length ? `; emails/phones inside text redacted in ${scrubbed.join(', ')}` : ''),
      });
      killPoint('sync:published');
      // Built and published from raw data without them: the erasures' last step is the file.
      await markRepublished(cp);
      wh.close();
      wh = undefined;
      const compacted = await compactPending(config.warehousePath, cp, currentActor());
      if (compacted) {
        erasures = compacted;
        const mb = (n: number) => (n / 1e6).toFixed(1);
        emit({ kind: 'note', message: `compacted ${config.warehousePath} (${mb(compacted.compaction.bytesBefore)} MB -> ${mb(compacted.compaction.bytesAfter)} MB): erasure ${compacted.finished.join(', ')} done` });
      }
    }
    const failedStreams = streams.filter((s) => s.status !== 'success');
    const status = runStatus(streams);
    const error = failedStreams.length > 0 ? runError(failedStreams) : undefined;
    const result: SyncResult = { runId: run.id, status, streams, durationMs: Date.now() - started, ...defined({ build, tests, governance, publish: published, error, erasures }) };
    await cp.finishRun(run.id, { status, error, summary: summarize(result) });
    await cp.audit({ actor: currentActor(), action: options.command ?? 'sync', target: config.file, details: { runId: run.id, status } });
    await announce(config, result, rlog, emit);
    return result;
  } catch (error) {
    const message = config.redactor.scrub(error instanceof Error ? error.message : String(error));
    // What ran before the failure still reports: models (without column lineage if the
    // governance pass did not get to run), and a publish that failed.
    if (feed && build && buildFinishedAt) await feed.models(wh, build, governance, buildFinishedAt).catch(() => {});
    if (feed && wh && governance && publishStartedAt && !published) await feed.publish(wh, governance.publishTables, config.masking, publishStartedAt, message).catch(() => {});
    const result: SyncResult = {
      runId: run.id,
      status: 'failed',
      streams,
      durationMs: Date.now() - started,
      error: message,
      ...defined({ build, tests, governance, publish: published, erasures, hint: error instanceof TributaryError ? error.hint : undefined }),
    };
    await cp.finishRun(run.id, { status: 'failed', error: message, summary: summarize(result) });
    await cp.audit({ actor: currentActor(), action: options.command ?? 'sync', target: config.file, details: { runId: run.id, status: 'failed', error: message } });
    rlog.error('run failed', { error: message });
    await announce(config, result, rlog, emit);
    return result;
  } finally {
    wh?.close();
    await cp.close();
    lock?.release();
  }
}

/** `1 seed loaded; 4 of 4 models built in 1.1 s (30 unchanged)` (no seed part for a project without seeds). */
function buildSummary(build: BuildResult): string {
  const seeds = build.seeds.filter((s) => s.status === 'success').length;
  const seedPart = build.seeds.length === 0 ? '' : `${seeds === build.seeds.length ? seeds : `${seeds} of ${build.seeds.length}`} seed${build.seeds.length === 1 ? '' : 's'} loaded; `;
  const unchanged = build.unchanged.length === 0 ? '' : ` (${build.unchanged.length} unchanged)`;
  return `${seedPart}${build.models.filter((m) => m.status === 'success').length} of ${build.models.length} models built in ${(build.durationMs / 1000).toFixed(1)} s${unchanged}`;
}

/** `alerts:` of tributary.yml for a failed or partial run; what was delivered or not is a note, never the run's failure. */
async function announce(config: TributaryConfig, result: SyncResult, log: Logger, emit: (e: SyncEvent) => void): Promise<void> {
  for (const d of await alertRun({ alerts: config.alerts, result, configFile: config.file, redactor: config.redactor, log })) {
    emit({ kind: 'note', message: d.ok ? `alert sent (${d.target})` : `alert NOT delivered (${d.target}) after ${d.attempts} attempts: ${d.error}` });
  }
}

/**
 * A changed tributary.yml is an audited event: its sha256 is compared with the one the
 * last `config_change` recorded (the first run records the first version). Only the
 * fingerprint is stored — the file may name secrets' variables, never their values, but
 * it is not the audit log's to keep.
 */
async function auditConfigChange(cp: ControlPlane, file: string): Promise<void> {
  const sha256 = createHash('sha256').update(readFileSync(file)).digest('hex');
  const last = await cp.lastAudit('config_change');
  const previous = last?.details ? (JSON.parse(last.details) as { sha256?: string }).sha256 : undefined;
  if (previous === sha256) return;
  await cp.audit({ actor: currentActor(), action: 'config_change', target: file, details: { sha256, ...(previous ? { previous } : {}) } });
}

/**
 * The run's error in one line a person can read: per source, its first failure, and how
 * many of its other streams did not sync (a source that is down fails all of them, and
 * eleven copies of the same message help nobody).
 */
/**
 * success: every stream synced; failed: every stream failed; partial: anything between —
 * and a source that stopped for its quota, which is a deliberate, clean stop that the next
 * run resumes from, not a breakage (it still exits 1: the data is not all there).
 */
function runStatus(streams: readonly StreamResult[]): RunStatus {
  const failed = streams.filter((s) => s.status !== 'success');
  if (failed.length === 0) return 'success';
  const stoppedForQuota = failed.some((s) => s.errorCode === 'quota_exhausted');
  return failed.length === streams.length && !stoppedForQuota ? 'failed' : 'partial';
}

function runError(failed: readonly StreamResult[]): string {
  const bySource = new Map<string, StreamResult[]>();
  for (const s of failed) bySource.set(s.sourceId, [...(bySource.get(s.sourceId) ?? []), s]);
  return [...bySource.values()]
    .map(([first, ...rest]) => `${first!.sourceId}.${first!.stream}: ${first!.error}${rest.length ? ` (${rest.length} more ${first!.sourceId} stream${rest.length > 1 ? 's' : ''} did not sync: ${rest.map((s) => s.stream).join(', ')})` : ''}`)
    .join('; ');
}

function summarize(r: SyncResult) {
  return {
    streams: r.streams.map((s) => ({ source: s.sourceId, stream: s.stream, status: s.status, read: s.rowsRead, inserted: s.rowsInserted })),
    models: r.build?.models.length ?? 0,
    tests: r.tests ? { passed: r.tests.passed, warned: r.tests.warned.map((t) => t.id), failed: r.tests.failed.map((t) => t.id) } : null,
    published: r.publish?.tables.map((t) => ({ table: t.name, rows: t.rows })) ?? [],
    erasuresFinished: r.erasures?.finished ?? [],
  };
}

function defined<T extends Record<string, unknown>>(obj: T): Partial<T> {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined)) as Partial<T>;
}
