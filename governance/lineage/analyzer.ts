/**
 * Walks DuckDB's parsed AST of one model and computes, for each output column, the
 * base columns behind it. Query nodes (SELECT, set operations, recursive CTEs) and
 * FROM items produce lists of `Col`s; expressions produce source lists. The work is
 * synchronous: the only DuckDB calls (parsing, naming unaliased expressions) happen
 * before, in `column-lineage.ts`.
 */
import { childExpressions, findColumnsStars, isColumnsStar, isNode, nodeAt, nodesAt, strAt, strsAt, substitute, type AstNode } from './ast.js';
import { LineageError, UnknownRelationError, UnsupportedSqlError } from './errors.js';
import {
  EMPTY_FROM,
  bindingFor,
  commonColumns,
  dedupeNames,
  findBinding,
  joinFrom,
  lookupCte,
  renameColumns,
  resolveColumn,
  unionByName,
  unionPositional,
  type Col,
  type CteEnv,
  type FromClause,
  type Scope,
  type StarEntry,
} from './scope.js';
import { LAMBDA_FUNCTIONS, RANKING_WINDOWS, compose, functionTransform, mergeSources } from './transforms.js';
import type { Catalog, ColumnSource, IndirectKind, IndirectUse } from './types.js';

/** A recursive CTE is re-analysed until its columns stop changing, at most this often. */
const MAX_RECURSIVE_PASSES = 8;

/** Marker node standing for one column matched by COLUMNS(…), already resolved. */
const RESOLVED = '__TRIBUTARY_RESOLVED__';

export interface AnalyzerOptions {
  readonly catalog: Catalog;
  readonly model: string | undefined;
  /** Names of unaliased expressions, as DuckDB prints them (see `nameExpressions`). */
  readonly names: WeakMap<AstNode, string>;
}


/** Aggregates returning one argument's value from the row another argument selects. */
const SELECTOR_AGGREGATES: ReadonlySet<string> = new Set([
  'arg_max', 'arg_min', 'argmax', 'argmin', 'max_by', 'min_by', 'arg_max_null', 'arg_min_null',
]);

export class Analyzer {
  readonly relations: string[] = [];
  private readonly indirectUses = new Map<string, IndirectUse>();
  private readonly catalog: Catalog;
  private readonly model: string | undefined;
  private readonly names: WeakMap<AstNode, string>;
  /**
   * Bumped by every row count or rank met (`count(*)`, `row_number()`, or a column made
   * of one): a select item that moved it counts rows, which its sources cannot say.
   */
  private rowReads = 0;
  private readonly seen = (col: Col): void => {
    if (col.rows === true) this.rowReads++;
  };

  constructor(options: AnalyzerOptions) {
    this.catalog = options.catalog;
    this.model = options.model;
    this.names = options.names;
  }

  get indirect(): IndirectUse[] {
    return [...this.indirectUses.values()];
  }

  /** Output columns of a query node, resolved in `outer` (for correlated subqueries). */
  query(node: AstNode, outer: Scope | undefined, ctes: CteEnv | undefined): Col[] {
    const env = this.withCtes(node, outer, ctes);
    switch (strAt(node, 'type')) {
      case 'SELECT_NODE':
        return this.select(node, outer, env);
      case 'SET_OPERATION_NODE':
        return this.setOperation(node, outer, env);
      default:
        throw new UnsupportedSqlError(this.model, `query node ${strAt(node, 'type') || '(none)'} is not supported`);
    }
  }

  // ---------------------------------------------------------------- queries

  private withCtes(node: AstNode, outer: Scope | undefined, ctes: CteEnv | undefined): CteEnv | undefined {
    const entries = nodesAt(nodeAt(node, 'cte_map') ?? {}, 'map');
    if (entries.length === 0) return ctes;
    const env: CteEnv = { map: new Map(), ...(ctes === undefined ? {} : { parent: ctes }) };
    // CTEs are analysed in order, so each sees the ones declared before it (and itself, if recursive).
    for (const entry of entries) {
      const name = strAt(entry, 'key').toLowerCase();
      const value = nodeAt(entry, 'value') ?? {};
      const query = nodeAt(nodeAt(value, 'query') ?? {}, 'node');
      if (query === undefined) throw new UnsupportedSqlError(this.model, `CTE "${name}" has no query`);
      const aliases = strsAt(value, 'aliases');
      const cols =
        strAt(query, 'type') === 'RECURSIVE_CTE_NODE'
          ? this.recursiveCte(query, name, aliases, outer, env)
          : renameColumns(this.query(query, outer, env), aliases);
      env.map.set(name, cols);
    }
    return env;
  }

