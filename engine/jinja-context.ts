/**
 * The Jinja context a model is rendered with: dbt's names (`ref`, `source`, `config`,
 * `var`, `env_var`, `is_incremental`, `this`, `target`, `model`, `exceptions`, and the
 * project's macros bound to the calling model) implemented on nunjucks. One render
 * records what the template touched — refs, sources, seeds, ephemerals and the merged
 * `config()` — which is what the manifest builds its dependency graph from, and turns
 * template failures into a `ModelCompileError` naming the model file. It lives apart
 * from the manifest so that everything a template can see and call is in one place.
 */
import nunjucks from 'nunjucks';
import { quoteIdent } from '../core/sql.js';
import { DEFAULT_SCHEMA, mergeConfig, modelConfigSchema, type ModelConfig } from './config.js';
import { cteName } from './ctes.js';
import { ModelCompileError, ProjectConfigError, formatKeyPath } from './errors.js';
import type { ParseOptions, ParsedModel } from './manifest.js';
import type { MacroFile, ModelNode, Project, SourceTable } from './project.js';
import { Relation, relationOf, relationOfSeed } from './relation.js';

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

/** `parse`: record refs, sources and `config()`, `is_incremental()` false. `compile`: the SQL that runs. */
export type RenderMode = 'parse' | 'compile';

/** One render of a model: its SQL, its final config, and what it referenced. */
export interface RenderedModel {
  sql: string;
  config: ModelConfig;
  refs: Set<string>;
  sources: Set<string>;
  seeds: Set<string>;
  ephemerals: string[];
}

interface RenderState {
  readonly mode: RenderMode;
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
 * Renders a project's models with dbt's context. One per manifest: it holds the
 * nunjucks environment and the project's macro templates.
 */
export class ModelRenderer {
  readonly #project: Project;
  readonly #vars: Readonly<Record<string, unknown>>;
  readonly #options: ParseOptions;
  readonly #env: nunjucks.Environment;
  readonly #macros: readonly { file: MacroFile; names: readonly string[]; template: nunjucks.Template }[];

  /** `vars` are the project's vars with the run's overrides already applied. */
  constructor(project: Project, vars: Readonly<Record<string, unknown>>, options: ParseOptions) {
    this.#project = project;
    this.#vars = vars;
    this.#options = options;
    this.#env = new nunjucks.Environment(null, { autoescape: false, throwOnUndefined: true, trimBlocks: false });
    this.#macros = project.macros.map((file) => ({
      file,
      names: [...file.source.matchAll(/\{%-?\s*macro\s+([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1] as string),
      template: new nunjucks.Template(file.source, this.#env, file.relPath),
    }));
  }

  /** One error for each macro name defined again in another file. */
  duplicateMacros(): ProjectConfigError[] {
    const errors: ProjectConfigError[] = [];
    const seenMacro = new Map<string, string>();
    for (const m of this.#macros) {
      for (const n of m.names) {
        const other = seenMacro.get(n);
        if (other) errors.push(new ProjectConfigError(m.file.path, undefined, `macro "${n}" is also defined in ${other}`));
        seenMacro.set(n, m.file.relPath);
      }
    }
    return errors;
  }

  /**
   * Renders `node` once. `models` are the parsed models, or undefined during the parse
   * pass (the compile-only checks and final relations need them).
   * @throws ModelCompileError naming the model file.
   */
  render(node: ModelNode, mode: RenderMode, isIncremental: boolean, models: Readonly<Record<string, ParsedModel>> | undefined): RenderedModel {
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
    const ctx = this.#context(state, isIncremental, models);
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

  #context(state: RenderState, isIncremental: boolean, models: Readonly<Record<string, ParsedModel>> | undefined): Record<string, unknown> {
    const { model } = state;
    const fail = (message: string): never => {
      state.error = new ModelCompileError(model.name, model.path, message);
      throw state.error;
    };
    const project = this.#project;
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
    const vars = this.#vars;
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
