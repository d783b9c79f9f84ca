/**
 * A files source in tributary.yml: named tables, each a folder or glob of CSV,
 * JSONL/NDJSON or Parquet files with declared column types and PII tags.
 *
 * ```yaml
 * agency:
 *   type: files
 *   tables:
 *     leads:
 *       path: drops/leads-*.csv      # a folder (every file in it) or a glob, relative to tributary.yml
 *       columns: { email: string, score: integer, signed_up: date }
 *       primary_key: [email]
 *       pii: { email: email }
 * ```
 */
import { z } from 'zod';
import { PII_TAGS } from '../sdk/index.js';

export const COLUMN_TYPES = ['string', 'integer', 'number', 'boolean', 'date', 'datetime'] as const;
export type ColumnType = (typeof COLUMN_TYPES)[number];

const table = z.strictObject({
  path: z.string().min(1, 'expected a folder or a glob of files'),
  /** Default: from each file's extension (.csv, .jsonl/.ndjson, .parquet). */
  format: z.enum(['csv', 'jsonl', 'parquet']).optional(),
  columns: z.record(z.string().min(1), z.enum(COLUMN_TYPES, { error: `expected a column type: ${COLUMN_TYPES.join(', ')}` })),
  /** Default: the file and the row in it (`_file`, `_row`). */
  primary_key: z.array(z.string().min(1)).nonempty().optional(),
  /** New or changed files (path + size + mtime, the default), or rows past a cursor column. */
  incremental: z.union([z.literal('files'), z.strictObject({ cursor_field: z.string().min(1) })]).default('files'),
  pii: z.record(z.string(), z.enum(PII_TAGS, { error: `expected a PII tag: ${PII_TAGS.join(', ')}` })).default({}),
  /** CSV only: the delimiter, when DuckDB's sniffer should not guess it. */
  delimiter: z.string().length(1).optional(),
  /**
   * What Tributary's models read this table as, whatever it is called here: it lands and
   * is reported as that stream (raw.files_<kind>, lineage files.<kind>.<column>).
   */
  kind: z.enum(['event_leads'], { error: 'expected a table kind Tributary models read: event_leads' }).optional(),
});

/** The columns Tributary's models read from a table of each kind. */
export const KIND_COLUMNS: Readonly<Record<'event_leads', readonly string[]>> = { event_leads: ['name', 'email', 'company', 'phone', 'event', 'date'] };

export const filesConfigSchema = z
  .strictObject({
    tables: z.record(z.string().regex(/^[a-z][a-z0-9_]*$/, 'table names are lower snake case'), table).refine((t) => Object.keys(t).length > 0, 'expected at least one table'),
    /** The folder paths and globs are relative to (set by the config loader: tributary.yml's folder). */
    dir: z.string().optional(),
  })
  .superRefine((config, ctx) => {
    const streams = new Map<string, string>();
    for (const [name, t] of Object.entries(config.tables)) {
      const stream = t.kind ?? name;
      const other = streams.get(stream);
      if (other !== undefined) ctx.addIssue({ code: 'custom', path: ['tables', name, 'kind'], message: `tables "${other}" and "${name}" would both land as ${stream}: one table per kind in a source` });
      streams.set(stream, name);
      if (t.kind) {
        const missing = KIND_COLUMNS[t.kind].filter((c) => !Object.hasOwn(t.columns, c));
        if (missing.length > 0) ctx.addIssue({ code: 'custom', path: ['tables', name, 'columns'], message: `kind ${t.kind} needs the columns ${KIND_COLUMNS[t.kind].join(', ')}; missing ${missing.join(', ')}` });
      }
      for (const k of t.primary_key ?? []) if (!Object.hasOwn(t.columns, k)) ctx.addIssue({ code: 'custom', path: ['tables', name, 'primary_key'], message: `"${k}" is not one of the declared columns` });
      for (const k of Object.keys(t.pii)) if (!Object.hasOwn(t.columns, k)) ctx.addIssue({ code: 'custom', path: ['tables', name, 'pii', k], message: 'not one of the declared columns' });
      if (typeof t.incremental === 'object' && !Object.hasOwn(t.columns, t.incremental.cursor_field)) {
        ctx.addIssue({ code: 'custom', path: ['tables', name, 'incremental', 'cursor_field'], message: `"${t.incremental.cursor_field}" is not one of the declared columns` });
      }
    }
  });

export type FilesConfig = z.infer<typeof filesConfigSchema>;
export type FilesTable = FilesConfig['tables'][string];
