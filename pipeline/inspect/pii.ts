/**
 * The PII task: every column carrying personal data, its tag, where the tag came from
 * (declared by a connector, set in schema.yml, or found by the classifier), the path it
 * travelled, and the masking policy applied when publishing — as the last build
 * recorded them in the control plane.
 *
 * @example
 * ```ts
 * import { loadConfig, pii } from 'tributary';
 * for (const c of await pii({ config: loadConfig('tributary.yml') })) console.log(c.column, c.tag, c.masking);
 * ```
 */
import type { PiiTag } from '../../core/index.js';
import type { MaskingPolicy } from '../../schema/pii-taxonomy.js';
import type { TributaryConfig } from '../config/load-config.js';
import { ControlPlane } from '../control-plane/control-plane.js';
import { displayNode } from './lineage-view.js';

export interface PiiOptions {
  readonly config: TributaryConfig;
  /** Only this table (`customers`, or `raw.hubspot_contacts` with `all`). */
  readonly table?: string;
  /** Include raw and internal model columns, not only the published ones. */
  readonly all?: boolean;
}

export interface PiiColumn {
  /** `customers.email` (`main.` left out). */
  readonly column: string;
  readonly tag: string;
  readonly origin_kind: string;
  readonly origin: string;
  readonly masking: MaskingPolicy;
  /** The chain of columns from the origin to this one. */
  readonly path: readonly string[];
}

export async function pii(options: PiiOptions): Promise<PiiColumn[]> {
  const { config } = options;
  const cp = await ControlPlane.openForReading(config.controlPlanePath);
  try {
    const tags = await cp.piiTags();
    const published = new Set((await cp.catalog()).filter((c) => c.kind === 'mart').map((c) => c.relation));
    return tags
      .map((t) => {
        const node = displayNode(t.node);
        return {
          column: node,
          table: node.slice(0, node.lastIndexOf('.')),
          relation: t.node.slice(0, t.node.lastIndexOf('.')),
          tag: t.tag,
          origin_kind: t.originKind,
          origin: t.origin,
          masking: config.masking[t.tag as PiiTag] ?? 'redact',
          path: t.path.map(displayNode),
        };
      })
      .filter((r) => (options.all ? true : !r.relation.startsWith('raw.') && published.has(r.relation)))
      .filter((r) => (options.table ? r.table === options.table || r.relation === options.table : true))
      .map(({ relation: _relation, table: _table, ...rest }) => rest);
  } finally {
    await cp.close();
  }
}

export interface PiiTagChangeEntry {
  readonly at: string;
  /** `customers.email` (`main.` left out). */
  readonly column: string;
  readonly tag: string;
  /** appeared | removed | origin_changed | overridden */
  readonly change: string;
  readonly origin: string;
  readonly previous: string | null;
  readonly actor: string;
  readonly run: string;
}

/**
 * How PII tags came and went, build by build: when a tag appeared on a column, when its
 * origins changed or schema.yml overrode it, when it went — and whose run did it.
 */
export async function piiHistory(options: PiiOptions): Promise<PiiTagChangeEntry[]> {
  const cp = await ControlPlane.openForReading(options.config.controlPlanePath);
  try {
    const published = new Set((await cp.catalog()).filter((c) => c.kind === 'mart').map((c) => c.relation));
    return (await cp.piiTagChanges())
      .filter((c) => (options.all ? true : published.has(c.node.slice(0, c.node.lastIndexOf('.')))))
      .map((c) => ({ at: c.at.toISOString(), column: displayNode(c.node), tag: c.tag, change: c.change, origin: c.origin, previous: c.previous, actor: c.actor, run: c.runId }))
      .filter((c) => (options.table ? c.column.startsWith(`${options.table}.`) : true));
  } finally {
    await cp.close();
  }
}
