/**
 * What the catalog site shows, gathered from what the last build recorded: every table
 * and column (raw, models, published marts) with its type, description (schema.yml),
 * PII tag and where it came from, the masking each reader of the data gets, row counts
 * and freshness, and the column-lineage edges the site's graph walks.
 *
 * Plain data, so the renderer (./render-site.ts) only escapes and lays it out.
 */
import { existsSync } from 'node:fs';
import { quoteQualified, type PiiTag } from '../../core/index.js';
import { PII_TAXONOMY, type MaskingPolicy } from '../../schema/pii-taxonomy.js';
import type { TributaryConfig } from '../config/load-config.js';
import { ControlPlane } from '../control-plane/control-plane.js';
import { withWarehouse } from '../warehouse/warehouse.js';

export type TableKind = 'raw' | 'model' | 'mart' | 'seed';

export interface CatalogPii {
  readonly tag: string;
  readonly description: string;
  /** declared (by a connector) | model_meta (schema.yml) | classifier */
  readonly originKind: string;
  readonly origin: string;
}

/** Who reads a database and what masking a tag gets there. */
export interface CatalogReader {
  readonly name: string;
  readonly database: string;
  /** 'masked': the tag's policy applies; 'clear': unmasked (and every query audited). */
  readonly access: 'masked' | 'clear';
}

export interface CatalogColumnEntry {
  /** The lineage graph's node name: `main.customers.email`, `raw.hubspot_contacts.id`. */
  readonly node: string;
  readonly name: string;
  readonly dataType: string;
  readonly description: string | null;
  /** For raw columns: the connector field that fills it. */
  readonly sourceField: string | null;
  readonly pii: CatalogPii | null;
  /** Reader name → policy applied for that reader (empty when the column is not personal or not published). */
  readonly masking: Readonly<Record<string, MaskingPolicy>>;
}

export interface CatalogTable {
  /** `main.customers`, `raw.hubspot_contacts`. */
  readonly relation: string;
  /** How analysts name it: `customers`, `raw.hubspot_contacts`. */
  readonly name: string;
  readonly kind: TableKind;
  /** Rows now (counted when the site was written); null when the database could not be read or it is a view. */
  readonly rows: number | null;
  /** ISO time of the last successful extract (raw) or build (models) that refreshed it. */
  readonly freshAt: string | null;
  readonly columns: readonly CatalogColumnEntry[];
}

export interface CatalogEdge {
  readonly from: string;
  readonly to: string;
  readonly transform: string;
}

export interface CatalogData {
  readonly generatedAt: string;
  readonly workspace: string;
  readonly readers: readonly CatalogReader[];
  readonly tables: readonly CatalogTable[];
  readonly edges: readonly CatalogEdge[];
  /** Connector API fields: the roots of lineage (`hubspot.contacts.properties.email`). */
  readonly fields: readonly string[];
  /** Why some numbers are missing (a database busy or absent), for the page to say. */
  readonly notes: readonly string[];
}

const KIND_ORDER: Record<TableKind, number> = { mart: 0, model: 1, seed: 2, raw: 3 };

