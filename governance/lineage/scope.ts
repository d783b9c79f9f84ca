/**
 * Name resolution: which columns a FROM clause makes visible, under which names, and
 * how a (possibly qualified) column reference maps onto them. Mirrors DuckDB's binder
 * rules closely enough for lineage: aliases hide table names, USING/NATURAL join
 * columns appear once in `*`, `a.b` is a table column before it is a struct field,
 * and correlated references look in enclosing queries.
 */
import { ColumnResolutionError, LineageError } from './errors.js';
import { compose, mergeSources } from './transforms.js';
import type { ColumnSource } from './types.js';

/** A column of a relation visible in a query, with the base columns behind it. */
export interface Col {
  readonly name: string;
  readonly sources: readonly ColumnSource[];
  /** Its value counts or ranks rows (`count(*)`, `row_number()`), beyond what `sources` say. */
  readonly rows?: boolean;
}

/** Told about every column a reference resolves to (the analyser tracks row-counting columns this way). */
export type ColSeen = (col: Col) => void;

/** `rows` of a column built from several: set when any of them counts rows. */
export function anyRows(...cols: readonly Col[]): { rows?: true } {
  return cols.some((c) => c.rows === true) ? { rows: true } : {};
}

/** One FROM item: a table, CTE, subquery or table function, under its alias. */
export interface Binding {
  /** Lower-case name it is referenced by (alias, else table name). */
  readonly alias: string;
  /** For base tables referenced without alias: lower-case schema and table, for `schema.table.col`. */
  readonly qualified?: { readonly schema: string; readonly table: string };
  readonly columns: readonly Col[];
}

/** A star entry: what `*` expands to, in DuckDB's order. */
export interface StarEntry {
  readonly binding: string;
  readonly col: Col;
}

/** What a FROM clause (a tree of joins) makes visible. */
export interface FromClause {
  readonly bindings: readonly Binding[];
  /** USING / NATURAL join columns, by lower-case name: both sides merged into one column. */
  readonly merged: ReadonlyMap<string, Col>;
  readonly star: readonly StarEntry[];
}

export const EMPTY_FROM: FromClause = { bindings: [], merged: new Map(), star: [] };

/** Resolution context of one query level; `parent` is the enclosing query (correlation, LATERAL). */
export interface Scope {
  readonly from: FromClause;
  readonly parent?: Scope;
  /** Select-list aliases, usable in WHERE/GROUP BY/HAVING/QUALIFY/ORDER BY and later select items. */
  readonly aliases?: Map<string, Col>;
  /** Lambda parameters in scope: they are not columns. */
  readonly lambdaParams?: ReadonlySet<string>;
  /** CTEs visible here (innermost first). */
  readonly ctes?: CteEnv;
}

/** The CTEs of one WITH clause (by lower-case name), chained to the enclosing ones. */
export interface CteEnv {
  readonly map: Map<string, readonly Col[]>;
  readonly parent?: CteEnv;
}

export function lookupCte(env: CteEnv | undefined, name: string): readonly Col[] | undefined {
  for (let e = env; e !== undefined; e = e.parent) {
    const hit = e.map.get(name.toLowerCase());
    if (hit !== undefined) return hit;
  }
  return undefined;
}

export function bindingFor(alias: string, columns: readonly Col[], qualified?: Binding['qualified']): FromClause {
  const binding: Binding = qualified === undefined ? { alias, columns } : { alias, columns, qualified };
  return { bindings: [binding], merged: new Map(), star: columns.map((col) => ({ binding: alias, col })) };
}

function findInBinding(b: Binding, name: string): Col | undefined {
  const lower = name.toLowerCase();
  return b.columns.find((c) => c.name.toLowerCase() === lower);
}

/** An unqualified column name in one FROM clause; throws when two tables both have it. */
export function findUnqualified(from: FromClause, name: string, model: string | undefined): Col | undefined {
  const lower = name.toLowerCase();
  const merged = from.merged.get(lower);
  if (merged !== undefined) return merged;
  const hits = from.bindings.flatMap((b) => {
    const c = findInBinding(b, name);
    return c === undefined ? [] : [{ b, c }];
  });
  if (hits.length > 1) {
    throw new ColumnResolutionError(
      model,
      `column reference "${name}" is ambiguous: it exists in ${hits.map((h) => `"${h.b.alias}"`).join(' and ')}`,
    );
  }
  return hits[0]?.c;
}

/** The binding `parts` names: `alias`, `schema.table` or `catalog.schema.table`. */
export function findBinding(from: FromClause, parts: readonly string[]): Binding | undefined {
  const p = parts.map((x) => x.toLowerCase());
  if (p.length === 1) return from.bindings.find((b) => b.alias === p[0]);
  const [schema, table] = p.slice(-2);
  return from.bindings.find((b) => b.qualified?.schema === schema && b.qualified.table === table);
}

