/**
 * The Jinja context a node is rendered with: dbt's names (`ref`, `source`, `config`,
 * `var`, `env_var`, `is_incremental`, `this`, `target`, `model`, `exceptions`,
 * `adapter` with `dispatch`, `run_query`/`statement`, `modules`, `return`, …) and the
 * macros of the project, its packages and dbt's built-ins, bound to the calling node,
 * implemented on nunjucks (engine/jinja/ adds the Jinja it lacks). One render records
 * what the template touched — refs, sources, seeds, ephemerals and the merged
 * `config()` — which is what the manifest builds its dependency graph from, and turns
 * template failures into a `ModelCompileError` naming the file. It lives apart from the
 * manifest so that everything a template can see and call is in one place.
 *
 * Macro names resolve as in dbt: a bare name finds the calling package's macro first,
 * then the root project's, then dbt's built-ins; `pkg.name` finds package `pkg`'s;
 * `adapter.dispatch(name, namespace)` tries `duckdb__name` then `default__name` in
 * each package of the namespace's `dispatch:` search order.
 */
import { createHash } from 'node:crypto';
import nunjucks from 'nunjucks';
import { quoteIdent } from '../core/sql.js';
import { DEFAULT_SCHEMA, mergeConfig, modelConfigSchema, type ModelConfig } from './config.js';
import { cteName } from './ctes.js';
import { ModelCompileError, ProjectConfigError, formatKeyPath } from './errors.js';
import { DBT_BUILTIN_MACROS, DBT_PACKAGE } from './jinja/dbt-macros.js';
import { MacroReturn, bindArgs, createDbtEnvironment, keywords, positional, pySet, rewriteDbtBlocks } from './jinja/nunjucks-dbt.js';
import { pyModules, runStartedAt } from './jinja/py-modules.js';
import { NeedQuery, queryTable, type QueryCache, type QueryTable } from './jinja/queries.js';
import type { ParseOptions, ParsedModel } from './manifest.js';
import type { MacroFile, Project, SourceTable } from './project.js';
import { Relation, relationOf, relationOfSeed } from './relation.js';
import { versionedModel } from './versions.js';

/** `ref()` of an ephemeral model: prints as its CTE name. */
class EphemeralRef {
  readonly name: string;
  readonly identifier: string;
  constructor(model: string) {
    this.name = model;
    this.identifier = cteName(model);
  }
  toString(): string {
    return quoteIdent(this.identifier);
  }
}

/** `parse`: record refs, sources and `config()`, `is_incremental()` false, no queries. `compile`: the SQL that runs. */
export type RenderMode = 'parse' | 'compile';

/** What is being rendered: a model, or a data test (its name and file, for `model` and error messages). */
export interface RenderNode {
  readonly name: string;
  readonly path: string;
  readonly relPath: string;
  readonly config: ModelConfig;
  readonly resourceType?: 'model' | 'test' | 'seed' | 'operation' | 'snapshot';
  /** The package the node belongs to; the root project when unset. */
  readonly packageName?: string;
}

/** One render of a node: its SQL, its final config, and what it referenced. */
export interface RenderedModel {
  sql: string;
  config: ModelConfig;
  refs: Set<string>;
  sources: Set<string>;
  seeds: Set<string>;
  ephemerals: string[];
  /** What a test's Jinja set with `config(fail_calc=…, warn_if=…)`. */
  testConfig: Record<string, unknown>;
}

export interface RenderRequest {
  readonly node: RenderNode;
  readonly mode: RenderMode;
  readonly isIncremental?: boolean;
  readonly fullRefresh?: boolean;
  /** For a data test: its `store_failures` config (what `should_store_failures()` says). */
  readonly storeFailures?: boolean;
  /** The parsed models, or undefined during the parse pass (compile-only checks and final relations need them). */
  readonly models: Readonly<Record<string, ParsedModel>> | undefined;
  /** Query results of earlier passes of this render (compile mode); missing ones stop the render with NeedQuery. */
  readonly queries?: QueryCache;
  /** Names added to the context (on-run-end's `results` and `schemas`). */
  readonly globals?: Readonly<Record<string, unknown>>;
}

