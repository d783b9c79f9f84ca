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

/** `*name` in a call: the list's items become positional arguments. */
export class SpreadArgs {
  constructor(readonly items: readonly unknown[]) {}
}

/** `**name` in a call: the dict's entries become keyword arguments. */
export class SpreadKwargs {
  constructor(readonly entries: Readonly<Record<string, unknown>>) {}
}

interface Runtime {
  memberLookup(obj: unknown, val: unknown, autoescape?: boolean): unknown;
  pyTruthy?: (v: unknown) => boolean;
  pyEquals?: (a: unknown, b: unknown) => boolean;
  pyAdd?: (a: unknown, b: unknown) => unknown;
  ensureDefined: (val: unknown) => unknown;
  makeMacro: (argNames: string[], kwargNames: string[], func: (...args: unknown[]) => unknown) => (...args: unknown[]) => unknown;
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
  compiler.compile = (...args: unknown[]): string => exposeExtraArguments(exportPrivateMacros(wrapMacroBodies(compile(...args))));
  nunjucks.installJinjaCompat();
  runtime.makeMacro = makeMacro;
  runtime.pyTruthy = pyTruthy;
  runtime.pyEquals = pyEquals;
  runtime.pyAdd = (a: unknown, b: unknown): unknown => (Array.isArray(a) && Array.isArray(b) ? [...a, ...b] : (a as number) + (b as number));
  // Printing as Jinja (dbt's default Undefined) does: `{{ none }}` is "None" (a macro
  // returning none at parse time, before queries have results) and an undefined name
  // prints nothing (`{{ groupby_cols }}` set only in an `if`). Calling an undefined name
  // or reading an attribute of one is still an error.
  runtime.ensureDefined = (val: unknown): unknown => (val === null ? 'None' : val === undefined ? '' : val);
  patchCompiler(require('nunjucks/src/compiler') as { Compiler: { prototype: CompilerProto } }, require('nunjucks/src/nodes') as NodesModule);
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
    // An object's own method (a result column's `values()`) wins over the dict method of the same name.
    if (typeof member === 'function' && Object.hasOwn(obj as object, val as string)) return (member as (...a: unknown[]) => unknown).bind(obj);
    return lookup.call(this, obj, val, autoescape);
  };
}

/**
 * nunjucks' macro argument binding, extended with what Jinja has and dbt packages use:
 * `*args`/`**kwargs` spreads at the call site, and the extra arguments a macro was
 * given beyond its signature (Jinja's `varargs` list and `kwargs` dict), which nunjucks
 * drops. The extras ride on the keyword object, hidden, for `exposeExtraArguments`.
 */
function makeMacro(argNames: string[], kwargNames: string[], func: (...args: unknown[]) => unknown): (...args: unknown[]) => unknown {
  return function macro(this: unknown, ...raw: unknown[]): unknown {
    const kw = keywords(raw);
    const pos = positional(raw);
    const args: unknown[] = argNames.map((name, i) => {
      if (i < pos.length) return pos[i];
      const v = kw[name];
      delete kw[name];
      return v;
    });
    const varargs: unknown[] = [];
    pos.slice(argNames.length).forEach((v, i) => {
      const name = kwargNames[i];
      if (name !== undefined) kw[name] = v;
      else varargs.push(v);
    });
    const extra = Object.fromEntries(Object.entries(kw).filter(([k]) => !kwargNames.includes(k) && k !== 'caller'));
    Object.defineProperty(kw, '__keywords', { value: true, enumerable: false });
    Object.defineProperty(kw, '__dbtExtra', { value: extra, enumerable: false });
    Object.defineProperty(kw, '__dbtVarargs', { value: varargs, enumerable: false });
    args.push(kw);
    return func.apply(this, args);
  };
}

interface CompilerProto {
  _getNodeName(node: unknown): string;
  compilePair(node: { key: unknown; value: unknown }, frame: unknown): void;
  compileSet(node: SetNode, frame: unknown): void;
  compileCompare(node: { expr: unknown; ops: { type: string; expr: unknown }[] }, frame: unknown): void;
  compileNot(node: { target: unknown }, frame: unknown): void;
  compileAdd(node: { left: unknown; right: unknown }, frame: unknown): void;
  compileAnd(node: { left: unknown; right: unknown }, frame: unknown): void;
  compileOr(node: { left: unknown; right: unknown }, frame: unknown): void;
  compileIf(node: { cond: unknown; lineno: unknown; colno: unknown }, frame: unknown, async?: unknown): void;
  compileInlineIf(node: { cond: unknown; lineno: unknown; colno: unknown }, frame: unknown): void;
  compileKeywordArgs(node: { children: { key: { value: unknown }; value: unknown }[] }, frame: unknown): void;
  _tmpid(): string;
  _emitLine(code: string): void;
  compile(node: unknown, frame: unknown): void;
  _compileExpression(node: unknown, frame: unknown): void;
  _emit(code: string): void;
}
interface NodesModule {
  Literal: new (...args: unknown[]) => { value: unknown };
  Not: new (lineno: unknown, colno: unknown, target: unknown) => unknown;
  LookupVal: new (...args: unknown[]) => { target: unknown; val: unknown };
}
interface SetNode {
  targets: unknown[];
  value: unknown;
  body: unknown;
}

