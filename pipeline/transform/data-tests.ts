/**
 * The test half of the build stage (dbt's `build` = run + test): every schema.yml data
 * test (unique, not_null, accepted_values, relationships …) on the freshly built models.
 * A failing test of severity `error` stops the run before governance and publishing, so
 * analysts keep the last good analytics.duckdb instead of a broken one; `warn` tests are
 * counted and logged, never blocking.
 */
import type { Logger } from '../../core/index.js';
import { runDataTests, type DataTestResult, type Manifest } from '../../engine/index.js';
import type { Warehouse } from '../warehouse/warehouse.js';

export interface DataTestStageResult {
  readonly results: readonly DataTestResult[];
  readonly passed: number;
  /** Severity-warn tests that found failing rows. */
  readonly warned: readonly DataTestResult[];
  /** Severity-error tests that found failing rows, and tests whose query failed. */
  readonly failed: readonly DataTestResult[];
  readonly durationMs: number;
}

export async function testModels(options: { wh: Warehouse; manifest: Manifest; log: Logger }): Promise<DataTestStageResult> {
  const started = Date.now();
  const results = await runDataTests({ conn: options.wh.conn, project: options.manifest, log: options.log });
  for (const r of results) {
    if (r.status === 'pass') continue;
    // The query is what a person runs (`tributary query --warehouse`) to see the failing rows.
    options.log.warn('data test did not pass', { test: r.id, status: r.status, failures: r.failures, sql: r.sql, params: r.params, error: r.error ?? null });
  }
  return {
    results,
    passed: results.filter((r) => r.status === 'pass').length,
    warned: results.filter((r) => r.status === 'warn'),
    failed: results.filter((r) => r.status === 'fail' || r.status === 'error'),
    durationMs: Date.now() - started,
  };
}

/** `unique_customers_customer_id (3 failing rows)`, or the query's error. */
export function describeTest(r: DataTestResult): string {
  return r.status === 'error' ? `${r.id} (could not run: ${r.error ?? 'unknown error'})` : `${r.id} (${r.failures} failing row${r.failures === 1 ? '' : 's'})`;
}