interface RenderState {
  readonly mode: RenderMode;
  readonly node: RenderNode;
  readonly refs: Set<string>;
  readonly sources: Set<string>;
  readonly seeds: Set<string>;
  readonly ephemerals: string[];
  readonly statements: Map<string, QueryTable>;
  config: ModelConfig;
  readonly testConfig: Record<string, unknown>;
  /** Our own error thrown from a context function; nunjucks wraps errors, we rethrow the original. */
  error: Error | undefined;
  /** Set when the render stopped for a query result. */
  needQuery: NeedQuery | undefined;
}

interface MacroTemplate {
  readonly file: MacroFile;
  readonly names: readonly string[];
  readonly template: nunjucks.Template;
}

interface MacroPackage {
  readonly name: string;
  readonly files: readonly MacroTemplate[];
  readonly names: ReadonlySet<string>;
  /** The file defining each macro (the first, when a name is defined twice: that is an error anyway). */
  readonly fileOf: ReadonlyMap<string, MacroTemplate>;
}

type MacroFn = (...args: unknown[]) => unknown;

/** The macros of each package, as bound for one render. */
interface MacroTable {
  /** Macro `name` of package `pkg`, bound to the current render. */
  get(pkg: string, name: string): MacroFn | undefined;
}

const ADAPTER_PREFIXES = ['duckdb', 'default'] as const;

/**
 * Renders a project's nodes with dbt's context. One per manifest: it holds the
 * nunjucks environment and the macro templates of the project, its packages and dbt.
 */
export class ModelRenderer {
  readonly #project: Project;
  readonly #vars: Readonly<Record<string, unknown>>;
  readonly #options: ParseOptions;
  readonly #env: nunjucks.Environment;
  /** dbt's built-ins first, then the root project, then the packages. */
  readonly #packages: readonly MacroPackage[];
  readonly #runStartedAt: Date;
  readonly #modules = pyModules();
  /** Where a seed lands; the manifest sets it once it has named every relation. */
  seedRelationOf: ((name: string) => { schema: string; name: string }) | undefined;

