/**
 * The shape of a declarative connector file (connectors/<name>.yaml): a REST API
 * described as data. Everything here is checked before any request is sent, so a typo
 * is a ConfigError naming the file and the key path, never a failure mid-sync.
 */
import { z } from 'zod';
import { PII_TAGS } from '../../core/index.js';

const template = z.string({ error: 'expected a string (may use ${config.…}, ${cursor}, ${parent.…})' });
const scalarTemplate = z.union([template, z.number(), z.boolean()], { error: 'expected a string, number or boolean' });
const params = z.record(z.string(), scalarTemplate);
/** A JSON path into a response body: `$`, `$.data`, `$.meta.next_cursor`, `$.items[0].id`. */
const jsonPath = z.string().regex(/^\$(\.[A-Za-z0-9_\-@]+|\[\d+\])*$/, 'expected a JSON path like $.data or $.meta.next');

const configKey = z.strictObject({
  type: z.enum(['string', 'integer', 'number', 'boolean']).default('string'),
  /** Redacted from every log line and error; never written anywhere. */
  secret: z.boolean().default(false),
  required: z.boolean().optional(),
  default: z.union([z.string(), z.number(), z.boolean()]).optional(),
  description: z.string().optional(),
});

const auth = z.discriminatedUnion(
  'type',
  [
    z.strictObject({ type: z.literal('none') }),
    z.strictObject({ type: z.literal('bearer'), token: template }),
    z.strictObject({
      type: z.literal('api_key'),
      value: template,
      /** Header name (`in: header`) or query parameter name (`in: query`). */
      name: z.string().min(1),
      in: z.enum(['header', 'query']).default('header'),
      /** Text before the key in a header, e.g. `Klaviyo-API-Key ` (note the space). */
      prefix: z.string().default(''),
    }),
    z.strictObject({ type: z.literal('basic'), username: template, password: template.default('') }),
    z.strictObject({
      type: z.literal('oauth2'),
      grant: z.enum(['client_credentials', 'refresh_token']),
      token_url: template,
      client_id: template,
      client_secret: template,
      refresh_token: template.optional(),
      scope: template.optional(),
      /** How the client authenticates at the token endpoint: form fields (default) or HTTP basic. */
      client_auth: z.enum(['body', 'basic']).default('body'),
    }),
  ],
  { error: 'expected auth.type: none, bearer, api_key, basic or oauth2' },
);

const stop = z.strictObject({ path: jsonPath, equals: z.union([z.string(), z.number(), z.boolean(), z.null()]) });

const paging = z.discriminatedUnion(
  'type',
  [
    z.strictObject({ type: z.literal('none') }),
    z.strictObject({
      type: z.literal('cursor'),
      /** Where the next page's cursor is: a body path or a response header. */
      cursor_path: jsonPath.optional(),
      cursor_header: z.string().optional(),
      /** Query parameter (or body field, with `in: body`) that carries it on the next request. */
      param: z.string().min(1),
      in: z.enum(['query', 'body']).default('query'),
      stop: stop.optional(),
    }),
    z.strictObject({ type: z.literal('next_url'), path: jsonPath, stop: stop.optional() }),
    z.strictObject({ type: z.literal('link_header'), rel: z.string().default('next') }),
    z.strictObject({
      type: z.literal('offset'),
      offset_param: z.string().default('offset'),
      limit_param: z.string().default('limit'),
      limit: z.number().int().min(1).max(100_000),
      stop: stop.optional(),
    }),
    z.strictObject({
      type: z.literal('page_number'),
      page_param: z.string().default('page'),
      start: z.number().int().min(0).default(1),
      size_param: z.string().optional(),
      size: z.number().int().min(1).max(100_000).optional(),
      stop: stop.optional(),
    }),
  ],
  { error: 'expected paging.type: none, cursor, next_url, link_header, offset or page_number' },
);

export const FIELD_TYPES = ['string', 'integer', 'number', 'boolean', 'datetime', 'date', 'object', 'array'] as const;
const field = z.union([
  z.enum(FIELD_TYPES, { error: `expected a field type: ${FIELD_TYPES.join(', ')}` }),
  z.strictObject({ type: z.enum(FIELD_TYPES), required: z.boolean().default(false) }),
]);

/** `5m`, `2h`, `3d`, `30s`, or a number of seconds. */
const duration = z.union([z.number().int().min(0), z.string().regex(/^\d+[smhd]$/, 'expected a duration like 30s, 5m, 2h or 3d')]);

