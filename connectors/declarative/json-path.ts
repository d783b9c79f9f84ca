/**
 * The small JSON-path subset definitions use to point into a response: `$`, `$.a.b`,
 * `$.items[0].id`. Enough for record selectors, next cursors and stop flags, and
 * checkable by a regular expression, unlike full JSONPath with filters.
 */
export function parseJsonPath(path: string): (string | number)[] {
  const steps: (string | number)[] = [];
  for (const m of path.slice(1).matchAll(/\.([A-Za-z0-9_\-@]+)|\[(\d+)\]/g)) steps.push(m[1] !== undefined ? m[1] : Number(m[2]));
  return steps;
}

export function selectJsonPath(body: unknown, path: string): unknown {
  let v: unknown = body;
  for (const step of parseJsonPath(path)) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[step];
  }
  return v;
}

/** A dotted field path into a record (`attributes.email`). */
export function getPath(record: unknown, dotted: string): unknown {
  let v: unknown = record;
  for (const key of dotted.split('.')) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}