/**
 * Places nunjucks' code generator parts with Jinja: attribute assignment; a dict key that is an
 * expression (`{col.column: col}`, `{key.lower(): val}`; a bare name is a variable in
 * Jinja, a string in nunjucks) is rejected; and a called expression's source text,
 * used for error messages, is pasted into the generated JavaScript unescaped, so a
 * string literal with a line break (dbt-utils' warnings) breaks the generated code.
 */
function patchCompiler(compiler: { Compiler: { prototype: CompilerProto } }, nodes: NodesModule): void {
  const proto = compiler.Compiler.prototype;
  const getNodeName = proto._getNodeName;
  proto._getNodeName = function (this: CompilerProto, node: unknown): string {
    return getNodeName.call(this, node).replace(/\\/gu, '\\\\').replace(/[\n\r\u2028\u2029]/gu, ' ');
  };
  // `{% set ns.total = ns.total + 1 %}` (and the block form): assigns an attribute, how
  // Jinja code carries a value out of a loop through a `namespace()`.
  const compileSet = proto.compileSet;
  proto.compileSet = function (this: CompilerProto, node, frame): void {
    const target = node.targets[0];
    if (node.targets.length !== 1 || !(target instanceof nodes.LookupVal)) return compileSet.call(this, node, frame);
    const id = this._tmpid();
    this._emit(`var ${id} = `);
    if (node.value) this._compileExpression(node.value, frame);
    else this.compile(node.body, frame);
    this._emitLine(';');
    this._emit('(');
    this._compileExpression(target.target, frame);
    this._emit(')[');
    this._compileExpression(target.val, frame);
    this._emitLine(`] = ${id};`);
  };
  // Truth as Python has it: an empty list, dict or string is false (`{% if exclude and
  // include %}` with two empty defaults), and `a or b` is `a` when `a` is true, else `b`.
  proto.compileNot = function (this: CompilerProto, node, frame): void {
    this._emit('!runtime.pyTruthy(');
    this.compile(node.target, frame);
    this._emit(')');
  };
  proto.compileAnd = function (this: CompilerProto, node, frame): void {
    this._emit('((__l) => runtime.pyTruthy(__l) ? (');
    this.compile(node.right, frame);
    this._emit(') : __l)(');
    this.compile(node.left, frame);
    this._emit(')');
  };
  proto.compileOr = function (this: CompilerProto, node, frame): void {
    this._emit('((__l) => runtime.pyTruthy(__l) ? __l : (');
    this.compile(node.right, frame);
    this._emit('))(');
    this.compile(node.left, frame);
    this._emit(')');
  };
  // `['id'] + group_by_columns` concatenates lists in Python; JavaScript would make a string.
  proto.compileAdd = function (this: CompilerProto, node, frame): void {
    this._emit('runtime.pyAdd(');
    this.compile(node.left, frame);
    this._emit(', ');
    this.compile(node.right, frame);
    this._emit(')');
  };
  // A condition becomes not(not(cond)), which the patched `not` compiles to pyTruthy(cond).
  const truthy = (node: { cond: unknown; lineno: unknown; colno: unknown }) => ({
    ...node,
    cond: new nodes.Not(node.lineno, node.colno, new nodes.Not(node.lineno, node.colno, node.cond)),
  });
  const compileIf = proto.compileIf;
  proto.compileIf = function (this: CompilerProto, node, frame, async): void {
    compileIf.call(this, Object.assign(Object.create(Object.getPrototypeOf(node) as object) as typeof node, truthy(node)), frame, async);
  };
  const compileInlineIf = proto.compileInlineIf;
  proto.compileInlineIf = function (this: CompilerProto, node, frame): void {
    compileInlineIf.call(this, Object.assign(Object.create(Object.getPrototypeOf(node) as object) as typeof node, truthy(node)), frame);
  };
  // `==` and `!=` compare lists, dicts and sets by value, as Python does (nunjucks
  // compiles them to JavaScript's identity comparison).
  const compileCompare = proto.compileCompare;
  proto.compileCompare = function (this: CompilerProto, node, frame): void {
    const op = node.ops[0];
    if (node.ops.length !== 1 || !op || (op.type !== '==' && op.type !== '!=')) return compileCompare.call(this, node, frame);
    this._emit(op.type === '==' ? 'runtime.pyEquals(' : '!runtime.pyEquals(');
    this.compile(node.expr, frame);
    this._emit(', ');
    this.compile(op.expr, frame);
    this._emit(')');
  };
  // Keyword arguments (`f(a=1)`) are parsed as a dict whose keys are names: those stay strings.
  proto.compileKeywordArgs = function (this: CompilerProto, node, frame): void {
    this._emit('runtime.makeKeywordArgs({');
    node.children.forEach((pair, i) => {
      this._emit(`${i > 0 ? ', ' : ''}${JSON.stringify(String(pair.key.value))}: `);
      this._compileExpression(pair.value, frame);
    });
    this._emit('})');
  };
  const compilePair = proto.compilePair;
  proto.compilePair = function (this: CompilerProto, node, frame): void {
    if (node.key instanceof nodes.Literal && typeof node.key.value === 'string') return compilePair.call(this, node, frame);
    this._emit('[');
    this._compileExpression(node.key, frame);
    this._emit(']: ');
    this._compileExpression(node.value, frame);
  };
}

