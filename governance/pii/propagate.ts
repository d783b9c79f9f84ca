/**
 * PII tags along column lineage (SQLMesh's idea, applied to tags): a tag flows from
 * a column to every column computed from it through `identity` and `expression`
 * edges; an `aggregate` edge is a breaker and drops it; a `hash` edge turns any tag
 * into `pseudonymous_id` (still links one person's rows, no longer readable).
 *
 * Tags enter at three places, and each keeps its origin and the path it travelled:
 * - `declared`: by the connector stream on a field, landing in a raw column;
 * - `model_meta`: in a model's schema.yml (`meta: { pii: [...] }`), which extends the
 *   propagated tags, or with `mode: 'override'` replaces them (and stops what flows in);
 * - `classifier`: detected on column names and sampled values (`classify.ts`).
 *
 * @example
 * ```ts
 * const pii = propagatePii(graph, {
 *   declared: [{ field: 'hubspot.contacts.properties.email', tag: 'email' }],
 *   meta: [{ model: 'customers', column: 'customer_id', tags: ['person_id'] }],
 * });
 * pii.get('main.customers', 'email');
 * // → [{ tag: 'email', origin: { kind: 'declared', field: 'hubspot.contacts.properties.email' },
 * //      path: ['hubspot.contacts.properties.email', 'raw.hubspot_contacts.properties__email',
 * //             'main.stg_hubspot__contacts.email', 'main.customers.email'] }]
 * ```
 */
import type { PiiTag } from '../../core/pii-tags.js';
import { columnNode, fieldNode, formatNode, nodeKey, type LineageGraph, type LineageNode } from '../lineage/graph.js';
import type { Transform } from '../lineage/types.js';

export type TagOrigin =
  | { readonly kind: 'declared'; readonly field: string }
  | { readonly kind: 'model_meta'; readonly model: string; readonly column: string }
  | { readonly kind: 'classifier'; readonly reason: string; readonly confidence?: number };

/**
 * A tag on a column. `path` is the node chain from the origin to this column,
 * schema-qualified (`hubspot.contacts.properties.email`, `raw.hubspot_contacts.properties__email`,
 * `main.customers.email`); a seed's own column is a path of one (two for a declared field).
 */
export interface ColumnTag {
  readonly tag: PiiTag;
  readonly origin: TagOrigin;
  readonly path: readonly string[];
}

/** A connector's declaration. Without relation/column, it seeds every raw column the field fills in the graph. */
export interface DeclaredSeed {
  readonly field: string;
  readonly tag: PiiTag;
  readonly relation?: string;
  readonly column?: string;
}

/** schema.yml `meta.pii` on a model column. `model` may omit the default schema. */
export interface MetaSeed {
  readonly model: string;
  readonly column: string;
  readonly tags: readonly PiiTag[];
  /** `extend` (default) adds to what flows in; `override` makes these the column's only tags (`[]`: not personal). */
  readonly mode?: 'extend' | 'override';
}

export interface ClassifierSeed {
  readonly relation: string;
  readonly column: string;
  readonly tag: PiiTag;
  readonly reason: string;
  readonly confidence?: number;
}

export interface PiiSeeds {
  readonly declared?: readonly DeclaredSeed[];
  readonly meta?: readonly MetaSeed[];
  readonly classifier?: readonly ClassifierSeed[];
}

export interface ColumnPii {
  readonly relation: string;
  readonly column: string;
  readonly tags: readonly ColumnTag[];
}

/** The result of propagation: the tags of every column that has any. */
export class PiiAssignment {
  private readonly byKey: ReadonlyMap<string, { node: LineageNode & { kind: 'column' }; tags: ColumnTag[] }>;
  private readonly defaultSchema: string;

  constructor(byKey: ReadonlyMap<string, { node: LineageNode & { kind: 'column' }; tags: ColumnTag[] }>, defaultSchema: string) {
    this.byKey = byKey;
    this.defaultSchema = defaultSchema;
  }

