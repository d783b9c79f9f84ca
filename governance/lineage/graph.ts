/**
 * The column lineage graph across models: nodes are `relation.column` (schema-
 * qualified, e.g. `raw.hubspot_contacts.properties__email`, `main.customers.email`)
 * and connector fields (`hubspot.contacts.properties.email`); an edge runs from an
 * input to the column computed from it and carries the transform. Field edges
 * (connector field → raw column) are `identity`.
 *
 * @example
 * ```ts
 * const graph = new LineageGraph()
 *   .addFieldMappings([{ field: 'hubspot.contacts.properties.email', relation: 'raw.hubspot_contacts', column: 'properties__email' }])
 *   .addModel('main.stg_hubspot__contacts', stagingLineage)
 *   .addModel('main.customers', customersLineage);
 * for (const hop of graph.upstream(columnNode('main.customers', 'email')))
 *   console.log(graph.format(hop.to), '<-', graph.format(hop.from), hop.transform);
 * ```
 */
import type { ModelLineage, Transform } from './types.js';

export type LineageNode =
  | { readonly kind: 'column'; readonly relation: string; readonly column: string }
  | { readonly kind: 'field'; readonly field: string };

/** Which connector field fills which raw column (provided by the pipeline from the stream schemas). */
export interface FieldMapping {
  readonly field: string;
  readonly relation: string;
  readonly column: string;
}

/** `from` is the input, `to` the column computed from it. */
export interface LineageEdge {
  readonly from: LineageNode;
  readonly to: LineageNode;
  readonly transform: Transform;
}

/** An edge met while walking the graph, `depth` hops away from the start (1 = direct). */
export interface LineageHop extends LineageEdge {
  readonly depth: number;
}

export function columnNode(relation: string, column: string): LineageNode {
  return { kind: 'column', relation: relation.toLowerCase(), column };
}

export function fieldNode(field: string): LineageNode {
  return { kind: 'field', field };
}

/** Stable identity of a node: case-insensitive for columns, as DuckDB is. */
export function nodeKey(node: LineageNode): string {
  return node.kind === 'field' ? `field:${node.field}` : `${node.relation}.${node.column.toLowerCase()}`;
}

/**
 * How a node reads to people: `raw.hubspot_contacts.properties__email`, models without
 * their default schema (`customers.email`) unless `qualified`, fields as their path.
 */
export function formatNode(node: LineageNode, options: { defaultSchema?: string; qualified?: boolean } = {}): string {
  if (node.kind === 'field') return node.field;
  const prefix = `${(options.defaultSchema ?? 'main').toLowerCase()}.`;
  const relation = !options.qualified && node.relation.startsWith(prefix) ? node.relation.slice(prefix.length) : node.relation;
  return `${relation}.${node.column}`;
}

export class LineageGraph {
  readonly defaultSchema: string;
  private readonly nodesByKey = new Map<string, LineageNode>();
  private readonly incoming = new Map<string, LineageEdge[]>();
  private readonly outgoing = new Map<string, LineageEdge[]>();
  private readonly models = new Map<string, ModelLineage>();

  constructor(options: { defaultSchema?: string } = {}) {
    this.defaultSchema = options.defaultSchema ?? 'main';
  }

  /** Builds a graph from many models' lineage plus the connector field mappings. */
  static build(input: {
    models: readonly { relation: string; lineage: ModelLineage }[];
    fields?: readonly FieldMapping[];
    defaultSchema?: string;
  }): LineageGraph {
    const graph = new LineageGraph(input.defaultSchema === undefined ? {} : { defaultSchema: input.defaultSchema });
    graph.addFieldMappings(input.fields ?? []);
    for (const m of input.models) graph.addModel(m.relation, m.lineage);
    return graph;
  }

  /** `customers` → `main.customers`; schema-qualified names pass through, lower-cased. */
  qualify(relation: string): string {
    return (relation.includes('.') ? relation : `${this.defaultSchema}.${relation}`).toLowerCase();
  }

  /** Adds (or replaces, on a rebuild) one model's column edges. */
  addModel(relation: string, lineage: ModelLineage): this {
    const rel = this.qualify(relation);
    const previous = this.models.get(rel);
    if (previous !== undefined) for (const c of previous.columns) this.removeIncoming(columnNode(rel, c.column));
    this.models.set(rel, lineage);
    for (const c of lineage.columns) {
      const to = this.intern(columnNode(rel, c.column));
      for (const s of c.sources) this.addEdge({ from: this.intern(columnNode(s.relation, s.column)), to, transform: s.transform });
    }
    return this;
  }

  addFieldMappings(mappings: readonly FieldMapping[]): this {
    for (const m of mappings) {
      this.addEdge({ from: this.intern(fieldNode(m.field)), to: this.intern(columnNode(this.qualify(m.relation), m.column)), transform: 'identity' });
    }
    return this;
  }

  /** The lineage a model was added with. */
  modelLineage(relation: string): ModelLineage | undefined {
    return this.models.get(this.qualify(relation));
  }

