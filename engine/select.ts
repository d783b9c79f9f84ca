/**
 * dbt's node selection syntax over the model DAG:
 * `customers` (one model), `+customers` (and its ancestors), `customers+` (and its
 * descendants), `2+customers` / `customers+1` (limited depth), `tag:pii`,
 * `path:models/staging`, `stg_*` (glob on names). Several selectors are a union;
 * `a,b` inside one selector is an intersection, as in dbt.
 */
import { ConfigError } from '../core/index.js';
import type { Dag } from './dag.js';
import type { ParsedModel } from './manifest.js';

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
  const chosen = selectors && selectors.length > 0 ? union(dag, selectors) : new Set(dag.keys());
  for (const name of union(dag, exclude)) chosen.delete(name);
  return chosen;
}

function union(dag: Dag<ParsedModel>, selectors: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const sel of selectors.flatMap((s) => s.split(/\s+/u)).filter((s) => s !== '')) {
    const parts = sel.split(',').map((p) => selectOne(dag, p));
    const [first, ...rest] = parts;
    for (const name of first ?? []) if (rest.every((p) => p.has(name))) out.add(name);
  }
  return out;
}

function selectOne(dag: Dag<ParsedModel>, selector: string): Set<string> {
  const m = /^(?:(\d*)\+)?(.+?)(?:\+(\d*))?$/u.exec(selector);
  if (!m || !m[2]) throw new ConfigError(`invalid selector "${selector}"`);
  const up = m[1] === undefined ? 0 : m[1] === '' ? Infinity : Number(m[1]);
  const down = m[3] === undefined ? 0 : m[3] === '' ? Infinity : Number(m[3]);
  const roots = matchMethod(dag, m[2], selector);
  const out = new Set(roots);
  for (const root of roots) {
    for (const n of walk(root, up, (k) => dag.depsOf(k))) out.add(n);
    for (const n of walk(root, down, (k) => dag.dependentsOf(k))) out.add(n);
  }
  return out;
}

function matchMethod(dag: Dag<ParsedModel>, spec: string, selector: string): string[] {
  const names = dag.keys();
  const colon = spec.indexOf(':');
  const method = colon === -1 ? 'name' : spec.slice(0, colon);
  const value = colon === -1 ? spec : spec.slice(colon + 1);
  switch (method) {
    case 'tag':
      return names.filter((n) => dag.get(n).tags.includes(value));
    case 'path': {
      const prefix = value.replace(/\/+$/u, '');
      return names.filter((n) => {
        const rel = dag.get(n).node.relPath;
        return rel === prefix || rel.startsWith(`${prefix}/`) || globToRegExp(prefix).test(rel);
      });
    }
    case 'name': {
      if (value.includes('*') || value.includes('?')) {
        const re = globToRegExp(value);
        return names.filter((n) => re.test(n));
      }
      if (!dag.has(value)) throw new ConfigError(`selector "${selector}": no model named "${value}"`);
      return [value];
    }
    default:
      throw new ConfigError(`selector "${selector}": unknown method "${method}" (use a model name, tag:, or path:)`);
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
