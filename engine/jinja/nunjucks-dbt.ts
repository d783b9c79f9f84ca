/**
 * nunjucks made to speak the Jinja dialect dbt projects are written in. nunjucks is
 * Jinja's JavaScript port, but dbt templates lean on things it lacks: `{{ return(x) }}`
 * ending a macro with a value, Python's string/list/dict methods (`.upper()`,
 * `.items()`, `.append()`), `{% do %}`, `{% test %}` blocks, and a few filters and tests
 * (`map`, `tojson`, `is none`). This module adds them, once per process, to nunjucks'
 * shared runtime and to each environment it creates.
 */
import { createRequire } from 'node:module';
import nunjucks from 'nunjucks';

const require = createRequire(import.meta.url);

/** Thrown by `return(x)`; the macro that is running catches it and evaluates to `x`. */
export class MacroReturn {
  readonly value: unknown;
  constructor(value: unknown) {
    this.value = value;
  }
}

interface Runtime {
  memberLookup(obj: unknown, val: unknown, autoescape?: boolean): unknown;
  SafeString: new (s: string) => { toString(): string };
  MacroReturn?: typeof MacroReturn;
}

let installed = false;

/**
 * Patches nunjucks once: macros catch `MacroReturn` (the compiled macro body is wrapped
 * in try/catch, restoring the caller's frame as a normal return does, because nunjucks
 * keeps that frame in a variable shared with the calling template), and member lookups
 * find Python's methods on strings, lists and dicts.
 */
function install(): void {
  if (installed) return;
  installed = true;
  const runtime = require('nunjucks/src/runtime') as Runtime;
  runtime.MacroReturn = MacroReturn;
  const compiler = require('nunjucks/src/compiler') as { compile: (...args: unknown[]) => string };
  const compile = compiler.compile;
  compiler.compile = (...args: unknown[]): string => exportPrivateMacros(wrapMacroBodies(compile(...args)));
  nunjucks.installJinjaCompat();
  const lookup = runtime.memberLookup;
  runtime.memberLookup = function memberLookup(this: unknown, obj: unknown, val: unknown, autoescape?: boolean): unknown {
    const isString = typeof obj === 'string' || obj instanceof runtime.SafeString;
    if (isString && typeof val === 'string' && Object.hasOwn(STRING_METHODS, val)) {
      const fn = STRING_METHODS[val]!;
      const s = String(obj);
      return (...args: unknown[]) => fn(s, ...positional(args));
    }
    // nunjucks hands out a bare wrapper for function members, losing the function's own
    // properties; a callable namespace (`modules.datetime.datetime.strptime`) keeps them.
    const member = obj === null || obj === undefined ? undefined : (obj as Record<string, unknown>)[val as string];
    if (typeof member === 'function' && Object.keys(member).length > 0) {
      return Object.assign((...args: unknown[]) => (member as (...a: unknown[]) => unknown).apply(obj, args), member);
    }
    return lookup.call(this, obj, val, autoescape);
  };
}

/** nunjucks keeps macros named `_x` private to their file; in dbt they are ordinary macros (`dbt_date._iso_week_start`). */
export function exportPrivateMacros(source: string): string {
  return source.replace(/context\.setVariable\("(_[A-Za-z0-9_]*)", (macro_t_\d+)\);/gu, 'context.addExport("$1");\ncontext.setVariable("$1", $2);');
}

/** Puts each compiled macro body in a try/catch that turns `MacroReturn` into the macro's value. */
export function wrapMacroBodies(source: string): string {
  const opens = source.split('var callerFrame = frame;').length - 1;
  const closeRe = /(return new runtime\.SafeString\(t_\d+\);\n)\}\);/g;
  const closes = source.match(closeRe)?.length ?? 0;
  if (opens === 0 || opens !== closes) return source;
  return source
    .replaceAll('var callerFrame = frame;', 'var callerFrame = frame;\ntry {')
    .replace(closeRe, '$1} catch (e) { frame = callerFrame; if (e instanceof runtime.MacroReturn) return e.value; throw e; }\n});');
}

