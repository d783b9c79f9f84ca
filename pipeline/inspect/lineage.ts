/**
 * The lineage task: where a column comes from (upstream, the default) or where it goes
 * (downstream), hop by hop down to the API field that filled it, read from the lineage
 * the last build recorded in the control plane.
 *
 * @example
 * ```ts
 * import { loadConfig, lineage } from 'tributary';
 * const { fields } = await lineage({ config: loadConfig('tributary.yml'), column: 'customers.email' });
 * // fields → ['hubspot.contacts.properties.email', 'mailchimp.members.email_address', …]
 * ```
 */
import { TributaryError } from '../../core/index.js';
import type { TributaryConfig } from '../config/load-config.js';
import { ControlPlane } from '../control-plane/control-plane.js';
import { resolveNode, walkLineage, type LineageHop } from './lineage-view.js';

export type { LineageHop } from './lineage-view.js';

export interface LineageOptions {
  readonly config: TributaryConfig;
  /** `table.column` (`customers.email`) or `schema.table.column` (`raw.hubspot_contacts.id`). */
  readonly column: string;
  readonly direction?: 'upstream' | 'downstream';
}

export interface LineageResult {
  /** The column as the lineage graph names it (`main.customers.email`). */
  readonly column: string;
  readonly direction: 'upstream' | 'downstream';
  readonly hops: readonly LineageHop[];
  /** The connector API fields reached (`hubspot.contacts.properties.email`). */
  readonly fields: readonly string[];
}

export async function lineage(options: LineageOptions): Promise<LineageResult> {
  const cp = await ControlPlane.openForReading(options.config.controlPlanePath);
  try {
    const edges = await cp.lineageEdges();
    if (edges.length === 0) {
      throw new TributaryError('no_lineage', 'no lineage recorded yet', { hint: 'run `tributary sync` (or `tributary demo`) first' });
    }
    const node = resolveNode(options.column, edges);
    if (!node) {
      throw new TributaryError('unknown_column', `no column "${options.column}" in the lineage graph`, {
        hint: 'name it as table.column (customers.email) or schema.table.column (raw.hubspot_contacts.id)',
      });
    }
    const direction = options.direction ?? 'upstream';
    const hops = walkLineage(node, edges, direction);
    const fields = [...new Set(hops.filter((h) => h.kind === 'field').map((h) => h.node))].sort();
    return { column: node, direction, hops, fields };
  } finally {
    await cp.close();
  }
}
