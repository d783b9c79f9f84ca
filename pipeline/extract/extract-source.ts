/**
 * Extract stage: drives each stream of one source through `read()` and hands every
 * batch to the landing, which commits it with its cursor. Records that fail the
 * stream's schema are quarantined (kept, counted, never landed). A stream that fails
 * keeps everything it committed; the next run resumes from its last checkpoint. One
 * failing stream does not stop the others.
 */
import type { Batch, JsonRecord, ReadContext, Stream } from '../../connectors/sdk/index.js';
import { TributaryError, killPoint, type Logger, type SecretRedactor } from '../../core/index.js';
import { createHttpClient, type HttpClient } from '../../connectors/sdk/index.js';
import { isIdentifierKind, type IdentifierKind, type SuppressionSet } from '../../governance/erasure/identifiers.js';
import type { ResolvedSource } from '../config/load-config.js';
import type { StreamRunRecord } from '../control-plane/control-plane.js';
import { missingPrimaryKey } from '../land/primary-key.js';
import { RawTable } from '../land/raw-table.js';
import { readState } from '../land/stream-state.js';
import type { Warehouse } from '../warehouse/warehouse.js';
import { BatchGrouper } from './batch-grouper.js';
import { withStreamRetries, type StreamRetryPolicy } from './stream-retry.js';

/** What one stream did in a run: the control plane's record plus what the CLI shows. */
export interface StreamResult extends StreamRunRecord {
  /** The raw table it landed in (`raw.hubspot_contacts`). */
  readonly table: string;
  readonly hint?: string;
  /** Times the stream was read in this run (sync.stream_retries); 1 unless a passing failure was retried. */
  readonly attempts?: number;
}

export interface ExtractProgress {
  readonly sourceId: string;
  readonly stream: string;
  readonly rowsRead: number;
  readonly batches: number;
  /** Since the stream started reading (its rate is rowsRead over this). */
  readonly elapsedMs: number;
}

export interface ExtractOptions {
  readonly wh: Warehouse;
  readonly source: ResolvedSource;
  readonly runId: string;
  readonly batchSize: number;
  readonly log: Logger;
  readonly redactor: SecretRedactor;
  readonly signal: AbortSignal;
  readonly onProgress?: (p: ExtractProgress) => void;
  /** Identifiers of erased people (`tributary forget`): records carrying one are dropped before landing. */
  readonly suppressions?: SuppressionSet;
  /** For tests: override retry timing. */
  readonly retry?: { baseDelayMs?: number; maxAttempts?: number };
  /** `sync.request_timeout_ms`: every request's total deadline, unless the source sets its own. */
  readonly requestTimeoutMs?: number;
  /** `sync.stream_retries`: a stream failed for a passing reason is read again (default: once only). */
  readonly streamRetry?: StreamRetryPolicy;
}

const NO_STREAM_RETRY: StreamRetryPolicy = { maxAttempts: 1, delayMs: 0 };

export async function extractSource(options: ExtractOptions): Promise<StreamResult[]> {
  const { source, log } = options;
  const profile = source.connector.http?.(source.config) ?? { baseURL: 'http://127.0.0.1' };
  // The source's own setting, then the run's, then the connector's default.
  const timeoutMs = source.requestTimeoutMs ?? options.requestTimeoutMs ?? profile.timeoutMs;
  const http = createHttpClient({
    source: source.id,
    profile: { ...profile, ...(timeoutMs === undefined ? {} : { timeoutMs }) },
    ...(source.connector.classify ? { classify: source.connector.classify } : {}),
    ...(source.connector.describe ? { describe: source.connector.describe } : {}),
    ...(options.retry ? { retry: options.retry } : {}),
    redactor: options.redactor,
    log: log.child({ source: source.id }),
    signal: options.signal,
  });
  const results: StreamResult[] = [];
  let sourceDown: StreamResult | undefined;
  try {
    for (const stream of source.streams) {
      const result = sourceDown
        ? await skipStream(options, stream, sourceDown)
        : await withStreamRetries(() => extractStream(options, stream, http), options.streamRetry ?? NO_STREAM_RETRY, {
            signal: options.signal,
            log: log.child({ source: source.id, stream: stream.name }),
          });
      if (!sourceDown && result.errorCode !== undefined && SOURCE_WIDE_FAILURES.has(result.errorCode)) sourceDown = result;
      results.push(result);
    }
  } finally {
    // Every socket of the source closes with its run: a server holding one open cannot keep the process alive.
    http.close();
  }
  return results;
}