  /**
   * A recursive CTE's columns get the sources of both its anchor and its recursive
   * branch. The recursive branch reads the CTE itself, so it is analysed again with
   * the enlarged columns until nothing changes (sources only grow: this ends).
   */
  private recursiveCte(node: AstNode, name: string, aliases: string[], outer: Scope | undefined, env: CteEnv): Col[] {
    const left = nodeAt(node, 'left');
    const right = nodeAt(node, 'right');
    if (left === undefined || right === undefined) throw new UnsupportedSqlError(this.model, `recursive CTE "${name}" lacks a branch`);
    const names = aliases.length > 0 ? aliases : strsAt(node, 'aliases');
    let cols = renameColumns(this.query(left, outer, env), names);
    for (let pass = 0; pass < MAX_RECURSIVE_PASSES; pass++) {
      env.map.set(name, cols);
      const next = unionPositional(cols, this.query(right, outer, env), this.model);
      if (JSON.stringify(next) === JSON.stringify(cols)) break;
      cols = next;
    }
    return cols;
  }

  private setOperation(node: AstNode, outer: Scope | undefined, ctes: CteEnv | undefined): Col[] {
    // Older DuckDB versions serialise `left`/`right`, newer ones may use `children`.
    const branches = nodesAt(node, 'children');
    const parts = branches.length > 0 ? branches : [nodeAt(node, 'left'), nodeAt(node, 'right')].filter(isNode);
    const results = parts.map((p) => this.query(p, outer, ctes));
    const kind = strAt(node, 'setop_type');
    let cols: Col[];
    if (kind === 'EXCEPT') {
      // Rows of the right side only decide which left rows survive.
      cols = results[0] ?? [];
      for (const r of results.slice(1)) for (const c of r) this.addIndirect(c.sources, 'filter');
    } else if (kind === 'UNION_BY_NAME') {
      cols = results.reduce((acc, r) => unionByName(acc, r));
    } else {
      cols = results.reduce((acc, r) => unionPositional(acc, r, this.model));
    }
    const scope: Scope = { from: bindingFor('', cols), ...(outer === undefined ? {} : { parent: outer }), ...(ctes === undefined ? {} : { ctes }) };
    this.modifiers(node, scope, cols);
    return cols;
  }

  private select(node: AstNode, outer: Scope | undefined, ctes: CteEnv | undefined): Col[] {
    const fromTable = nodeAt(node, 'from_table');
    const from = fromTable === undefined ? EMPTY_FROM : this.tableRef(fromTable, outer, ctes);
    const aliases = new Map<string, Col>();
    const scope: Scope = { from, aliases, ...(outer === undefined ? {} : { parent: outer }), ...(ctes === undefined ? {} : { ctes }) };
    const cols: Col[] = [];
    for (const [i, item] of nodesAt(node, 'select_list').entries()) {
      if (strAt(item, 'class') === 'STAR' && !isColumnsStar(item)) {
        cols.push(...this.expandStar(item, scope));
      } else if (findColumnsStars(item).length > 0) {
        cols.push(...this.expandColumns(item, scope));
      } else {
        const before = this.rowReads;
        const sources = this.expr(item, scope);
        const col: Col = { name: this.columnName(item, i), sources, ...(this.rowReads > before ? { rows: true } : {}) };
        cols.push(col);
        const alias = strAt(item, 'alias');
        // DuckDB lets later select items and WHERE/GROUP BY/… refer to earlier aliases.
        if (alias !== '' && !aliases.has(alias.toLowerCase())) aliases.set(alias.toLowerCase(), col);
      }
    }
    const where = nodeAt(node, 'where_clause');
    if (where !== undefined) this.addIndirect(this.expr(where, scope), 'filter');
    for (const g of nodesAt(node, 'group_expressions')) {
      this.addIndirect(this.positionalOr(g, cols) ?? this.expr(g, scope), 'group_by');
    }
    for (const key of ['having', 'qualify']) {
      const e = nodeAt(node, key);
      if (e !== undefined) this.addIndirect(this.expr(e, scope), 'filter');
    }
    this.modifiers(node, scope, cols);
    const unique = dedupeNames(cols.map((c) => c.name));
    return cols.map((c, i) => (c.name === unique[i] ? c : { ...c, name: unique[i]! }));
  }

