/**
 * The governance pass over a freshly built warehouse:
 *
 * 1. column lineage of every model from DuckDB's parser, resolved against the catalog;
 * 2. chained down to raw columns and on to the connector field that filled each one;
 * 3. PII tags seeded from connector declarations, schema.yml `meta.pii` and a value
 *    classifier, propagated along lineage (aggregates break them, hashes pseudonymise);
 * 4. personal data the classifier finds in a published column that no tag governs is
 *    reported as ungoverned — publishing then fails closed.
 *
 * Inputs are plain data (the pipeline passes what its model engine built), so
 * governance never imports the pipeline.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { isPiiTag, type Logger, type PiiTag } from '../core/index.js';
import { loadCatalog } from './lineage/catalog.js';
import { modelColumnLineage } from './lineage/column-lineage.js';
import { LineageGraph, formatNode, type FieldMapping } from './lineage/graph.js';
import type { ModelLineage } from './lineage/types.js';
import { classifyRelation } from './pii/classify.js';
import { propagatePii, type ClassifierSeed, type DeclaredSeed, type MetaSeed, type PiiAssignment } from './pii/propagate.js';

export interface GovernModel {
  /** Model name (`customers`). */
  readonly name: string;
  /** Schema-qualified relation (`main.customers`). */
  readonly relation: string;
  readonly compiledSql: string;
  /** Published to analysts (marts): classified for ungoverned PII. */
  readonly published: boolean;
  readonly description?: string | undefined;
  readonly columns: readonly { name: string; description?: string | undefined; pii?: unknown }[];
}

/** A raw column and the connector field behind it (from the landing's catalog). */
export interface RawColumnInfo {
  readonly table: string;
  readonly column: string;
  readonly connector: string;
  readonly stream: string;
  readonly fieldPath: string;
  readonly dataType: string;
  readonly piiTag: string | null;
}

export interface UngovernedFinding {
  readonly relation: string;
  readonly column: string;
  readonly detected: PiiTag;
  readonly reason: string;
  readonly lineage: string;
}

export interface GovernanceResult {
  readonly lineage: ReadonlyMap<string, ModelLineage>;
  readonly graph: LineageGraph;
  readonly pii: PiiAssignment;
  readonly ungoverned: readonly UngovernedFinding[];
  /** Storable form for the control plane. */
  readonly snapshot: {
    readonly edges: readonly { fromNode: string; toNode: string; transform: string }[];
    readonly tags: readonly { node: string; tag: string; originKind: string; origin: string; path: readonly string[] }[];
  };
}

/** Classifier findings below this confidence are not enough to block a publish. */
const BLOCKING_CONFIDENCE = 0.8;

