/**
 * Reading the stored lineage edges for people: resolve what the user typed to a node,
 * walk the graph breadth-first, and name nodes the way analysts know them
 * (`customers.email` rather than `main.customers.email`).
 */
export interface StoredEdge {
  readonly fromNode: string;
  readonly toNode: string;
  readonly transform: string;
}

export interface LineageHop {
  readonly depth: number;
  readonly node: string;
  /** field = an API field of a connector; raw = a raw table column; model = a model column. */
  readonly kind: 'field' | 'raw' | 'model';
  readonly transform: string;
  /** The node this hop was reached from. */
  readonly via: string;
}

/** `customers.email` → `main.customers.email`; fully qualified names pass through. */
export function resolveNode(input: string, edges: readonly StoredEdge[]): string | undefined {
  const nodes = new Set(edges.flatMap((e) => [e.fromNode, e.toNode]));
  for (const candidate of [input, `main.${input}`, input.toLowerCase(), `main.${input.toLowerCase()}`]) {
    if (nodes.has(candidate)) return candidate;
  }
  return undefined;
}

export function walkLineage(start: string, edges: readonly StoredEdge[], direction: 'upstream' | 'downstream'): LineageHop[] {
  const fieldNodes = new Set(edges.filter((e) => e.transform === 'field').map((e) => e.fromNode));
  const next = new Map<string, StoredEdge[]>();
  for (const e of edges) {
    const key = direction === 'upstream' ? e.toNode : e.fromNode;
    const list = next.get(key) ?? [];
    list.push(e);
    next.set(key, list);
  }
  const hops: LineageHop[] = [];
  const seen = new Set([start]);
  let frontier = [start];
  for (let depth = 1; frontier.length > 0; depth++) {
    const upcoming: string[] = [];
    for (const node of frontier) {
      for (const e of next.get(node) ?? []) {
        const other = direction === 'upstream' ? e.fromNode : e.toNode;
        if (seen.has(other)) continue;
        seen.add(other);
        upcoming.push(other);
        hops.push({ depth, node: displayNode(other), kind: kindOf(other, fieldNodes), transform: e.transform, via: displayNode(node) });
      }
    }
    frontier = upcoming;
  }
  return hops;
}

export function displayNode(node: string): string {
  return node.startsWith('main.') ? node.slice('main.'.length) : node;
}

function kindOf(node: string, fieldNodes: ReadonlySet<string>): LineageHop['kind'] {
  if (fieldNodes.has(node)) return 'field';
  return node.startsWith('raw.') ? 'raw' : 'model';
}
