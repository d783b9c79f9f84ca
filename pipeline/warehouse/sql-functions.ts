/**
 * SQL functions Tributary adds to every warehouse database, for what DuckDB cannot do
 * itself and a well-kept library does (the models call them like built-ins):
 *
 *   tributary_e164(phone VARCHAR, country VARCHAR) → VARCHAR
 *       E.164 form of a typed phone, `country` (ISO alpha-2) the default region for
 *       national formats; NULL when it is not a valid number (schema/phone.ts).
 *
 * Only table-materialised models may call them: a view that did would not open in a
 * plain DuckDB client, and analysts open the warehouse with one.
 *
 * @example
 * ```ts
 * registerSqlFunctions(conn);
 * await conn.run(`select tributary_e164('(415) 555-0100', 'US')`); // '+14155550100'
 * ```
 */
import { DuckDBScalarFunction, VARCHAR, type DuckDBConnection } from '@duckdb/node-api';
import { toE164 } from '../../schema/phone.js';

/** Distinct (phone, country) pairs remembered per database; a sync sees each number many times. */
const CACHE_LIMIT = 200_000;

/**
 * Registers the functions on `conn`'s database (DuckDB's catalog is per database, so
 * every later connection sees them). Register once per database instance.
 */
export function registerSqlFunctions(conn: DuckDBConnection): void {
  // DuckDB runs the callback on the JS thread, one vector (≤ 2048 rows) at a time:
  // parsing a number is ~10 µs, so the memo matters on a million identities.
  const memo = new Map<string, string | null>();
  conn.registerScalarFunction(
    DuckDBScalarFunction.create({
      name: 'tributary_e164',
      returnType: VARCHAR,
      parameterTypes: [VARCHAR, VARCHAR],
      // Special handling: a NULL country must still parse an international number
      // (DuckDB's default would return NULL for any NULL argument).
      specialHandling: true,
      mainFunction: (_info, input, output) => {
        const phones = input.getColumnVector(0);
        const countries = input.getColumnVector(1);
        for (let row = 0; row < input.rowCount; row++) {
          const phone = phones.getItem(row) as string | null;
          const country = countries.getItem(row) as string | null;
          if (phone === null) {
            output.setItem(row, null);
            continue;
          }
          const key = `${country ?? ''}\u0000${phone}`;
          let e164 = memo.get(key);
          if (e164 === undefined) {
            e164 = toE164(phone, country);
            if (memo.size >= CACHE_LIMIT) memo.clear();
            memo.set(key, e164);
          }
          output.setItem(row, e164);
        }
        output.flush();
      },
    }),
  );
}
