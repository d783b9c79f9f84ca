/**
 * The shape of tributary.yml. Each source block is `{ type, streams?, enabled?,
 * request_timeout_ms?, …connector config }`, validated on its own (sourceBlockSchema,
 * then the connector's zod schema for the rest, see load-config.ts), so a mistake at
 * the top level does not hide the mistakes in the source blocks.
 * Paths are relative to the config file's folder.
 */
import { z } from 'zod';
import { PII_TAGS } from '../../core/index.js';
import { identitySchema } from './identity-schema.js';

export const MASKING_POLICIES = ['redact', 'hash', 'partial', 'none'] as const;
/** A key guessable by trying is no key: HMAC's strength is the key's. */
export const PSEUDONYM_KEY_MIN_LENGTH = 16;
export const PSEUDONYM_KEY_TOO_SHORT = `too short for a pseudonym key: use at least ${PSEUDONYM_KEY_MIN_LENGTH} random characters (e.g. \`openssl rand -hex 32\`)`;

export type MaskingPolicyName = (typeof MASKING_POLICIES)[number];

/** A request's total deadline (connect, first byte, whole body), in ms. */
const requestTimeoutMs = z.number().int().min(100).max(3_600_000);

/** `30s`, `90m`, `26h`, `2d`: how long a source may go without a successful sync. */
export const DURATION = /^(\d+)(s|m|h|d)$/;
const duration = z.string().regex(DURATION, 'expected a duration like 90m, 26h or 2d');

/** `freshness:` (top level: every source's default; in a source block: that source's). */
const freshnessSchema = z.strictObject({ warn_after: duration });

/** A cron expression (5 fields, or 6 with seconds); croner checks it when the config loads (load-config.ts). */
const cron = z.string().min(1, 'expected a cron expression such as "0 2 * * *"');

export const sourceBlockSchema = z.looseObject({
  type: z.string({ error: 'expected the connector type, e.g. "hubspot"' }),
  /** Only these streams (default: all the connector has). */
  streams: z.array(z.string()).nonempty().optional(),
  enabled: z.boolean().default(true),
  /** This source's request deadline, over sync.request_timeout_ms and the connector's default. */
  request_timeout_ms: requestTimeoutMs.optional(),
  /** A declarative connector's YAML file (default: connectors/<type>.yaml beside tributary.yml). */
  definition: z.string().min(1).optional(),
  /** This source's own cron for `tributary schedule` (over `schedule.cron`). */
  schedule: cron.optional(),
  /** This source's own expected interval for `tributary status` (over the top-level `freshness`). */
  freshness: freshnessSchema.optional(),
  /** Raw rows not seen for this many days are deleted by each sync (pipeline/retention/); unset: kept. */
  retention_days: z.number({ error: 'expected a whole number of days, e.g. 90' }).int().min(1).max(36_500).optional(),
});

