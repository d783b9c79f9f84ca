/**
 * What an analyst's SQL may be, decided before any of it runs: the fence in front of the
 * confined connection (warehouse.ts CONFINED: read-only, no external access, configuration
 * locked), which alone would still let through a statement that does nothing harmful yet
 * is not a question (CHECKPOINT, CREATE TEMP TABLE, PRAGMA enable_profiling). DuckDB's own
 * parser decides: every statement, prepared but not executed, must be a SELECT — DESCRIBE,
 * SHOW, SUMMARIZE and the read-only PRAGMAs (table_info, show_tables) are SELECTs to
 * DuckDB — or an EXPLAIN; and no call may name a function that changes the session or
 * runs SQL text this check never saw.
 *
 * @example
 * ```ts
 * const reader = await runQuestion(conn, 'select count(*) as n from customers', { database: 'analytics.duckdb' });
 * await runQuestion(conn, "copy customers to 'x.csv'", …); // throws query_refused
 * ```
 */
import { StatementType, type DuckDBConnection, type DuckDBPreparedStatement, type DuckDBResultReader } from '@duckdb/node-api';
import { ConfigError, TributaryError } from '../../core/index.js';

const QUESTIONS = new Set<StatementType>([StatementType.SELECT, StatementType.EXPLAIN]);

/**
 * Table functions a SELECT can call that are not questions: they switch profiling or
 * logging (to stdout, into the result), checkpoint, swap the parser, or run SQL text
 * (`query('…')`, a serialized plan) that never went through this check.
 */
const NOT_QUESTIONS = [
  'enable_profiling',
  'disable_profiling',
  'enable_logging',
  'disable_logging',
  'truncate_duckdb_logs',
  'enable_peg_parser',
  'disable_peg_parser',
  'checkpoint',
  'force_checkpoint',
  'query',
  'json_execute_serialized_sql',
];

/** Where the query runs, for the messages: `analytics.duckdb` or `warehouse.duckdb`. */
export interface QueryScope {
  readonly database: string;
}

/**
 * Runs `sql` if every statement in it is a question, like DuckDB runs a script: each in
 * order, the last one's rows (undefined for no statement at all). Refused (TributaryError
 * `query_refused`) before anything runs otherwise; what the confinement stops while it
 * runs is `query_refused` too, any other failure `query_failed`.
 */
export async function runQuestion(conn: DuckDBConnection, sql: string, scope: QueryScope): Promise<DuckDBResultReader | undefined> {
  const statements = await prepareQuestion(conn, sql, scope);
  try {
    let reader: DuckDBResultReader | undefined;
    for (const statement of statements) reader = await statement.runAndReadAll();
    return reader;
  } catch (error) {
    throw explainFailure(error, scope);
  } finally {
    for (const statement of statements) statement.destroySync();
  }
}

/** The statements of `sql`, prepared (not run) and checked; the caller destroys them. */
async function prepareQuestion(conn: DuckDBConnection, sql: string, scope: QueryScope): Promise<DuckDBPreparedStatement[]> {
  const prepared: DuckDBPreparedStatement[] = [];
  try {
    const extracted = await conn.extractStatements(sql).catch((error: unknown) => {
      // DuckDB's C API has no message for a text with no statement ('', ' ; ', a comment).
      if (error instanceof Error && /native callback/i.test(error.message)) {
        throw new ConfigError('the query holds no SQL statement', { hint: 'pass one, e.g. "select count(*) from customers"' });
      }
      throw error;
    });
    for (let i = 0; i < extracted.count; i++) {
      const statement = await extracted.prepare(i);
      prepared.push(statement);
      if (!QUESTIONS.has(statement.statementType)) {
        const kind = StatementType[statement.statementType] ?? 'unknown';
        throw refused(`only SELECT statements run here, and statement ${i + 1} is ${kind}`, scope);
      }
    }
    const named = await functionsNamed(conn, sql);
    const banned = NOT_QUESTIONS.filter((f) => named.has(f));
    if (banned.length > 0) throw refused(`${banned.map((f) => `${f}()`).join(', ')} is not allowed: it changes the session or runs SQL unchecked`, scope);
    return prepared;
  } catch (error) {
    for (const p of prepared) p.destroySync();
    throw explainFailure(error, scope);
  }
}

/**
 * Every function name a call in `sql` uses, from DuckDB's parse tree (case, quoting and
 * comments undone). The tree exists only for plain SELECTs; for the rest (EXPLAIN, the
 * read-only PRAGMAs) any mention of a refused name as a word counts, which may refuse an
 * innocent string literal but lets no call through.
 */
async function functionsNamed(conn: DuckDBConnection, sql: string): Promise<Set<string>> {
  const reader = await conn.runAndReadAll('select json_serialize_sql($1::varchar) as ast', [sql]);
  const ast = JSON.parse(String(reader.getRowObjectsJS()[0]?.ast ?? '{"error":true}')) as { error?: boolean };
  const names = new Set<string>();
  if (ast.error === false) {
    collectFunctionNames(ast, names);
  } else {
    for (const f of NOT_QUESTIONS) if (new RegExp(`(?<![\\w$])${f}(?![\\w$])`, 'i').test(sql)) names.add(f);
  }
  return names;
}

function collectFunctionNames(node: unknown, into: Set<string>): void {
  if (Array.isArray(node)) {
    for (const item of node) collectFunctionNames(item, into);
  } else if (node !== null && typeof node === 'object') {
    const record = node as Record<string, unknown>;
    if (typeof record.function_name === 'string') into.add(record.function_name.toLowerCase());
    for (const value of Object.values(record)) collectFunctionNames(value, into);
  }
}

/** A refusal, with what the query can see instead. */
function refused(reason: string, scope: QueryScope, cause?: unknown): TributaryError {
  return new TributaryError('query_refused', `query refused: ${reason}; a query is read-only and sees only the tables of ${scope.database}`, {
    hint: 'ask as a SELECT over those tables (`select table_name from information_schema.tables` lists them)',
    cause,
  });
}

/**
 * DuckDB's error for a query, as ours: what the confinement stopped says so in our words
 * (with DuckDB's, which name the file or setting); any other failure (a typo, a missing
 * table) is `query_failed` with DuckDB's message.
 */
export function explainFailure(error: unknown, scope: QueryScope): TributaryError {
  if (error instanceof TributaryError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const first = message.split('\n')[0]!;
  if (/file system operations are disabled by configuration/i.test(message)) return refused(`it cannot read or write files (${first})`, scope, error);
  if (/loading external extensions is disabled|exists in the \S+ extension|extension .* (is disabled|not loaded)/i.test(message)) {
    return refused(`it cannot install or load extensions (${first})`, scope, error);
  }
  if (/configuration has been locked/i.test(message)) return refused(`it cannot change settings (${first})`, scope, error);
  if (/read-only mode/i.test(message)) return refused(`only SELECT statements run here (${first})`, scope, error);
  return new TributaryError('query_failed', message.replace(/^Failed to extract statements: /, ''), {
    hint: `\`select table_name from information_schema.tables\` lists the tables of ${scope.database}`,
    cause: error,
  });
}