  /** ORDER BY and DISTINCT ON: indirect uses. */
  private modifiers(node: AstNode, scope: Scope, cols: readonly Col[]): void {
    for (const m of nodesAt(node, 'modifiers')) {
      if (strAt(m, 'type') === 'ORDER_MODIFIER') {
        for (const o of nodesAt(m, 'orders')) {
          const e = nodeAt(o, 'expression');
          if (e === undefined) continue;
          if (isColumnsStar(e)) {
            // ORDER BY ALL
            this.addIndirect(mergeSources(...cols.map((c) => c.sources)), 'sort');
          } else {
            this.addIndirect(this.positionalOr(e, cols) ?? this.expr(e, scope), 'sort');
          }
        }
      } else if (strAt(m, 'type') === 'DISTINCT_MODIFIER') {
        for (const e of nodesAt(m, 'distinct_on_targets')) {
          this.addIndirect(this.positionalOr(e, cols) ?? this.expr(e, scope), 'group_by');
        }
      }
    }
  }

  /** `GROUP BY 1` / `ORDER BY 2`: an integer constant names a select item. */
  private positionalOr(e: AstNode, cols: readonly Col[]): readonly ColumnSource[] | undefined {
    if (strAt(e, 'class') !== 'CONSTANT') return undefined;
    const value = nodeAt(e, 'value');
    const n = value?.value;
    if (typeof n !== 'number' || !Number.isInteger(n)) return undefined;
    return cols[n - 1]?.sources ?? [];
  }

  /** Alias, else the column name of a bare reference, else DuckDB's text of the expression. */
  private columnName(item: AstNode, index: number): string {
    const alias = strAt(item, 'alias');
    if (alias !== '') return alias;
    if (strAt(item, 'class') === 'COLUMN_REF') return strsAt(item, 'column_names').at(-1) ?? `col${index}`;
    return this.names.get(item) ?? `col${index}`;
  }

  // ---------------------------------------------------------------- stars

  private starEntries(star: AstNode, scope: Scope): StarEntry[] {
    if (nodeAt(star, 'expr') !== undefined && !isColumnsStar(star)) {
      throw new UnsupportedSqlError(this.model, 'star over an expression (struct.*) is not supported');
    }
    const relation = strAt(star, 'relation_name');
    let entries: StarEntry[];
    if (relation !== '') {
      const b = findBinding(scope.from, relation.split('.'));
      if (b === undefined) throw new UnsupportedSqlError(this.model, `"${relation}.*" does not name a table in the FROM clause`);
      entries = b.columns.map((col) => ({ binding: b.alias, col }));
    } else {
      entries = [...scope.from.star];
    }
    const exclude = new Set(strsAt(star, 'exclude_list').map((x) => x.toLowerCase()));
    const qualifiedExclude = nodesAt(star, 'qualified_exclude_list').map((q) => ({
      table: strAt(q, 'table').toLowerCase(),
      column: strAt(q, 'column').toLowerCase(),
    }));
    return entries.filter((e) => {
      const n = e.col.name.toLowerCase();
      if (exclude.has(n)) return false;
      return !qualifiedExclude.some((q) => q.column === n && (q.table === '' || q.table === e.binding));
    });
  }