const STRING_METHODS: Record<string, (s: string, ...args: unknown[]) => unknown> = {
  upper: (s) => s.toUpperCase(),
  lower: (s) => s.toLowerCase(),
  strip: (s, chars) => stripChars(s, chars, true, true),
  lstrip: (s, chars) => stripChars(s, chars, true, false),
  rstrip: (s, chars) => stripChars(s, chars, false, true),
  split: (s, sep, max) => pySplit(s, sep as string | undefined, max as number | undefined),
  startswith: (s, p) => (Array.isArray(p) ? p.some((x) => s.startsWith(String(x))) : s.startsWith(String(p))),
  endswith: (s, p) => (Array.isArray(p) ? p.some((x) => s.endsWith(String(x))) : s.endsWith(String(p))),
  replace: (s, a, b) => s.split(String(a)).join(String(b)),
  join: (s, items) => [...(items as Iterable<unknown>)].map(String).join(s),
  find: (s, sub) => s.indexOf(String(sub)),
  count: (s, sub) => s.split(String(sub)).length - 1,
  title: (s) => s.replace(/\w\S*/gu, (w) => w.charAt(0).toUpperCase() + w.slice(1).toLowerCase()),
  capitalize: (s) => s.charAt(0).toUpperCase() + s.slice(1).toLowerCase(),
  isdigit: (s) => /^\d+$/u.test(s),
  isalpha: (s) => /^\p{L}+$/u.test(s),
  zfill: (s, n) => s.padStart(Number(n), '0'),
  format: (s, ...args) => {
    let i = 0;
    return s.replace(/\{(\d*)\}/gu, (_, n: string) => String(args[n === '' ? i++ : Number(n)]));
  },
};

function stripChars(s: string, chars: unknown, left: boolean, right: boolean): string {
  const set = chars === undefined || chars === null ? null : String(chars);
  const strip = (c: string) => (set === null ? /\s/u.test(c) : set.includes(c));
  let a = 0;
  let b = s.length;
  while (left && a < b && strip(s[a]!)) a++;
  while (right && b > a && strip(s[b - 1]!)) b--;
  return s.slice(a, b);
}

function pySplit(s: string, sep: string | undefined | null, max: number | undefined): string[] {
  const parts = sep === undefined || sep === null ? s.trim().split(/\s+/u).filter((p) => p !== '') : s.split(sep);
  if (max === undefined || max < 0 || parts.length <= max + 1) return parts;
  const head = parts.slice(0, max);
  return [...head, parts.slice(max).join(sep ?? ' ')];
}

/** True for the trailing keyword-argument object nunjucks appends to calls with `name=value`. */
export function isKeywords(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && (v as Record<string, unknown>)['__keywords'] === true;
}

/** The positional arguments of a call (the keyword object dropped). */
export function positional(args: readonly unknown[]): unknown[] {
  return isKeywords(args.at(-1)) ? args.slice(0, -1) : [...args];
}

/** The keyword arguments of a call, without nunjucks' marker. */
export function keywords(args: readonly unknown[]): Record<string, unknown> {
  const last = args.at(-1);
  if (!isKeywords(last)) return {};
  const { __keywords: _, ...rest } = last;
  return rest;
}

/**
 * Python-style argument binding for functions written in TypeScript: positional
 * arguments fill `names` in order, keyword arguments by name, `defaults` the rest.
 */
export function bindArgs(args: readonly unknown[], names: readonly string[], defaults: Record<string, unknown> = {}): Record<string, unknown> {
  const out: Record<string, unknown> = { ...defaults };
  positional(args).forEach((v, i) => {
    const n = names[i];
    if (n !== undefined) out[n] = v;
  });
  Object.assign(out, keywords(args));
  return out;
}

/**
 * dbt's block tags nunjucks has no parser for, rewritten to ones it has:
 * `{% test name(args) %}…{% endtest %}` is dbt's spelling of the macro `test_name`,
 * and `{% materialization %}` blocks (custom materializations) are dropped.
 */
