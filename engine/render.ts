/**
 * Jinja rendering of models with dbt's context, in dbt's two passes:
 *
 * 1. parse (`parseProject`): every model is rendered once with `is_incremental()`
 *    false, recording `ref`s, `source`s and `config()` calls. Unknown refs, unknown
 *    sources, missing vars and bad config are errors naming the model file.
 * 2. compile (`Manifest.compile`): just before a model runs, it is rendered again with
 *    the real `is_incremental()`, giving the SQL that is executed and kept.
 *
 * Ephemeral models are inlined the way dbt does it: `ref('eph')` renders as the CTE
 * name `"__dbt__cte__eph"`, and the compiled SQL of every ephemeral a model uses
 * (transitively, dependencies first) is put in front of the model as
 * `with "__dbt__cte__eph" as (…)` — merged into the model's own `with` when it has one.
 * Lineage therefore sees ordinary CTEs.
 */
import nunjucks from 'nunjucks';
import { quoteIdent, quoteQualified } from '../core/sql.js';
import { DEFAULT_SCHEMA, materializationOf, mergeConfig, modelConfigSchema, type ModelConfig } from './config.js';
import { Dag } from './dag.js';
import { ModelCompileError, ProjectErrors, ProjectConfigError, formatKeyPath } from './errors.js';
import { stripTrailingSemicolons, type Materialization, type RelationName } from './materialize.js';
import type { MacroFile, ModelNode, Project, SourceTable } from './project.js';

/** What `ref()`, `source()` and `this` return: prints as the quoted relation, exposes its parts. */
export class Relation implements RelationName {
  readonly schema: string;
  readonly name: string;
  constructor(schema: string, name: string) {
    this.schema = schema;
    this.name = name;
    Object.freeze(this);
  }
  /** dbt spells the table part `identifier`. */
  get identifier(): string {
    return this.name;
  }
  toString(): string {
    return quoteQualified(this.schema, this.name);
  }
}

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

/** The CTE an ephemeral model is inlined as (dbt's naming). */
export function cteName(model: string): string {
  return `__dbt__cte__${model}`;
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
  /** Where `env_var()` reads; process.env by default. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

export interface CompileOptions {
  /** What `is_incremental()` returns for this model. */
  readonly isIncremental?: boolean;
}

type Mode = 'parse' | 'compile';

interface RenderState {
  readonly mode: Mode;
  readonly model: ModelNode;
  readonly refs: Set<string>;
  readonly sources: Set<string>;
  readonly seeds: Set<string>;
  readonly ephemerals: string[];
  config: ModelConfig;
  /** Our own error thrown from a context function; nunjucks wraps errors, we rethrow the original. */
  error: Error | undefined;
}

/**
 * The parsed project: models with final config and dependencies, and the renderer to
 * compile them. Build it with `parseProject`.
 */
export class Manifest {
  readonly project: Project;
  readonly models: Readonly<Record<string, ParsedModel>>;
  readonly vars: Readonly<Record<string, unknown>>;
  readonly #env: nunjucks.Environment;
  readonly #macros: readonly { file: MacroFile; names: readonly string[]; template: nunjucks.Template }[];
  readonly #options: ParseOptions;

  /** @internal use parseProject */
  constructor(project: Project, options: ParseOptions) {
    this.project = project;
    this.#options = options;
    this.vars = Object.freeze({ ...project.vars, ...(options.vars ?? {}) });
    this.#env = new nunjucks.Environment(null, { autoescape: false, throwOnUndefined: true, trimBlocks: false });
    this.#macros = project.macros.map((file) => ({
      file,
      names: [...file.source.matchAll(/\{%-?\s*macro\s+([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1] as string),
      template: new nunjucks.Template(file.source, this.#env, file.relPath),
    }));
    const errors: ProjectConfigError[] = [];
    const seenMacro = new Map<string, string>();
    for (const m of this.#macros) {
      for (const n of m.names) {
        const other = seenMacro.get(n);
        if (other) errors.push(new ProjectConfigError(m.file.path, undefined, `macro "${n}" is also defined in ${other}`));
        seenMacro.set(n, m.file.relPath);
      }
    }
    const models: Record<string, ParsedModel> = {};
    for (const node of Object.values(project.models)) {
      try {
        models[node.name] = this.#parseModel(node);
      } catch (err) {
        if (err instanceof ModelCompileError) errors.push(new ProjectConfigError(err.file, undefined, err.message.replace(/^model \S+ \([^)]*\): /, '')));
        else throw err;
      }
    }
    if (errors.length > 0) throw new ProjectErrors(errors);
    this.models = Object.freeze(models);
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
    const root = this.#render(this.#model(name), 'compile', options.isIncremental ?? false);
    const bodies = new Map<string, string>();
    const addEphemeral = (eph: string): void => {
      if (bodies.has(eph)) return;
      const r = this.#render(this.#model(eph), 'compile', false);
      for (const dep of r.ephemerals) addEphemeral(dep);
      bodies.set(eph, stripTrailingSemicolons(r.sql));
    };
    for (const eph of root.ephemerals) addEphemeral(eph);
    return injectCtes(root.sql, [...bodies].map(([n, sql]) => [quoteIdent(cteName(n)), sql] as const));
  }

