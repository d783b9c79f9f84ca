/**
 * `${VAR}` / `${VAR:-default}` interpolation of environment variables into config
 * values. Secrets belong in the environment, never in tributary.yml; an unset
 * variable is reported with the key path that needed it. `$${` escapes a literal `${`.
 */
export interface MissingVariable {
  readonly variable: string;
  readonly path: string;
}

export interface Interpolated<T> {
  readonly value: T;
  readonly missing: readonly MissingVariable[];
  /** Values that came from the environment (to register with the redactor). */
  readonly resolved: readonly string[];
}

const PATTERN = /\$\$\{|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

export function interpolateEnv<T>(value: T, env: Readonly<Record<string, string | undefined>>, path: string[] = []): Interpolated<T> {
  const missing: MissingVariable[] = [];
  const resolved: string[] = [];
  const walk = (v: unknown, p: string[]): unknown => {
    if (typeof v === 'string') {
      return v.replace(PATTERN, (match, name: string | undefined, fallback: string | undefined) => {
        if (match === '$${') return '${';
        const found = env[name!];
        if (found !== undefined && found !== '') {
          resolved.push(found);
          return found;
        }
        if (fallback !== undefined) return fallback;
        missing.push({ variable: name!, path: p.join('.') });
        return '';
      });
    }
    if (Array.isArray(v)) return v.map((item, i) => walk(item, [...p, String(i)]));
    if (v && typeof v === 'object') {
      return Object.fromEntries(Object.entries(v).map(([k, item]) => [k, walk(item, [...p, k])]));
    }
    return v;
  };
  return { value: walk(value, path) as T, missing, resolved };
}

/** Parses a dotenv file: `KEY=value`, optional quotes, `#` comments, `export ` prefix. */
export function parseDotenv(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const m = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (!m) continue;
    let value = m[2]!;
    if ((value.startsWith('"') && value.endsWith('"')) || (value.startsWith("'") && value.endsWith("'"))) value = value.slice(1, -1);
    out[m[1]!] = value;
  }
  return out;
}