export async function govern(input: {
  conn: DuckDBConnection;
  models: readonly GovernModel[];
  rawColumns: readonly RawColumnInfo[];
  log: Logger;
}): Promise<GovernanceResult> {
  const { conn, models, rawColumns, log } = input;
  const catalog = await loadCatalog(conn);
  const lineage = new Map<string, ModelLineage>();
  for (const m of models) lineage.set(m.relation, await modelColumnLineage(conn, m.compiledSql, catalog, m.name));

  const fields: FieldMapping[] = rawColumns.map((c) => ({ field: fieldName(c), relation: `raw.${c.table}`, column: c.column }));
  const graph = LineageGraph.build({ models: [...lineage].map(([relation, l]) => ({ relation, lineage: l })), fields });

  const declared: DeclaredSeed[] = rawColumns
    .filter((c) => c.piiTag !== null && isPiiTag(c.piiTag))
    .map((c) => ({ field: fieldName(c), tag: c.piiTag as PiiTag, relation: `raw.${c.table}`, column: c.column }));
  const meta: MetaSeed[] = models.flatMap((m) =>
    m.columns.flatMap((c) => {
      const tags = metaTags(c.pii);
      return tags === undefined ? [] : [{ model: m.relation, column: c.name, tags, mode: tags.length === 0 ? ('override' as const) : ('extend' as const) }];
    }),
  );
  // A BOOLEAN cannot hold personal data, even when computed from it (`is_anchor = key = anchor`):
  // such columns stop propagation instead of being masked into text.
  const declaredMeta = new Set(meta.map((s) => `${s.model}.${s.column}`));
  for (const m of models) {
    for (const column of await booleanColumns(conn, m.relation)) {
      if (!declaredMeta.has(`${m.relation}.${column}`)) meta.push({ model: m.relation, column, tags: [], mode: 'override' });
    }
  }
  const explicitlyNotPersonal = new Set(meta.filter((s) => s.tags.length === 0).map((s) => `${s.model}.${s.column}`));
  const pii = propagatePii(graph, { declared, meta });

  // Classify what analysts will see; anything personal that no tag covers is ungoverned.
  const ungoverned: UngovernedFinding[] = [];
  const classifier: ClassifierSeed[] = [];
  for (const m of models.filter((x) => x.published)) {
    const cols = lineage.get(m.relation)?.columns.map((c) => c.column) ?? [];
    const [schema, name] = m.relation.split('.') as [string, string];
    for (const { column, classifications } of await classifyRelation(conn, { schema, name }, cols, { limit: 200 })) {
      const best = classifications[0];
      if (!best || best.confidence < BLOCKING_CONFIDENCE) continue;
      if (pii.tagsOf(m.relation, column).length > 0 || explicitlyNotPersonal.has(`${m.relation}.${column}`)) continue;
      classifier.push({ relation: m.relation, column, tag: best.tag, reason: best.reason, confidence: best.confidence });
      const upstream = graph
        .upstream(graph.resolve(`${m.relation}.${column}`)!)
        .map((h) => formatNode(h.from))
        .slice(0, 6)
        .join(' <- ');
      ungoverned.push({ relation: m.relation, column, detected: best.tag, reason: best.reason, lineage: upstream || '(no upstream columns)' });
    }
  }
  if (ungoverned.length > 0) log.warn('ungoverned personal data detected', { columns: ungoverned.map((u) => `${u.relation}.${u.column}`) });
  const withClassifier = classifier.length > 0 ? propagatePii(graph, { declared, meta, classifier }) : pii;

  const label = (n: Parameters<typeof formatNode>[0]) => formatNode(n, { qualified: true });
  return {
    lineage,
    graph,
    pii: withClassifier,
    ungoverned,
    snapshot: {
      edges: graph.edges().map((e) => ({ fromNode: label(e.from), toNode: label(e.to), transform: e.from.kind === 'field' ? 'field' : e.transform })),
      tags: withClassifier.columns().flatMap((c) =>
        c.tags.map((t) => ({
          node: `${c.relation}.${c.column}`,
          tag: t.tag,
          originKind: t.origin.kind,
          origin:
            t.origin.kind === 'declared'
              ? t.origin.field
              : t.origin.kind === 'model_meta'
                ? `${t.origin.model}.${t.origin.column} (schema.yml meta)`
                : t.origin.reason,
          path: t.path,
        })),
      ),
    },
  };
}

async function booleanColumns(conn: DuckDBConnection, relation: string): Promise<string[]> {
  const [schema, name] = relation.split('.') as [string, string];
  const reader = await conn.runAndReadAll(
    `select column_name from information_schema.columns where table_schema = $1 and table_name = $2 and data_type = 'BOOLEAN'`,
    [schema, name],
  );
  return reader.getRows().map((r) => String(r[0]));
}

/** `hubspot.contacts.properties.email`: connector type, stream, field path. */
export function fieldName(c: Pick<RawColumnInfo, 'connector' | 'stream' | 'fieldPath'>): string {
  return `${c.connector}.${c.stream}.${c.fieldPath}`;
}

/** schema.yml `meta.pii`: a tag, a list of tags, or `false`/`none`/`[]` for "not personal". */
function metaTags(value: unknown): PiiTag[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (value === false || value === 'none') return [];
  const list = Array.isArray(value) ? value : [value];
  return list.filter((v): v is PiiTag => typeof v === 'string' && isPiiTag(v));
}
