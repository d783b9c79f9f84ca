/**
 * `${config.key}`, `${cursor}` and `${parent.field}` in a definition's strings. Only
 * these three roots exist, so a reference can be checked without running anything
 * (`references()`), and a value that is the whole string keeps its type (a number
 * parameter stays a number).
 */
import { getPath } from './json-path.js';

export interface TemplateScope {
  readonly config: Readonly<Record<string, unknown>>;
  readonly cursor?: string | number | undefined;
  readonly parent?: Readonly<Record<string, unknown>> | undefined;
}

const PATTERN = /\$\{\s*([A-Za-z_][A-Za-z0-9_]*)((?:\.[A-Za-z0-9_\-]+)*)\s*\}/g;

export interface Reference {
  readonly root: string;
  readonly path: string;
}

/** Every `${…}` a string names (for validation). */
export function references(text: string): Reference[] {
  return [...text.matchAll(PATTERN)].map((m) => ({ root: m[1]!, path: (m[2] ?? '').slice(1) }));
}

function lookup(scope: TemplateScope, ref: Reference): unknown {
  if (ref.root === 'cursor') return scope.cursor;
  if (ref.root === 'config') return scope.config[ref.path];
  if (ref.root === 'parent') return scope.parent ? getPath(scope.parent, ref.path) : undefined;
  return undefined;
}

/**
 * Renders a template. A string that is exactly one reference returns the value itself
 * (undefined when unset, so an optional parameter can be dropped); otherwise the
 * references are spliced in as text, unset ones as ''.
 */
export function render(text: string, scope: TemplateScope): unknown {
  const whole = /^\$\{\s*([A-Za-z_][A-Za-z0-9_]*)((?:\.[A-Za-z0-9_\-]+)*)\s*\}$/.exec(text);
  if (whole) return lookup(scope, { root: whole[1]!, path: (whole[2] ?? '').slice(1) });
  return text.replace(PATTERN, (_m, root: string, path: string) => {
    const v = lookup(scope, { root, path: path.slice(1) });
    return v === undefined || v === null ? '' : String(v);
  });
}

export function renderString(text: string, scope: TemplateScope): string {
  const v = render(text, scope);
  return v === undefined || v === null ? '' : String(v);
}

/** Renders every string in a parameter map; parameters that render to nothing are left out. */
export function renderParams(values: Readonly<Record<string, unknown>>, scope: TemplateScope): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(values)) {
    const r = renderDeep(v, scope);
    if (r !== undefined && r !== '') out[k] = r;
  }
  return out;
}

export function renderDeep(value: unknown, scope: TemplateScope): unknown {
  if (typeof value === 'string') return render(value, scope);
  if (Array.isArray(value)) return value.map((v) => renderDeep(v, scope));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).flatMap(([k, v]) => {
      const r = renderDeep(v, scope);
      return r === undefined ? [] : [[k, r]];
    }));
  }
  return value;
}