  /** `*`, `t.*`, with EXCLUDE, REPLACE and RENAME. */
  private expandStar(star: AstNode, scope: Scope): Col[] {
    const replace = new Map<string, AstNode>();
    for (const r of nodesAt(star, 'replace_list')) {
      const value = nodeAt(r, 'value');
      if (value !== undefined) replace.set(strAt(r, 'key').toLowerCase(), value);
    }
    const rename = new Map<string, string>();
    for (const r of nodesAt(star, 'rename_list')) {
      rename.set(strAt(nodeAt(r, 'key') ?? {}, 'column').toLowerCase(), strAt(r, 'value'));
    }
    return this.starEntries(star, scope).map(({ col }) => {
      const n = col.name.toLowerCase();
      const replacement = replace.get(n);
      const name = rename.get(n) ?? col.name;
      if (replacement === undefined) return { ...col, name };
      const before = this.rowReads;
      const sources = this.expr(replacement, scope);
      return { name, sources, ...(this.rowReads > before ? { rows: true } : {}) };
    });
  }

  /** COLUMNS('regex'), COLUMNS(['a','b']), COLUMNS(*) — alone or inside an expression like `min(COLUMNS(*))`. */
  private expandColumns(item: AstNode, scope: Scope): Col[] {
    const stars = findColumnsStars(item);
    if (stars.length !== 1) throw new UnsupportedSqlError(this.model, 'more than one COLUMNS(…) in one expression is not supported');
    const star = stars[0]!;
    const pattern = nodeAt(star, 'expr');
    let entries = this.starEntries(star, scope);
    if (pattern !== undefined) {
      if (strAt(pattern, 'class') === 'CONSTANT') {
        const re = new RegExp(String(nodeAt(pattern, 'value')?.value ?? ''));
        entries = entries.filter((e) => re.test(e.col.name));
      } else if (strAt(pattern, 'function_name') === 'list_value') {
        const wanted = nodesAt(pattern, 'children').map((c) => String(nodeAt(c, 'value')?.value ?? '').toLowerCase());
        entries = wanted.flatMap((w) => entries.filter((e) => e.col.name.toLowerCase() === w));
      } else {
        throw new UnsupportedSqlError(this.model, 'COLUMNS(…) with a lambda is not supported: use a regular expression or a list of names');
      }
    }
    const isBare = item === star || (strAt(item, 'type') === 'OPERATOR_UNPACK' && nodesAt(item, 'children')[0] === star);
    // DuckDB names every expansion after the matched column, also inside `min(COLUMNS(*))`.
    return entries.map(({ col }) => {
      if (isBare) return col;
      const resolved: AstNode = { class: RESOLVED, type: RESOLVED, sources: col.sources, rows: col.rows === true };
      const before = this.rowReads;
      const sources = this.expr(substitute(item, star, resolved) as AstNode, scope);
      return { name: col.name, sources, ...(this.rowReads > before ? { rows: true } : {}) };
    });
  }

  // ---------------------------------------------------------------- FROM

  private tableRef(ref: AstNode, outer: Scope | undefined, ctes: CteEnv | undefined): FromClause {
    const alias = strAt(ref, 'alias');
    const columnAliases = strsAt(ref, 'column_name_alias');
    switch (strAt(ref, 'type')) {
      case 'EMPTY':
        return EMPTY_FROM;
      case 'BASE_TABLE':
        return this.baseTable(ref, ctes);
      case 'SUBQUERY': {
        const q = nodeAt(nodeAt(ref, 'subquery') ?? {}, 'node');
        if (q === undefined) throw new UnsupportedSqlError(this.model, 'subquery without a query');
        const cols = renameColumns(this.query(q, outer, ctes), columnAliases);
        return bindingFor((alias || 'unnamed_subquery').toLowerCase(), cols);
      }
      case 'JOIN':
        return this.join(ref, outer, ctes);
      case 'TABLE_FUNCTION':
        return this.tableFunction(ref, outer, ctes);
      case 'EXPRESSION_LIST': {
        const scope: Scope = { from: EMPTY_FROM, ...(outer === undefined ? {} : { parent: outer }), ...(ctes === undefined ? {} : { ctes }) };
        const rows = Array.isArray(ref.values) ? (ref.values as unknown[]).filter(Array.isArray) : [];
        const width = Math.max(0, ...rows.map((r) => r.length));
        const cols: Col[] = [];
        for (let i = 0; i < width; i++) {
          const cells = rows.map((r) => r[i]).filter(isNode);
          cols.push({ name: `col${i}`, sources: mergeSources(...cells.map((c) => this.expr(c, scope))) });
        }
        return bindingFor((alias || 'valueslist').toLowerCase(), renameColumns(cols, columnAliases));
      }
      case 'PIVOT':
        throw new UnsupportedSqlError(this.model, 'PIVOT/UNPIVOT is not supported by column lineage');
      default:
        throw new UnsupportedSqlError(this.model, `FROM item ${strAt(ref, 'type') || '(none)'} is not supported`);
    }
  }

