/**
 * Reads and checks a declarative connector file, without network: YAML syntax, the
 * shape (definition-schema.ts), then what a shape cannot say — every `${…}` names a
 * declared config key (or `cursor` in an incremental stream, `parent` in a child
 * stream), parents exist without cycles, keys, cursors and PII fields are declared in
 * the record schema. All problems come back at once, each with the key path.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { ConfigError } from '../../core/index.js';
import { definitionSchema, type Definition, type StreamDefinition } from './definition-schema.js';
import { references } from './template.js';

export const DEFINITION_HINT = 'see "Declarative REST connectors" in README.md; `tributary connector validate <file>` checks a definition';

export function loadDefinition(file: string): Definition {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new ConfigError(`connector definition not found: ${file}`, { hint: DEFINITION_HINT });
  }
  return parseDefinition(text, basename(file));
}

export function parseDefinition(text: string, name: string): Definition {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const lines = doc.errors.map((e) => {
      const pos = e.linePos?.[0];
      return `  - ${name}${pos ? `:${pos.line}:${pos.col}` : ''}: ${e.message.split('\n')[0]}`;
    });
    throw new ConfigError(`${name} is not valid YAML:\n${lines.join('\n')}`, { hint: DEFINITION_HINT });
  }
  const input: unknown = doc.toJS({ maxAliasCount: 100 });
  const parsed = definitionSchema.safeParse(input);
  if (!parsed.success) throw invalid(name, formatIssues(parsed.error.issues, input));
  const problems = semanticProblems(parsed.data);
  if (problems.length > 0) throw invalid(name, problems);
  return parsed.data;
}

function invalid(name: string, problems: readonly string[]): ConfigError {
  return new ConfigError(`${name} is not a valid connector definition:\n${problems.map((p) => `  - ${p}`).join('\n')}`, { hint: DEFINITION_HINT });
}

/** Key paths with stream names instead of indexes: `streams.profiles.paging.type`. */
function formatIssues(issues: readonly z.core.$ZodIssue[], input: unknown): string[] {
  const streams = (input as { streams?: unknown })?.streams;
  return issues.map((issue) => {
    const path = issue.path.map(String);
    if (path[0] === 'streams' && path[1] !== undefined && Array.isArray(streams)) {
      const named = (streams[Number(path[1])] as { name?: unknown } | undefined)?.name;
      if (typeof named === 'string') path[1] = named;
    }
    const where = path.length ? path.join('.') : '(top level)';
    if (issue.code === 'unrecognized_keys') return `${where}: unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
    return `${where}: ${issue.message}`;
  });
}

function semanticProblems(def: Definition): string[] {
  const problems: string[] = [];
  const configKeys = new Set(Object.keys(def.config));
  const checkTemplates = (value: unknown, where: string, stream?: StreamDefinition) => {
    if (typeof value === 'string') {
      for (const ref of references(value)) {
        if (ref.root === 'config') {
          if (!configKeys.has(ref.path)) problems.push(`${where}: \${config.${ref.path}} names no key of config: (declared: ${[...configKeys].join(', ') || 'none'})`);
        } else if (ref.root === 'cursor') {
          if (!stream?.incremental) problems.push(`${where}: \${cursor} is only available in a stream with incremental:`);
        } else if (ref.root === 'parent') {
          if (!stream?.parent) problems.push(`${where}: \${parent.${ref.path}} is only available in a stream with parent:`);
        } else {
          problems.push(`${where}: unknown reference \${${ref.root}${ref.path ? `.${ref.path}` : ''}} (expected \${config.<key>}, \${cursor} or \${parent.<field>})`);
        }
      }
    } else if (Array.isArray(value)) value.forEach((v, i) => checkTemplates(v, `${where}.${i}`, stream));
    else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) checkTemplates(v, `${where}.${k}`, stream);
  };
  checkTemplates(def.base_url, 'base_url');
  checkTemplates(def.auth, 'auth');
  checkTemplates(def.headers, 'headers');
  for (const [key, spec] of Object.entries(def.config)) {
    if (spec.default !== undefined && spec.required === true) problems.push(`config.${key}: a key with a default cannot be required`);
  }
  if (def.auth.type === 'oauth2' && def.auth.grant === 'refresh_token' && def.auth.refresh_token === undefined) {
    problems.push('auth.refresh_token: expected the refresh token (e.g. ${config.refresh_token}) for grant: refresh_token');
  }

  for (const [i, rule] of (def.errors?.rules ?? []).entries()) {
    if (rule.status === undefined && rule.path === undefined) problems.push(`errors.rules.${i}: expected a status, a path with in: or matches:, or both`);
    const tests = (rule.in === undefined ? 0 : 1) + (rule.matches === undefined ? 0 : 1);
    if ((rule.path === undefined) !== (tests === 0)) problems.push(`errors.rules.${i}: path goes with in: or matches: (the body value at path, among in or matching the expression)`);
    if (tests === 2) problems.push(`errors.rules.${i}: in: and matches: test the same value: give one of them`);
  }

  const names = new Map<string, StreamDefinition>();
  for (const s of def.streams) {
    if (names.has(s.name)) problems.push(`streams.${s.name}: two streams are named "${s.name}"`);
    names.set(s.name, s);
  }
  for (const s of def.streams) {
    const at = `streams.${s.name}`;
    for (const key of ['path', 'params', 'body', 'headers'] as const) checkTemplates(s[key], `${at}.${key}`, s);
    if (s.incremental?.initial !== undefined) checkTemplates(s.incremental.initial, `${at}.incremental.initial`, { ...s, incremental: undefined });
    const declared = (field: string) => Object.hasOwn(s.schema, field);
    for (const k of s.primary_key) if (!declared(k)) problems.push(`${at}.primary_key: "${k}" is not a field of the stream's schema`);
    if (s.incremental && !declared(s.incremental.cursor_field)) problems.push(`${at}.incremental.cursor_field: "${s.incremental.cursor_field}" is not a field of the stream's schema`);
    for (const f of Object.keys(s.pii)) if (!declared(f)) problems.push(`${at}.pii.${f}: not a field of the stream's schema (declare it under schema: to tag it)`);
    if (s.paging.type === 'cursor' && (s.paging.cursor_path === undefined) === (s.paging.cursor_header === undefined)) {
      problems.push(`${at}.paging: expected exactly one of cursor_path (a body path) or cursor_header (a response header)`);
    }
    if (s.paging.type === 'cursor' && s.paging.in === 'body' && s.method !== 'POST') problems.push(`${at}.paging.in: body needs method: POST`);
    if (s.body !== undefined && s.method !== 'POST') problems.push(`${at}.body: a body needs method: POST`);
    if (s.parent) {
      const parent = names.get(s.parent.stream);
      if (!parent) problems.push(`${at}.parent.stream: no stream named "${s.parent.stream}" (streams: ${[...names.keys()].join(', ')})`);
      else {
        const seen = new Set([s.name]);
        for (let p: StreamDefinition | undefined = parent; p; p = p.parent ? names.get(p.parent.stream) : undefined) {
          if (seen.has(p.name)) {
            problems.push(`${at}.parent.stream: streams ${[...seen].join(' → ')} form a cycle`);
            break;
          }
          seen.add(p.name);
        }
      }
      for (const child of Object.keys(s.parent.fields)) if (!declared(child)) problems.push(`${at}.parent.fields.${child}: not a field of the stream's schema`);
    }
  }
  return problems;
}