/**
 * Failures that are the source's, not the stream's: rejected credentials, a spent quota,
 * an address where nothing answers. Every later stream of the source would fail the same
 * way (each after its own retries), so they are skipped at once and say why.
 */
const SOURCE_WIDE_FAILURES = new Set(['auth_failed', 'quota_exhausted', 'source_unreachable']);

/** A stream not read because an earlier stream of its source hit a source-wide failure. */
async function skipStream(options: ExtractOptions, stream: Stream<any>, cause: StreamResult): Promise<StreamResult> {
  const { source } = options;
  // Opened all the same: the table (with its declared columns) is what the models read.
  const table = await RawTable.open(
    options.wh,
    { sourceId: source.id, connectorType: source.type, tablePrefix: source.connector.tablePrefix, stream },
    options.log.child({ source: source.id, stream: stream.name }),
  );
  const now = new Date();
  return {
    sourceId: source.id,
    stream: stream.name,
    table: table.qualifiedName,
    status: 'skipped',
    rowsRead: 0,
    rowsInserted: 0,
    rowsUnchanged: 0,
    rowsDeleted: 0,
    rowsQuarantined: 0,
    batches: 0,
    requests: 0,
    retries: 0,
    rateLimited: 0,
    durationMs: 0,
    startedAt: now,
    finishedAt: now,
    error: `not read: ${source.id}.${cause.stream} failed with ${cause.errorCode}, which every stream of ${source.id} would meet`,
    errorCode: cause.errorCode!,
    ...(cause.hint ? { hint: cause.hint } : {}),
  };
}

async function extractStream(options: ExtractOptions, stream: Stream<any>, http: HttpClient): Promise<StreamResult> {
  const { wh, source, runId, log } = options;
  const slog = log.child({ source: source.id, stream: stream.name });
  const startedAt = new Date();
  const before = { ...http.stats };
  let rowsRead = 0;
  let rowsInserted = 0;
  let rowsUnchanged = 0;
  let rowsDeleted = 0;
  let rowsQuarantined = 0;
  let batches = 0;
  const table = await RawTable.open(
    wh,
    { sourceId: source.id, connectorType: source.type, tablePrefix: source.connector.tablePrefix, stream },
    slog,
  );
  const finish = (status: 'success' | 'failed', error?: unknown): StreamResult => {
    const finishedAt = new Date();
    const e = error === undefined ? undefined : describeError(error, options.redactor);
    return {
      sourceId: source.id,
      stream: stream.name,
      table: table.qualifiedName,
      status,
      rowsRead,
      rowsInserted,
      rowsUnchanged,
      rowsDeleted,
      rowsQuarantined,
      batches,
      requests: http.stats.requests - before.requests,
      retries: http.stats.retries - before.retries,
      rateLimited: http.stats.rateLimited - before.rateLimited,
      durationMs: finishedAt.getTime() - startedAt.getTime(),
      startedAt,
      finishedAt,
      ...(e ?? {}),
    };
  };
  try {
    const state = await readState(wh, source.id, stream.name);
    slog.info('stream started', { table: table.qualifiedName, resumeFrom: state ?? null });
    const ctx: ReadContext<unknown> = {
      config: source.config,
      http,
      log: slog,
      signal: options.signal,
      batchSize: options.batchSize,
    };
    const isSuppressed = suppressionCheck(stream, options.suppressions);
    const commit = async (group: Batch) => {
      const checked = validate(stream, group);
      const valid = isSuppressed ? checked.valid.filter((r) => !isSuppressed(r)) : checked.valid;
      const quarantine = checked.quarantine;
      if (valid.length < checked.valid.length) slog.info('records of erased people dropped', { count: checked.valid.length - valid.length });
      const landed = await table.land({ ...group, records: valid }, { runId, extractedAt: new Date(), quarantine });
      batches++;
      rowsRead += group.records.length + (group.deleted?.length ?? 0);
      rowsInserted += landed.inserted;
      rowsUnchanged += landed.unchanged;
      rowsDeleted += landed.deleted;
      rowsQuarantined += landed.quarantined;
      if (landed.quarantined > 0) slog.warn('records quarantined', { count: landed.quarantined, batch: landed.batchId });
      slog.debug('batch landed', { batch: landed.batchId, records: group.records.length, inserted: landed.inserted });
      options.onProgress?.({ sourceId: source.id, stream: stream.name, rowsRead, batches, elapsedMs: Date.now() - startedAt.getTime() });
    };
    const grouper = new BatchGrouper(options.batchSize, GROUP_MAX_AGE_MS);
    try {
      for await (const batch of stream.read(state, ctx)) {
        killPoint('extract:page');
        const ready = grouper.add(batch);
        if (ready) await commit(ready);
      }
    } catch (error) {
      // What the stream yielded before it failed is whole batches with their own state
      // (the files connector's good files before it reports a malformed one): keep them.
      const held = grouper.flush();
      if (held && !options.signal.aborted) await commit(held);
      throw error;
    }
    const rest = grouper.flush();
    if (rest) await commit(rest);
    slog.info('stream done', { rowsRead, rowsInserted, rowsUnchanged, batches });
    return finish('success');
  } catch (error) {
    slog.error('stream failed', { error: options.redactor.scrub(error instanceof Error ? error.message : String(error)), rowsRead, batches });
    return finish('failed', error);
  }
}