  private baseTable(ref: AstNode, ctes: CteEnv | undefined): FromClause {
    const table = strAt(ref, 'table_name');
    const schemaName = strAt(ref, 'schema_name');
    const catalogName = strAt(ref, 'catalog_name');
    const alias = strAt(ref, 'alias');
    const columnAliases = strsAt(ref, 'column_name_alias');
    // `recurring.<cte>` is the state table of a `USING KEY` recursive CTE: the CTE itself.
    if (catalogName === '' && (schemaName === '' || schemaName.toLowerCase() === 'recurring')) {
      const cte = lookupCte(ctes, table);
      if (cte !== undefined) return bindingFor((alias || table).toLowerCase(), renameColumns(cte, columnAliases));
    }
    let schema = schemaName || this.catalog.defaultSchema;
    let columns = this.catalog.columns({ schema, name: table });
    if (columns === undefined && schemaName !== '' && catalogName === '') {
      // `db.table`: DuckDB reads a two-part name as a database when no such schema exists.
      const fallback = this.catalog.columns({ schema: this.catalog.defaultSchema, name: table });
      if (fallback !== undefined) {
        schema = this.catalog.defaultSchema;
        columns = fallback;
      }
    }
    const relation = `${schema}.${table}`.toLowerCase();
    if (columns === undefined) throw new UnknownRelationError(this.model, relation);
    if (!this.relations.includes(relation)) this.relations.push(relation);
    const cols = columns.map((column) => ({ name: column, sources: [{ relation, column, transform: 'identity' as const }] }));
    return bindingFor(
      (alias || table).toLowerCase(),
      renameColumns(cols, columnAliases),
      alias === '' ? { schema: schema.toLowerCase(), table: table.toLowerCase() } : undefined,
    );
  }

  private join(ref: AstNode, outer: Scope | undefined, ctes: CteEnv | undefined): FromClause {
    const leftRef = nodeAt(ref, 'left');
    const rightRef = nodeAt(ref, 'right');
    if (leftRef === undefined || rightRef === undefined) throw new UnsupportedSqlError(this.model, 'join without two sides');
    const left = this.tableRef(leftRef, outer, ctes);
    // DuckDB makes subqueries and table functions on the right lateral when they refer to the left.
    const lateral: Scope = { from: left, ...(outer === undefined ? {} : { parent: outer }), ...(ctes === undefined ? {} : { ctes }) };
    const right = this.tableRef(rightRef, lateral, ctes);
    const using = strAt(ref, 'ref_type') === 'NATURAL' ? commonColumns(left, right) : strsAt(ref, 'using_columns');
    const joined = joinFrom(left, right, using, this.model);
    for (const name of using) this.addIndirect(joined.merged.get(name.toLowerCase())?.sources ?? [], 'join');
    const condition = nodeAt(ref, 'condition');
    if (condition !== undefined) {
      const scope: Scope = { from: joined, ...(outer === undefined ? {} : { parent: outer }), ...(ctes === undefined ? {} : { ctes }) };
      this.addIndirect(this.expr(condition, scope), 'join');
    }
    return joined;
  }

  private tableFunction(ref: AstNode, outer: Scope | undefined, ctes: CteEnv | undefined): FromClause {
    const fn = nodeAt(ref, 'function') ?? {};
    const name = strAt(fn, 'function_name').toLowerCase();
    const scope: Scope = { from: EMPTY_FROM, ...(outer === undefined ? {} : { parent: outer }), ...(ctes === undefined ? {} : { ctes }) };
    const args = nodesAt(fn, 'children').map((c) => this.expr(c, scope));
    const columnAliases = strsAt(ref, 'column_name_alias');
    const alias = strAt(ref, 'alias');
    if (name === 'unnest' || name === 'range' || name === 'generate_series') {
      // Each element of the list is a value of the list column: an expression of it.
      const col: Col = { name: name, sources: compose(mergeSources(...args), 'expression') };
      return bindingFor((alias || name).toLowerCase(), renameColumns([col], columnAliases));
    }
    throw new UnsupportedSqlError(
      this.model,
      `table function "${name}" is not supported: models read raw tables and other models, whose columns the catalog knows`,
    );
  }