export const configSchema = z.strictObject({
  version: z.literal(1, { error: 'expected version: 1' }),
  /** The working DuckDB file: raw tables, models, state. */
  warehouse: z.string().default('warehouse.duckdb'),
  /** The published, masked DuckDB file analysts open. */
  analytics: z.string().default('analytics.duckdb'),
  /** Control-plane SQLite file, or a `postgresql://` URL (default: DATABASE_URL when it is one, else tributary.db). */
  control_plane: z.string().min(1).optional(),
  /** `tributary worker` (PostgreSQL control plane only): stream syncs as jobs several workers share. */
  workers: z
    .strictObject({
      /**
       * A claimed stream whose worker has not finished it within this long is given to
       * another worker (a worker that died holds no claim: its stream lock goes with its
       * connection). Longer than your slowest stream takes.
       */
      claim_timeout_seconds: z.number().int().min(1).max(86_400).default(3600),
    })
    .default({ claim_timeout_seconds: 3600 }),
  /** The dbt-style project to build (default: Tributary's own models). */
  models: z.string().optional(),
  log_level: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  sync: z
    .strictObject({
      /** Rows landed per transaction: consecutive pages of a stream are grouped up to this. */
      batch_size: z.number().int().min(1).max(100_000).default(5000),
      /** Retry policy for every source's HTTP requests. */
      retries: z
        .strictObject({
          max_attempts: z.number().int().min(1).max(20).default(6),
          base_delay_ms: z.number().int().min(1).max(60_000).default(250),
        })
        .default({ max_attempts: 6, base_delay_ms: 250 }),
      /**
       * Every request's total deadline (connect, first byte, whole body); a request past it
       * is aborted and retried. Unset: the connector's own (HubSpot 30 s, Salesforce and
       * Mailchimp 120 s, Meta 90 s; 60 s for others).
       */
      request_timeout_ms: requestTimeoutMs.optional(),
      /**
       * A stream whose requests kept failing for a passing reason (5xx, resets, timeouts,
       * after `retries`) is read again from its last checkpoint within the run, after
       * `delay_ms`, doubled each time.
       */
      stream_retries: z
        .strictObject({
          max_attempts: z.number().int().min(1).max(10).default(3),
          delay_ms: z.number().int().min(0).max(3_600_000).default(30_000),
        })
        .default({ max_attempts: 3, delay_ms: 30_000 }),
    })
    .default({ batch_size: 5000, retries: { max_attempts: 6, base_delay_ms: 250 }, stream_retries: { max_attempts: 3, delay_ms: 30_000 } }),
  /** When `tributary schedule` syncs (pipeline/schedule/): one cron for every source, a source block may set its own. */
  schedule: z
    .strictObject({
      cron: cron.optional(),
      /** IANA time zone the crons are read in (default UTC: a server's local zone is rarely what was meant). */
      timezone: z.string().min(1).default('UTC'),
      /** `sync`: the scheduler syncs in its own process; `workers`: it queues the due streams for `tributary worker` processes. */
      mode: z.enum(['sync', 'workers']).default('sync'),
    })
    .optional(),
  /** How old a source's last successful sync may be before `tributary status` calls it stale. */
  freshness: freshnessSchema.optional(),
  /** Who hears about a failed or partial run, or a source that turned stale (pipeline/alerts/). */
  alerts: z
    .strictObject({
      /** What alerts: run statuses, and `stale` (a source past its expected interval). */
      on: z.array(z.enum(['failed', 'partial', 'stale'])).nonempty().default(['failed', 'partial', 'stale']),
      /** Slack-compatible (`{ "text": … }`) or a generic JSON body; the URL usually holds a token: use ${ENV}. */
      webhooks: z
        .array(z.strictObject({ url: z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' }), format: z.enum(['slack', 'json']).default('json') }))
        .default([]),
      email: z
        .strictObject({
          /** smtp://user:pass@host:port (smtps:// for TLS from the start); the password from ${ENV}. */
          smtp_url: z.string().regex(/^smtps?:\/\//, 'expected smtp://… or smtps://…'),
          from: z.email(),
          to: z.array(z.email()).nonempty(),
        })
        .optional(),
      /** Attempts per delivery, the first included; 1 s between, doubled. */
      max_attempts: z.number().int().min(1).max(10).default(3),
      retry_delay_ms: z.number().int().min(0).max(600_000).default(1000),
    })
    .optional(),
  /** Each block is checked by sourceBlockSchema and its connector (load-config.ts). */
  sources: z.record(z.string().regex(/^[a-z][a-z0-9_]*$/, 'source ids are lower snake case'), z.unknown()),
  /** Identity resolution; passed to the models as vars (identity-schema.ts). */
  identity: identitySchema,
  governance: z
    .strictObject({
      /** PII tag → masking policy applied when publishing analytics.duckdb. */
      masking: z.partialRecord(z.enum(PII_TAGS), z.enum(MASKING_POLICIES)).default({}),
      /**
       * Key of the `hash` policy's keyed hash (use ${ENV}). Default: the workspace's own
       * TRIBUTARY_PSEUDONYM_KEY, generated into .env at the first sync.
       */
      pseudonym_key: z.string().min(PSEUDONYM_KEY_MIN_LENGTH, PSEUDONYM_KEY_TOO_SHORT).optional(),
      /**
       * Readers of the published data, each with its own DuckDB file
       * (`analytics.<role>.duckdb` beside `analytics`, or `file`) masked by its own policies.
       * A tag a role would see with no policy in its `masking` fails the publish closed;
       * `clear: true` publishes clear values (and every query of that file is audited).
       */
      roles: z
        .record(
          z.string().regex(/^[a-z][a-z0-9_]*$/, 'role names are lower snake case'),
          z.strictObject({
            masking: z.partialRecord(z.enum(PII_TAGS), z.enum(MASKING_POLICIES)).default({}),
            clear: z.boolean().default(false),
            file: z.string().min(1).optional(),
          }),
        )
        .default({}),
      /** The old salt of an unkeyed hash: refused by name, so nobody believes it still applies. */
      hash_salt: z
        .never({ error: 'replaced by governance.pseudonym_key (the key of an HMAC; at least 16 characters): rename it; published pseudonyms change once' })
        .optional(),
    })
    .default({ masking: {}, roles: {} }),
  /** Where each sync sends its OpenLineage events (pipeline/openlineage/). */
  lineage: z
    .strictObject({
      openlineage: z
        .strictObject({
          /** JSONL file the events are appended to (relative to this file). */
          file: z.string().min(1).optional(),
          /** Marquez-compatible backend: events are POSTed to `<url>/<endpoint>`. */
          url: z.url({ protocol: /^https?$/, error: 'url must be an http(s) URL' }).optional(),
          endpoint: z.string().default('api/v1/lineage'),
          /** Sent as `Authorization: Bearer …` (use ${ENV}); never put into an event. */
          api_key: z.string().min(1).optional(),
          namespace: z.string().min(1).default('tributary'),
          max_attempts: z.number().int().min(1).max(10).default(3),
          timeout_ms: z.number().int().min(100).max(120_000).default(10_000),
        })
        .refine((o) => o.file !== undefined || o.url !== undefined, { error: 'set file, url or both' }),
    })
    .optional(),
});

export type RawConfig = z.infer<typeof configSchema>;

export type AlertsConfig = NonNullable<RawConfig['alerts']>;
