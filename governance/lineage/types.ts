/**
 * The shapes column lineage speaks in. Kept apart from the analyser so the graph,
 * PII propagation and (later) OpenLineage can import them without pulling in DuckDB.
 */

/**
 * How an output column derives from a source column, weakest first:
 * - `identity`: the value itself (a bare column reference, or a CAST of one);
 * - `expression`: computed from it, value still recognisable (`lower(trim(email))`,
 *   CASE, COALESCE, `min`/`max`/`string_agg`, which keep input values);
 * - `hash`: a one-way hash of it (`md5`, `sha256`, `hash`);
 * - `aggregate`: a statistic over many rows (`count`, `sum`, `avg`, …): the value is gone.
 */
export type Transform = 'identity' | 'expression' | 'hash' | 'aggregate';

/** One input column of an output column. `relation` is schema-qualified and lower case. */
export interface ColumnSource {
  readonly relation: string;
  readonly column: string;
  readonly transform: Transform;
}

/**
 * What a column that reads no column is made of: `constant` (literals only: `'email' as
 * stage`, `cast(null as double)`), or `rows` (it counts or ranks rows: `count(*)`,
 * `row_number()`), whose value depends on which rows exist but on no column's value.
 */
export type Sourceless = 'constant' | 'rows';

/** An output column of a model and the base columns (raw tables or models) it is computed from. */
export interface OutputColumnLineage {
  readonly column: string;
  readonly sources: readonly ColumnSource[];
  /** Set when `sources` is empty: why (lineage coverage reports it). */
  readonly sourceless?: Sourceless;
}

/** Why a column was read without flowing into an output value (OpenLineage's INDIRECT lineage). */
export type IndirectKind = 'filter' | 'join' | 'group_by' | 'sort' | 'window';

export interface IndirectUse {
  readonly relation: string;
  readonly column: string;
  readonly kind: IndirectKind;
}

/** Everything lineage knows about one model. */
export interface ModelLineage {
  /** Output columns in the order DuckDB returns them. */
  readonly columns: readonly OutputColumnLineage[];
  /** Columns used only in WHERE/JOIN/GROUP BY/ORDER BY/window clauses (OpenLineage INDIRECT). */
  readonly indirect: readonly IndirectUse[];
  /** Base relations the model reads (schema-qualified, lower case), in order of first use. */
  readonly relations: readonly string[];
}

/**
 * The relations lineage may resolve names against: raw tables and models built so far.
 * `columns` returns undefined for a relation it does not know.
 */
export interface Catalog {
  columns(relation: { schema?: string; name: string }): readonly string[] | undefined;
  /** Schema of unqualified table names (DuckDB's `main`). */
  readonly defaultSchema: string;
}
