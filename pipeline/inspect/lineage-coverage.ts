/**
 * Lineage coverage: is every column analysts can open traced to where its values come
 * from? Each column of every table in `analytics.duckdb` (and of each role's file, which
 * may publish what the main file does not) is walked up the lineage the last build
 * recorded, to its roots:
 *
 * - an API field of a connector (`hubspot.contacts.properties.email`), a seed column
 *   (`seed.campaign_budget_plan.owner`: a CSV of the project is an origin of its own), or a
 *   column the landing writes (`raw.hubspot_contacts._extracted_at`: which source, when
 *   landed) — the column is `resolved`;
 * - nothing but literals (`'email' as stage`) — `constant`: there is nothing to trace;
 * - anything else — `unresolved`, with the reason: a row count or rank that reads no column
 *   (`count(*)`, `row_number()`), a column the lineage does not know, a root with no inputs.
 *
 * @example
 * ```ts
 * const report = await lineageCoverage({ config: loadConfig('tributary.yml') });
 * // report.percent → 100, report.columns[0] → { table: 'campaigns', column: 'campaign_id', status: 'resolved', origins: [...] }
 * ```
 */
import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import { TributaryError } from '../../core/index.js';
import type { TributaryConfig } from '../config/load-config.js';
import { ControlPlane } from '../control-plane/control-plane.js';
import { withWarehouse } from '../warehouse/warehouse.js';
import type { StoredEdge } from './lineage-view.js';

export type CoverageStatus = 'resolved' | 'constant' | 'unresolved';

/** Where a resolved column's values come from. */
export interface CoverageOrigin {
  readonly kind: 'field' | 'seed' | 'landing';
  /** `hubspot.contacts.properties.email`, `seed.campaign_budget_plan.owner`, `raw.hubspot_contacts._source_id`. */
  readonly name: string;
}

export interface ColumnCoverage {
  readonly table: string;
  readonly column: string;
  readonly status: CoverageStatus;
  readonly origins: readonly CoverageOrigin[];
  /** Why a column is unresolved (or constant). */
  readonly reason?: string;
  /** The published files holding it (`analytics.duckdb`, `analytics.marketing.duckdb`). */
  readonly files: readonly string[];
}

export interface LineageCoverage {
  readonly columns: readonly ColumnCoverage[];
  readonly total: number;
  readonly resolved: number;
  readonly constant: number;
  readonly unresolved: number;
  /** Share of columns resolved or constant (nothing left to trace), 0–100; 100 when nothing is published. */
  readonly percent: number;
}

interface CatalogEntry {
  readonly relation: string;
  readonly column: string;
  readonly kind: string;
  readonly derivation: string | null;
}

const ROWS_REASON = 'counts or ranks rows without reading any column (count(*), row_number()): name the column it counts';

export async function lineageCoverage(options: { config: TributaryConfig }): Promise<LineageCoverage> {
  const { config } = options;
  const published = await publishedColumns(config);
  const cp = await ControlPlane.openForReading(config.controlPlanePath);
  let edges: StoredEdge[];
  let catalog: CatalogEntry[];
  try {
    [edges, catalog] = await Promise.all([cp.lineageEdges(), cp.catalog()]);
  } finally {
    await cp.close();
  }
  if (edges.length === 0) {
    throw new TributaryError('no_lineage', 'no lineage recorded yet', { hint: 'run `tributary sync` (or `tributary demo`) first' });
  }
  const graph = new CoverageGraph(edges, catalog);
  const columns = [...published.values()].map((p) => assess(p.table, p.column, [...p.files], graph));
  return summarise(columns);
}

/** Counts and percentage of a list of assessed columns. */
export function summarise(columns: readonly ColumnCoverage[]): LineageCoverage {
  const count = (s: CoverageStatus) => columns.filter((c) => c.status === s).length;
  const total = columns.length;
  const unresolved = count('unresolved');
  return {
    columns,
    total,
    resolved: count('resolved'),
    constant: count('constant'),
    unresolved,
    percent: total === 0 ? 100 : (100 * (total - unresolved)) / total,
  };
}

/** The stored lineage and catalog, indexed for walking up from a column. */
export class CoverageGraph {
  private readonly incoming = new Map<string, StoredEdge[]>();
  private readonly catalog = new Map<string, CatalogEntry>();