/** A list that `set()` made: compares without regard to order. */
export function pySet(items: Iterable<unknown>): unknown[] {
  const out = [...new Set(items)];
  Object.defineProperty(out, '__pyset', { value: true, enumerable: false });
  return out;
}

/** Python's `==`: lists and dicts by value, sets without order, strings with SafeStrings. */
export function pyEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || a === undefined || b === undefined) return a === b;
  if (Array.isArray(a) && Array.isArray(b)) {
    if ((a as { __pyset?: boolean }).__pyset || (b as { __pyset?: boolean }).__pyset) {
      return a.length === b.length && a.every((x) => b.some((y) => pyEquals(x, y)));
    }
    return a.length === b.length && a.every((x, i) => pyEquals(x, b[i]));
  }
  if (typeof a === 'object' && typeof b === 'object') {
    const plain = (v: object) => [Object.prototype, null].includes(Object.getPrototypeOf(v) as object | null);
    if (plain(a) && plain(b)) {
      const ka = Object.keys(a);
      const kb = Object.keys(b);
      return ka.length === kb.length && ka.every((k) => Object.hasOwn(b, k) && pyEquals((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
    }
    return String(a) === String(b);
  }
  if (typeof a === 'object' || typeof b === 'object') return String(a) === String(b);
  // eslint-disable-next-line eqeqeq -- Jinja's `1 == 1.0` and nunjucks' old `==` both hold
  return a == b;
}

/** Python's truth value: empty strings, lists, dicts and zero are false; other objects true. */
export function pyTruthy(v: unknown): boolean {
  if (v === null || v === undefined || v === false || v === 0 || v === '' || Number.isNaN(v)) return false;
  if (Array.isArray(v)) return v.length > 0;
  if (v instanceof Map || v instanceof Set) return v.size > 0;
  if (typeof v === 'object') {
    const proto = Object.getPrototypeOf(v) as unknown;
    if (proto === Object.prototype || proto === null) return Object.keys(v).length > 0;
    return String(v) !== '' || !('length' in v);
  }
  return true;
}

/** Sets Jinja's `kwargs` and `varargs` inside each compiled macro body (see `makeMacro`). */
export function exposeExtraArguments(source: string): string {
  return source.replaceAll(
    'kwargs = kwargs || {};',
    'kwargs = kwargs || {};\nframe.set("kwargs", kwargs.__dbtExtra || {});\nframe.set("varargs", kwargs.__dbtVarargs || []);',
  );
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

/** The positional arguments of a call (the keyword object dropped, `*list` spreads unpacked). */
export function positional(args: readonly unknown[]): unknown[] {
  const given = isKeywords(args.at(-1)) ? args.slice(0, -1) : args;
  return given.flatMap((a) => (a instanceof SpreadArgs ? [...a.items] : a instanceof SpreadKwargs ? [] : [a]));
}

/** The keyword arguments of a call, without nunjucks' marker (`**dict` spreads merged in). */
export function keywords(args: readonly unknown[]): Record<string, unknown> {
  const last = args.at(-1);
  const spread = args.filter((a): a is SpreadKwargs => a instanceof SpreadKwargs).map((a) => a.entries);
  if (!isKeywords(last)) return Object.assign({}, ...spread) as Record<string, unknown>;
  const { __keywords: _, ...rest } = last;
  return Object.assign({}, ...spread, rest) as Record<string, unknown>;
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
      if (c === '*' && /[,(]\s*$/u.test(tag)) {
        // `f(a, *args, **kwargs)`: nunjucks has no spread syntax; a marker the macro unpacks.
        const spread = /^(\*\*?)([A-Za-z_][A-Za-z0-9_.]*)/u.exec(source.slice(j));
        if (spread) {
          tag += `${spread[1] === '**' ? '__dbt_spread_kwargs' : '__dbt_spread_args'}(${spread[2]})`;
          j += spread[0].length;
          continue;
        }
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
  env.addGlobal('__dbt_spread_args', (items: Iterable<unknown>) => new SpreadArgs([...(items ?? [])]));
  env.addGlobal('__dbt_spread_kwargs', (entries: Record<string, unknown>) => new SpreadKwargs(entries ?? {}));
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
