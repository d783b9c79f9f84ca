/**
 * The manifest: a project after dbt's parse pass, and the compile step that turns one
 * of its models into the SQL that runs. `parseProject` renders every model once to
 * learn its final config, relation and dependencies (`ParsedModel`), reporting every
 * bad ref, source, var and config of the project at once; `Manifest.compile` renders a
 * model again just before it runs and inlines its ephemeral dependencies. This is the
 * engine's entry point for everything that needs to know what a project contains; the
 * template side lives in jinja-context.ts and the CTE text surgery in ctes.ts.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { quoteIdent } from '../core/sql.js';
import { materializationOf, type ModelConfig } from './config.js';
import { cteName, injectCtes } from './ctes.js';
import { Dag } from './dag.js';
import { ModelCompileError, ProjectConfigError, ProjectErrors } from './errors.js';
import { ModelRenderer, type RenderMode, type RenderedModel } from './jinja-context.js';
import { stripTrailingSemicolons, type Materialization, type RelationName } from './materialize.js';
import type { ModelNode, Project } from './project.js';
import { NeedQuery, runTemplateQuery, type QueryCache } from './jinja/queries.js';

/**
 * Runs `render` until it no longer stops for a query result: each pass that stops
 * (NeedQuery) has its query run on `conn` and is rendered again with the result.
 */
export async function withQueries<T>(conn: DuckDBConnection, render: (queries: QueryCache) => T): Promise<T> {
  const queries: QueryCache = new Map();
  for (let pass = 0; pass < 500; pass++) {
    try {
      return render(queries);
    } catch (err) {
      if (!(err instanceof NeedQuery)) throw err;
      queries.set(err.sql, await runTemplateQuery(conn, err.sql));
    }
  }
  throw new Error('a template ran more than 500 queries');
}

export interface DependsOn {
  readonly models: readonly string[];
  /** `source.table` keys. */
  readonly sources: readonly string[];
  readonly seeds: readonly string[];
}

/** A model after the parse pass: its final config and dependencies. */
export interface ParsedModel {
  readonly node: ModelNode;
  /** Folder config < yml config < `{{ config() }}` in the file. */
  readonly config: ModelConfig;
  readonly materialization: Materialization;
  readonly relation: RelationName;
  readonly tags: readonly string[];
  readonly dependsOn: DependsOn;
}

export interface ParseOptions {
  /** Overrides for dbt_project.yml `vars` (like `dbt run --vars`). */
  readonly vars?: Readonly<Record<string, unknown>>;
  /** `target.name` in templates. */
  readonly targetName?: string;
  /** The rest of `target` (from profiles.yml): its schema is where nodes land by default. */
  readonly target?: { readonly schema?: string; readonly database?: string; readonly threads?: number; readonly profileName?: string };
  /**
   * How `schema`/`alias` configs name relations. `verbatim` (Tributary's own models):
   * `schema: analytics` is the schema. `dbt`: dbt's `generate_schema_name` /
   * `generate_alias_name` macros (by default `<target schema>_<custom schema>`), which
   * a project may override.
   */
  readonly schemaNaming?: 'verbatim' | 'dbt';
  /** dbt's `run_started_at`; now by default. */
  readonly runStartedAt?: Date;
  readonly invocationId?: string;
  /** `flags.WHICH`: the dbt command running (`build`, `run`, …). */
  readonly command?: string;
  /** Where `env_var()` reads; process.env by default. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

export interface CompileOptions {
  /** What `is_incremental()` returns for this model. */
  readonly isIncremental?: boolean;
  readonly fullRefresh?: boolean;
  /** Results of the queries the model's Jinja runs (see compileWithQueries). */
  readonly queries?: QueryCache;
}

/**
 * The parsed project: models with final config and dependencies, and the renderer to
 * compile them. Build it with `parseProject`.
 *
 * Models are rendered in dbt's two passes:
 *
 * 1. parse (`parseProject`): every model is rendered once with `is_incremental()`
 *    false, recording `ref`s, `source`s and `config()` calls. Unknown refs, unknown
 *    sources, missing vars and bad config are errors naming the model file.
 * 2. compile (`Manifest.compile`): just before a model runs, it is rendered again with
 *    the real `is_incremental()`, giving the SQL that is executed and kept.
 */
export class Manifest {
  readonly project: Project;
  readonly models: Readonly<Record<string, ParsedModel>>;
  readonly vars: Readonly<Record<string, unknown>>;
  readonly #renderer: ModelRenderer;

  /** @internal use parseProject */
  constructor(project: Project, options: ParseOptions) {
    this.project = project;
    this.vars = Object.freeze({ ...project.vars, ...(options.vars ?? {}) });
    this.#renderer = new ModelRenderer(project, this.vars, options);
    const errors: ProjectConfigError[] = this.#renderer.duplicateMacros();
    const models: Record<string, ParsedModel> = {};
    const disabled = new Set<string>();
    for (const node of Object.values(project.models)) {
      try {
        const parsed = this.#parseModel(node);
        // `{{ config(enabled=false) }}` in the file disables the model, as in dbt.
        if (parsed.config.enabled !== false) models[node.name] = parsed;
        else disabled.add(node.name);
      } catch (err) {
        if (err instanceof ModelCompileError) errors.push(new ProjectConfigError(err.file, undefined, err.message.replace(/^model \S+ \([^)]*\): /, '')));
        else throw err;
      }
    }
    for (const m of Object.values(models)) {
      for (const dep of m.dependsOn.models) {
        if (disabled.has(dep)) errors.push(new ProjectConfigError(m.node.path, undefined, `ref('${dep}'): model "${dep}" is disabled`));
      }
    }
    const seedRelations = new Map<string, RelationName>();
    for (const seed of Object.values(project.seeds)) {
      try {
        seedRelations.set(seed.name, this.#renderer.nameRelation({ ...seed, resourceType: 'seed' }, seed.config, undefined));
      } catch (err) {
        if (err instanceof ModelCompileError) errors.push(new ProjectConfigError(seed.path, undefined, err.message));
        else throw err;
      }
    }
    if (errors.length > 0) throw new ProjectErrors(errors);
    this.models = Object.freeze(models);
    this.#seedRelations = seedRelations;
    this.#renderer.seedRelationOf = (name) => this.seedRelation(name);
  }

