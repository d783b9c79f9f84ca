/**
 * Publish stage: copies the marts into the analyst database with masking applied.
 *
 * Written to `<analytics>.tmp`, checkpointed and closed, fsynced, then renamed over
 * the old file: analysts (and their tools holding the file open) see either the old
 * database or the new one, never half of one, and the sync never holds their file.
 *
 * Fails closed: a column where personal data was *detected* but no PII tag governs it
 * stops the publish with an error naming the column, and the old file stays in place.
 *
 * Text no tag governs (a CRM's free-text company field) can still carry an email or a
 * phone number inside it: those are replaced in place by a marker
 * (governance/masking/embedded.ts), and the result says where and how many.
 */
import { existsSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { fsyncPath, killPoint, type PiiTag, quoteIdent, quoteLiteral, quoteQualified, TributaryError } from '../../core/index.js';
import { containsEmbeddedSql, EMBEDDED_PARAMS, embeddedTextKind, scrubEmbeddedSql } from '../../governance/masking/embedded.js';
import { maskColumn, PSEUDONYM_PARAMS, pseudonymParams } from '../../governance/masking/masking.js';
import type { MaskingPolicy } from '../../schema/pii-taxonomy.js';
import type { Warehouse } from '../warehouse/warehouse.js';
import { ensureAnalyticsDir } from './analytics-dir.js';

export interface PublishColumnPolicy {
  readonly column: string;
  readonly tags: readonly PiiTag[];
}

export interface PublishTable {
  /** Relation name in the warehouse `main` schema (and in the analytics db). */
  readonly name: string;
  readonly description?: string;
  readonly piiColumns: readonly PublishColumnPolicy[];
  readonly columnDescriptions?: Readonly<Record<string, string>>;
}

/** A column where PII was detected but no tag (and so no policy) governs it. */
export interface UngovernedColumn {
  readonly table: string;
  readonly column: string;
  readonly detected: PiiTag;
  readonly reason: string;
  /** Upstream chain, for the error message. */
  readonly lineage: string;
}

export interface PublishResult {
  readonly path: string;
  readonly tables: readonly {
    name: string;
    rows: number;
    masked: readonly { column: string; tag: PiiTag; policy: MaskingPolicy }[];
    /** Untagged text columns whose values had emails or phone numbers inside: how many values were scrubbed. */
    scrubbed: readonly { column: string; values: number }[];
  }[];
  readonly durationMs: number;
}

const STRICTNESS: Record<MaskingPolicy, number> = { none: 0, partial: 1, hash: 2, redact: 3 };

export async function publish(options: {
  wh: Warehouse;
  analyticsPath: string;
  tables: readonly PublishTable[];
  masking: Readonly<Record<PiiTag, MaskingPolicy>>;
  /** Key of the keyed hash behind the `hash` policy (pipeline/publish/pseudonym-key.ts). */
  pseudonymKey: string;
  ungoverned?: readonly UngovernedColumn[];
}): Promise<PublishResult> {
  const started = Date.now();
  const { wh, analyticsPath, tables, masking } = options;
  if (options.ungoverned && options.ungoverned.length > 0) {
    const lines = options.ungoverned.map((u) => `  - ${u.table}.${u.column}: looks like ${u.detected} (${u.reason}); lineage: ${u.lineage}`);
    throw new TributaryError('ungoverned_pii', `publish refused: personal data without a PII tag would reach analysts:\n${lines.join('\n')}`, {
      hint: 'tag the column (meta: { pii: <tag> } in schema.yml, or on the connector stream) so a masking policy applies',
    });
  }
  ensureAnalyticsDir(analyticsPath);
  const tmp = `${analyticsPath}.tmp`;
  rmSync(tmp, { force: true });
  rmSync(`${tmp}.wal`, { force: true });
  const alias = 'tributary_publish';
  await wh.run(`attach ${quoteLiteral(tmp)} as ${quoteIdent(alias)}`);
  const results: PublishResult['tables'][number][] = [];
  try {
    for (const table of tables) {
      const columns = await wh.all(
        `select column_name, data_type from information_schema.columns where table_schema = 'main' and table_name = $1 and table_catalog = current_database() order by ordinal_position`,
        [table.name],
      );
      if (columns.length === 0) throw new TributaryError('publish_missing_table', `cannot publish ${table.name}: the model was not built`);
      const masked: { column: string; tag: PiiTag; policy: MaskingPolicy }[] = [];
      const untaggedText: { column: string; kind: 'text' | 'list' }[] = [];
      const select = columns.map((c) => {
        const name = String(c.column_name);
        const pii = table.piiColumns.find((p) => p.column === name);
        if (!pii || pii.tags.length === 0) {
          const kind = embeddedTextKind(String(c.data_type));
          if (kind) untaggedText.push({ column: name, kind });
          return quoteIdent(name);
        }
        // Several tags on one column: the strictest policy wins.
        const [tag, policy] = pii.tags
          .map((t) => [t, masking[t]] as const)
          .sort((a, b) => STRICTNESS[b[1]] - STRICTNESS[a[1]])[0]!;
        masked.push({ column: name, tag, policy });
        return maskColumn(name, String(c.data_type), tag, policy).sql;
      });
      const scrubbed = await embeddedValues(wh, table.name, untaggedText);
      for (const { column } of scrubbed) {
        const kind = untaggedText.find((u) => u.column === column)!.kind;
        const col = quoteIdent(column);
        select[columns.findIndex((c) => c.column_name === column)] =
          `${kind === 'list' ? `list_transform(${col}, v -> ${scrubEmbeddedSql('v')})` : scrubEmbeddedSql(col)} as ${col}`;
      }
      const sql = `create table ${quoteQualified(alias, 'main', table.name)} as select ${select.join(', ')} from ${quoteQualified('main', table.name)}`;
      await wh.run(sql, boundParams(sql, options.pseudonymKey));
      if (table.description) {
        await wh.run(`comment on table ${quoteQualified(alias, 'main', table.name)} is ${quoteLiteral(table.description)}`);
      }
      for (const [col, text] of Object.entries(table.columnDescriptions ?? {})) {
        if (columns.some((c) => c.column_name === col)) {
          await wh.run(`comment on column ${quoteQualified(alias, 'main', table.name, col)} is ${quoteLiteral(text)}`);
        }
      }
      const [count] = await wh.all(`select count(*) as n from ${quoteQualified(alias, 'main', table.name)}`);
      results.push({ name: table.name, rows: Number(count?.n ?? 0), masked, scrubbed });
      killPoint('publish:table');
    }
    await wh.run(`checkpoint ${quoteIdent(alias)}`);
  } catch (error) {
    await wh.run(`detach ${quoteIdent(alias)}`).catch(() => {});
    rmSync(tmp, { force: true });
    rmSync(`${tmp}.wal`, { force: true });
    throw error;
  }
  await wh.run(`detach ${quoteIdent(alias)}`);
  fsyncPath(tmp);
  killPoint('publish:written');
  renameSync(tmp, analyticsPath);
  killPoint('publish:renamed');
  if (existsSync(`${analyticsPath}.wal`)) rmSync(`${analyticsPath}.wal`, { force: true });
  fsyncPath(dirname(analyticsPath));
  return { path: analyticsPath, tables: results, durationMs: Date.now() - started };
}

/**
 * The untagged text columns of `table` holding an email or phone number inside some
 * value, with how many values: one scan of the table, in SQL.
 */
async function embeddedValues(wh: Warehouse, table: string, columns: readonly { column: string; kind: 'text' | 'list' }[]): Promise<{ column: string; values: number }[]> {
  if (columns.length === 0) return [];
  const counts = columns.map(({ column, kind }, i) => {
    const col = quoteIdent(column);
    const test = kind === 'list' ? `list_bool_or(list_transform(${col}, v -> ${containsEmbeddedSql('v')}))` : containsEmbeddedSql(col);
    return `count(*) filter (where ${test}) as ${quoteIdent(`c${i}`)}`;
  });
  const [row] = await wh.all(`select ${counts.join(', ')} from ${quoteQualified('main', table)}`, EMBEDDED_PARAMS);
  return columns.map(({ column }, i) => ({ column, values: Number(row?.[`c${i}`] ?? 0) })).filter((c) => c.values > 0);
}

/** The named parameters `sql` references: the pseudonym key's, the embedded patterns'; never more (DuckDB refuses extras). */
function boundParams(sql: string, pseudonymKey: string): Record<string, string> {
  const params: Record<string, string> = {};
  if (PSEUDONYM_PARAMS.some((p) => sql.includes(`$${p}`))) Object.assign(params, pseudonymParams(pseudonymKey));
  for (const [name, value] of Object.entries(EMBEDDED_PARAMS)) if (sql.includes(`$${name}`)) params[name] = value;
  return params;
}
