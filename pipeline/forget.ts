/**
 * The erasure task (GDPR Art. 17), beside `sync`: erase a person from every raw table —
 * and so from every model and the published analytics database, which are rebuilt
 * from what is left — and suppress their identifiers so later syncs drop them at the
 * door. The CLI's `forget` command parses options, calls this and prints.
 *
 * Steps, all under the warehouse's run lock (no sync may slip in between them):
 * plan → delete raw rows → store suppression keys and scrub the audit log → rebuild
 * and republish → rewrite the warehouse file (DuckDB leaves deleted bytes in freed
 * blocks). The audit log records customer ids, row counts and key counts — never the
 * identifiers.
 *
 * @example
 * ```ts
 * import { loadConfig, forget } from 'tributary';
 * const result = await forget({ config: loadConfig('tributary.yml'), request: { emails: ['alice@example.com'] } });
 * console.log(result.customers, result.tables);
 * ```
 */
import { randomUUID } from 'node:crypto';
import { ConfigError, silentLogger, type Logger } from '../core/index.js';
import { executeErasure, planErasure, type ErasureRequest, type ErasureScope } from '../governance/erasure/forget.js';
import { identifierForms, suppressionKey } from '../governance/erasure/identifiers.js';
import { allConnectors } from '../connectors/registry.js';
import type { TributaryConfig } from './config/load-config.js';
import { ControlPlane, currentActor } from './control-plane/control-plane.js';
import { sync, type SyncEvent, type SyncResult } from './sync.js';
import { loadModelRoles } from './transform/model-roles.js';
import { compactWarehouse } from './warehouse/compact.js';
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
  /** Raw rows per table: erased, or (dry run) to be erased. */
  readonly tables: readonly { readonly table: string; readonly rows: number }[];
  readonly quarantined: number;
  /** Suppression keys stored (0 on a dry run). */
  readonly suppressed: number;
  /** The erasure's id in the audit log and the suppressions table. */
  readonly requestId: string | undefined;
  /** The rebuild of models and the published database (undefined on a dry run). */
  readonly rebuild: SyncResult | undefined;
  readonly compaction: { readonly bytesBefore: number; readonly bytesAfter: number } | undefined;
}

/** Erases (or, with `dryRun`, plans erasing) one person. */
export async function forget(options: ForgetOptions): Promise<ForgetResult> {
  const { config, request } = options;
  if (!request.emails?.length && !request.phones?.length && !request.customerIds?.length) {
    throw new ConfigError('forget needs at least one email, phone or customer id', { hint: 'e.g. tributary forget --email alice@example.com --dry-run' });
  }
  const step = options.onStep ?? (() => {});
  const log = options.log ?? silentLogger();
  const lock = acquireRunLock(config.warehousePath, 'forget');
  try {
    const scope = await erasureScope(config);
    if (!scope.graph) step('the models project declares no identity graph (meta.tributary_role): erasing by the given identifiers only');
    const { plan, deleted } = await withWarehouse(config.warehousePath, async (wh) => {
      const plan = await planErasure(wh.conn, request, scope);
      return { plan, deleted: options.dryRun ? undefined : await executeErasure(wh.conn, plan, scope) };
    });
    const counts = new Map((deleted ?? plan.tables).map((t) => [t.table, t.rows]));
    const base = {
      customers: plan.customers,
      identities: plan.identities,
      tables: plan.tables.map((t) => ({ table: t.table, rows: counts.get(t.table) ?? 0 })),
      quarantined: plan.quarantined,
    };
    const total = [...counts.values()].reduce((a, b) => a + b, 0);
    const who = plan.customers.length ? `customer${plan.customers.length > 1 ? 's' : ''} ${plan.customers.join(', ')} (${plan.identities} source identities)` : 'no known customer';
    if (options.dryRun) {
      step(`dry run: would erase ${total} raw rows of ${who}${plan.quarantined ? ` and ${plan.quarantined} quarantined records` : ''}; nothing changed`);
      return { ...base, dryRun: true, suppressed: 0, requestId: undefined, rebuild: undefined, compaction: undefined };
    }

    // Suppress every form of every identifier, so later syncs drop the person's records.
    const keys = new Map<string, { kind: string; keyHash: string }>();
    for (const i of plan.identifiers) {
      for (const form of identifierForms(i.kind, i.form)) {
        const keyHash = suppressionKey(i.kind, form);
        keys.set(`${i.kind}:${keyHash}`, { kind: i.kind, keyHash });
      }
    }
    const requestId = `era_${randomUUID().slice(0, 8)}`;
    const cp = await ControlPlane.open(config.controlPlanePath);
    try {
      await cp.addSuppressions(requestId, [...keys.values()]);
      // An unmasked query's SQL in the audit log may quote the person's email or ids.
      await cp.scrubAudit(plan.identifiers.filter((i) => i.kind !== 'phone').map((i) => i.form));
      await cp.audit({
        actor: currentActor(),
        action: 'forget',
        target: config.warehousePath,
        details: { requestId, reason: options.reason ?? null, customers: plan.customers, rowsDeleted: Object.fromEntries(counts), quarantinedDeleted: plan.quarantined, suppressionKeys: keys.size },
      });
    } finally {
      await cp.close();
    }
    step(`erased ${total} raw rows of ${who}; ${keys.size} identifiers suppressed for later syncs (request ${requestId})`);
    step('rebuilding models and the published database from what is left …');

    const rebuild = await sync({
      config,
      log,
      rebuildOnly: true,
      runLockHeld: true,
      command: `forget ${requestId} (rebuild)`,
      ...(options.onEvent ? { onEvent: options.onEvent } : {}),
    });
    // DuckDB frees the blocks of deleted rows and replaced model tables without
    // overwriting them: rewrite the file so the person's bytes are gone too. After the
    // rebuild, so the models that still held them are among what is left behind.
    const compaction = await compactWarehouse(config.warehousePath);
    step(`compacted ${config.warehousePath}: ${(compaction.bytesBefore / 1e6).toFixed(1)} MB -> ${(compaction.bytesAfter / 1e6).toFixed(1)} MB`);
    return { ...base, dryRun: false, suppressed: keys.size, requestId, rebuild, compaction };
  } finally {
    lock.release();
  }
}

/** Where erasure looks: the identity graph the models project declares, the connectors' primary keys. */
async function erasureScope(config: TributaryConfig): Promise<ErasureScope> {
  const roles = await loadModelRoles(config.modelsDir);
  const nodes = roles.relation('identity_nodes');
  const components = roles.relation('identity_components');
  const primaryKeys = new Map<string, readonly string[]>();
  for (const c of allConnectors()) for (const s of c.streams) primaryKeys.set(`${c.type}.${s.name}`, s.primaryKey);
  return { graph: nodes && components ? { nodes, components } : undefined, primaryKeys };
}
