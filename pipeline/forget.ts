/**
 * The erasure task (GDPR Art. 17), beside `sync`: erase a person from every raw table —
 * and so from every model and the published analytics database, which are rebuilt
 * from what is left — and suppress their identifiers so later syncs drop them at the
 * door. The CLI's `forget` command parses options, calls this and prints.
 *
 * Steps, all under the warehouse's run lock (no sync may slip in between them):
 *
 * 1. finish the raw step of any erasure a killed run left recorded (erasure/pending.ts);
 * 2. plan: resolve the person through the identity graph (identifiers in memory only);
 * 3. scrub the audit log of everything that names them, and vacuum it;
 * 4. record the request — suppression keys (sha256), customer ids, audit event — in one
 *    control-plane transaction. From here on the erasure finishes even if this process
 *    dies: the next forget or sync carries out what is left from the stored keys;
 * 5. delete their raw rows by those keys;
 * 6. rebuild and republish, then rewrite the warehouse file (DuckDB leaves deleted
 *    bytes in freed blocks) — `sync` does both, for every request waiting for them.
 *
 * Killed before step 4, nothing is deleted yet and the same command starts over; at or
 * after it, the same command (or any sync) finishes. A person already erased: nothing
 * left to do, and it says so. The audit log records customer ids, row counts and key
 * counts — never the identifiers.
 *
 * @example
 * ```ts
 * import { loadConfig, forget } from 'tributary';
 * const result = await forget({ config: loadConfig('tributary.yml'), request: { emails: ['alice@example.com'] } });
 * console.log(result.customers, result.tables);
 * ```
 */
import { randomUUID } from 'node:crypto';
import { ConfigError, killPoint, silentLogger, type Logger } from '../core/index.js';
import { auditScrubber } from '../governance/erasure/audit-scrub.js';
import { executeErasure, planErasure, type ErasureCounts, type ErasurePlan, type ErasureRequest } from '../governance/erasure/forget.js';
import { normalizeEmail } from '../governance/erasure/identifiers.js';
import type { TributaryConfig } from './config/load-config.js';
import { ControlPlane, currentActor } from './control-plane/control-plane.js';
import { compactPending, deletePendingRows, erasureScope } from './erasure/pending.js';
import { sync, type SyncEvent, type SyncResult } from './sync.js';
import type { Compaction } from './warehouse/compact.js';
import { resolveLeftoverCompaction } from './warehouse/compact.js';
import { acquireRunLock } from './warehouse/run-lock.js';
import { withWarehouse } from './warehouse/warehouse.js';

export type { ErasureRequest } from '../governance/erasure/forget.js';

export interface ForgetOptions {
  readonly config: TributaryConfig;
  /** Who to erase: any of emails, phones (with `country` for national formats), customer ids. */
  readonly request: ErasureRequest;
  /** Plan only: say what would be erased, change nothing. */
  readonly dryRun?: boolean;
  /** Why (recorded in the audit log), e.g. a ticket number. */
  readonly reason?: string;
  readonly log?: Logger;
  /** A line per step, for a person watching (the CLI prints them on stderr). */
  readonly onStep?: (message: string) => void;
  /** Progress of the rebuild, as `sync` reports it. */
  readonly onEvent?: (event: SyncEvent) => void;
}

export interface ForgetResult {
  readonly dryRun: boolean;
  /** Customer ids the request resolved to (empty when no model knows the person). */
  readonly customers: readonly string[];
  /** Source identities stitched into those customers. */
  readonly identities: number;
  /** Raw rows per table: erased (this request's and any interrupted one's it finished), or (dry run) to be erased. */
  readonly tables: readonly { readonly table: string; readonly rows: number }[];
  readonly quarantined: number;
  /** Suppression keys this request added (0 on a dry run, or when all were suppressed already). */
  readonly suppressed: number;
  /** The erasure's id in the audit log and the suppressions table; undefined on a dry run or when nothing was left. */
  readonly requestId: string | undefined;
  /** Nothing of the person was left to erase (already erased, or never synced), so nothing was recorded. */
  readonly nothingLeft: boolean;
  /** Earlier, interrupted erasures this run carried on with (finished unless the rebuild failed). */
  readonly resumed: readonly string[];
  /** The rebuild of models and the published database (undefined on a dry run, or when nothing needed one). */
  readonly rebuild: SyncResult | undefined;
  readonly compaction: Compaction | undefined;
}

