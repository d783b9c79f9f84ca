/**
 * The connector contract. Every source — code or (later) YAML-declared — produces
 * the same `Connector` and `Stream` objects; the pipeline knows nothing else about it.
 *
 * A stream is dlt's "resource" idea: a generator of record batches plus the table
 * settings the loader needs (primary key, cursor, schema, PII tags).
 *
 * @example
 * ```ts
 * const contacts: Stream<HubspotConfig> = {
 *   name: 'contacts',
 *   primaryKey: ['id'],
 *   cursorField: 'updatedAt',
 *   schema: contactSchema,
 *   pii: { 'properties.email': 'email', 'properties.phone': 'phone' },
 *   async *read(state, ctx) { ... yield { records, state: { cursor } } },
 * };
 * ```
 */
import type { z } from 'zod';
import type { Classifier, HttpClient } from './http-client.js';
import type { Logger } from '../../core/logger.js';
import type { PiiTag } from '../../core/pii-tags.js';

export type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | JsonValue[] | { [key: string]: JsonValue };
/** One record as the source returned it (nested objects allowed). */
export type JsonRecord = { [key: string]: JsonValue };

/**
 * A stream's resume point: small JSON, owned by the stream (`{ cursor: '2026-…' }`).
 * It is committed in the same DuckDB transaction as the batch it follows, so it never
 * runs ahead of the data.
 */
export type StreamState = { readonly [key: string]: JsonValue };

/**
 * What `read()` yields: the records of one page (or a few pages) and the state to
 * resume from once they are safely landed. The pipeline commits `records`,
 * `deleted` and `state` in one transaction; a crash re-reads at most this batch.
 */
export interface Batch {
  readonly records: readonly JsonRecord[];
  /** Tombstones: records deleted/archived/merged at the source (at least the primary key). */
  readonly deleted?: readonly JsonRecord[];
  readonly state: StreamState;
}

/**
 * PII declared by a stream: field path (dots into nested objects, as in the
 * source's JSON, e.g. `properties.email`) → tag. Only personal fields are listed.
 */
export type FieldPii = { readonly [fieldPath: string]: PiiTag };

/** Everything a stream may use while reading. The SDK, not the stream, owns retries and budgets. */
export interface ReadContext<C> {
  readonly config: C;
  readonly http: HttpClient;
  readonly log: Logger;
  readonly signal: AbortSignal;
  /** Rows per batch the pipeline would like (a hint; pages may be bigger or smaller). */
  readonly batchSize: number;
}

export interface Stream<C = unknown> {
  /** Lower snake case; becomes `raw.<connector>_<name>`. */
  readonly name: string;
  readonly description: string;
  /** Field paths forming the record's identity at the source. */
  readonly primaryKey: readonly string[];
  /** Field path the stream reads incrementally by; absent means a full read each run. */
  readonly cursorField?: string;
  /** zod schema a record must satisfy; records that fail are quarantined, not landed. */
  readonly schema: z.ZodType;
  /** Personal fields and their PII tags. */
  readonly pii: FieldPii;
  read(state: StreamState | undefined, ctx: ReadContext<C>): AsyncIterable<Batch>;
}

/** How the SDK's HTTP client should talk to a source, derived from its config. */
export interface HttpProfile {
  readonly baseURL: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** Requests allowed per window (the vendor's published limit). */
  readonly rate?: { readonly requests: number; readonly perMs: number };
  /** Concurrent requests in flight (Mailchimp: 10). */
  readonly concurrency?: number;
  /** Per-request timeout. */
  readonly timeoutMs?: number;
  /** The source's own retry policy (a declarative definition's `retry:`), over the run's. */
  readonly retry?: { readonly maxAttempts?: number; readonly baseDelayMs?: number };
}

export interface Connector<C = unknown> {
  /** Connector type, kebab-case (`hubspot`, `meta-ads`); the `type:` in tributary.yml. */
  readonly type: string;
  /** Prefix of its raw tables (`meta_ads` → `raw.meta_ads_campaigns`). */
  readonly tablePrefix: string;
  readonly description: string;
  readonly configSchema: z.ZodType<C>;
  /** Config keys whose values are secrets: redacted from every log line and error. */
  readonly secretKeys: readonly string[];
  readonly streams: readonly Stream<C>[];
  /** Streams that depend on the source's config (the files connector's declared tables), over `streams`. */
  streamsFor?(config: C): readonly Stream<C>[];
  /** How to build the source's HTTP client; absent for file-based sources. */
  http?(config: C): HttpProfile;
  /** Vendor-specific failure classification (e.g. Meta reports throttling as HTTP 400, code 17). */
  readonly classify?: Classifier;
  /** Extracts the vendor's human-readable message from an error body. */
  readonly describe?: (body: unknown) => string | undefined;
}

/** Erases the config type for registries holding connectors of many types. */
export type AnyConnector = Connector<any>;