  // ---------------------------------------------------------------- expressions

  /** The base columns an expression's value is computed from. */
  expr(e: AstNode, scope: Scope): ColumnSource[] {
    switch (strAt(e, 'class')) {
      case RESOLVED:
        if (e.rows === true) this.rowReads++;
        return [...(e.sources as ColumnSource[])];
      case 'COLUMN_REF':
        return [...resolveColumn(scope, strsAt(e, 'column_names'), this.model, this.seen)];
      case 'CONSTANT':
      case 'PARAMETER':
      case 'DEFAULT':
        return [];
      case 'CAST':
      case 'COLLATE': {
        const child = nodeAt(e, 'child');
        return child === undefined ? [] : this.expr(child, scope);
      }
      case 'FUNCTION':
        return this.functionCall(e, scope);
      case 'WINDOW':
        return this.window(e, scope);
      case 'SUBQUERY':
        return this.subqueryExpr(e, scope);
      case 'LAMBDA':
        // Outside a list function `a -> '$.x'` is JSON extraction, which the parser cannot tell from a lambda.
        return this.generic(e, scope);
      case 'STAR': {
        const entries = this.starEntries(e, scope);
        for (const x of entries) this.seen(x.col);
        return compose(mergeSources(...entries.map((x) => x.col.sources)), 'expression');
      }
      case 'CASE': {
        const checks = nodesAt(e, 'case_checks');
        const conditions = checks.map((c) => nodeAt(c, 'when_expr')).filter(isNode);
        const values = [...checks.map((c) => nodeAt(c, 'then_expr')), nodeAt(e, 'else_expr')].filter(isNode);
        return this.conditional(conditions, values, scope);
      }
      case 'POSITIONAL_REFERENCE': {
        const index = typeof e.index === 'number' ? e.index : 0;
        const entry = scope.from.star[index - 1];
        if (entry === undefined) throw new LineageError(this.model, `positional reference #${index} is out of range`);
        this.seen(entry.col);
        return [...entry.col.sources];
      }
      default:
        return this.generic(e, scope);
    }
  }

  /** Operators, CASE, comparisons, …: every input column is an `expression` source. */
  private generic(e: AstNode, scope: Scope): ColumnSource[] {
    return compose(mergeSources(...childExpressions(e).map((c) => this.expr(c, scope))), 'expression');
  }

  /**
   * CASE / if(): a column that only appears in a condition is an `expression` source
   * (the result depends on it), but a column that also reaches the result through a
   * branch keeps that branch's transform: in `CASE WHEN k IS NOT NULL THEN md5(k) END`
   * the value of `k` only ever leaves hashed.
   */
  private conditional(conditions: readonly AstNode[], values: readonly AstNode[], scope: Scope): ColumnSource[] {
    const fromValues = compose(mergeSources(...values.map((v) => this.expr(v, scope))), 'expression');
    const seen = new Set(fromValues.map((s) => `${s.relation}\u0000${s.column.toLowerCase()}`));
    const fromConditions = compose(mergeSources(...conditions.map((c) => this.expr(c, scope))), 'expression').filter(
      (s) => !seen.has(`${s.relation}\u0000${s.column.toLowerCase()}`),
    );
    return [...fromValues, ...fromConditions];
  }