  /**
   * What `var()` sees in a node of `packageName`, in dbt's precedence (last wins): the
   * package's own dbt_project.yml vars, the root project's, the root's block scoped to that
   * package (`vars: {<package>: {…}}`), then the run's `--vars`.
   */
  #varsFor(packageName: string): Readonly<Record<string, unknown>> {
    const cached = this.#scopedVars.get(packageName);
    if (cached) return cached;
    const scoped = (vars: Readonly<Record<string, unknown>> | undefined, pkg: string): Record<string, unknown> => {
      const block = vars?.[pkg];
      return block && typeof block === 'object' && !Array.isArray(block) ? (block as Record<string, unknown>) : {};
    };
    const own = this.#project.packages?.find((p) => p.name === packageName)?.vars;
    const merged = Object.freeze({ ...(own ?? {}), ...scoped(own, packageName), ...this.#vars, ...scoped(this.#project.vars, packageName), ...(this.#options.vars ?? {}) });
    this.#scopedVars.set(packageName, merged);
    return merged;
  }

  readonly #scopedVars = new Map<string, Readonly<Record<string, unknown>>>();

  /** `vars` are the project's vars with the run's overrides already applied. */
  constructor(project: Project, vars: Readonly<Record<string, unknown>>, options: ParseOptions) {
    this.#project = project;
    this.#vars = vars;
    this.#options = options;
    this.#runStartedAt = options.runStartedAt ?? new Date();
    this.#env = createDbtEnvironment();
    const builtin: MacroFile = { path: '<dbt built-in macros>', relPath: 'dbt/builtins.sql', source: DBT_BUILTIN_MACROS };
    const pkg = (name: string, files: readonly MacroFile[]): MacroPackage => {
      const templates = files.map((file) => {
        const source = rewriteDbtBlocks(file.source);
        return {
          file,
          names: [...source.matchAll(/\{%-?\s*macro\s+([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1] as string),
          template: new nunjucks.Template(source, this.#env, file.relPath),
        };
      });
      const fileOf = new Map<string, MacroTemplate>();
      for (const t of templates) for (const n of t.names) if (!fileOf.has(n)) fileOf.set(n, t);
      return { name, files: templates, names: new Set(templates.flatMap((t) => t.names)), fileOf };
    };
    this.#packages = [
      pkg(DBT_PACKAGE, [builtin]),
      pkg(project.name, project.macros),
      ...(project.packages ?? []).map((p) => pkg(p.name, p.macros)),
    ];
  }

  /** One error for each macro name defined again in another file of the same project. */
  duplicateMacros(): ProjectConfigError[] {
    const errors: ProjectConfigError[] = [];
    for (const p of this.#packages) {
      const seen = new Map<string, string>();
      for (const m of p.files) {
        for (const n of m.names) {
          const other = seen.get(n);
          if (other) errors.push(new ProjectConfigError(m.file.path, undefined, `macro "${n}" is also defined in ${other}`));
          seen.set(n, m.file.relPath);
        }
      }
    }
    return errors;
  }

  /** Whether a macro `name` exists (in `packageName`, or anywhere bare names resolve for the root project). */
  hasMacro(name: string, packageName?: string): boolean {
    return this.#findMacro(name, packageName) !== undefined;
  }

  #findMacro(name: string, packageName?: string): string | undefined {
    if (packageName !== undefined) return this.#packages.find((p) => p.name === packageName && p.names.has(name))?.name;
    const order = [this.#project.name, ...this.#packages.filter((p) => p.name !== this.#project.name && p.name !== DBT_PACKAGE).map((p) => p.name), DBT_PACKAGE];
    return order.find((n) => this.#packages.find((p) => p.name === n)?.names.has(name));
  }

  /**
   * Renders `node.rawSql`-like `source` once.
   * @throws ModelCompileError naming the node's file; NeedQuery when a query result is missing.
   */
  render(request: RenderRequest & { readonly source: string }): RenderedModel {
    return this.#run(request, (ctx, state) => this.#template(request.source, state.node.relPath).render(ctx));
  }

  // A node is rendered at parse, again at compile, and once more per query its Jinja waits
  // for: compiling its template once saves nunjucks' lexer, parser and compiler the repeats.
  readonly #templates = new Map<string, nunjucks.Template>();

  #template(source: string, relPath: string): nunjucks.Template {
    const key = `${relPath}\0${source}`;
    let template = this.#templates.get(key);
    if (!template) {
      template = new nunjucks.Template(rewriteDbtBlocks(source), this.#env, relPath);
      this.#templates.set(key, template);
    }
    return template;
  }

  /**
   * Calls macro `name` (of `packageName`, or resolved as a bare name) with `args` and
   * keyword `kwargs`: how generic tests (`test_<name>`) are rendered.
   */
  callMacro(request: RenderRequest & { readonly macro: string; readonly packageName?: string; readonly kwargs: Record<string, unknown> }): RenderedModel {
    const pkg = this.#findMacro(request.macro, request.packageName);
    if (pkg === undefined) {
      throw new ModelCompileError(request.node.name, request.node.path, `no macro named ${request.packageName ? `${request.packageName}.` : ''}${request.macro}`);
    }
    return this.#run(request, (_ctx, _state, macros) => {
      const fn = macros.get(pkg, request.macro);
      return String(fn?.({ ...request.kwargs, __keywords: true }) ?? '');
    });
  }

  /** The schema and alias a node lands in: dbt's `generate_schema_name` / `generate_alias_name` (which a project may override). */
  nameRelation(node: RenderNode, config: ModelConfig, models: Readonly<Record<string, ParsedModel>> | undefined): { schema: string; name: string } {
    if (this.#options.schemaNaming !== 'dbt') return relationOf(node.name, config);
    const nodeInfo = { name: node.name, resource_type: node.resourceType ?? 'model', config, path: node.relPath };
    const r = this.#run({ node, mode: 'parse', models }, (_ctx, _state, macros) => {
      const call = (macro: string, custom: unknown): string => {
        const pkg = this.#findMacro(macro)!;
        return String(macros.get(pkg, macro)?.(custom ?? null, nodeInfo) ?? '').trim();
      };
      return JSON.stringify({ schema: call('generate_schema_name', config.schema), name: call('generate_alias_name', config.alias) });
    });
    return JSON.parse(r.sql) as { schema: string; name: string };
  }

  #run(request: RenderRequest, body: (ctx: Record<string, unknown>, state: RenderState, macros: MacroTable) => string): RenderedModel {
    const { node } = request;
    const state: RenderState = {
      mode: request.mode,
      node,
      refs: new Set(),
      sources: new Set(),
      seeds: new Set(),
      ephemerals: [],
      statements: new Map(),
      config: node.config,
      testConfig: {},
      error: undefined,
      needQuery: undefined,
    };
    try {
      // A macro file is run (to define its macros, bound to this render's context) the
      // first time one of its macros is called: most renders call a few macros of a
      // package, and running every file of every package (dbt-utils has a hundred) each
      // render was most of the rendering time.
      const exportedByFile = new Map<MacroTemplate, Record<string, MacroFn>>();
      const macros: MacroTable = {
        get: (pkgName, name) => {
          const p = this.#packages.find((x) => x.name === pkgName);
          const file = p?.fileOf.get(name);
          if (!file) return undefined;
          let exported = exportedByFile.get(file);
          if (!exported) {
            exported = exportedMacros(file.template, contextFor(pkgName));
            exportedByFile.set(file, exported);
          }
          return exported[name];
        },
      };
      const base = { ...this.#context(state, request, macros), ...request.globals };
      const namespaces: Record<string, Record<string, MacroFn>> = {};
      for (const p of this.#packages) {
        namespaces[p.name] = Object.fromEntries([...p.names].map((n) => [n, forwarder(macros, p.name, n)]));
      }
      // Bare names: the package's own macros over the root project's over dbt's.
      const contexts = new Map<string, Record<string, unknown>>();
      const contextFor = (pkgName: string): Record<string, unknown> => {
        const cached = contexts.get(pkgName);
        if (cached) return cached;
        const ctx: Record<string, unknown> = { ...base };
        for (const layer of [DBT_PACKAGE, this.#project.name, pkgName]) Object.assign(ctx, namespaces[layer]);
        Object.assign(ctx, namespaces);
        contexts.set(pkgName, ctx);
        return ctx;
      };
      const sql = body(contextFor(node.packageName ?? this.#project.name), state, macros);
      return { sql, config: state.config, refs: state.refs, sources: state.sources, seeds: state.seeds, ephemerals: state.ephemerals, testConfig: state.testConfig };
    } catch (err) {
      if (state.needQuery) throw state.needQuery;
      if (err instanceof NeedQuery) throw err;
      if (state.error) throw state.error;
      if (err instanceof MacroReturn) throw new ModelCompileError(node.name, node.path, 'return() outside a macro');
      throw new ModelCompileError(node.name, node.path, templateMessage(err), { cause: err });
    }
  }

  #context(state: RenderState, request: RenderRequest, macros: MacroTable): Record<string, unknown> {
    const { node } = state;
    const { models } = request;
    const fail = (message: string): never => {
      state.error = new ModelCompileError(node.name, node.path, message);
      throw state.error;
    };
    const project = this.#project;
    const packageNames = new Set([project.name, ...(project.packages ?? []).map((p) => p.name)]);
    const targetSchema = this.#options.target?.schema ?? DEFAULT_SCHEMA;
    const ref = (...rawArgs: unknown[]): unknown => {
      const args = positional(rawArgs);
      const kw = keywords(rawArgs);
      if (args.length === 0 || args.length > 2 || !args.every((a) => typeof a === 'string')) {
        return fail(`ref() takes a model name (or a package and a model name), got ${JSON.stringify(args)}`);
      }
      const requested = kw['v'] ?? kw['version'];
      const named = args.at(-1) as string;
      // A versioned model is refd by its name; the file of the version asked for (or the latest) is the node.
      const versioned = project.models[named] ? undefined : versionedModel(project, named, requested === undefined || requested === null ? undefined : String(requested));
      if (versioned && versioned.file === undefined) return fail(`ref('${named}', v=${String(requested)}): "${named}" has no version ${String(requested)} (versions: ${versioned.versions.join(', ')})`);
      if (!versioned && requested !== undefined && requested !== null && project.models[named]) return fail(`ref('${named}', v=${String(requested)}): "${named}" is not a versioned model (no versions: in its yml)`);
      const target = versioned?.file ?? named;
      if (args.length === 2 && !packageNames.has(args[0] as string)) return fail(`ref('${args[0]}', '${target}'): no package named "${args[0]}"`);
      const refModel = project.models[target];
      const seed = project.seeds[target];
      // Node names are unique across the project and its packages, so a one-argument ref finds the
      // same node dbt's search (root project, then the calling package, then any) would; two arguments pin the package.
      const found = refModel ?? seed;
      if (args.length === 2 && found && (found.packageName ?? project.name) !== args[0]) {
        return fail(`ref('${args[0]}', '${target}'): package "${args[0]}" has no model or seed named "${target}" (${found.packageName ?? project.name} has one)`);
      }
      if (state.mode === 'parse') {
        if (refModel) state.refs.add(target);
        else if (seed) state.seeds.add(target);
        else return fail(`ref('${target}'): no model or seed named "${target}"`);
        return new Relation(targetSchema, target); // placeholder: final relations are known after parse
      }
      if (seed) {
        const rel = this.seedRelationOf?.(seed.name) ?? relationOfSeed(seed.name, seed.config);
        return new Relation(rel.schema, rel.name);
      }
      const parsed = models?.[target];
      if (!refModel || !parsed) return fail(`ref('${target}'): no model or seed named "${target}"`);
      const own = node.resourceType === 'test' ? undefined : models?.[node.name];
      if (own && !own.dependsOn.models.includes(target)) {
        return fail(
          `ref('${target}') was not seen when the model was parsed (it sits in a branch that only compiles later, such as is_incremental()); ` +
            `add "-- depends_on: {{ ref('${target}') }}" at the top of the model`,
        );
      }
      if (parsed.materialization.kind === 'ephemeral') {
        if (!state.ephemerals.includes(target)) state.ephemerals.push(target);
        return new EphemeralRef(target);
      }
      return new Relation(parsed.relation.schema, parsed.relation.name);
    };
    const source = (...rawArgs: unknown[]): Relation => {
      const args = positional(rawArgs);
      if (args.length !== 2 || !args.every((a) => typeof a === 'string')) {
        return fail(`source() takes a source name and a table name, got ${JSON.stringify(args)}`);
      }
      const key = `${args[0]}.${args[1]}`;
      const table: SourceTable | undefined = project.sources[key];
      if (!table) return fail(`source('${args[0]}', '${args[1]}'): no source table "${key}" is defined in a .yml file`);
      state.sources.add(key);
      return new Relation(table.schema, table.identifier);
    };
    const config = Object.assign(
      (...rawArgs: unknown[]): string => {
        if (node.resourceType === 'test') {
          // A test macro's `config(fail_calc=…)` is read when the test is compiled; the yml's config wins.
          Object.assign(state.testConfig, keywords(rawArgs));
          return '';
        }
        if (state.mode !== 'parse') return '';
        const kwargs: Record<string, unknown> = {};
        for (const a of rawArgs) {
          if (a && typeof a === 'object' && !Array.isArray(a)) Object.assign(kwargs, a);
          else return fail(`config() takes keyword arguments, e.g. config(materialized='table'); got ${JSON.stringify(a)}`);
        }
        delete kwargs['__keywords'];
        // A keyword argument cannot hold a hyphen: dbt spells the hooks pre_hook/post_hook in config().
        for (const [from, to] of [['pre_hook', 'pre-hook'], ['post_hook', 'post-hook']] as const) {
          if (from in kwargs) {
            kwargs[to] = kwargs[from];
            delete kwargs[from];
          }
        }
        const parsed = modelConfigSchema.safeParse(kwargs);
        if (!parsed.success) {
          const issue = parsed.error.issues[0];
          const keys = issue?.code === 'unrecognized_keys' ? ` (${issue.keys.join(', ')})` : '';
          return fail(`config(${formatKeyPath(issue?.path ?? [])}): ${issue?.message ?? 'invalid'}${keys}`);
        }
        state.config = mergeConfig(state.config, parsed.data);
        return '';
      },
      {
        get: (...args: unknown[]) => {
          const { name, default: fallback } = bindArgs(args, ['name', 'default']);
          const v = (state.config as Record<string, unknown>)[String(name)];
          return v === undefined ? (fallback ?? null) : v;
        },
        require: (name: unknown) => {
          const v = (state.config as Record<string, unknown>)[String(name)];
          return v === undefined ? fail(`config.require('${String(name)}'): not set`) : v;
        },
      },
    );
    const vars = this.#varsFor(node.packageName ?? project.name);
    const varFn = (...rawArgs: unknown[]): unknown => {
      const args = positional(rawArgs);
      const name = args[0];
      if (typeof name !== 'string') return fail(`var() takes a variable name, got ${JSON.stringify(name)}`);
      if (Object.hasOwn(vars, name) && vars[name] !== undefined && vars[name] !== null) return vars[name];
      if (args.length >= 2) return args[1];
      return fail(`var('${name}'): required variable not set (define it under vars: in dbt_project.yml or pass it to the run)`);
    };
    const env = this.#options.env ?? process.env;
    const envVar = (...rawArgs: unknown[]): unknown => {
      const args = positional(rawArgs);
      const name = String(args[0]);
      const value = env[name];
      if (value !== undefined) return value;
      if (args.length >= 2) return args[1];
      return fail(`env_var('${name}'): environment variable not set and no default given`);
    };
    const execute = state.mode === 'compile';
    const runQuery = (sql: string): QueryTable | undefined => {
      if (!execute) return undefined;
      const cached = request.queries?.get(sql);
      if (cached) return cached;
      if (!request.queries) return fail('this template runs a query (run_query or a statement block), which needs a database connection');
      state.needQuery = new NeedQuery(sql);
      throw state.needQuery;
    };
    const statement = (...args: unknown[]): string => {
      const { name, fetch_result: fetch, caller } = bindArgs(args, ['name', 'fetch_result', 'auto_begin', 'language'], { name: 'statement', fetch_result: false });
      const sql = typeof caller === 'function' ? String(caller()) : '';
      const result = runQuery(sql.trim());
      if (result && fetch) state.statements.set(String(name), result);
      return '';
    };
    const loadResult = (name: unknown): unknown => {
      const t = state.statements.get(String(name));
      return t ? { data: t.data, table: t, response: { rows_affected: t.data.length } } : null;
    };
    const dispatch = (...args: unknown[]): MacroFn => {
      const { macro_name: name, macro_namespace: namespace } = bindArgs(args, ['macro_name', 'macro_namespace'], { macro_namespace: null });
      const ns = namespace === null || namespace === undefined ? undefined : String(namespace);
      const rule = project.dispatch?.find((d) => d.macroNamespace === ns);
      const order = rule ? [...rule.searchOrder] : ns === undefined || ns === DBT_PACKAGE ? [project.name, DBT_PACKAGE] : [ns];
      if (ns === DBT_PACKAGE && !order.includes(DBT_PACKAGE)) order.push(DBT_PACKAGE);
      for (const pkg of order) {
        for (const prefix of ADAPTER_PREFIXES) {
          const candidate = `${prefix}__${String(name)}`;
          if (this.#packages.find((p) => p.name === pkg)?.names.has(candidate)) return forwarder(macros, pkg, candidate);
        }
      }
      return fail(`adapter.dispatch('${String(name)}', '${ns ?? ''}'): no duckdb__${String(name)} or default__${String(name)} in ${order.join(', ')}`);
    };
    const columnsIn = (rel: unknown): unknown[] => {
      const r = rel as { schema?: string; identifier?: string; name?: string } | undefined;
      const table = runQuery(
        `select column_name, data_type from information_schema.columns where table_schema = '${sqlText(r?.schema ?? targetSchema)}' and table_name = '${sqlText(r?.identifier ?? r?.name ?? '')}' order by ordinal_position`,
      );
      return (table?.data ?? []).map(([name, type]) => column(String(name), String(type)));
    };
    const getRelation = (...args: unknown[]): Relation | null => {
      const { schema, identifier } = bindArgs(args, ['database', 'schema', 'identifier']);
      const table = runQuery(
        `select table_schema, table_name, table_type from information_schema.tables where table_schema = '${sqlText(String(schema))}' and table_name = '${sqlText(String(identifier))}'`,
      );
      const row = table?.data[0];
      return row ? new Relation(String(row[0]), String(row[1])) : null;
    };
    const seedRelation = node.resourceType === 'seed' ? this.seedRelationOf?.(node.name) : undefined;
    const thisRelation =
      seedRelation ??
      (state.mode === 'compile' && node.resourceType !== 'test' && models?.[node.name]
        ? models[node.name]!.relation
        : relationOf(node.name, state.config, targetSchema));
    const target = Object.freeze({
      name: this.#options.targetName ?? 'default',
      schema: targetSchema,
      type: 'duckdb',
      database: this.#options.target?.database ?? 'memory',
      threads: this.#options.target?.threads ?? 1,
      profile_name: this.#options.target?.profileName ?? 'default',
    });
    return {
      ref,
      source,
      config,
      var: varFn,
      env_var: envVar,
      is_incremental: () => state.mode === 'compile' && (request.isIncremental ?? false),
      should_full_refresh: () => request.fullRefresh ?? false,
      should_store_failures: () => Boolean(state.testConfig['store_failures'] ?? request.storeFailures ?? false),
      // A project-level hook (an operation) belongs to no relation: dbt has no `this` there.
      this: node.resourceType === 'operation' ? undefined : new Relation(thisRelation.schema, thisRelation.name),
      target,
      project_name: project.name,
      model: Object.freeze({
        name: node.name,
        path: node.relPath,
        original_file_path: node.relPath,
        resource_type: node.resourceType ?? 'model',
        package_name: node.packageName ?? project.name,
        unique_id: `${node.resourceType ?? 'model'}.${node.packageName ?? project.name}.${node.name}`,
        config: state.config,
      }),
      execute,
      run_started_at: runStartedAt(this.#runStartedAt),
      invocation_id: this.#options.invocationId ?? '00000000-0000-0000-0000-000000000000',
      flags: Object.freeze({ FULL_REFRESH: request.fullRefresh ?? false, WHICH: this.#options.command ?? 'run', STORE_FAILURES: false }),
      graph: Object.freeze({ nodes: {}, sources: {}, exposures: {}, metrics: {} }),
      modules: this.#modules,
      return: (value: unknown) => {
        throw new MacroReturn(value);
      },
      statement,
      load_result: loadResult,
      run_query: (sql: unknown) => runQuery(String(sql).trim()) ?? null,
      adapter: Object.freeze({
        dispatch,
        type: () => 'duckdb',
        quote: (id: unknown) => quoteIdent(String(id)),
        get_columns_in_relation: columnsIn,
        get_relation: getRelation,
        load_relation: (rel: unknown) => {
          const r = rel as { schema?: string; identifier?: string };
          return getRelation(null, r?.schema, r?.identifier);
        },
        // Runs as one of the render's queries, so a hook such as
        // `{% do adapter.drop_relation(this.incorporate(type='table')) %}` takes effect.
        drop_relation: (rel: unknown) => {
          const r = rel as { type?: string };
          runQuery(`drop ${r?.type === 'view' ? 'view' : 'table'} if exists ${String(rel)}`);
          return '';
        },
        check_schema_exists: () => true,
      }),
      load_relation: (rel: unknown) => {
        const r = rel as { schema?: string; identifier?: string };
        return getRelation(null, r?.schema, r?.identifier);
      },
      api: Object.freeze({
        Relation: Object.freeze({
          create: (...args: unknown[]) => {
            const a = bindArgs(args, ['database', 'schema', 'identifier']);
            return new Relation(String(a['schema'] ?? targetSchema), String(a['identifier']));
          },
        }),
        Column: Object.freeze({ create: (name: unknown, type: unknown) => column(String(name), String(type)) }),
      }),
      log: () => '',
      print: () => '',
      exceptions: Object.freeze({
        raise_compiler_error: (msg: unknown) => fail(String(msg)),
        raise_not_implemented: (msg: unknown) => fail(`not implemented: ${String(msg)}`),
        warn: () => '',
      }),
      zip: (...lists: unknown[]) => {
        const ls = positional(lists).map((l) => [...(l as Iterable<unknown>)]);
        return (ls[0] ?? []).map((_, i) => ls.map((l) => l[i]));
      },
      dict: (...args: unknown[]) => ({ ...((positional(args)[0] as object) ?? {}), ...keywords(args) }),
      namespace: (...args: unknown[]) => ({ ...keywords(args) }),
      set: (items?: Iterable<unknown>) => pySet(items ?? []),
      tojson: (v: unknown) => JSON.stringify(v),
      fromjson: (s: unknown) => JSON.parse(String(s)),
      local_md5: (s: unknown) => md5Hex(String(s)),
      doc: () => '',
      dbt_version: '1.10.0',
      __query_table: queryTable,
    };
  }
}

/** A function that finds macro `name` of `pkg` at call time, so macros of one file can call macros defined in another. */
function forwarder(macros: MacroTable, pkg: string, name: string): MacroFn {
  return (...args: unknown[]) => {
    const fn = macros.get(pkg, name);
    if (!fn) throw new Error(`macro ${pkg}.${name} is not available here`);
    return fn(...args);
  };
}

/** A column, as `adapter.get_columns_in_relation` returns them. */
function column(name: string, dataType: string): Record<string, unknown> {
  const lower = dataType.toLowerCase();
  return {
    name,
    column: name,
    quoted: quoteIdent(name),
    data_type: dataType,
    dtype: dataType,
    is_string: () => /char|text|string/u.test(lower),
    is_number: () => /int|double|float|decimal|numeric|real/u.test(lower),
    is_numeric: () => /decimal|numeric/u.test(lower),
    is_integer: () => /int/u.test(lower),
    is_float: () => /double|float|real/u.test(lower),
  };
}

/** Text inside a single-quoted SQL literal (for the information_schema lookups above). */
function sqlText(s: string): string {
  return s.replaceAll("'", "''");
}

function md5Hex(s: string): string {
  return createHash('md5').update(s).digest('hex');
}

function exportedMacros(template: nunjucks.Template, ctx: Record<string, unknown>): Record<string, MacroFn> {
  let out: Record<string, MacroFn> = {};
  let failure: unknown;
  // getExported is callback-style but synchronous for templates without async tags.
  (template as unknown as { getExported(ctx: object, frame: null, cb: (err: unknown, exported: Record<string, never>) => void): void }).getExported(
    ctx,
    null,
    (err, exported) => {
      failure = err;
      out = exported ?? {};
    },
  );
  if (failure) throw failure;
  return out;
}

/** `(models/x.sql) [Line 3, Column 5]\n  unexpected token` → `line 3, column 5: unexpected token`. */
function templateMessage(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  const pos = /\[Line (\d+), Column (\d+)\]/.exec(text);
  const body = text
    .replace(/^\([^)]*\)\s*/u, '')
    .replace(/\[Line \d+, Column \d+\]\s*/u, '')
    .replace(/^Error: /u, '')
    .trim()
    .replace(/\s*\n\s*/gu, ' ');
  const hint = /null or undefined value/.test(body) ? ' (an undefined variable or attribute)' : '';
  return pos ? `line ${pos[1]}, column ${pos[2]}: ${body}${hint}` : `${body}${hint}`;
}
