/**
 * A checked definition as a Connector: the same object a code connector exports, so
 * landing, lineage (`<name>.<stream>.<field>`), PII tags, quarantine and `runs`
 * reporting treat it no differently. Each stream reads its pages (pages.ts); an
 * incremental stream starts from its saved cursor (less the lookback) or its initial
 * value, and commits the highest cursor it saw only with its last page, so a crash
 * mid-stream re-reads from where it started (the record hash absorbs the repeats).
 * A child stream reads its parent afresh and its own pages once per parent record.
 */
import { z } from 'zod';
import type { Batch, Connector, HttpProfile, JsonRecord, JsonValue, ReadContext, Stream, StreamState } from '../sdk/index.js';
import { ConfigError } from '../sdk/index.js';
import type { Definition, StreamDefinition } from './definition-schema.js';
import { staticAuthHeaders } from './auth.js';
import { errorClassifier, errorDescriber } from './error-rules.js';
import { getPath } from './json-path.js';
import { readPages, type PageSource } from './pages.js';
import { recordSchema } from './record-schema.js';
import { render, renderString, type TemplateScope } from './template.js';

export type DeclarativeConfig = Readonly<Record<string, unknown>>;

export function buildConnector(def: Definition): Connector<DeclarativeConfig> {
  const byName = new Map(def.streams.map((s) => [s.name, s]));
  const classify = def.errors ? errorClassifier(def.errors) : undefined;
  const describe = def.errors ? errorDescriber(def.errors) : undefined;
  return Object.freeze({
    ...(classify ? { classify } : {}),
    ...(describe ? { describe } : {}),
    type: def.name,
    tablePrefix: def.name.replace(/-/g, '_'),
    description: def.description || `${def.name} (declarative REST connector)`,
    configSchema: configSchemaOf(def),
    secretKeys: Object.entries(def.config).filter(([, spec]) => spec.secret).map(([k]) => k),
    streams: def.streams.map((s) => streamOf(def, s, byName)),
    http(config: DeclarativeConfig): HttpProfile {
      const headers = { Accept: 'application/json', ...renderHeaders(def.headers, config), ...staticAuthHeaders(def.auth, config) };
      return {
        baseURL: renderString(def.base_url, { config }),
        headers,
        ...(def.rate_limit ? { rate: { requests: def.rate_limit.requests, perMs: def.rate_limit.per_seconds * 1000 }, concurrency: def.rate_limit.concurrency } : {}),
        ...(def.request_timeout_ms === undefined ? {} : { timeoutMs: def.request_timeout_ms }),
        ...(def.retry
          ? { retry: { ...(def.retry.max_attempts === undefined ? {} : { maxAttempts: def.retry.max_attempts }), ...(def.retry.base_delay_ms === undefined ? {} : { baseDelayMs: def.retry.base_delay_ms }) } }
          : {}),
      };
    },
  });
}

function renderHeaders(headers: Readonly<Record<string, string>>, config: DeclarativeConfig): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, renderString(v, { config })]));
}

/** The source block's keys in tributary.yml, as the definition's `config:` declares them. */
function configSchemaOf(def: Definition): z.ZodType<DeclarativeConfig> {
  const shape: Record<string, z.ZodType> = {};
  for (const [key, spec] of Object.entries(def.config)) {
    let s: z.ZodType =
      spec.type === 'string'
        ? z.string().min(1)
        : spec.type === 'boolean'
          ? z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')])
          : spec.type === 'integer'
            ? z.coerce.number().int()
            : z.coerce.number();
    if (spec.default !== undefined) s = s.default(spec.default as never);
    else if (spec.required === false) s = s.optional();
    shape[key] = s;
  }
  return z.strictObject(shape) as unknown as z.ZodType<DeclarativeConfig>;
}

const DURATION_UNIT_S: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };
function seconds(d: number | string): number {
  return typeof d === 'number' ? d : Number(d.slice(0, -1)) * DURATION_UNIT_S[d.slice(-1)]!;
}