export function rewriteDbtBlocks(source: string): string {
  return dropTrailingCommas(source)
    .replace(/\{%(-?)\s*test\s+([A-Za-z_][A-Za-z0-9_]*)\s*\(/gu, '{%$1 macro test_$2(')
    .replace(/\{%(-?)\s*endtest\s*(-?)%\}/gu, '{%$1 endmacro $2%}')
    .replace(/\{%-?\s*materialization\b[\s\S]*?\{%-?\s*endmaterialization\s*-?%\}/gu, '');
}

/**
 * Python accepts a comma before a closing bracket (`f(a, b,)`, `{"k": 1,}`), and
 * formatted dbt code has many; nunjucks rejects them. Inside each `{{ }}` / `{% %}`
 * tag, outside string literals, such commas are dropped.
 */
export function dropTrailingCommas(source: string): string {
  let out = '';
  let i = 0;
  while (i < source.length) {
    const open = source.slice(i).search(/\{[{%#]/u);
    if (open === -1) {
      out += source.slice(i);
      break;
    }
    out += source.slice(i, i + open);
    i += open;
    const kind = source[i + 1];
    if (kind === '#') {
      const end = source.indexOf('#}', i + 2);
      const stop = end === -1 ? source.length : end + 2;
      out += source.slice(i, stop);
      i = stop;
      continue;
    }
    const close = kind === '{' ? '}}' : '%}';
    let j = i + 2;
    let tag = source.slice(i, j);
    let quote: string | undefined;
    while (j < source.length) {
      const c = source[j]!;
      if (quote) {
        tag += c;
        if (c === '\\' && j + 1 < source.length) {
          tag += source[j + 1];
          j += 2;
          continue;
        }
        if (c === quote) quote = undefined;
        j++;
        continue;
      }
      if (c === '"' || c === "'") {
        quote = c;
        tag += c;
        j++;
        continue;
      }
      if (source.startsWith(close, j) && !(close === '}}' && /\{[^}]*$/u.test(tag.slice(2)))) {
        tag += close;
        j += 2;
        break;
      }
      if (c === ',') {
        const rest = /^\s*/u.exec(source.slice(j + 1))![0];
        const next = source[j + 1 + rest.length];
        if (next === ')' || next === ']' || (next === '}' && !source.startsWith(close, j + 1 + rest.length)) || (next === '}' && close === '%}')) {
          tag += rest;
          j += 1 + rest.length;
          continue;
        }
      }
      tag += c;
      j++;
    }
    out += tag;
    i = j;
  }
  return out;
}

/** `{% do expr %}`: evaluates an expression for its effect (`{% do items.append(x) %}`). */
class DoExtension {
  readonly tags = ['do'];
  parse(parser: any, nodes: any): unknown {
    const tok = parser.nextToken();
    const expr = parser.parseExpression();
    parser.advanceAfterBlockEnd(tok.value);
    return new nodes.CallExtension(this, 'run', new nodes.NodeList(tok.lineno, tok.colno, [expr]));
  }
  run(): string {
    return '';
  }
}

/** A nunjucks environment with dbt's filters, tests and tags. */
export function createDbtEnvironment(): nunjucks.Environment {
  install();
  const env = new nunjucks.Environment(null, { autoescape: false, throwOnUndefined: true, trimBlocks: false });
  env.addExtension('do', new DoExtension());
  env.addFilter('map', (items: Iterable<unknown>, ...args: unknown[]) => {
    const kw = keywords(args);
    const list = [...(items ?? [])];
    if (kw['attribute'] !== undefined) return list.map((x) => (x as Record<string, unknown>)?.[kw['attribute'] as string]);
    const [name, ...rest] = positional(args);
    const filter = env.getFilter(String(name)) as (...a: unknown[]) => unknown;
    return list.map((x) => filter(x, ...rest));
  });
  env.addFilter('tojson', (v: unknown) => JSON.stringify(v));
  env.addFilter('as_bool', (v: unknown) => (typeof v === 'string' ? /^(true|1|yes)$/iu.test(v.trim()) : Boolean(v)));
  env.addFilter('as_number', (v: unknown) => Number(v));
  env.addFilter('as_text', (v: unknown) => String(v));
  env.addFilter('as_native', (v: unknown) => nativeValue(v));
  env.addFilter('unique', (items: Iterable<unknown>) => [...new Set(items)]);
  env.addFilter('items', (obj: Record<string, unknown>) => Object.entries(obj ?? {}));
  env.addFilter('min', (items: Iterable<number>) => Math.min(...items));
  env.addFilter('max', (items: Iterable<number>) => Math.max(...items));
  env.addFilter('format', (fmt: string, ...args: unknown[]) => {
    let i = 0;
    return String(fmt).replace(/%[sdif]/gu, () => String(args[i++]));
  });
  // addTest exists at run time; @types/nunjucks does not declare it.
  const addTest = (name: string, fn: (...args: any[]) => boolean) => (env as unknown as { addTest(n: string, f: typeof fn): void }).addTest(name, fn);
  addTest('none', (v: unknown) => v === null || v === undefined);
  addTest('boolean', (v: unknown) => typeof v === 'boolean');
  addTest('integer', (v: unknown) => Number.isInteger(v));
  addTest('float', (v: unknown) => typeof v === 'number' && !Number.isInteger(v));
  addTest('sequence', (v: unknown) => Array.isArray(v) || typeof v === 'string');
  addTest('in', (v: unknown, seq: unknown) => (Array.isArray(seq) ? seq.includes(v) : typeof seq === 'string' ? seq.includes(String(v)) : false));
  return env;
}

/** What dbt's `as_native` and YAML rendering turn a rendered string into. */
export function nativeValue(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  const t = v.trim();
  if (/^(true|True)$/u.test(t)) return true;
  if (/^(false|False)$/u.test(t)) return false;
  if (/^(none|None|null)$/u.test(t)) return null;
  if (/^-?\d+(\.\d+)?$/u.test(t)) return Number(t);
  if (/^[[{]/u.test(t)) {
    try {
      return JSON.parse(t);
    } catch {
      return v;
    }
  }
  return v;
}