const stream = z.strictObject({
  name: z.string().regex(/^[a-z][a-z0-9_]*$/, 'stream names are lower snake case'),
  description: z.string().default(''),
  path: template,
  method: z.enum(['GET', 'POST']).default('GET'),
  params: params.default({}),
  /** A JSON body (POST); string values are templated. */
  body: z.record(z.string(), z.unknown()).optional(),
  headers: z.record(z.string(), template).default({}),
  records: jsonPath.default('$'),
  primary_key: z.array(z.string().min(1)).nonempty({ error: 'expected at least one primary key field' }),
  paging: paging.default({ type: 'none' }),
  incremental: z
    .strictObject({
      cursor_field: z.string().min(1),
      /** Where the first run starts (e.g. `${config.start_date}`); no value = from the beginning. */
      initial: scalarTemplate.optional(),
      /** Re-read this far behind the saved cursor (datetime cursors only). */
      lookback: duration.default(0),
      type: z.enum(['datetime', 'number', 'string']).default('datetime'),
    })
    .optional(),
  parent: z
    .strictObject({
      stream: z.string().min(1),
      /** Parent fields copied into each child record: child field → parent field. */
      fields: z.record(z.string(), z.string()).default({}),
    })
    .optional(),
  schema: z.record(z.string(), field),
  pii: z.record(z.string(), z.enum(PII_TAGS, { error: `expected a PII tag: ${PII_TAGS.join(', ')}` })).default({}),
});

const errorValue = z.union([z.string(), z.number(), z.boolean()]);

/**
 * How the API reports failures, for APIs whose error bodies mean more than their status
 * (Graph answers throttling with HTTP 400/403 and a code): where its message is, what
 * to show beside it, and rules that classify a failed request before the defaults.
 */
const errors = z.strictObject({
  /** JSON path to the vendor's human message in an error body. */
  message: jsonPath.optional(),
  /** Shown beside the message: label → JSON path (e.g. code, fbtrace_id). Never request data. */
  details: z.record(z.string(), jsonPath).default({}),
  /**
   * First match wins: an HTTP status and/or a body value among `in` or text that `matches`
   * (a regular expression: one status can mean two things, LinkedIn's 429 is a short
   * throttle or the day's quota, and only its message tells them apart).
   */
  rules: z
    .array(
      z.strictObject({
        status: z.number().int().min(100).max(599).optional(),
        path: jsonPath.optional(),
        in: z.array(errorValue).nonempty().optional(),
        matches: z
          .string()
          .min(1)
          .refine((source) => {
            try {
              new RegExp(source, 'u');
              return true;
            } catch {
              return false;
            }
          }, 'expected a regular expression')
          .optional(),
        action: z.enum(['retry', 'auth', 'quota', 'fatal'], { error: 'expected action: retry, auth, quota or fatal' }),
      }),
    )
    .default([]),
});

export const definitionSchema = z.strictObject({
  version: z.literal(1, { error: 'expected version: 1' }),
  name: z.string().regex(/^[a-z][a-z0-9_-]*$/, 'connector names are lower case letters, digits, _ and -'),
  description: z.string().default(''),
  config: z.record(z.string().regex(/^[a-z][a-z0-9_]*$/, 'config keys are lower snake case'), configKey).default({}),
  base_url: template,
  auth: auth.default({ type: 'none' }),
  headers: z.record(z.string(), template).default({}),
  rate_limit: z
    .strictObject({
      requests: z.number().int().min(1),
      per_seconds: z.number().positive().default(1),
      concurrency: z.number().int().min(1).max(64).default(4),
    })
    .optional(),
  retry: z
    .strictObject({ max_attempts: z.number().int().min(1).max(20).optional(), base_delay_ms: z.number().int().min(1).max(60_000).optional() })
    .optional(),
  request_timeout_ms: z.number().int().min(100).max(3_600_000).optional(),
  errors: errors.optional(),
  streams: z.array(stream).nonempty({ error: 'expected at least one stream' }),
});

export type Definition = z.infer<typeof definitionSchema>;
export type StreamDefinition = Definition['streams'][number];
export type PagingDefinition = StreamDefinition['paging'];
export type AuthDefinition = Definition['auth'];
export type ErrorsDefinition = NonNullable<Definition['errors']>;
export type FieldType = (typeof FIELD_TYPES)[number];
