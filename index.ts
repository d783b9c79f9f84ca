/**
 * Tributary as a library: everything the CLI does, callable from TypeScript.
 *
 * ```ts
 * import { loadConfig, sync, query, lineage, pii, classify, forget } from 'tributary';
 *
 * const config = loadConfig('tributary.yml');
 * const run = await sync({ config });                              // extract → build → test → govern → publish
 * const { rows } = await query({ config, sql: 'select count(*) as n from customers' });
 * const { fields } = await lineage({ config, column: 'customers.email' });
 * const personal = await pii({ config });
 * await forget({ config, request: { emails: ['alice@example.com'] }, dryRun: true });
 * ```
 *
 * The model engine runs any dbt-style project on a DuckDB connection:
 *
 * ```ts
 * import { loadProject, parseProject, runModels } from 'tributary';
 * const manifest = parseProject(await loadProject('my-dbt-project'));
 * const results = await runModels({ conn, project: manifest, select: ['+customers'] });
 * const build = await runDbtCommand({ command: 'build', projectDir: 'my-dbt-project' }); // dbt's verbs, profiles.yml, packages
 * ```
 *
 * Every failure a user can cause is a `TributaryError` with a `code` and a `hint`;
 * `ConfigError` (a subclass) is bad input.
 */
export { TributaryError, ConfigError, createLogger, type Logger, type LogLevel, type PiiTag } from './core/index.js';
export { loadConfig, type TributaryConfig, type LoadOptions, type ResolvedSource } from './pipeline/config/load-config.js';
export { sync, type SyncOptions, type SyncResult, type SyncEvent, type RunStatus } from './pipeline/sync.js';
export { forget, type ForgetOptions, type ForgetResult, type ErasureRequest } from './pipeline/forget.js';
export { query, type QueryOptions, type QueryResult } from './pipeline/query.js';
export { lineage, type LineageOptions, type LineageResult, type LineageHop } from './pipeline/inspect/lineage.js';
export { pii, piiHistory, type PiiOptions, type PiiColumn, type PiiTagChangeEntry } from './pipeline/inspect/pii.js';
export { audit, type AuditOptions, type AuditEntry } from './pipeline/inspect/audit.js';
export { explainCustomer, explainRecords, type CustomerExplanation, type RecordsExplanation, type IdentityLink } from './pipeline/inspect/identity-explain.js';
export { docs, type DocsOptions, type DocsResult } from './pipeline/docs/docs.js';
export { classify, type ClassifyOptions, type ClassifyReport, type ClassifiedColumnReport } from './pipeline/inspect/classify.js';
export type { PlainRow } from './pipeline/warehouse/plain-rows.js';
export {
  loadProject,
  parseProject,
  compileModels,
  runModels,
  runDataTests,
  runSeeds,
  selectModels,
  runDbtCommand,
  Manifest,
  ProjectErrors,
  ModelCompileError,
  type Project,
  type ModelNode,
  type ParsedModel,
  type ParseOptions,
  type CompiledModel,
  type ModelRunResult,
  type ModelRunStatus,
  type RunModelsOptions,
  type DataTestResult,
  type RunDataTestsOptions,
  type SeedResult,
  type Materialization,
  type DbtCommand,
  type DbtCommandOptions,
  type DbtCommandResult,
  type NodeResult,
} from './engine/index.js';