function streamOf(def: Definition, s: StreamDefinition, byName: ReadonlyMap<string, StreamDefinition>): Stream<DeclarativeConfig> {
  return {
    name: s.name,
    description: s.description || `${def.name} ${s.name}`,
    primaryKey: s.primary_key,
    ...(s.incremental ? { cursorField: s.incremental.cursor_field } : {}),
    schema: recordSchema(s),
    pii: s.pii,
    async *read(state: StreamState | undefined, ctx: ReadContext<DeclarativeConfig>): AsyncIterable<Batch> {
      const source: PageSource = { auth: def.auth, baseURL: renderString(def.base_url, { config: ctx.config }), http: ctx.http };
      const saved = state?.cursor;
      const start = startCursor(def, s, saved, ctx.config);
      let max: JsonValue | undefined = saved ?? undefined;
      const interim: StreamState = saved === undefined ? {} : { cursor: saved };
      const scope: TemplateScope = { config: ctx.config, cursor: start };
      const pages = s.parent ? childPages(def, s, scope, source, byName) : readPages(s, scope, source);
      for await (const page of pages) {
        if (s.incremental) for (const r of page.records) max = later(s.incremental.type, max, getPath(r, s.incremental.cursor_field) as JsonValue | undefined);
        const final = page.last && s.incremental && max !== undefined ? { cursor: max } : interim;
        yield { records: page.records, state: final };
      }
    },
  };
}

/** Where an incremental stream's `${cursor}` starts: saved cursor less lookback, else the initial value. */
function startCursor(def: Definition, s: StreamDefinition, saved: JsonValue | undefined, config: DeclarativeConfig): string | number | undefined {
  const inc = s.incremental;
  if (!inc) return undefined;
  if (saved === undefined || saved === null) {
    const initial = inc.initial === undefined ? undefined : typeof inc.initial === 'string' ? render(inc.initial, { config }) : inc.initial;
    return initial === undefined || initial === null || initial === '' ? undefined : (initial as string | number);
  }
  if (inc.type === 'datetime') {
    const t = Date.parse(String(saved));
    if (Number.isNaN(t)) {
      throw new ConfigError(`${def.name}.${s.name}: saved cursor ${JSON.stringify(saved)} is not a date-time`, { hint: 'reset the stream state to re-read from incremental.initial' });
    }
    return new Date(t - seconds(inc.lookback) * 1000).toISOString();
  }
  return typeof saved === 'number' ? saved : String(saved);
}

function later(type: 'datetime' | 'number' | 'string', a: JsonValue | undefined, b: JsonValue | undefined): JsonValue | undefined {
  if (b === undefined || b === null) return a;
  if (a === undefined || a === null) return b;
  if (type === 'datetime') return Date.parse(String(b)) > Date.parse(String(a)) ? b : a;
  if (type === 'number') return Number(b) > Number(a) ? b : a;
  return String(b) > String(a) ? b : a;
}

/** Every parent record (its own parents first, recursively), then this stream's pages for each. */
async function* childPages(
  def: Definition,
  s: StreamDefinition,
  scope: TemplateScope,
  source: PageSource,
  byName: ReadonlyMap<string, StreamDefinition>,
): AsyncGenerator<{ records: JsonRecord[]; last: boolean }> {
  const parentDef = byName.get(s.parent!.stream)!;
  const parents: JsonRecord[] = [];
  const parentScope: TemplateScope = { config: scope.config, cursor: startCursor(def, parentDef, undefined, scope.config) };
  for await (const page of parentDef.parent ? childPages(def, parentDef, parentScope, source, byName) : readPages(parentDef, parentScope, source)) parents.push(...page.records);
  if (parents.length === 0) {
    yield { records: [], last: true };
    return;
  }
  for (const [i, parent] of parents.entries()) {
    for await (const page of readPages(s, { ...scope, parent }, source)) {
      const records = page.records.map((r) => {
        const copied: JsonRecord = { ...r };
        for (const [child, field] of Object.entries(s.parent!.fields)) copied[child] = (getPath(parent, field) as JsonValue | undefined) ?? null;
        return copied;
      });
      yield { records, last: page.last && i === parents.length - 1 };
    }
  }
}