  nodes(): LineageNode[] {
    return [...this.nodesByKey.values()];
  }

  edges(): LineageEdge[] {
    return [...this.incoming.values()].flat();
  }

  has(node: LineageNode): boolean {
    return this.nodesByKey.has(nodeKey(node));
  }

  /**
   * A node from user input: `customers.email`, `main.customers.email`,
   * `raw.hubspot_contacts.properties__email` or a connector field path.
   */
  resolve(text: string): LineageNode | undefined {
    const field = this.nodesByKey.get(`field:${text}`);
    if (field !== undefined) return field;
    const parts = text.split('.');
    // Longest relation prefix first, so a column name containing dots still resolves.
    for (let i = Math.min(parts.length - 1, 2); i >= 1; i--) {
      const relation = this.qualify(parts.slice(0, i).join('.'));
      const node = this.nodesByKey.get(nodeKey(columnNode(relation, parts.slice(i).join('.'))));
      if (node !== undefined) return node;
    }
    return undefined;
  }

  /** Direct inputs of a node. */
  parents(node: LineageNode): LineageEdge[] {
    return [...(this.incoming.get(nodeKey(node)) ?? [])];
  }

  /** Direct consumers of a node. */
  children(node: LineageNode): LineageEdge[] {
    return [...(this.outgoing.get(nodeKey(node)) ?? [])];
  }

  /** Every edge upstream of `node`, nearest first, down to connector fields (each edge once). */
  upstream(node: LineageNode): LineageHop[] {
    return this.walk(node, (n) => this.incoming.get(nodeKey(n)) ?? [], (e) => e.from);
  }

  /** Every edge downstream of `node`, nearest first. */
  downstream(node: LineageNode): LineageHop[] {
    return this.walk(node, (n) => this.outgoing.get(nodeKey(n)) ?? [], (e) => e.to);
  }

  /**
   * Every path from `node` up to a root (a connector field or a column without
   * inputs), each a list of edges starting at `node`. Cycles are cut; at most
   * `limit` paths are returned (wide marts can have very many).
   */
  upstreamPaths(node: LineageNode, limit = 1000): LineageEdge[][] {
    const paths: LineageEdge[][] = [];
    const visit = (n: LineageNode, path: LineageEdge[], seen: Set<string>): void => {
      if (paths.length >= limit) return;
      const inputs = this.incoming.get(nodeKey(n)) ?? [];
      const open = inputs.filter((e) => !seen.has(nodeKey(e.from)));
      if (open.length === 0) {
        if (path.length > 0) paths.push(path);
        return;
      }
      for (const e of open) visit(e.from, [...path, e], new Set([...seen, nodeKey(e.from)]));
    };
    visit(node, [], new Set([nodeKey(node)]));
    return paths;
  }

  /** `formatNode` with this graph's default schema. */
  format(node: LineageNode, options: { qualified?: boolean } = {}): string {
    return formatNode(node, { defaultSchema: this.defaultSchema, ...options });
  }

  private walk(start: LineageNode, next: (n: LineageNode) => readonly LineageEdge[], far: (e: LineageEdge) => LineageNode): LineageHop[] {
    const hops: LineageHop[] = [];
    const seenEdges = new Set<LineageEdge>();
    const seenNodes = new Set([nodeKey(start)]);
    let frontier = [start];
    for (let depth = 1; frontier.length > 0; depth++) {
      const upcoming: LineageNode[] = [];
      for (const n of frontier) {
        for (const e of next(n)) {
          if (seenEdges.has(e)) continue;
          seenEdges.add(e);
          hops.push({ ...e, depth });
          const other = far(e);
          if (!seenNodes.has(nodeKey(other))) {
            seenNodes.add(nodeKey(other));
            upcoming.push(other);
          }
        }
      }
      frontier = upcoming;
    }
    return hops;
  }

  private intern(node: LineageNode): LineageNode {
    const key = nodeKey(node);
    const existing = this.nodesByKey.get(key);
    if (existing !== undefined) return existing;
    this.nodesByKey.set(key, node);
    return node;
  }

  private addEdge(edge: LineageEdge): void {
    const to = nodeKey(edge.to);
    const from = nodeKey(edge.from);
    const list = this.incoming.get(to) ?? [];
    // One edge per (input, output, transform): the same model added twice changes nothing.
    if (list.some((e) => nodeKey(e.from) === from && e.transform === edge.transform)) return;
    list.push(edge);
    this.incoming.set(to, list);
    this.outgoing.set(from, [...(this.outgoing.get(from) ?? []), edge]);
  }

  private removeIncoming(node: LineageNode): void {
    const key = nodeKey(node);
    for (const e of this.incoming.get(key) ?? []) {
      const from = nodeKey(e.from);
      this.outgoing.set(from, (this.outgoing.get(from) ?? []).filter((x) => x !== e));
    }
    this.incoming.delete(key);
  }
}
