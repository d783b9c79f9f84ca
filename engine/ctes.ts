/**
 * CTE injection for ephemeral models. An ephemeral model is never built in the
 * warehouse; it is inlined the way dbt does it: `ref('eph')` renders as the CTE name
 * `"__dbt__cte__eph"`, and the compiled SQL of every ephemeral a model uses
 * (transitively, dependencies first) is put in front of the model as
 * `with "__dbt__cte__eph" as (…)` — merged into the model's own `with` when it has one.
 * Lineage therefore sees ordinary CTEs. This file holds the naming and the text
 * surgery, which depend on nothing but the SQL, so both the Jinja context and the
 * manifest can use them.
 */

/** The CTE an ephemeral model is inlined as (dbt's naming). */
export function cteName(model: string): string {
  return `__dbt__cte__${model}`;
}

/**
 * Puts `ctes` in front of `sql`: after its leading comments, merged into its own
 * `with [recursive]` when it has one.
 */
export function injectCtes(sql: string, ctes: readonly (readonly [name: string, body: string])[]): string {
  if (ctes.length === 0) return sql;
  const defs = ctes.map(([name, body]) => `${name} as (\n${body}\n)`).join(',\n');
  let i = 0;
  for (;;) {
    const rest = sql.slice(i);
    const ws = /^\s+/u.exec(rest);
    if (ws) {
      i += ws[0].length;
      continue;
    }
    if (rest.startsWith('--')) {
      const nl = rest.indexOf('\n');
      i = nl === -1 ? sql.length : i + nl + 1;
      continue;
    }
    if (rest.startsWith('/*')) {
      const end = rest.indexOf('*/');
      i = end === -1 ? sql.length : i + end + 2;
      continue;
    }
    break;
  }
  const head = sql.slice(0, i);
  const body = sql.slice(i);
  const withClause = /^with(\s+recursive)?\s+/iu.exec(body);
  if (withClause) return `${head}${withClause[0]}${defs},\n${body.slice(withClause[0].length)}`;
  return `${head}with ${defs}\n${body}`;
}
