/**
 * Govern stage: runs the governance pass on what the build produced, stores the column
 * catalog, lineage edges and PII tags in the control plane (so `lineage` and `pii` never
 * need the warehouse a sync may be holding), and tells publish what to mask.
 */
import { killPoint, type Logger } from '../../core/index.js';
import { fieldName, govern, type GovernanceResult } from '../../governance/govern.js';
import { governInputs, type BuildResult } from '../transform/build-models.js';
import { rawColumnInfo } from '../land/raw-columns.js';
import { currentActor, type ControlPlane, type GovernanceSnapshot } from '../control-plane/control-plane.js';
import type { PublishTable, UngovernedColumn } from '../publish/publish.js';
import type { Warehouse } from '../warehouse/warehouse.js';

export interface GovernStageResult {
  readonly governance: GovernanceResult;
  readonly publishTables: readonly PublishTable[];
  readonly ungoverned: readonly UngovernedColumn[];
  readonly taggedColumns: number;
  readonly edges: number;
}

export async function governStage(options: { wh: Warehouse; build: BuildResult; cp: ControlPlane; runId: string; log: Logger }): Promise<GovernStageResult> {
  const { wh, build, cp, runId, log } = options;
  const models = governInputs(build);
  const rawColumns = await rawColumnInfo(wh);
  const governance = await govern({ conn: wh.conn, models, rawColumns, log });

  const types = await wh.all(
    `select table_schema, table_name, column_name, data_type from information_schema.columns
      where table_schema in ('raw', 'main') and table_catalog = current_database() order by table_schema, table_name, ordinal_position`,
  );
  const rawByKey = new Map(rawColumns.map((c) => [`raw.${c.table}.${c.column}`, c]));
  const modelByRelation = new Map(models.map((m) => [m.relation, m]));
  // Seeds are an origin of their own (a CSV in the project): lineage coverage names them.
  const seedRelations = new Set(build.seeds.filter((s) => s.status === 'success').map((s) => `${s.relation.schema}.${s.relation.name}`.toLowerCase()));
  const catalog: GovernanceSnapshot['catalog'][number][] = [];
  for (const t of types) {
    const relation = `${t.table_schema}.${t.table_name}`.toLowerCase();
    const column = String(t.column_name);
    const model = modelByRelation.get(relation);
    if (t.table_schema === 'raw') {
      const raw = rawByKey.get(`${relation}.${column}`);
      catalog.push({ relation, column, kind: 'raw', dataType: String(t.data_type), sourceField: raw ? fieldName(raw) : undefined });
    } else if (model) {
      const derivation = governance.lineage.get(relation)?.columns.find((c) => c.column === column)?.sourceless;
      catalog.push({
        relation,
        column,
        kind: model.published ? 'mart' : 'model',
        dataType: String(t.data_type),
        description: model.columns.find((c) => c.name === column)?.description,
        ...(derivation === undefined ? {} : { derivation }),
      });
    } else if (seedRelations.has(relation)) {
      catalog.push({ relation, column, kind: 'seed', dataType: String(t.data_type) });
    }
  }
  killPoint('govern:analysed');
  await cp.replaceGovernance(runId, { catalog, ...governance.snapshot }, currentActor());
  killPoint('govern:recorded');

  const publishTables: PublishTable[] = models
    .filter((m) => m.published)
    .map((m) => {
      const [, name] = m.relation.split('.') as [string, string];
      const columns = governance.lineage.get(m.relation)?.columns.map((c) => c.column) ?? [];
      return {
        name,
        ...(m.description ? { description: m.description } : {}),
        piiColumns: columns.map((column) => ({ column, tags: governance.pii.tagsOf(m.relation, column) })).filter((c) => c.tags.length > 0),
        columnDescriptions: Object.fromEntries(m.columns.filter((c) => c.description).map((c) => [c.name, c.description!])),
      };
    });
  return {
    governance,
    publishTables,
    ungoverned: governance.ungoverned.map((u) => ({ table: u.relation, column: u.column, detected: u.detected, reason: u.reason, lineage: u.lineage })),
    taggedColumns: governance.pii.columns().length,
    edges: governance.snapshot.edges.length,
  };
}
