/**
 * Jinja inside YAML values, as dbt renders dbt_project.yml and profiles.yml when it
 * loads them: `"{{ env_var('DB_PATH') }}"`, `+materialized: "{{ 'table' if target.name
 * == 'prod' else 'view' }}"`. Only `target`, `var`, `env_var` and the Python modules
 * exist at this point (no refs, no macros). Hooks are left as written: dbt renders
 * them later, when they run.
 */
import { ProjectConfigError } from '../errors.js';
import { createDbtEnvironment, nativeValue, positional } from './nunjucks-dbt.js';
import { pyModules } from './py-modules.js';

export interface YamlRenderContext {
  readonly target?: Readonly<Record<string, unknown>>;
  readonly vars?: Readonly<Record<string, unknown>>;
  readonly env?: Readonly<Record<string, string | undefined>>;
}

const UNRENDERED_KEYS = new Set(['pre-hook', 'post-hook', '+pre-hook', '+post-hook', 'on-run-start', 'on-run-end']);

let shared: ReturnType<typeof createDbtEnvironment> | undefined;

/** `value` with every string holding `{{` or `{%` rendered; whole-value results become native types (`true`, 3). */
export function renderYamlJinja(value: unknown, file: string, ctx: YamlRenderContext, keyPath: readonly string[] = []): unknown {
  if (typeof value === 'string') {
    if (!value.includes('{{') && !value.includes('{%')) return value;
    shared ??= createDbtEnvironment();
    const env = ctx.env ?? process.env;
    const vars = ctx.vars ?? {};
    const context = {
      target: ctx.target ?? { name: 'default', type: 'duckdb', schema: 'main' },
      env_var: (...args: unknown[]) => {
        const [name, fallback] = positional(args);
        const v = env[String(name)];
        if (v !== undefined) return v;
        if (fallback !== undefined) return fallback;
        throw new ProjectConfigError(file, keyPath.join('.'), `env_var('${String(name)}'): environment variable not set and no default given`);
      },
      var: (...args: unknown[]) => {
        const [name, fallback] = positional(args);
        if (Object.hasOwn(vars, String(name))) return vars[String(name)];
        if (fallback !== undefined) return fallback;
        throw new ProjectConfigError(file, keyPath.join('.'), `var('${String(name)}'): required variable not set`);
      },
      modules: pyModules(),
    };
    try {
      return nativeValue(shared.renderString(value, context));
    } catch (err) {
      const cause = (err as { cause?: unknown }).cause;
      if (cause instanceof ProjectConfigError) throw cause;
      if (err instanceof ProjectConfigError) throw err;
      const message = err instanceof Error ? err.message.replace(/\s*\n\s*/gu, ' ') : String(err);
      throw new ProjectConfigError(file, keyPath.join('.'), `cannot render "${value}": ${message}`);
    }
  }
  if (Array.isArray(value)) return value.map((v, i) => renderYamlJinja(v, file, ctx, [...keyPath, String(i)]));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, UNRENDERED_KEYS.has(k) ? v : renderYamlJinja(v, file, ctx, [...keyPath, k])]),
    );
  }
  return value;
}