/** Joins two FROM clauses; `usingColumns` (USING or NATURAL) merge into one column each. */
export function joinFrom(
  left: FromClause,
  right: FromClause,
  usingColumns: readonly string[],
  model: string | undefined,
): FromClause {
  const merged = new Map([...left.merged, ...right.merged]);
  const replaced = new Map<Col, Col>();
  const hidden = new Set<Col>();
  for (const name of usingColumns) {
    const l = findUnqualified(left, name, model);
    const r = findUnqualified(right, name, model);
    if (l === undefined || r === undefined) {
      throw new ColumnResolutionError(model, `join column "${name}" is missing on the ${l === undefined ? 'left' : 'right'} side`);
    }
    const col: Col = { name: l.name, sources: mergeSources(l.sources, r.sources), ...anyRows(l, r) };
    merged.set(name.toLowerCase(), col);
    replaced.set(l, col);
    hidden.add(r);
  }
  const star = [
    ...left.star.map((e) => ({ binding: e.binding, col: replaced.get(e.col) ?? e.col })),
    ...right.star.filter((e) => !hidden.has(e.col)),
  ];
  return { bindings: [...left.bindings, ...right.bindings], merged, star };
}

/** Column names two FROM clauses share (NATURAL JOIN), in left order. */
export function commonColumns(left: FromClause, right: FromClause): string[] {
  const rightNames = new Set(right.star.map((e) => e.col.name.toLowerCase()));
  const seen = new Set<string>();
  const out: string[] = [];
  for (const e of left.star) {
    const n = e.col.name.toLowerCase();
    if (rightNames.has(n) && !seen.has(n)) {
      seen.add(n);
      out.push(e.col.name);
    }
  }
  return out;
}

/**
 * Resolves a column reference (`col`, `t.col`, `schema.t.col`, `col.field`…) in this
 * scope or an enclosing one. Returns undefined for lambda parameters; struct field
 * access makes an `expression` of the column.
 */
export function resolveColumn(scope: Scope, names: readonly string[], model: string | undefined, seen?: ColSeen): readonly ColumnSource[] {
  for (let s: Scope | undefined = scope; s !== undefined; s = s.parent) {
    if (s.lambdaParams?.has(names[0]!.toLowerCase())) return [];
    const hit = resolveIn(s, names, model, seen);
    if (hit !== undefined) return hit;
  }
  // DuckDB's pseudo-columns carry no data of any source.
  if (names.length === 1 && ['rowid'].includes(names[0]!.toLowerCase())) return [];
  throw new ColumnResolutionError(model, `column "${names.join('.')}" not found in the FROM clause`);
}

function resolveIn(scope: Scope, names: readonly string[], model: string | undefined, seen: ColSeen | undefined): readonly ColumnSource[] | undefined {
  for (let k = Math.min(3, names.length - 1); k >= 1; k--) {
    const binding = findBinding(scope.from, names.slice(0, k));
    if (binding === undefined) continue;
    const col = findInBinding(binding, names[k]!);
    if (col === undefined) {
      throw new ColumnResolutionError(model, `column "${names[k]}" not found in "${names.slice(0, k).join('.')}"`);
    }
    seen?.(col);
    return names.length > k + 1 ? compose(col.sources, 'expression') : col.sources;
  }
  const col = findUnqualified(scope.from, names[0]!, model);
  if (col !== undefined) seen?.(col);
  if (col !== undefined) return names.length > 1 ? compose(col.sources, 'expression') : col.sources;
  if (names.length === 1) {
    const alias = scope.aliases?.get(names[0]!.toLowerCase());
    if (alias !== undefined) {
      seen?.(alias);
      return alias.sources;
    }
  }
  return undefined;
}

/**
 * DuckDB's de-duplication of result column names: the second `a` becomes `a_1`,
 * the third `a_2`, and a clash with a generated name adds another suffix.
 */
export function dedupeNames(names: readonly string[]): string[] {
  const used = new Set<string>();
  const counters = new Map<string, number>();
  return names.map((name) => {
    let candidate = name;
    if (used.has(candidate.toLowerCase())) {
      let k = counters.get(name.toLowerCase()) ?? 0;
      do {
        k += 1;
        candidate = `${name}_${k}`;
      } while (used.has(candidate.toLowerCase()));
      counters.set(name.toLowerCase(), k);
    }
    used.add(candidate.toLowerCase());
    return candidate;
  });
}

/** Applies `(a, b)` column aliases to the first columns. */
export function renameColumns(cols: readonly Col[], aliases: readonly string[]): Col[] {
  return cols.map((c, i) => (i < aliases.length ? { ...c, name: aliases[i]! } : c));
}

export function unionPositional(left: readonly Col[], right: readonly Col[], model: string | undefined): Col[] {
  if (left.length !== right.length) {
    throw new LineageError(model, `set operation branches have ${left.length} and ${right.length} columns`);
  }
  return left.map((c, i) => ({ name: c.name, sources: mergeSources(c.sources, right[i]!.sources), ...anyRows(c, right[i]!) }));
}

export function unionByName(left: readonly Col[], right: readonly Col[]): Col[] {
  const out = left.map((c) => ({ ...c }));
  for (const r of right) {
    const i = out.findIndex((c) => c.name.toLowerCase() === r.name.toLowerCase());
    if (i < 0) out.push({ ...r });
    else out[i] = { name: out[i]!.name, sources: mergeSources(out[i]!.sources, r.sources), ...anyRows(out[i]!, r) };
  }
  return out;
}
