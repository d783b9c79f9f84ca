/**
 * The one place identifiers are quoted for DuckDB SQL. Values are never pasted into
 * SQL: bind them as parameters. Identifiers (table, column, schema names) cannot be
 * bound, so they go through here.
 *
 * @example
 * ```ts
 * await conn.run(`select ${quoteIdent(column)} from ${quoteQualified('raw', table)} where id = $1`, [id]);
 * ```
 */
export function quoteIdent(name: string): string {
  if (name.length === 0) throw new RangeError('empty SQL identifier');
  if (name.includes('\u0000')) throw new RangeError('SQL identifier contains a NUL character');
  return `"${name.replaceAll('"', '""')}"`;
}

/** `schema.table` (or `catalog.schema.table`), each part quoted. */
export function quoteQualified(...parts: readonly string[]): string {
  return parts.map(quoteIdent).join('.');
}

/**
 * A SQL string literal, ONLY for the statements whose grammar takes no bound
 * parameter (`ATTACH '<path>'`, `COMMENT ON … IS '<text>'`). Everywhere else: bind.
 * DuckDB string literals treat nothing but the single quote specially.
 */
export function quoteLiteral(value: string): string {
  if (value.includes('\u0000')) throw new RangeError('SQL literal contains a NUL character');
  return `'${value.replaceAll("'", "''")}'`;
}
