/**
 * Column lineage of one compiled model, from DuckDB's own parser.
 *
 * The SQL is parsed with `json_serialize_sql` on a real connection (no SQL parser of
 * our own), names are resolved against the catalog (`SELECT *` expanded, aliases,
 * USING joins, CTEs, subqueries, set operations), and every output column gets the
 * base columns it is computed from with the strongest transform along the way.
 *
 * Naming of output columns follows DuckDB: the alias, else the column name of a bare
 * reference, else the expression text DuckDB prints (`lower(main."trim"(email))`,
 * `count_star()`, `(a + 1)` — obtained from `json_deserialize_sql`, so it matches the
 * name DuckDB gives the column); duplicates become `a_1`, `a_2` as in a DuckDB view
 * or table (a bare query result keeps duplicates). `COLUMNS(…)` expansions, also
 * inside `min(COLUMNS(*))`, are named after the matched column, as DuckDB 1.5 does.
 * Constants too large for a JavaScript number may print differently in a name.
 *
 * @example
 * ```ts
 * const lineage = await modelColumnLineage(conn, compiledSql, catalog, 'stg_hubspot__contacts');
 * // lineage.columns → [{ column: 'email', sources: [{ relation: 'raw.hubspot_contacts',
 * //                      column: 'properties__email', transform: 'expression' }] }, …]
 * ```
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { Analyzer } from './analyzer.js';
import { nameExpressions, parseSelect } from './ast.js';
import type { Catalog, ModelLineage } from './types.js';

export type {
  Catalog,
  ColumnSource,
  IndirectKind,
  IndirectUse,
  ModelLineage,
  OutputColumnLineage,
  Sourceless,
  Transform,
} from './types.js';

/**
 * Computes the column lineage of one model's compiled SELECT. Throws `SqlParseError`
 * (unparsable or not one SELECT), `UnknownRelationError`, `ColumnResolutionError` or
 * `UnsupportedSqlError`, each naming `modelName`.
 */
export async function modelColumnLineage(
  conn: DuckDBConnection,
  sql: string,
  catalog: Catalog,
  modelName?: string,
): Promise<ModelLineage> {
  const root = await parseSelect(conn, sql, modelName);
  const names = await nameExpressions(conn, root);
  const analyzer = new Analyzer({ catalog, model: modelName, names });
  const cols = analyzer.query(root, undefined, undefined);
  return {
    columns: cols.map((c) => ({ column: c.name, sources: c.sources, ...(c.sources.length === 0 ? { sourceless: c.rows === true ? ('rows' as const) : ('constant' as const) } : {}) })),
    indirect: analyzer.indirect,
    relations: [...analyzer.relations],
  };
}