/** Erases (or, with `dryRun`, plans erasing) one person. */
export async function forget(options: ForgetOptions): Promise<ForgetResult> {
  const { config, request } = options;
  checkRequest(request);
  const step = options.onStep ?? (() => {});
  const log = options.log ?? silentLogger();
  const lock = acquireRunLock(config.warehousePath, 'forget');
  let cp: ControlPlane | undefined;
  try {
    // A dry run changes nothing, not even what a killed run left.
    if (!options.dryRun && (await resolveLeftoverCompaction(config.warehousePath)) !== 'none') {
      step('resolved the warehouse compaction an interrupted run left behind');
    }
    cp = await ControlPlane.open(config.controlPlanePath);
    await cp.takeRunLock('forget');
    const scope = await erasureScope(config.modelsDir);
    if (!scope.graph) step('the models project declares no identity graph (meta.tributary_role): erasing by the given identifiers only');
    const pending = await cp.pendingErasures();

    if (options.dryRun) {
      const plan = await withWarehouse(config.warehousePath, (wh) => planErasure(wh.conn, request, scope));
      if (pending.length > 0) {
        step(`interrupted erasure${pending.length > 1 ? 's' : ''} ${pending.map((p) => p.id).join(', ')} not finished yet: \`tributary forget --yes\` or the next sync finishes ${pending.length > 1 ? 'them' : 'it'}`);
      }
      step(`dry run: would erase ${total(plan)} raw rows of ${who(plan)}${plan.quarantined ? ` and ${plan.quarantined} quarantined records` : ''}; nothing changed`);
      return { ...summary(plan, plan), dryRun: true, suppressed: 0, requestId: undefined, nothingLeft: false, resumed: [], rebuild: undefined, compaction: undefined };
    }

    const actor = currentActor();
    const openCp = cp;
    const { plan, erased, recorded, suppressedBy } = await withWarehouse(config.warehousePath, async (wh) => {
      const resumed = await deletePendingRows(wh, openCp, config.modelsDir, log);
      for (const r of resumed) step(`finished deleting the rows of the interrupted erasure ${r.id}: ${total(r.counts)} raw rows erased`);
      const plan = await planErasure(wh.conn, request, scope);
      killPoint('forget:planned');
      // Before anything is recorded: a run killed from here to the record leaves nothing
      // deleted, so the same command, which has the identifiers again, starts over.
      const scrubbed = await openCp.scrubAudit(auditScrubber(plan));
      if (scrubbed > 0) step(`scrubbed ${scrubbed} audit event${scrubbed > 1 ? 's' : ''} that named this person`);
      const known = await openCp.suppressedBy(plan.keys);
      const fresh = plan.keys.filter((k) => !known.has(`${k.kind}\u0000${k.keyHash}`));
      const suppressedBy = [...new Set(known.values())];
      if (total(plan) === 0 && plan.quarantined === 0 && fresh.length === 0) {
        return { plan, erased: resumed.map((r) => r.counts), recorded: undefined, suppressedBy };
      }
      const requestId = `era_${randomUUID().slice(0, 8)}`;
      const added = await openCp.recordErasure({
        id: requestId,
        actor,
        reason: options.reason ?? null,
        customers: plan.customers,
        keys: plan.keys,
        auditDetails: {
          requestId,
          reason: options.reason ?? null,
          customers: plan.customers,
          // what the next step deletes (it runs at once, or in the run that finishes the request)
          rowsDeleted: Object.fromEntries(plan.tables.map((t) => [t.table, t.rows])),
          quarantinedDeleted: plan.quarantined,
          suppressionKeys: plan.keys.length,
        },
      });
      killPoint('forget:recorded');
      const erased = await executeErasure(wh.conn, plan.keys, scope);
      killPoint('erasure:raw-deleted');
      await openCp.advanceErasures([requestId], 'raw_deleted');
      return { plan, erased: [...resumed.map((r) => r.counts), erased], recorded: { requestId, added }, suppressedBy };
    });

    const counts = mergeCounts(erased);
    if (recorded) {
      step(`erased ${total(counts)} raw rows of ${who(plan)}; ${recorded.added} identifiers suppressed for later syncs (request ${recorded.requestId})`);
    } else {
      step(
        plan.keys.length > 0
          ? `nothing left to erase: the person's ${plan.keys.length} identifier${plan.keys.length > 1 ? 's were' : ' was'} already suppressed by ${suppressedBy.join(', ')}, and no raw row carries them`
          : 'nothing left to erase: no raw row or model knows this person (already erased, or never synced)',
      );
    }

    const waiting = (await cp.pendingErasures()).map((p) => p.step);
    let rebuild: SyncResult | undefined;
    let compaction: Compaction | undefined;
    if (waiting.some((s) => s === 'raw_deleted')) {
      step('rebuilding models and the published database from what is left …');
      await cp.close();
      cp = undefined;
      rebuild = await sync({
        config,
        log,
        rebuildOnly: true,
        runLockHeld: true,
        command: `forget ${recorded?.requestId ?? pending.map((p) => p.id).join(',')} (rebuild)`,
        ...(options.onEvent ? { onEvent: options.onEvent } : {}),
      });
      // sync compacts once it has republished (the last step of every waiting request)
      compaction = rebuild.erasures?.compaction;
    } else if (waiting.some((s) => s === 'republished')) {
      // Killed while compacting: republished already, only the file is left to rewrite.
      compaction = (await compactPending(config.warehousePath, cp, actor))?.compaction;
      if (compaction) step(`compacted ${config.warehousePath}: ${(compaction.bytesBefore / 1e6).toFixed(1)} MB -> ${(compaction.bytesAfter / 1e6).toFixed(1)} MB`);
    }
    return {
      ...summary(plan, counts),
      dryRun: false,
      suppressed: recorded?.added ?? 0,
      requestId: recorded?.requestId,
      nothingLeft: recorded === undefined,
      resumed: pending.map((p) => p.id),
      rebuild,
      compaction,
    };
  } finally {
    await cp?.close();
    lock.release();
  }
}

