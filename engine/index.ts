/**
 * The model engine: runs a dbt-style SQL project (dbt_project.yml, Jinja models,
 * schema .yml files, seeds, macros) on DuckDB.
 *
 * @example
 * ```ts
 * import { loadProject, parseProject, runModels, runDataTests } from 'tributary';
 * const manifest = parseProject(await loadProject('dbt-like-models'), { vars: {} });
 * const results = await runModels({ conn, project: manifest, select: ['+customers'] });
 * const tests = await runDataTests({ conn, project: manifest });
 *
 * // Or dbt's commands on any dbt project, with its profiles.yml and packages:
 * const build = await runDbtCommand({ command: 'build', projectDir: 'my-dbt-project' });
 * ```
 */
export { Dag, CycleError } from './dag.js';
export {
  loadProject,
  parseYaml,
  PROJECT_FILE,
  type Project,
  type ModelNode,
  type SeedNode,
  type MacroFile,
  type PackageProject,
  type DispatchRule,
  type LoadProjectOptions,
} from './project.js';
export type { ColumnDoc, SourceTable, TestSpec, TestKind, RelationRef } from './schema-yml.js';
export {
  DEFAULT_SCHEMA,
  MATERIALIZATION_KINDS,
  materializationOf,
  mergeConfig,
  type MaterializationKind,
  type ModelConfig,
} from './config.js';
export {
  Manifest,
  parseProject,
  type CompileOptions,
  type DependsOn,
  type ParseOptions,
  type ParsedModel,
} from './manifest.js';
export { Relation } from './relation.js';
export { cteName, injectCtes } from './ctes.js';
export {
  materialize,
  relationKind,
  type Materialization,
  type MaterializeOptions,
  type MaterializeResult,
  type RelationName,
} from './materialize.js';
export { selectModels, selectNodes, type SelectableNode } from './select.js';
export {
  runDbtCommand,
  DBT_COMMANDS,
  type DbtCommand,
  type DbtCommandOptions,
  type DbtCommandResult,
  type DbtCommandEvent,
  type ListedNode,
} from './invocation/dbt-command.js';
export type { NodeResult } from './invocation/artifacts.js';
export { resolveTarget, type DuckDBTarget } from './invocation/profiles.js';
export { compileModels, runModels, type CompiledModel, type ModelProgressEvent, type ModelRunResult, type ModelRunStatus, type RunModelsOptions } from './run.js';
export { runDataTests, type DataTestResult, type DataTestStatus, type RunDataTestsOptions } from './tests.js';
export { loadSeed, runSeeds, type SeedResult } from './seeds.js';
export { ModelCompileError, ProjectConfigError, ProjectErrors } from './errors.js';
