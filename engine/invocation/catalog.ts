/**
 * dbt's `target/catalog.json` (catalog schema v1), what `docs generate` writes: for each
 * model, seed, snapshot and source that exists in the warehouse, its relation's metadata
 * (type, schema, name, database, comment), its columns with type and position as
 * DuckDB's information_schema reports them, and stats (row count for tables). A node
 * whose relation is not built yet is left out, as dbt leaves it out: the catalog says
 * what the warehouse holds, the manifest what the project declares.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { quoteQualified } from '../../core/sql.js';
import type { Manifest } from '../manifest.js';
import { packageOf } from '../project.js';
import type { InvocationGraph } from './graph.js';
import type { DuckDBTarget } from './profiles.js';

/** One relation the catalog describes, keyed by the node or source unique id. */
interface CatalogEntry {
  readonly uniqueId: string;
  readonly schema: string;
  readonly name: string;
}

interface WarehouseColumn {
  readonly name: string;
  readonly type: string;
  readonly index: number;
  readonly comment: string | null;
}

interface WarehouseRelation {
  readonly schema: string;
  readonly name: string;
  readonly type: string;
  readonly comment: string | null;
  readonly columns: WarehouseColumn[];
}

export interface CatalogContext {
  readonly manifest: Manifest;
  readonly graph: InvocationGraph;
  readonly target: DuckDBTarget;
  readonly invocationId: string;
  readonly generatedAt: Date;
}

export interface WrittenCatalog {
  readonly path: string;
  /** Nodes (models, seeds, snapshots) found in the warehouse. */
  readonly nodes: number;
  readonly sources: number;
}

/** Writes target/catalog.json from what `conn`'s database holds. */
export async function writeCatalog(conn: DuckDBConnection, ctx: CatalogContext): Promise<WrittenCatalog> {
  const project = ctx.manifest.project;
  const nodeEntries: CatalogEntry[] = [];
  for (const key of ctx.graph.dag.keys()) {
    const node = ctx.graph.dag.get(key);
    if (node.resourceType === 'model' || node.resourceType === 'snapshot') {
      // Ephemeral models are CTEs inside others: nothing in the warehouse to describe.
      if (node.model.materialization.kind !== 'ephemeral') nodeEntries.push({ uniqueId: key, ...node.model.relation });
    } else if (node.resourceType === 'seed') {
      nodeEntries.push({ uniqueId: key, ...ctx.manifest.seedRelation(node.name) });
    }
  }
  const sourceEntries: CatalogEntry[] = Object.values(project.sources).map((s) => ({
    uniqueId: `source.${packageOf(project, s)}.${s.source}.${s.name}`,
    schema: s.schema,
    name: s.identifier,
  }));
  const relations = await readRelations(conn);
  const describe = async (entries: readonly CatalogEntry[]) => {
    const out: Record<string, unknown> = {};
    for (const e of entries) {
      // DuckDB folds unquoted identifiers, so a model named Orders is the relation orders.
      const rel = relations.get(relationKey(e.schema, e.name));
      if (rel) out[e.uniqueId] = await catalogNode(conn, ctx.target.database, e.uniqueId, rel);
    }
    return out;
  };
  const nodes = await describe(nodeEntries);
  const sources = await describe(sourceEntries);
  const doc = {
    metadata: {
      dbt_schema_version: 'https://schemas.getdbt.com/dbt/catalog/v1.json',
      dbt_version: '1.10.0',
      generated_at: ctx.generatedAt.toISOString(),
      invocation_id: ctx.invocationId,
      env: {},
    },
    nodes,
    sources,
    errors: null,
  };
  const file = path.join(project.targetPath, 'catalog.json');
  await fs.mkdir(project.targetPath, { recursive: true });
  await fs.writeFile(file, `${JSON.stringify(doc, null, 2)}\n`);
  return { path: file, nodes: Object.keys(nodes).length, sources: Object.keys(sources).length };
}

function relationKey(schema: string, name: string): string {
  return `${schema.toLowerCase()}\u0000${name.toLowerCase()}`;
}

/** Every table and view of the current database with its columns in order. */
async function readRelations(conn: DuckDBConnection): Promise<Map<string, WarehouseRelation>> {
  const reader = await conn.runAndReadAll(`
    select t.table_schema, t.table_name, t.table_type, t.TABLE_COMMENT as table_comment,
           c.column_name, c.data_type, c.ordinal_position, c.COLUMN_COMMENT as column_comment
    from information_schema.tables t
    join information_schema.columns c
      on c.table_catalog = t.table_catalog and c.table_schema = t.table_schema and c.table_name = t.table_name
    where t.table_catalog = current_database()
    order by t.table_schema, t.table_name, c.ordinal_position`);
  const out = new Map<string, WarehouseRelation>();
  for (const row of reader.getRowObjectsJson()) {
    const schema = String(row['table_schema']);
    const name = String(row['table_name']);
    const key = relationKey(schema, name);
    let rel = out.get(key);
    if (!rel) {
      rel = { schema, name, type: String(row['table_type']), comment: textOrNull(row['table_comment']), columns: [] };
      out.set(key, rel);
    }
    rel.columns.push({ name: String(row['column_name']), type: String(row['data_type']), index: Number(row['ordinal_position']), comment: textOrNull(row['column_comment']) });
  }
  return out;
}

const textOrNull = (v: unknown): string | null => (v === null || v === undefined || v === '' ? null : String(v));

async function catalogNode(conn: DuckDBConnection, database: string, uniqueId: string, rel: WarehouseRelation): Promise<Record<string, unknown>> {
  const stats: Record<string, unknown> = {};
  if (rel.type === 'BASE TABLE') {
    // An exact count is cheap in DuckDB (row groups know their sizes); views are not counted, as dbt does not run them for docs.
    const reader = await conn.runAndReadAll(`select count(*)::bigint as n from ${quoteQualified(rel.schema, rel.name)}`);
    const rows = Number(reader.getRowObjectsJson()[0]?.['n'] ?? 0);
    stats['row_count'] = { id: 'row_count', label: 'Row Count', value: rows, include: true, description: 'Rows in the table when the catalog was generated' };
  }
  stats['has_stats'] = {
    id: 'has_stats',
    label: 'Has Stats?',
    value: Object.keys(stats).length > 0,
    include: false,
    description: 'Indicates whether there are statistics for this table',
  };
  return {
    metadata: { type: rel.type, schema: rel.schema, name: rel.name, database, comment: rel.comment, owner: null },
    columns: Object.fromEntries(rel.columns.map((c) => [c.name, { type: c.type, index: c.index, name: c.name, comment: c.comment }])),
    stats,
    unique_id: uniqueId,
  };
}
