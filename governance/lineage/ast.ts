/**
 * DuckDB's own parser as the front end: `json_serialize_sql` gives the parsed AST as
 * JSON, and `json_deserialize_sql` turns an expression back into the text DuckDB uses
 * to name an unaliased result column. Nodes are plain JSON; the helpers here read
 * them defensively, since the JSON shape is DuckDB's and can grow fields.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { SqlParseError } from './errors.js';

/** A node of DuckDB's serialized AST (an expression, a query node or a table ref). */
export type AstNode = { readonly [key: string]: unknown };

export function isNode(v: unknown): v is AstNode {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function nodeAt(n: AstNode, key: string): AstNode | undefined {
  const v = n[key];
  return isNode(v) ? v : undefined;
}

export function nodesAt(n: AstNode, key: string): AstNode[] {
  const v = n[key];
  return Array.isArray(v) ? v.filter(isNode) : [];
}

export function strAt(n: AstNode, key: string): string {
  const v = n[key];
  return typeof v === 'string' ? v : '';
}

export function strsAt(n: AstNode, key: string): string[] {
  const v = n[key];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/** Parses one SELECT statement and returns its query node. */
export async function parseSelect(conn: DuckDBConnection, sql: string, model: string | undefined): Promise<AstNode> {
  const reader = await conn.runAndReadAll('SELECT json_serialize_sql($1::VARCHAR) AS ast', [sql]);
  const text = reader.getRows()[0]?.[0];
  if (typeof text !== 'string') throw new SqlParseError(model, 'json_serialize_sql returned nothing');
  const parsed: unknown = JSON.parse(text);
  if (!isNode(parsed)) throw new SqlParseError(model, 'json_serialize_sql returned no object');
  if (parsed.error === true) {
    const message = typeof parsed.error_message === 'string' ? parsed.error_message : 'unknown parser error';
    // "Only SELECT statements can be serialized" is the message for DDL/DML and PIVOT statements.
    throw new SqlParseError(model, `DuckDB could not parse the SQL: ${message}`);
  }
  const statements = nodesAt(parsed, 'statements');
  if (statements.length !== 1) {
    throw new SqlParseError(model, `expected exactly one SELECT statement, found ${statements.length}`);
  }
  const node = nodeAt(statements[0]!, 'node');
  if (node === undefined) throw new SqlParseError(model, 'the statement has no query node');
  return node;
}

/** True for `COLUMNS(…)` / `*COLUMNS(…)` star nodes, which expand into several result columns. */
export function isColumnsStar(e: AstNode): boolean {
  return strAt(e, 'class') === 'STAR' && e.columns === true;
}

/** Every COLUMNS(…) star inside an expression (not descending into subqueries). */
export function findColumnsStars(e: AstNode): AstNode[] {
  const found: AstNode[] = [];
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) return v.forEach(visit);
    if (!isNode(v)) return;
    if (isColumnsStar(v)) {
      found.push(v);
      return;
    }
    if (strAt(v, 'class') === 'SUBQUERY') return;
    for (const x of Object.values(v)) visit(x);
  };
  visit(e);
  return found;
}

function withoutLocations(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutLocations);
  if (!isNode(v)) return v;
  const out: Record<string, unknown> = {};
  // query_location is a uint64 that JSON.parse cannot hold exactly; DuckDB rejects the rounded value.
  for (const [k, x] of Object.entries(v)) if (k !== 'query_location') out[k] = withoutLocations(x);
  return out;
}

/**
 * The names DuckDB would give unaliased expressions: `json_deserialize_sql` of
 * `SELECT <expr>` prints the expression exactly as DuckDB's `ToString`, which is what
 * it uses as the column name (`lower(main."trim"(email))`, `count_star()`,
 * `(a + 1)`). Collects every unaliased select item that is not a column or a
 * COLUMNS(…) expansion, anywhere in the query, then names them one by one.
 */
export async function nameExpressions(conn: DuckDBConnection, root: AstNode): Promise<WeakMap<AstNode, string>> {
  const wanted: AstNode[] = [];
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) return v.forEach(visit);
    if (!isNode(v)) return;
    if (strAt(v, 'type') === 'SELECT_NODE') {
      for (const item of nodesAt(v, 'select_list')) {
        const cls = strAt(item, 'class');
        if (cls === 'STAR' && !isColumnsStar(item)) continue;
        // COLUMNS(…) expansions are named after the matched columns.
        if (findColumnsStars(item).length > 0) continue;
        if (strAt(item, 'alias') === '' && cls !== 'COLUMN_REF') wanted.push(item);
      }
    }
    for (const x of Object.values(v)) visit(x);
  };
  visit(root);
  const names = new WeakMap<AstNode, string>();
  if (wanted.length === 0) return names;
  const template = await conn.runAndReadAll('SELECT json_serialize_sql($1::VARCHAR)', ['SELECT 1']);
  const base = withoutLocations(JSON.parse(String(template.getRows()[0]![0]))) as {
    statements: { node: { select_list: unknown[] } }[];
  };
  for (const e of wanted) {
    const stmt = structuredClone(base);
    stmt.statements[0]!.node.select_list = [{ ...(withoutLocations(e) as AstNode), alias: '' }];
    try {
      const r = await conn.runAndReadAll('SELECT json_deserialize_sql($1::JSON)', [JSON.stringify(stmt)]);
      const text = String(r.getRows()[0]![0]);
      names.set(e, text.replace(/^SELECT /, ''));
    } catch {
      // A node DuckDB cannot print back: the analyser falls back to a positional name.
    }
  }
  return names;
}

/**
 * The sub-expressions of an expression node: every field holding a node with a
 * `class`, arrays of them, and plain objects wrapping them (CASE's `case_checks`).
 */
export function childExpressions(e: AstNode): AstNode[] {
  const out: AstNode[] = [];
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) return v.forEach(visit);
    if (!isNode(v)) return;
    if (typeof v.class === 'string') {
      out.push(v);
      return;
    }
    for (const x of Object.values(v)) visit(x);
  };
  for (const [k, v] of Object.entries(e)) if (k !== 'order_bys' && k !== 'value') visit(v);
  return out;
}

/** A copy of `tree` with the node `target` replaced by `replacement`. */
export function substitute(tree: unknown, target: AstNode, replacement: AstNode): unknown {
  if (tree === target) return replacement;
  if (Array.isArray(tree)) return tree.map((x) => substitute(x, target, replacement));
  if (!isNode(tree)) return tree;
  return Object.fromEntries(Object.entries(tree).map(([k, v]) => [k, substitute(v, target, replacement)]));
}
