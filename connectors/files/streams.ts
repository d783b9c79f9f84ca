/**
 * One stream per declared table. A run lists the table's files (a folder's files, or
 * a glob), and reads each new or changed one (path + size + mtime differ from the
 * state) whole before yielding it, with the state that includes it — so a file lands
 * with its bookkeeping in one commit, and a crash re-reads at most that file. With a
 * cursor column, every file is read and only rows past the saved cursor are kept.
 * A malformed file is skipped (not landed, not remembered, so it is read again once
 * fixed), and the stream fails at its end naming each such file and line, after the
 * good files have landed.
 */
import { readdirSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, relative, resolve } from 'node:path';
import { z } from 'zod';
import { ConfigError, TributaryError, type Batch, type JsonRecord, type JsonValue, type ReadContext, type Stream, type StreamState } from '../sdk/index.js';
import type { ColumnType, FilesConfig, FilesTable } from './config.js';
import { FileReader, MalformedFileError, formatOf } from './file-reader.js';

function columnSchema(type: ColumnType): z.ZodType {
  switch (type) {
    case 'integer':
      return z.number().int();
    case 'number':
      return z.number();
    case 'boolean':
      return z.boolean();
    default:
      return z.string();
  }
}

export function tableStreams(config: FilesConfig): Stream<FilesConfig>[] {
  // a table of a kind is that stream, so the models that read the kind find it under any name
  return Object.entries(config.tables).map(([name, table]) => tableStream(table.kind ?? name, table));
}

function tableStream(name: string, table: FilesTable): Stream<FilesConfig> {
  const primaryKey = table.primary_key ?? ['_file', '_row'];
  const shape: Record<string, z.ZodType> = { _file: z.string(), _row: z.number().int() };
  for (const [c, t] of Object.entries(table.columns)) shape[c] = primaryKey.includes(c) ? columnSchema(t) : columnSchema(t).nullable().optional();
  const cursorField = typeof table.incremental === 'object' ? table.incremental.cursor_field : undefined;
  return {
    name,
    description: `files at ${table.path}`,
    primaryKey,
    ...(cursorField ? { cursorField } : {}),
    schema: z.looseObject(shape),
    pii: table.pii,
    async *read(state: StreamState | undefined, ctx: ReadContext<FilesConfig>): AsyncIterable<Batch> {
      const base = ctx.config.dir ?? process.cwd();
      const files = listFiles(table.path, base);
      const seen: Record<string, string> = { ...((state?.files as Record<string, string> | undefined) ?? {}) };
      let cursor = state?.cursor as JsonValue | undefined;
      const failures: MalformedFileError[] = [];
      const reader = await FileReader.open();
      try {
        for (const file of files) {
          if (ctx.signal.aborted) return;
          const stat = statSync(file);
          const key = relative(base, file) || file;
          const version = `${stat.size}:${Math.floor(stat.mtimeMs)}`;
          if (!cursorField && seen[key] === version) continue;
          const format = formatOf(file, table.format);
          if (!format) {
            failures.push(new MalformedFileError(key, 'not a .csv, .jsonl, .ndjson or .parquet file (set format: to read it anyway)'));
            continue;
          }
          let records: JsonRecord[];
          try {
            records = await reader.read(file, key, format, table);
          } catch (error) {
            if (!(error instanceof MalformedFileError)) throw error;
            ctx.log.warn('malformed file skipped', { file: key, error: error.message });
            failures.push(error);
            continue;
          }
          if (cursorField) {
            const from = state?.cursor;
            if (from !== undefined && from !== null) records = records.filter((r) => compare(r[cursorField], from) > 0);
            for (const r of records) if (cursor === undefined || cursor === null || compare(r[cursorField], cursor) > 0) cursor = r[cursorField] ?? cursor;
          }
          seen[key] = version;
          yield { records, state: cursorField ? { cursor: cursor ?? null } : { files: { ...seen } } };
        }
      } finally {
        reader.close();
      }
      if (failures.length > 0) {
        throw new TributaryError('malformed_file', `${failures.length} file${failures.length === 1 ? '' : 's'} skipped: ${failures.map((f) => f.message).join('; ')}`, {
          hint: failures[0]!.hint ?? '',
        });
      }
    },
  };
}

function compare(a: JsonValue | undefined, b: JsonValue | undefined): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a ?? '') < String(b ?? '') ? -1 : String(a ?? '') > String(b ?? '') ? 1 : 0;
}

/** A folder's files (not recursive), or a glob's matches, sorted so runs read in the same order. */
function listFiles(pattern: string, base: string): string[] {
  const abs = isAbsolute(pattern) ? pattern : resolve(base, pattern);
  let isDir = false;
  try {
    isDir = statSync(abs).isDirectory();
  } catch {
    /* not a folder: a glob (or a file) */
  }
  const folder = isDir ? abs : dirname(abs);
  const name = isDir ? '*' : basename(abs);
  if (/[*?[]/.test(folder)) throw new ConfigError(`${pattern}: wildcards are allowed in the file name only`, { hint: 'e.g. drops/leads-*.csv' });
  let entries: string[] = [];
  try {
    entries = readdirSync(folder);
  } catch {
    throw new ConfigError(`no folder at ${relative(base, folder) || folder}`, { hint: 'tables.<name>.path is a folder or a glob (e.g. drops/*.csv), relative to tributary.yml' });
  }
  const matcher = globRegex(name);
  const files = entries.filter((f) => !f.startsWith('.') && matcher.test(f)).map((f) => resolve(folder, f)).filter((f) => statSync(f).isFile()).sort();
  if (files.length === 0 && !isDir && !/[*?[]/.test(pattern)) {
    throw new ConfigError(`no file at ${pattern}`, { hint: 'tables.<name>.path is a folder or a glob (e.g. drops/*.csv), relative to tributary.yml' });
  }
  return files;
}

/** `*` any run of characters, `?` one, `[abc]` a class; everything else literal. */
function globRegex(name: string): RegExp {
  let re = '';
  for (let i = 0; i < name.length; i++) {
    const ch = name[i]!;
    if (ch === '*') re += '.*';
    else if (ch === '?') re += '.';
    else if (ch === '[') {
      const end = name.indexOf(']', i);
      if (end < 0) re += '\\[';
      else {
        re += `[${name.slice(i + 1, end).replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else re += ch.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}