  private functionCall(e: AstNode, scope: Scope): ColumnSource[] {
    const name = strAt(e, 'function_name').toLowerCase();
    if ((name === 'if' || name === 'iif') && nodesAt(e, 'children').length === 3) {
      const [condition, ...values] = nodesAt(e, 'children');
      return this.conditional([condition!], values, scope);
    }
    const filter = nodeAt(e, 'filter');
    const filtered = filter === undefined ? [] : this.expr(filter, scope);
    this.addIndirect(filtered, 'filter');
    for (const o of nodesAt(nodeAt(e, 'order_bys') ?? {}, 'orders')) {
      const x = nodeAt(o, 'expression');
      if (x !== undefined) this.addIndirect(this.expr(x, scope), 'sort');
    }
    let children = nodesAt(e, 'children');
    if (SELECTOR_AGGREGATES.has(name) && children.length > 1) {
      // arg_max(value, key): the value comes from the first argument only; the key just
      // picks which row, like an ORDER BY (so it is indirect lineage, and carries no PII).
      for (const key of children.slice(1)) this.addIndirect(this.expr(key, scope), 'sort');
      children = children.slice(0, 1);
    }
    if (name === 'count_star' || (name === 'count' && children.length === 0)) this.rowReads++;
    const lambdas = LAMBDA_FUNCTIONS.has(name);
    const inputs = children.map((c) => (lambdas && strAt(c, 'class') === 'LAMBDA' ? this.lambda(c, scope) : this.expr(c, scope)));
    const transform = functionTransform(name);
    // A statistic's FILTER decides its value (`count(*) filter (where stage >= 2)` is
    // `count_if(stage >= 2)`), so its columns are inputs too; a value-returning aggregate's
    // FILTER only picks the row (`first(x) filter (where …)`) and stays indirect.
    return compose(mergeSources(...inputs, transform === 'aggregate' ? filtered : []), transform);
  }

  /** A lambda's body, with its parameters shadowing columns. */
  private lambda(e: AstNode, scope: Scope): ColumnSource[] {
    const lhs = nodeAt(e, 'lhs') ?? {};
    const params = strAt(lhs, 'class') === 'COLUMN_REF' ? [lhs] : nodesAt(lhs, 'children');
    const names = new Set(params.map((p) => (strsAt(p, 'column_names')[0] ?? '').toLowerCase()));
    const body = nodeAt(e, 'expr');
    return body === undefined ? [] : this.expr(body, { from: EMPTY_FROM, parent: scope, lambdaParams: names, ...(scope.ctes === undefined ? {} : { ctes: scope.ctes }) });
  }

  private window(e: AstNode, scope: Scope): ColumnSource[] {
    const name = strAt(e, 'function_name').toLowerCase();
    for (const p of nodesAt(e, 'partitions')) this.addIndirect(this.expr(p, scope), 'window');
    for (const o of [...nodesAt(e, 'orders'), ...nodesAt(e, 'arg_orders')]) {
      const x = nodeAt(o, 'expression');
      if (x !== undefined) this.addIndirect(this.expr(x, scope), 'window');
    }
    const filter = nodeAt(e, 'filter_expr');
    if (filter !== undefined) this.addIndirect(this.expr(filter, scope), 'filter');
    if (RANKING_WINDOWS.has(name) || name === 'count_star') this.rowReads++;
    if (RANKING_WINDOWS.has(name)) return [];
    const inputs = [...nodesAt(e, 'children'), ...[nodeAt(e, 'default_expr')].filter(isNode)].map((c) => this.expr(c, scope));
    return compose(mergeSources(...inputs), functionTransform(name));
  }

  private subqueryExpr(e: AstNode, scope: Scope): ColumnSource[] {
    const q = nodeAt(nodeAt(e, 'subquery') ?? {}, 'node');
    if (q === undefined) return [];
    const cols = this.query(q, scope, scope.ctes);
    const all = mergeSources(...cols.map((c) => c.sources));
    switch (strAt(e, 'subquery_type')) {
      case 'SCALAR':
        return [...(cols[0]?.sources ?? [])];
      case 'EXISTS':
      case 'NOT_EXISTS':
        this.addIndirect(all, 'filter');
        return [];
      default: {
        const child = nodeAt(e, 'child');
        return compose(mergeSources(child === undefined ? [] : this.expr(child, scope), all), 'expression');
      }
    }
  }

  private addIndirect(sources: readonly ColumnSource[], kind: IndirectKind): void {
    for (const s of sources) {
      const key = `${s.relation}\u0000${s.column.toLowerCase()}\u0000${kind}`;
      if (!this.indirectUses.has(key)) this.indirectUses.set(key, { relation: s.relation, column: s.column, kind });
    }
  }
}
