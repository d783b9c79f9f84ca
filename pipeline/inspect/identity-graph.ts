/**
 * Graph walks over one customer's links (identity_links rows), for `identity explain`:
 * the spanning tree that shows why its records are one customer, and the path that
 * joins two records linked only through others. A customer has tens of records, not
 * millions, so plain in-memory walks are enough.
 */

export interface IdentityLink {
  readonly left: string;
  readonly right: string;
  readonly link_type: 'deterministic' | 'probabilistic';
  readonly match_rule: string;
  /** Probabilistic links: the total match weight. */
  readonly match_weight: number | null;
  readonly blocking_rule: string | null;
  /** Probabilistic links: per field, level and weight. */
  readonly evidence: Readonly<Record<string, { readonly level: string | null; readonly weight: number }>> | null;
}

// Strongest first: a CRM's own cross-reference, then shared identifiers, then a look-alike.
const RULE_STRENGTH = ['crm_xref', 'email', 'phone', 'web_identify', 'probabilistic'];

function strength(l: IdentityLink): [number, number] {
  const rank = RULE_STRENGTH.indexOf(l.match_rule);
  return [rank < 0 ? RULE_STRENGTH.length : rank, -(l.match_weight ?? 0)];
}

function byStrength(a: IdentityLink, b: IdentityLink): number {
  const [ra, wa] = strength(a);
  const [rb, wb] = strength(b);
  return ra - rb || wa - wb || a.left.localeCompare(b.left) || a.right.localeCompare(b.right);
}

/**
 * The links that connect the records reachable from `root`, choosing the strongest link
 * wherever there is a choice (Kruskal over links sorted by strength), so a customer tied
 * by an email and also by a look-alike name is explained by the email.
 */
export function spanningTree(root: string, links: readonly IdentityLink[]): IdentityLink[] {
  const parent = new Map<string, string>();
  const find = (k: string): string => {
    let r = k;
    while (parent.has(r) && parent.get(r) !== r) r = parent.get(r)!;
    parent.set(k, r);
    return r;
  };
  const tree: IdentityLink[] = [];
  for (const link of [...links].sort(byStrength)) {
    const [a, b] = [find(link.left), find(link.right)];
    if (a === b) continue;
    parent.set(a, b);
    tree.push(link);
  }
  // Every link of a customer's rows reaches its root; anything else is not this customer's.
  const reach = find(root);
  return tree.filter((l) => find(l.left) === reach);
}

/** The fewest links from `from` to `to` (breadth first, strongest links tried first), or [] if none. */
export function pathBetween(from: string, to: string, links: readonly IdentityLink[]): IdentityLink[] {
  const adjacent = new Map<string, IdentityLink[]>();
  for (const link of [...links].sort(byStrength)) {
    for (const k of [link.left, link.right]) adjacent.set(k, [...(adjacent.get(k) ?? []), link]);
  }
  const via = new Map<string, IdentityLink | null>([[from, null]]);
  const queue = [from];
  while (queue.length > 0) {
    const at = queue.shift()!;
    if (at === to) break;
    for (const link of adjacent.get(at) ?? []) {
      const next = link.left === at ? link.right : link.left;
      if (via.has(next)) continue;
      via.set(next, link);
      queue.push(next);
    }
  }
  if (!via.has(to)) return [];
  const path: IdentityLink[] = [];
  for (let at = to; at !== from; ) {
    const link = via.get(at)!;
    path.unshift(link);
    at = link.left === at ? link.right : link.left;
  }
  return path;
}
