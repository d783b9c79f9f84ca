/**
 * dbt's node selection syntax over a DAG:
 * `customers` (one node), `+customers` (and its ancestors), `customers+` (and its
 * descendants), `2+customers` / `customers+1` (limited depth), `tag:pii`,
 * `path:models/staging`, `stg_*` (glob on names), `resource_type:model`,
 * `config.materialized:table` (any `config.<key>:`), `package:name`,
 * `source:crm` / `source:crm.contacts` (nodes reading that source). Several selectors
 * (or space-separated ones) are a union; `a,b` inside one selector is an intersection,
 * as in dbt.
 */
import { ConfigError } from '../core/index.js';
import type { Dag } from './dag.js';
import type { ParsedModel } from './manifest.js';

/** What selector methods look at on a node. */
export interface SelectableNode {
  readonly name: string;
  readonly resourceType: string;
  readonly tags: readonly string[];
  /** Path relative to the project folder (`models/staging/stg_x.sql`). */
  readonly relPath: string;
  readonly packageName: string;
  readonly config: Readonly<Record<string, unknown>>;
  /** `source.table` keys the node reads. */
  readonly sources: readonly string[];
}

export interface SelectOptions {
  /** Throw when a plain name matches no node (the engine's own callers); dbt's commands only warn. */
  readonly strictNames?: boolean;
}

/**
 * The model names `selectors` pick, minus those `exclude` picks. No selectors means every model.
 * @throws ConfigError for a selector naming a model that does not exist.
 * @example
 * ```ts
 * selectModels(dag, ['+customers', 'tag:nightly']);
 * ```
 */
export function selectModels(
  dag: Dag<ParsedModel>,
  selectors: readonly string[] | undefined,
  exclude: readonly string[] = [],
): Set<string> {
  return selectNodes(
    dag,
    (m) => ({
      name: m.node.name,
      resourceType: 'model',
      tags: m.tags,
      relPath: m.node.relPath,
      packageName: '',
      config: m.config as Record<string, unknown>,
      sources: m.dependsOn.sources,
    }),
    selectors,
    exclude,
    { strictNames: true },
  );
}

/** The keys of `dag` that `selectors` pick (all when none), minus those `exclude` picks. */
export function selectNodes<T>(
  dag: Dag<T>,
  describe: (value: T, key: string) => SelectableNode,
  selectors: readonly string[] | undefined,
  exclude: readonly string[] = [],
  options: SelectOptions = {},
): Set<string> {
  const nodes = new Map(dag.keys().map((k) => [k, describe(dag.get(k), k)]));
  const chosen = selectors && selectors.some((s) => s.trim() !== '') ? union(dag, nodes, selectors, options) : new Set(dag.keys());
  for (const name of union(dag, nodes, exclude, options)) chosen.delete(name);
  return chosen;
}

function union<T>(dag: Dag<T>, nodes: Map<string, SelectableNode>, selectors: readonly string[], options: SelectOptions): Set<string> {
  const out = new Set<string>();
  for (const sel of selectors.flatMap((s) => s.split(/\s+/u)).filter((s) => s !== '')) {
    const parts = sel.split(',').map((p) => selectOne(dag, nodes, p, options));
    const [first, ...rest] = parts;
    for (const name of first ?? []) if (rest.every((p) => p.has(name))) out.add(name);
  }
  return out;
}

function selectOne<T>(dag: Dag<T>, nodes: Map<string, SelectableNode>, selector: string, options: SelectOptions): Set<string> {
  const m = /^(@)?(?:(\d*)\+)?(.+?)(?:\+(\d*))?$/u.exec(selector);
  if (!m || !m[3]) throw new ConfigError(`invalid selector "${selector}"`);
  const at = m[1] === '@';
  const up = m[2] === undefined ? 0 : m[2] === '' ? Infinity : Number(m[2]);
  const down = at ? Infinity : m[4] === undefined ? 0 : m[4] === '' ? Infinity : Number(m[4]);
  const roots = matchMethod(nodes, m[3], selector, options);
  const out = new Set(roots);
  for (const root of roots) {
    for (const n of walk(root, up, (k) => dag.depsOf(k))) out.add(n);
    for (const n of walk(root, down, (k) => dag.dependentsOf(k))) out.add(n);
  }
  // `@x`: x, its descendants, and the ancestors of those descendants.
  if (at) for (const n of [...out]) for (const a of walk(n, Infinity, (k) => dag.depsOf(k))) out.add(a);
  return out;
}

function matchMethod(nodes: Map<string, SelectableNode>, spec: string, selector: string, options: SelectOptions): string[] {
  const entries = [...nodes];
  const colon = spec.indexOf(':');
  const method = colon === -1 ? 'name' : spec.slice(0, colon);
  const value = colon === -1 ? spec : spec.slice(colon + 1);
  const where = (pred: (n: SelectableNode) => boolean) => entries.filter(([, n]) => pred(n)).map(([k]) => k);
  if (method.startsWith('config.')) {
    const key = method.slice('config.'.length);
    return where((n) => {
      const v = n.config[key];
      return Array.isArray(v) ? v.map(String).includes(value) : v !== undefined && String(v) === value;
    });
  }
  switch (method) {
    case 'tag':
      return where((n) => n.tags.includes(value));
    case 'path':
    case 'file': {
      const prefix = value.replace(/\/+$/u, '').replace(/^\.\//u, '');
      const re = globToRegExp(prefix);
      return where((n) => n.relPath === prefix || n.relPath.startsWith(`${prefix}/`) || re.test(n.relPath) || (method === 'file' && n.relPath.endsWith(`/${prefix}`)));
    }
    case 'resource_type':
      return where((n) => n.resourceType === value);
    case 'package':
      return where((n) => n.packageName === value);
    case 'source': {
      const re = globToRegExp(value.includes('.') ? value : `${value}.*`);
      return where((n) => n.sources.some((s) => re.test(s)));
    }
    case 'fqn':
    case 'name': {
      if (value.includes('*') || value.includes('?')) {
        const re = globToRegExp(value);
        return where((n) => re.test(n.name));
      }
      const found = where((n) => n.name === value);
      if (found.length === 0 && options.strictNames) throw new ConfigError(`selector "${selector}": no model named "${value}"`);
      return found;
    }
    default:
      throw new ConfigError(
        `selector "${selector}": unknown method "${method}" (use a name, tag:, path:, resource_type:, config.<key>:, package: or source:)`,
      );
  }
}

function walk(start: string, depth: number, next: (k: string) => string[]): string[] {
  const out = new Set<string>();
  let frontier = [start];
  for (let d = 0; d < depth && frontier.length > 0; d++) {
    const nextFrontier: string[] = [];
    for (const k of frontier) {
      for (const n of next(k)) {
        if (!out.has(n)) {
          out.add(n);
          nextFrontier.push(n);
        }
      }
    }
    frontier = nextFrontier;
  }
  return [...out];
}

function globToRegExp(glob: string): RegExp {
  const escaped = glob.replace(/[.+^${}()|[\]\\]/gu, '\\$&').replace(/\*/gu, '.*').replace(/\?/gu, '.');
  return new RegExp(`^${escaped}$`, 'u');
}