  constructor(edges: readonly StoredEdge[], catalog: readonly CatalogEntry[]) {
    for (const e of edges) this.incoming.set(e.toNode, [...(this.incoming.get(e.toNode) ?? []), e]);
    for (const c of catalog) this.catalog.set(`${c.relation}.${c.column}`.toLowerCase(), c);
  }

  inputs(node: string): readonly StoredEdge[] {
    return this.incoming.get(node) ?? [];
  }

  entry(node: string): CatalogEntry | undefined {
    return this.catalog.get(node.toLowerCase());
  }

  /** Every root upstream of `node` (a node with no inputs), or `node` itself when it has none. */
  roots(node: string): { node: string; viaField: boolean }[] {
    const roots: { node: string; viaField: boolean }[] = [];
    const seen = new Set([node]);
    const stack = [node];
    while (stack.length > 0) {
      const n = stack.pop()!;
      const inputs = this.inputs(n);
      if (inputs.length === 0) roots.push({ node: n, viaField: false });
      for (const e of inputs) {
        if (e.transform === 'field') {
          roots.push({ node: e.fromNode, viaField: true });
          continue;
        }
        if (seen.has(e.fromNode)) continue;
        seen.add(e.fromNode);
        stack.push(e.fromNode);
      }
    }
    return roots;
  }
}

/** One published column's coverage. */
export function assess(table: string, column: string, files: readonly string[], graph: CoverageGraph): ColumnCoverage {
  const node = `main.${table}.${column}`.toLowerCase();
  const base = { table, column, files };
  if (graph.entry(node) === undefined && graph.inputs(node).length === 0) {
    return { ...base, status: 'unresolved', origins: [], reason: 'the lineage the last build recorded does not know this column' };
  }
  const origins = new Map<string, CoverageOrigin>();
  const problems = new Set<string>();
  let constants = 0;
  for (const root of graph.roots(node)) {
    if (root.viaField) {
      origins.set(root.node, { kind: 'field', name: root.node });
      continue;
    }
    const entry = graph.entry(root.node);
    const [schema, relation, ...rest] = root.node.split('.');
    const col = rest.join('.');
    if (entry?.kind === 'seed') origins.set(root.node, { kind: 'seed', name: `seed.${relation}.${col}` });
    else if (schema === 'raw' && col.startsWith('_')) origins.set(root.node, { kind: 'landing', name: root.node });
    else if (entry?.derivation === 'constant') constants++;
    else if (entry?.derivation === 'rows') problems.add(root.node === node ? ROWS_REASON : `${display(root.node)} ${ROWS_REASON}`);
    else if (schema === 'raw') problems.add(`${root.node} is a raw column no connector field fills`);
    else problems.add(`${display(root.node)} has no recorded inputs`);
  }
  const list = [...origins.values()].sort((a, b) => a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name));
  if (list.length > 0) return { ...base, status: 'resolved', origins: list };
  if (problems.size === 0 && constants > 0) return { ...base, status: 'constant', origins: [], reason: 'made of literals only' };
  return { ...base, status: 'unresolved', origins: [], reason: [...problems].join('; ') };
}

function display(node: string): string {
  return node.startsWith('main.') ? node.slice('main.'.length) : node;
}

/** `table.column` → the files publishing it: analytics.duckdb and every role's file. */
async function publishedColumns(config: TributaryConfig): Promise<Map<string, { table: string; column: string; files: Set<string> }>> {
  const files = [config.analyticsPath, ...config.roles.map((r) => r.path)];
  if (!existsSync(config.analyticsPath)) {
    throw new TributaryError('no_database', `${config.analyticsPath} does not exist yet`, { hint: 'run `tributary sync` (or `tributary demo`) first' });
  }
  const out = new Map<string, { table: string; column: string; files: Set<string> }>();
  for (const file of files.filter((f) => existsSync(f))) {
    const rows = await withWarehouse(
      file,
      async (wh) =>
        wh.all(
          `select table_name, column_name from information_schema.columns
            where table_catalog = current_database() and table_schema = 'main' order by table_name, ordinal_position`,
        ),
      { confined: true },
    );
    for (const r of rows) {
      const key = `${String(r.table_name)}.${String(r.column_name)}`.toLowerCase();
      const entry = out.get(key) ?? { table: String(r.table_name), column: String(r.column_name), files: new Set<string>() };
      entry.files.add(basename(file));
      out.set(key, entry);
    }
  }
  return out;
}