export async function gatherCatalog(config: TributaryConfig, now = new Date()): Promise<CatalogData> {
  const cp = await ControlPlane.openForReading(config.controlPlanePath);
  let columns, edges, tags, streams, builds;
  try {
    [columns, edges, tags, streams, builds] = await Promise.all([cp.catalog(), cp.lineageEdges(), cp.piiTags(), cp.lastStreamSuccesses(), cp.lastModelBuilds()]);
  } finally {
    await cp.close();
  }
  const notes: string[] = [];
  // The default file's readers are "analyst" unless a role of that name has its own file.
  const defaultReader = config.roles.some((r) => r.name === 'analyst') ? 'default' : 'analyst';
  const readers: CatalogReader[] = [
    { name: defaultReader, database: config.analyticsPath, access: 'masked' },
    ...config.roles.map((r): CatalogReader => ({ name: r.name, database: r.path, access: r.clear ? 'clear' : 'masked' })),
    { name: 'pipeline', database: config.warehousePath, access: 'clear' },
  ];
  const tagByNode = new Map(tags.map((t) => [t.node, t]));
  const relations = new Map<string, { kind: TableKind; columns: CatalogColumnEntry[] }>();
  for (const c of columns) {
    const node = `${c.relation}.${c.column}`;
    const t = tagByNode.get(node);
    const policy: MaskingPolicy | undefined = t ? (config.masking[t.tag as PiiTag] ?? 'redact') : undefined;
    const entry: CatalogColumnEntry = {
      node,
      name: c.column,
      dataType: c.dataType,
      description: c.description,
      sourceField: c.sourceField,
      pii: t ? { tag: t.tag, description: PII_TAXONOMY[t.tag as PiiTag]?.description ?? t.tag, originKind: t.originKind, origin: t.origin } : null,
      // Only published tables reach the analyst; raw and model columns stay in the warehouse, clear.
      masking:
        policy && c.kind === 'mart'
          ? { [defaultReader]: policy, ...Object.fromEntries(config.roles.map((r) => [r.name, r.clear ? 'none' : (r.masking[t!.tag as PiiTag] ?? 'redact')])) }
          : {},
    };
    const rel = relations.get(c.relation) ?? { kind: c.kind as TableKind, columns: [] };
    rel.columns.push(entry);
    relations.set(c.relation, rel);
  }

  const published = [...relations].filter(([, r]) => r.kind === 'mart').map(([name]) => name);
  const publishedRows = await countRows(config.analyticsPath, published.map((r) => r.replace(/^[^.]+\./, 'main.')), notes);
  const warehouseRows = await countRows(config.warehousePath, [...relations].filter(([, r]) => r.kind !== 'mart').map(([name]) => name), notes);
  const rawFresh = new Map(streams.map((s) => [`raw.${s.sourceId}_${s.stream}`, s.finishedAt.toISOString()]));
  const modelFresh = new Map(builds.map((b) => [`main.${b.model}`, b.finishedAt.toISOString()]));

  const tables: CatalogTable[] = [...relations]
    .map(([relation, r]) => ({
      relation,
      name: relation.startsWith('main.') ? relation.slice('main.'.length) : relation,
      kind: r.kind,
      rows: (r.kind === 'mart' ? publishedRows.get(relation.replace(/^[^.]+\./, 'main.')) : warehouseRows.get(relation)) ?? null,
      freshAt: (relation.startsWith('raw.') ? rawFresh.get(relation) : modelFresh.get(relation)) ?? null,
      columns: r.columns,
    }))
    .sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || a.name.localeCompare(b.name));

  const fields = [...new Set(edges.filter((e) => e.transform === 'field').map((e) => e.fromNode))].sort();
  return {
    generatedAt: now.toISOString(),
    workspace: config.dir,
    readers,
    tables,
    edges: edges.map((e) => ({ from: e.fromNode, to: e.toNode, transform: e.transform })),
    fields,
    notes,
  };
}

/**
 * Row counts of the base tables among `relations` (`schema.table`), read-only. Views are
 * left uncounted (counting one runs its whole query). A database that cannot be opened
 * (absent, or held by a running sync) leaves its counts out with a note, not a failure:
 * the rest of the catalog is still worth reading.
 */
async function countRows(path: string, relations: readonly string[], notes: string[]): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  if (relations.length === 0) return counts;
  if (!existsSync(path)) {
    notes.push(`${path} does not exist yet: its row counts are missing`);
    return counts;
  }
  try {
    await withWarehouse(
      path,
      async (wh) => {
        const wanted = new Set(relations);
        const tables = await wh.all('select schema_name, table_name from duckdb_tables() where database_name = current_database()');
        for (const t of tables) {
          const relation = `${String(t.schema_name)}.${String(t.table_name)}`;
          if (!wanted.has(relation)) continue;
          const [row] = await wh.all(`select count(*)::bigint as n from ${quoteQualified(String(t.schema_name), String(t.table_name))}`);
          counts.set(relation, Number(row?.n ?? 0));
        }
      },
      { readOnly: true },
    );
  } catch (error) {
    notes.push(`row counts of ${path} are missing: ${(error as Error).message}`);
  }
  return counts;
}
