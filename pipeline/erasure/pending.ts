/**
 * An erasure as steps that survive the process: `forget` records the request in the
 * control plane before it deletes anything, and each step moves it on.
 *
 *   recorded     request, suppression keys and audit event stored in one transaction:
 *                from here every sync drops the person's records at the door
 *   raw_deleted  their raw rows and quarantined copies deleted (one DuckDB transaction)
 *   republished  models rebuilt and analytics.duckdb published from what is left
 *   done         the warehouse file rewritten without the freed blocks that held them
 *
 * The request stores only suppression keys (sha256) and customer ids, and every step
 * works from those, so whichever run comes next — the same `forget` again, another
 * `forget`, or a plain `sync` — finishes what a killed one left: `sync` deletes the
 * rows of a recorded request before it extracts or builds anything, so it can never
 * republish the person. Every step is idempotent; both callers hold the run lock.
 */
import type { Logger } from '../../core/index.js';
import { executeErasure, type ErasureCounts, type ErasureKey, type ErasureScope } from '../../governance/erasure/forget.js';
import { isIdentifierKind } from '../../governance/erasure/identifiers.js';
import { allConnectors } from '../../connectors/registry.js';
import type { ControlPlane, PendingErasure } from '../control-plane/control-plane.js';
import { loadModelRoles } from '../transform/model-roles.js';
import { compactWarehouse, type Compaction } from '../warehouse/compact.js';
import type { Warehouse } from '../warehouse/warehouse.js';

/** Where erasure looks: the identity graph the models project declares, the connectors' primary keys. */
export async function erasureScope(modelsDir: string): Promise<ErasureScope> {
  const roles = await loadModelRoles(modelsDir);
  const nodes = roles.relation('identity_nodes');
  const components = roles.relation('identity_components');
  const primaryKeys = new Map<string, readonly string[]>();
  for (const c of allConnectors()) for (const s of c.streams) primaryKeys.set(`${c.type}.${s.name}`, s.primaryKey);
  return { graph: nodes && components ? { nodes, components } : undefined, primaryKeys };
}

/** The keys of a stored request, as the erasure module takes them. */
export function storedKeys(request: PendingErasure): ErasureKey[] {
  return request.keys.flatMap((k) => (isIdentifierKind(k.kind) ? [{ kind: k.kind, keyHash: k.keyHash, sourceId: k.sourceId }] : []));
}

/**
 * The raw step of every request still at `recorded` (a run killed between recording and
 * deleting): deletes their rows and moves them on. Returns what each deleted.
 */
export async function deletePendingRows(
  wh: Warehouse,
  cp: ControlPlane,
  modelsDir: string,
  log: Logger,
): Promise<{ id: string; counts: ErasureCounts }[]> {
  const recorded = (await cp.pendingErasures()).filter((r) => r.step === 'recorded');
  if (recorded.length === 0) return [];
  const scope = await erasureScope(modelsDir);
  const done: { id: string; counts: ErasureCounts }[] = [];
  for (const request of recorded) {
    const counts = await executeErasure(wh.conn, storedKeys(request), scope);
    await cp.advanceErasures([request.id], 'raw_deleted');
    log.info('finished the raw step of an interrupted erasure', { requestId: request.id, rows: counts.tables.reduce((n, t) => n + t.rows, 0) });
    done.push({ id: request.id, counts });
  }
  return done;
}

/** After a publish built from raw data without them: requests whose rows are gone are republished. */
export async function markRepublished(cp: ControlPlane): Promise<string[]> {
  const ids = (await cp.pendingErasures()).filter((r) => r.step === 'raw_deleted').map((r) => r.id);
  await cp.advanceErasures(ids, 'republished');
  return ids;
}

/**
 * The last step: when a request waits for it, rewrites the warehouse file (which must
 * be closed) and marks those requests done, with an audit event each.
 */
export async function compactPending(warehousePath: string, cp: ControlPlane, actor: string): Promise<{ finished: string[]; compaction: Compaction } | undefined> {
  const ids = (await cp.pendingErasures()).filter((r) => r.step === 'republished').map((r) => r.id);
  if (ids.length === 0) return undefined;
  const compaction = await compactWarehouse(warehousePath);
  await cp.finishErasures(ids, { actor, target: warehousePath });
  return { finished: ids, compaction };
}