  /** Tags of one column (`relation` may omit the default schema), with origins. */
  get(relation: string, column: string): readonly ColumnTag[] {
    const rel = relation.includes('.') ? relation : `${this.defaultSchema}.${relation}`;
    return this.byKey.get(nodeKey(columnNode(rel, column)))?.tags ?? [];
  }

  /** The distinct tags of one column. */
  tagsOf(relation: string, column: string): PiiTag[] {
    return [...new Set(this.get(relation, column).map((t) => t.tag))];
  }

  /** Every tagged column, in the order tags reached them. */
  columns(): ColumnPii[] {
    return [...this.byKey.values()].map(({ node, tags }) => ({ relation: node.relation, column: node.column, tags }));
  }
}

/** What a tag becomes when it crosses an edge; undefined when the edge breaks it. */
export function tagThrough(tag: PiiTag, transform: Transform): PiiTag | undefined {
  switch (transform) {
    case 'aggregate':
      return undefined;
    case 'hash':
      return 'pseudonymous_id';
    default:
      return tag;
  }
}

function originKey(t: ColumnTag): string {
  return `${t.tag}\u0000${t.origin.kind}\u0000${t.path[0] ?? ''}`;
}

/** Propagates seed tags along `graph`, breadth first, so each tag keeps its shortest path. */
export function propagatePii(graph: LineageGraph, seeds: PiiSeeds): PiiAssignment {
  const label = (n: LineageNode): string => formatNode(n, { qualified: true });
  const byKey = new Map<string, { node: LineageNode & { kind: 'column' }; tags: ColumnTag[] }>();
  const seen = new Set<string>();
  const overridden = new Set<string>();
  const queue: { node: LineageNode & { kind: 'column' }; tag: ColumnTag }[] = [];

  const place = (node: LineageNode & { kind: 'column' }, tag: ColumnTag, seed: boolean): void => {
    const key = nodeKey(node);
    if (overridden.has(key) && !seed) return;
    const id = `${key}\u0000${originKey(tag)}`;
    if (seen.has(id)) return;
    seen.add(id);
    const entry = byKey.get(key) ?? { node, tags: [] };
    entry.tags.push(tag);
    byKey.set(key, entry);
    queue.push({ node, tag });
  };

  // Overrides first: nothing may flow into those columns, whatever order seeds come in.
  for (const m of seeds.meta ?? []) {
    if (m.mode === 'override') overridden.add(nodeKey(columnNode(graph.qualify(m.model), m.column)));
  }
  for (const d of seeds.declared ?? []) {
    const targets =
      d.relation !== undefined && d.column !== undefined
        ? [columnNode(graph.qualify(d.relation), d.column)]
        : graph.children(fieldNode(d.field)).map((e) => e.to);
    for (const t of targets) {
      if (t.kind !== 'column') continue;
      place(t, { tag: d.tag, origin: { kind: 'declared', field: d.field }, path: [d.field, label(t)] }, true);
    }
  }
  for (const m of seeds.meta ?? []) {
    const node = columnNode(graph.qualify(m.model), m.column) as LineageNode & { kind: 'column' };
    for (const tag of m.tags) {
      place(node, { tag, origin: { kind: 'model_meta', model: m.model, column: m.column }, path: [label(node)] }, true);
    }
  }
  for (const c of seeds.classifier ?? []) {
    const node = columnNode(graph.qualify(c.relation), c.column) as LineageNode & { kind: 'column' };
    const origin: TagOrigin = { kind: 'classifier', reason: c.reason, ...(c.confidence === undefined ? {} : { confidence: c.confidence }) };
    place(node, { tag: c.tag, origin, path: [label(node)] }, true);
  }

  for (let i = 0; i < queue.length; i++) {
    const { node, tag } = queue[i]!;
    for (const edge of graph.children(node)) {
      if (edge.to.kind !== 'column') continue;
      const next = tagThrough(tag.tag, edge.transform);
      if (next === undefined) continue;
      place(edge.to, { tag: next, origin: tag.origin, path: [...tag.path, label(edge.to)] }, false);
    }
  }
  return new PiiAssignment(byKey, graph.defaultSchema);
}