/** A group waiting this long is committed even if small: slow APIs still make progress durable. */
const GROUP_MAX_AGE_MS = 5_000;

/**
 * A test for records of erased people, from the stream's identifier fields (its email,
 * phone, browser-id and person-id PII tags); undefined when nothing is suppressed.
 */
function suppressionCheck(stream: Stream<any>, suppressions: SuppressionSet | undefined): ((record: JsonRecord) => boolean) | undefined {
  if (!suppressions || suppressions.size === 0) return undefined;
  const fields = Object.entries(stream.pii).flatMap(([path, tag]) => (isIdentifierKind(tag) ? [{ path: path.split('.'), kind: tag as IdentifierKind }] : []));
  if (fields.length === 0) return undefined;
  return (record) =>
    fields.some(({ path, kind }) => {
      let value: unknown = record;
      for (const key of path) value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
      return typeof value === 'string' && suppressions.matches(kind, value);
    });
}

function validate(stream: Stream<any>, batch: Batch): { valid: JsonRecord[]; quarantine: { record: JsonRecord; error: string }[] } {
  const valid: JsonRecord[] = [];
  const quarantine: { record: JsonRecord; error: string }[] = [];
  for (const record of batch.records) {
    // The key first: "primary key id is null" says more than the schema's type error on it.
    const keyless = missingPrimaryKey(record, stream.primaryKey);
    if (keyless !== undefined) {
      quarantine.push({ record, error: keyless });
      continue;
    }
    const result = stream.schema.safeParse(record);
    if (result.success) valid.push(record);
    else {
      const first = result.error.issues[0];
      quarantine.push({ record, error: first ? `${first.path.join('.') || '(record)'}: ${first.message}` : 'invalid record' });
    }
  }
  return { valid, quarantine };
}

function describeError(error: unknown, redactor: SecretRedactor): { error: string; errorCode: string; hint?: string } {
  if (error instanceof TributaryError) {
    return { error: redactor.scrub(error.message), errorCode: error.code, ...(error.hint ? { hint: error.hint } : {}) };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { error: redactor.scrub(message), errorCode: 'internal_error' };
}
