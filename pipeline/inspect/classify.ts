/**
 * The classify task: which columns of a file or a warehouse table hold personal data,
 * by the PII classifier (governance/pii/classify.ts) — tag, confidence and evidence per
 * column, never the values themselves. A file (CSV, Parquet, JSON lines) needs no
 * workspace, so IT can check an export before it is shared; a table (`customers`,
 * `raw.hubspot_contacts`) is read from the workspace's warehouse, read-only, and the
 * read is audited (it sees unmasked data even though it prints none).
 *
 * @example
 * ```ts
 * import { classify } from 'tributary';
 * const report = await classify({ target: 'exports/customers.csv' });
 * report.columns.filter((c) => c.tag !== null); // the personal columns
 * ```
 */
import { existsSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import { ConfigError, TributaryError } from '../../core/index.js';
import { PUBLISH_THRESHOLD, type Classification, type Evidence } from '../../governance/pii/classify.js';
import { CLASSIFIABLE_EXTENSIONS, classifyFile } from '../../governance/pii/classify-file.js';
import type { TributaryConfig } from '../config/load-config.js';

export interface ClassifyOptions {
  /** A file path (by extension) or a warehouse table (`customers`, `raw.hubspot_contacts`). */
  readonly target: string;
  /** Needed for a table. */
  readonly config?: TributaryConfig;
  /** Values sampled per column (default 200). */
  readonly limit?: number;
}

export interface ClassifiedColumnReport {
  readonly column: string;
  readonly type: string;
  /** The strongest tag at or above the publish threshold, or null. */
  readonly tag: string | null;
  /** The strongest detection's confidence (also when below the threshold). */
  readonly confidence: number;
  readonly evidence: string;
  /** Every detection, strongest first, with its evidence. */
  readonly detections: readonly { tag: string; confidence: number; evidence: Evidence; reason: string }[];
}

export interface ClassifyReport {
  readonly target: string;
  readonly kind: 'file' | 'table';
  readonly rows: number;
  readonly threshold: number;
  readonly columns: readonly ClassifiedColumnReport[];
}

function report(column: string, type: string, cs: readonly Classification[]): ClassifiedColumnReport {
  const best = cs[0];
  return {
    column,
    type,
    tag: best && best.confidence >= PUBLISH_THRESHOLD ? best.tag : null,
    confidence: best?.confidence ?? 0,
    evidence: best?.reason ?? '',
    detections: cs.map((c) => ({ tag: c.tag, confidence: c.confidence, evidence: c.evidence, reason: c.reason })),
  };
}

/** Whether `target` names a file (by its extension) rather than a table. */
export function isFileTarget(target: string): boolean {
  return CLASSIFIABLE_EXTENSIONS.includes(extname(target).toLowerCase());
}

export async function classify(options: ClassifyOptions): Promise<ClassifyReport> {
  const { target } = options;
  const limit = options.limit ?? 200;
  if (isFileTarget(target)) {
    const result = await classifyFile(target, { limit });
    return { target, kind: 'file', rows: result.rows, threshold: PUBLISH_THRESHOLD, columns: result.columns.map((c) => report(c.column, c.dataType, c.classifications)) };
  }
  if (existsSync(target) && statSync(target).isFile()) {
    throw new ConfigError(`"${target}" is not a file Tributary reads`, { hint: `export it as ${CLASSIFIABLE_EXTENSIONS.join(', ')} first` });
  }
  const config = options.config;
  if (config === undefined) {
    throw new ConfigError(`"${target}" is neither a ${CLASSIFIABLE_EXTENSIONS.join(', ')} file nor a table of a workspace`, {
      hint: 'give a file, or a warehouse table with --config tributary.yml',
    });
  }
  return classifyTable(config, target, limit);
}

async function classifyTable(config: TributaryConfig, target: string, limit: number): Promise<ClassifyReport> {
  const path = config.warehousePath;
  if (!existsSync(path)) throw new TributaryError('no_database', `${path} does not exist yet`, { hint: 'run `tributary sync` (or `tributary demo`) first' });
  const [schema, name] = target.includes('.') ? (target.split('.', 2) as [string, string]) : ['main', target];
  const { withWarehouse } = await import('../warehouse/warehouse.js');
  const { markReader } = await import('../warehouse/readers.js');
  const { classifyRelation } = await import('../../governance/pii/classify.js');
  const result = await withWarehouse(
    path,
    async (wh) => {
      const cols = await wh.conn.runAndReadAll(
        `SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 ORDER BY ordinal_position`,
        [schema, name],
      );
      const columns = cols.getRows().map((r) => String(r[0]));
      if (columns.length === 0) {
        throw new ConfigError(`no table "${target}" in ${path}`, { hint: 'name a model (customers) or a raw table (raw.hubspot_contacts); `tributary pii --all` lists them' });
      }
      const unmark = markReader(path, 'classify');
      try {
        const { quoteQualified } = await import('../../core/sql.js');
        const rows = Number((await wh.conn.runAndReadAll(`SELECT count(*) FROM ${quoteQualified(schema, name)}`)).getRows()[0]![0]);
        return { rows, columns: await classifyRelation(wh.conn, { schema, name }, columns, { limit }) };
      } finally {
        unmark();
      }
    },
    { readOnly: true },
  );
  const { ControlPlane, currentActor } = await import('../control-plane/control-plane.js');
  const cp = await ControlPlane.open(config.controlPlanePath);
  try {
    await cp.audit({ actor: currentActor(), action: 'classify', target: `${schema}.${name}`, details: { columns: result.columns.length, sampled: limit } });
  } finally {
    await cp.close();
  }
  return { target, kind: 'table', rows: result.rows, threshold: PUBLISH_THRESHOLD, columns: result.columns.map((c) => report(c.column, c.dataType, c.classifications)) };
}