  readonly #seedRelations: Map<string, RelationName>;

  /** Where seed `name` is loaded. */
  seedRelation(name: string): RelationName {
    const rel = this.#seedRelations.get(name);
    if (!rel) throw new RangeError(`no seed named "${name}"`);
    return rel;
  }

  /** The renderer, for the other node kinds (data tests) that render with this manifest's context. */
  get renderer(): ModelRenderer {
    return this.#renderer;
  }

  /** The dependency graph of models (seeds and sources are leaves outside it). */
  dag(): Dag<ParsedModel> {
    const dag = new Dag<ParsedModel>();
    for (const m of Object.values(this.models)) dag.add(m.node.name, m, m.dependsOn.models);
    return dag;
  }

  /**
   * The SQL that runs for `name`: rendered with the given `is_incremental()`, ephemeral
   * dependencies inlined as CTEs.
   * @throws ModelCompileError naming the model file.
   */
  compile(name: string, options: CompileOptions = {}): string {
    const root = this.#render(this.#model(name), 'compile', options.isIncremental ?? false, options);
    const bodies = new Map<string, string>();
    const addEphemeral = (eph: string): void => {
      if (bodies.has(eph)) return;
      const r = this.#render(this.#model(eph), 'compile', false, options);
      for (const dep of r.ephemerals) addEphemeral(dep);
      bodies.set(eph, stripTrailingSemicolons(r.sql));
    };
    for (const eph of root.ephemerals) addEphemeral(eph);
    return injectCtes(root.sql, [...bodies].map(([n, sql]) => [quoteIdent(cteName(n)), sql] as const));
  }

  /**
   * `compile`, running the queries the model's Jinja asks for (`run_query`,
   * `statement` blocks, `adapter.get_columns_in_relation`) on `conn`.
   */
  async compileWithQueries(conn: DuckDBConnection, name: string, options: CompileOptions = {}): Promise<string> {
    return withQueries(conn, (queries) => this.compile(name, { ...options, queries }));
  }

  #model(name: string): ModelNode {
    const node = this.project.models[name];
    if (!node) throw new RangeError(`no model named "${name}"`);
    return node;
  }

  #parseModel(node: ModelNode): ParsedModel {
    const r = this.#render(node, 'parse', false, {});
    const config = r.config;
    // A snapshot's legacy `target_schema` is the schema itself, not a custom schema name (dbt < 1.9 configs keep working).
    const relation =
      node.resourceType === 'snapshot' && config.target_schema
        ? { schema: config.target_schema, name: config.alias ?? node.name }
        : this.#renderer.nameRelation(node, config, undefined);
    if (config.materialized === 'snapshot' && node.resourceType !== 'snapshot') {
      throw new ModelCompileError(node.name, node.path, `config(materialized): 'snapshot' is only for {% snapshot %} blocks under the snapshot paths; a model is a table, view, incremental or ephemeral`);
    }
    let materialization;
    try {
      materialization = materializationOf(config);
    } catch (err) {
      throw new ModelCompileError(node.name, node.path, err instanceof Error ? err.message : String(err));
    }
    return Object.freeze({
      node,
      config,
      materialization,
      relation,
      tags: Object.freeze([...(config.tags ?? [])]),
      dependsOn: Object.freeze({
        models: Object.freeze([...r.refs].sort()),
        sources: Object.freeze([...r.sources].sort()),
        seeds: Object.freeze([...r.seeds].sort()),
      }),
    });
  }

  #render(node: ModelNode, mode: RenderMode, isIncremental: boolean, options: CompileOptions): RenderedModel {
    // `models` is still unset while the constructor runs the parse pass.
    const models = this.models as Readonly<Record<string, ParsedModel>> | undefined;
    return this.#renderer.render({
      node: { ...node, resourceType: node.resourceType ?? 'model' },
      source: node.rawSql,
      mode,
      isIncremental,
      fullRefresh: options.fullRefresh ?? false,
      models,
      ...(options.queries ? { queries: options.queries } : {}),
    });
  }
}

/**
 * The parse pass over every model.
 * @throws ProjectErrors listing every unknown ref/source, missing var and bad config at once.
 * @example
 * ```ts
 * const manifest = parseProject(await loadProject('dbt-like-models'), { vars: { start_date: '2024-01-01' } });
 * manifest.models['customers'].dependsOn.models; // ['int_identity', 'stg_hubspot__contacts']
 * const sql = manifest.compile('customers');
 * ```
 */
export function parseProject(project: Project, options: ParseOptions = {}): Manifest {
  return new Manifest(project, options);
}
