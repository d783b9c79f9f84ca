/**
 * A tiny stand-in for the model engine (pipeline/models), so the SQL models can be
 * tested on their own: renders each model with nunjucks and a minimal dbt context
 * (`ref` → `main.<model>`, `source` → `raw.<identifier>` from `_sources.yml`, `config`
 * recorded and printed as nothing), takes the materialization from the folder config
 * in dbt_project.yml (overridable by `config(materialized=…)`), and builds every model
 * in dependency order. Only what these models use is supported, on purpose: if a model
 * needs more Jinja than this, it has probably grown too clever.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import nunjucks from 'nunjucks';
import { parse as parseYaml } from 'yaml';
import type { DuckDBConnection } from '@duckdb/node-api';

const quoteIdent = (s: string): string => '"' + s.replaceAll('"', '""') + '"';

export interface ShimModel {
  readonly name: string;
  /** Path under models/, e.g. `staging/hubspot/stg_hubspot__contacts.sql`. */
  readonly relPath: string;
  readonly sql: string;
  readonly materialized: 'view' | 'table';
  readonly refs: readonly string[];
}

interface SourcesFile {
  sources?: { name: string; schema?: string; tables?: { name: string; identifier?: string }[] }[];
}

interface ProjectFile {
  name: string;
  'model-paths'?: string[];
  models?: Record<string, unknown>;
}

async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await walk(full)));
    else out.push(full);
  }
  return out.sort();
}

/** The `+materialized` that applies to a model in `relDir` (deepest folder wins). */
function folderMaterialization(project: ProjectFile, relDir: string): string {
  let node = (project.models ?? {})[project.name] as Record<string, unknown> | undefined;
  let found = typeof node?.['+materialized'] === 'string' ? (node['+materialized'] as string) : 'view';
  for (const part of relDir.split(path.sep).filter(Boolean)) {
    node = node?.[part] as Record<string, unknown> | undefined;
    if (!node) break;
    if (typeof node['+materialized'] === 'string') found = node['+materialized'] as string;
  }
  return found;
}

/** Renders every model of the project at `projectDir` and orders them by their refs. */
export async function compileProject(projectDir: string): Promise<ShimModel[]> {
  const project = parseYaml(await fs.readFile(path.join(projectDir, 'dbt_project.yml'), 'utf8')) as ProjectFile;
  const modelsDir = path.join(projectDir, (project['model-paths'] ?? ['models'])[0] ?? 'models');
  const files = await walk(modelsDir);

  const sources = new Map<string, string>();
  for (const file of files.filter((f) => /\.ya?ml$/.test(f))) {
    const doc = parseYaml(await fs.readFile(file, 'utf8')) as SourcesFile | null;
    for (const src of doc?.sources ?? []) {
      for (const t of src.tables ?? []) {
        sources.set(`${src.name}.${t.name}`, `${quoteIdent(src.schema ?? src.name)}.${quoteIdent(t.identifier ?? t.name)}`);
      }
    }
  }

  const env = new nunjucks.Environment(null, { autoescape: false, throwOnUndefined: true });
  const models = new Map<string, ShimModel>();
  for (const file of files.filter((f) => f.endsWith('.sql'))) {
    const relPath = path.relative(modelsDir, file);
    const name = path.basename(file, '.sql');
    const refs = new Set<string>();
    let materialized = folderMaterialization(project, path.dirname(relPath));
    const sql = env.renderString(await fs.readFile(file, 'utf8'), {
      ref: (model: string) => {
        refs.add(model);
        return `main.${quoteIdent(model)}`;
      },
      source: (src: string, table: string) => {
        const rel = sources.get(`${src}.${table}`);
        if (!rel) throw new Error(`${relPath}: unknown source ${src}.${table}`);
        return rel;
      },
      config: (cfg: { materialized?: string }) => {
        if (cfg.materialized) materialized = cfg.materialized;
        return '';
      },
    });
    if (materialized !== 'view' && materialized !== 'table') throw new Error(`${relPath}: shim cannot build ${materialized}`);
    if (models.has(name)) throw new Error(`duplicate model name ${name}`);
    models.set(name, { name, relPath, sql, materialized, refs: [...refs] });
  }

  const ordered: ShimModel[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string, trail: string[]): void => {
    const model = models.get(name);
    if (!model) throw new Error(`${trail.at(-1) ?? '?'} refs unknown model ${name}`);
    if (state.get(name) === 'done') return;
    if (state.get(name) === 'visiting') throw new Error(`ref cycle: ${[...trail, name].join(' -> ')}`);
    state.set(name, 'visiting');
    for (const dep of model.refs) visit(dep, [...trail, name]);
    state.set(name, 'done');
    ordered.push(model);
  };
  for (const name of [...models.keys()].sort()) visit(name, []);
  return ordered;
}

/** Builds (or rebuilds) every model in `main`, in dependency order. */
export async function buildModels(conn: DuckDBConnection, models: readonly ShimModel[]): Promise<void> {
  // Drop dependants first so a view is never left pointing at a replaced relation.
  for (const m of [...models].reverse()) {
    await conn.run(`drop ${m.materialized} if exists main.${quoteIdent(m.name)}`);
  }
  for (const m of models) {
    try {
      await conn.run(`create ${m.materialized} main.${quoteIdent(m.name)} as ${m.sql}`);
    } catch (err) {
      throw new Error(`model ${m.relPath} failed: ${(err as Error).message}`, { cause: err });
    }
  }
}