/** An empty or blank identifier names nobody: a usage error, not an erasure of nothing. */
function checkRequest(request: ErasureRequest): void {
  const hint = 'e.g. tributary forget --email alice@example.com --dry-run';
  const emails = request.emails ?? [];
  const phones = request.phones ?? [];
  const customers = request.customerIds ?? [];
  if (emails.length + phones.length + customers.length === 0) {
    throw new ConfigError('forget needs at least one email, phone or customer id', { hint });
  }
  const blank = [
    ...emails.filter((e) => normalizeEmail(e) === null).map(() => 'email'),
    ...phones.filter((p) => p.trim() === '').map(() => 'phone'),
    ...customers.filter((c) => c.trim() === '').map(() => 'customer id'),
  ];
  if (blank.length > 0) {
    throw new ConfigError(`forget got an empty ${[...new Set(blank)].join(', ')}: a blank identifier names nobody`, { hint });
  }
}

function total(counts: ErasureCounts): number {
  return counts.tables.reduce((n, t) => n + t.rows, 0);
}

function who(plan: ErasurePlan): string {
  return plan.customers.length
    ? `customer${plan.customers.length > 1 ? 's' : ''} ${plan.customers.join(', ')} (${plan.identities} source identities)`
    : 'no known customer';
}

function summary(plan: ErasurePlan, counts: ErasureCounts) {
  return { customers: plan.customers, identities: plan.identities, tables: counts.tables, quarantined: counts.quarantined };
}

function mergeCounts(all: readonly ErasureCounts[]): ErasureCounts {
  const rows = new Map<string, number>();
  let quarantined = 0;
  for (const c of all) {
    for (const t of c.tables) rows.set(t.table, (rows.get(t.table) ?? 0) + t.rows);
    quarantined += c.quarantined;
  }
  return { tables: [...rows].map(([table, n]) => ({ table, rows: n })).sort((a, b) => a.table.localeCompare(b.table)), quarantined };
}