  #model(name: string): ModelNode {
    const node = this.project.models[name];
    if (!node) throw new RangeError(`no model named "${name}"`);
    return node;
  }

  #parseModel(node: ModelNode): ParsedModel {
    const r = this.#render(node, 'parse', false);
    const config = r.config;
    const relation = relationOf(node.name, config);
    return Object.freeze({
      node,
      config,
      materialization: materializationOf(config),
      relation,
      tags: Object.freeze([...(config.tags ?? [])]),
      dependsOn: Object.freeze({
        models: Object.freeze([...r.refs].sort()),
        sources: Object.freeze([...r.sources].sort()),
        seeds: Object.freeze([...r.seeds].sort()),
      }),
    });
  }

  #render(node: ModelNode, mode: Mode, isIncremental: boolean): { sql: string; config: ModelConfig; refs: Set<string>; sources: Set<string>; seeds: Set<string>; ephemerals: string[] } {
    const state: RenderState = {
      mode,
      model: node,
      refs: new Set(),
      sources: new Set(),
      seeds: new Set(),
      ephemerals: [],
      config: node.config,
      error: undefined,
    };
    const ctx = this.#context(state, isIncremental);
    try {
      // Macros are bound to this model's context, so `ref`/`this` inside a macro mean
      // the calling model, as in dbt. Each macro name is first a forwarder, so macros in
      // one file can call macros defined in another.
      const registry: Record<string, (...args: unknown[]) => unknown> = {};
      for (const m of this.#macros) for (const n of m.names) ctx[n] = (...args: unknown[]) => registry[n]?.(...args);
      for (const m of this.#macros) {
        Object.assign(registry, exportedMacros(m.template, ctx));
      }
      const template = new nunjucks.Template(node.rawSql, this.#env, node.relPath);
      const sql = template.render(ctx);
      return { sql, config: state.config, refs: state.refs, sources: state.sources, seeds: state.seeds, ephemerals: state.ephemerals };
    } catch (err) {
      if (state.error) throw state.error;
      throw new ModelCompileError(node.name, node.path, templateMessage(err), { cause: err });
    }
  }

  #context(state: RenderState, isIncremental: boolean): Record<string, unknown> {
    const { model } = state;
    const fail = (message: string): never => {
      state.error = new ModelCompileError(model.name, model.path, message);
      throw state.error;
    };
    const project = this.project;
    const models = this.models as Record<string, ParsedModel> | undefined;
    const ref = (...rawArgs: unknown[]): unknown => {
      const args = positional(rawArgs);
      if (args.length === 0 || args.length > 2 || !args.every((a) => typeof a === 'string')) {
        return fail(`ref() takes a model name (or a package and a model name), got ${JSON.stringify(args)}`);
      }
      const target = args.at(-1) as string;
      if (args.length === 2 && args[0] !== project.name) return fail(`ref('${args[0]}', '${target}'): no package named "${args[0]}"`);
      const refModel = project.models[target];
      const seed = project.seeds[target];
      if (state.mode === 'parse') {
        if (refModel) state.refs.add(target);
        else if (seed) state.seeds.add(target);
        else return fail(`ref('${target}'): no model or seed named "${target}"`);
        return new Relation(DEFAULT_SCHEMA, target); // placeholder: final relations are known after parse
      }
      if (seed) return relationOfSeed(seed.name, seed.config);
      const parsed = models?.[target];
      if (!refModel || !parsed) return fail(`ref('${target}'): no model or seed named "${target}"`);
      const own = models?.[model.name];
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
    const config = (...rawArgs: unknown[]): string => {
      if (state.mode !== 'parse') return '';
      const kwargs: Record<string, unknown> = {};
      for (const a of rawArgs) {
        if (a && typeof a === 'object' && !Array.isArray(a)) Object.assign(kwargs, a);
        else return fail(`config() takes keyword arguments, e.g. config(materialized='table'); got ${JSON.stringify(a)}`);
      }
      delete kwargs['__keywords'];
      const parsed = modelConfigSchema.safeParse(kwargs);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const keys = issue?.code === 'unrecognized_keys' ? ` (${issue.keys.join(', ')})` : '';
        return fail(`config(${formatKeyPath(issue?.path ?? [])}): ${issue?.message ?? 'invalid'}${keys}`);
      }
      state.config = mergeConfig(state.config, parsed.data);
      return '';
    };
    const vars = this.vars;
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
    const thisRelation =
      state.mode === 'compile' && models?.[model.name] ? models[model.name]!.relation : relationOf(model.name, state.config);
    return {
      ref,
      source,
      config,
      var: varFn,
      env_var: envVar,
      is_incremental: () => state.mode === 'compile' && isIncremental,
      this: new Relation(thisRelation.schema, thisRelation.name),
      target: Object.freeze({ name: this.#options.targetName ?? 'default', schema: DEFAULT_SCHEMA, type: 'duckdb' }),
      project_name: project.name,
      model: Object.freeze({ name: model.name, path: model.relPath }),
      log: () => '',
      exceptions: Object.freeze({ raise_compiler_error: (msg: unknown) => fail(String(msg)) }),
    };
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

function relationOf(name: string, config: ModelConfig): RelationName {
  return { schema: config.schema ?? DEFAULT_SCHEMA, name: config.alias ?? name };
}

function relationOfSeed(name: string, config: ModelConfig): Relation {
  return new Relation(config.schema ?? DEFAULT_SCHEMA, config.alias ?? name);
}

/** nunjucks passes keyword arguments as a trailing `{ __keywords: true, … }` object; positional helpers ignore it. */
function positional(args: readonly unknown[]): unknown[] {
  const last = args.at(-1);
  if (last && typeof last === 'object' && (last as Record<string, unknown>)['__keywords'] === true) return args.slice(0, -1);
  return [...args];
}

function exportedMacros(template: nunjucks.Template, ctx: Record<string, unknown>): Record<string, (...args: unknown[]) => unknown> {
  let out: Record<string, (...args: unknown[]) => unknown> = {};
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
