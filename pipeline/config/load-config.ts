/**
 * Loads tributary.yml: YAML → `${ENV}` interpolation (with a `.env` file beside the
 * config as a fallback for variables the environment lacks) → zod validation of the
 * top level → each source block validated by its connector's own schema.
 *
 * Every error names the file, the key path and what was expected, collected into one
 * ConfigError so the user fixes them all in one go. Commands that never touch a source
 * (query, lineage, pii, runs) load with `requireSources: false` and work even when the
 * sources' secrets are not in this shell.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, resolve } from 'node:path';
import { Cron } from 'croner';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { ConfigError, SecretRedactor, type PiiTag } from '../../core/index.js';
import { packagePath } from '../../core/paths.js';
import { type AnyConnector, type Stream } from '../../connectors/sdk/index.js';
import { connectorFor, connectorTypes } from '../../connectors/registry.js';
import { declarativeConnector, findDefinition } from '../../connectors/declarative/index.js';
import { PII_TAXONOMY, type MaskingPolicy } from '../../schema/pii-taxonomy.js';
import { interpolateEnv, parseDotenv } from './interpolate.js';
import { controlPlaneLocation } from './control-plane-location.js';
import { identitySettings, type IdentitySettings } from './identity-schema.js';
import { configSchema, sourceBlockSchema, DURATION, PSEUDONYM_KEY_MIN_LENGTH, PSEUDONYM_KEY_TOO_SHORT, type AlertsConfig, type RawConfig } from './schema.js';
import type { OpenLineageSettings } from '../openlineage/sync-lineage.js';
import type { PublishRole } from '../publish/roles.js';

/** The workspace's pseudonym key, kept with the other secrets (made by the first sync). */
export const PSEUDONYM_KEY_VARIABLE = 'TRIBUTARY_PSEUDONYM_KEY';

/** Tributary's own models project (shipped beside dist/, so found from the package root). */
export const BUILTIN_MODELS_DIR = `${packagePath('dbt-like-models')}/`;

export interface ResolvedSource {
  readonly id: string;
  readonly type: string;
  readonly connector: AnyConnector;
  /** The connector's validated config (undefined when loaded without sources). */
  readonly config: unknown;
  readonly streams: readonly Stream<any>[];
  readonly enabled: boolean;
  /** The source's `request_timeout_ms`, when set. */
  readonly requestTimeoutMs?: number;
  /** The cron `tributary schedule` syncs it on: its block's `schedule`, else `schedule.cron`; unset: never scheduled. */
  readonly schedule?: string;
  /** `freshness.warn_after` (its block's, else the top level's) in ms; unset: derived from the schedule, if any. */
  readonly warnAfterMs?: number;
  /** `retention_days`: raw rows last seen longer ago than this are deleted by each sync. */
  readonly retentionDays?: number;
}

export interface TributaryConfig {
  readonly file: string;
  readonly dir: string;
  readonly warehousePath: string;
  readonly analyticsPath: string;
  /** The control plane: an absolute SQLite file path, or a `postgresql://` URL (password included: never print it; see ControlPlane.describe). */
  readonly controlPlanePath: string;
  readonly modelsDir: string;
  readonly logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  readonly batchSize: number;
  readonly retry: { readonly maxAttempts: number; readonly baseDelayMs: number };
  /** `alerts:` as written (validated), when set. */
  readonly alerts?: AlertsConfig;
  /** `sync.stream_retries`: attempts of a whole stream whose failure may pass, and the pause before the second. */
  readonly streamRetry: { readonly maxAttempts: number; readonly delayMs: number };
  /** `sync.request_timeout_ms`, when set (else each connector's default). */
  readonly requestTimeoutMs?: number;
  /** `schedule.timezone`: the zone every cron is read in (default UTC). */
  readonly timezone: string;
  /** `schedule.mode`: what a due slot does: a sync in the scheduler's process, or jobs queued for workers. */
  readonly scheduleMode: 'sync' | 'workers';
  readonly sources: readonly ResolvedSource[];
  /** `identity:` of tributary.yml: what the identity models are given as vars. */
  readonly identity: IdentitySettings;
  readonly masking: Readonly<Record<PiiTag, MaskingPolicy>>;
  /**
   * Key of the keyed hash publish uses for pseudonyms: `governance.pseudonym_key`, else
   * TRIBUTARY_PSEUDONYM_KEY from the environment or the .env beside the config. Undefined
   * until the first sync generates one (pipeline/publish/pseudonym-key.ts).
   */
  readonly pseudonymKey: string | undefined;
  /** `governance.roles`: readers with their own published file and masking (empty: analytics.duckdb only). */
  readonly roles: readonly PublishRole[];
  /** `lineage.openlineage`: where syncs send OpenLineage events (paths absolute); undefined = nowhere. */
  readonly openlineage?: OpenLineageSettings;
  /** `workers:`: how stream jobs are shared by `tributary worker` processes. */
  readonly workers: { readonly claimTimeoutSeconds: number };
  /** Knows every secret resolved from this config; pass it to loggers and printers. */
  readonly redactor: SecretRedactor;
}

export interface LoadOptions {
  /** Validate source blocks and require their variables (sync, check). Default true. */
  readonly requireSources?: boolean;
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/**
 * Reads and validates `tributary.yml` (secrets from the environment or a `.env` beside
 * it); paths in the result are absolute. Bad input throws a ConfigError naming the file
 * and key.
 *
 * @example
 * ```ts
 * import { loadConfig } from 'tributary';
 * const config = loadConfig('tributary.yml');
 * config.sources.map((s) => s.id); // ['hubspot', 'mailchimp', …]
 * ```
 */
export function loadConfig(file: string, options: LoadOptions = {}): TributaryConfig {
  const requireSources = options.requireSources ?? true;
  const path = resolve(file);
  const name = basename(path);
  if (!existsSync(path)) {
    throw new ConfigError(`config file not found: ${file}`, {
      hint: 'pass --config <file>, or run `tributary demo` to create a demo workspace with one',
    });
  }
  const dir = dirname(path);
  const doc = parseDocument(readFileSync(path, 'utf8'), { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const lines = doc.errors.map((e) => {
      const pos = e.linePos?.[0];
      return `  - ${name}${pos ? `:${pos.line}:${pos.col}` : ''}: ${e.message.split('\n')[0]}`;
    });
    throw new ConfigError(`${name} is not valid YAML:\n${lines.join('\n')}`);
  }
  let parsed: unknown;
  try {
    // The alias limit stops a "billion laughs" file from expanding into gigabytes.
    parsed = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    throw new ConfigError(`${name} is not valid YAML: ${error instanceof Error ? error.message : String(error)}`, {
      hint: 'YAML aliases (*name) may be used, but not nested so deep that the file expands to a huge document',
    });
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ConfigError(`${name} must be a YAML mapping (version, sources, …), got ${parsed === null ? 'an empty file' : typeof parsed}`);
  }

  const dotenvPath = resolve(dir, '.env');
  const dotenv = existsSync(dotenvPath) ? parseDotenv(readFileSync(dotenvPath, 'utf8')) : {};
  const env = { ...dotenv, ...(options.env ?? process.env) };
  const { value: interpolated, missing, resolved } = interpolateEnv(parsed, env);

  const problems: string[] = [];
  for (const m of missing) {
    if (!requireSources && m.path.startsWith('sources.')) continue;
    problems.push(`${m.path}: environment variable ${m.variable} is not set (export it, or add it to ${basename(dotenvPath)} beside ${name})`);
  }
  // A key whose variable is missing was already reported; its empty value would only repeat it.
  const missingPaths = new Set(missing.map((m) => m.path));

  const notMissing = (p: string) => !missingPaths.has(p.slice(0, p.indexOf(':')));

  const top = configSchema.safeParse(interpolated);
  if (!top.success) problems.push(...formatIssues(top.error.issues).filter(notMissing));
  const timezone = top.success ? top.data.schedule?.timezone ?? 'UTC' : 'UTC';
  if (top.success) {
    if (!isTimeZone(timezone)) problems.push(`schedule.timezone: unknown time zone "${timezone}" (expected an IANA name such as UTC or Europe/Berlin)`);
    const cron = top.data.schedule?.cron;
    if (cron !== undefined) checkCron(cron, 'schedule.cron', problems);
  }
  const defaultCron = top.success ? top.data.schedule?.cron : undefined;
  const defaultWarnAfter = top.success ? top.data.freshness?.warn_after : undefined;

  const redactor = new SecretRedactor();
  for (const v of resolved) redactor.add(v);

  // Source blocks are checked even when the top level is wrong: every problem at once.
  const blocks = (interpolated as { sources?: unknown }).sources;
  const sources: ResolvedSource[] = [];
  for (const [id, input] of blocks && typeof blocks === 'object' && !Array.isArray(blocks) ? Object.entries(blocks) : []) {
    const checked = sourceBlockSchema.safeParse(input);
    if (!checked.success) {
      problems.push(...formatIssues(checked.error.issues, ['sources', id]).filter(notMissing));
      continue;
    }
    const { type, streams: wantedStreams, enabled, request_timeout_ms: requestTimeoutMs, definition, schedule: ownCron, freshness, retention_days: retentionDays, ...rest } = checked.data;
    if (ownCron !== undefined) checkCron(ownCron, `sources.${id}.schedule`, problems);
    const schedule = ownCron ?? defaultCron;
    const warnAfter = freshness?.warn_after ?? defaultWarnAfter;
    const connector = resolveConnector(id, type, definition, dir, problems);
    if (!connector) continue;
    for (const key of connector.secretKeys) {
      const v = (rest as Record<string, unknown>)[key];
      if (typeof v === 'string') redactor.add(v);
    }
    let config: unknown;
    // Config-dependent streams (the files connector's tables) need the block even for read-only commands.
    if (requireSources || connector.streamsFor) {
      const block = connector.streamsFor ? { dir, ...rest } : rest;
      const result = (connector.configSchema as z.ZodType).safeParse(resolvePaths(block, dir));
      if (!result.success) problems.push(...formatIssues(result.error.issues, ['sources', id]).filter(notMissing));
      else config = result.data;
    }
    const available = connector.streamsFor ? (config === undefined ? [] : connector.streamsFor(config)) : connector.streams;
    let streams = available;
    if (wantedStreams) {
      const unknown = wantedStreams.filter((s) => !available.some((cs) => cs.name === s));
      if (unknown.length > 0) {
        problems.push(
          `sources.${id}.streams: unknown stream ${unknown.map((u) => `"${u}"`).join(', ')} (${type} has: ${available.map((s) => s.name).join(', ')})`,
        );
      }
      streams = available.filter((s) => wantedStreams.includes(s.name));
    }
    sources.push({
      id,
      type,
      connector,
      config,
      streams,
      enabled,
      ...(requestTimeoutMs === undefined ? {} : { requestTimeoutMs }),
      ...(schedule === undefined ? {} : { schedule }),
      ...(warnAfter === undefined ? {} : { warnAfterMs: durationMs(warnAfter) }),
      ...(retentionDays === undefined ? {} : { retentionDays }),
    });
  }
  if (problems.length > 0 || !top.success) throw invalid(name, problems);
  const raw = top.data;
  // When the config names no key, the workspace's own variable is the key (not interpolated: read here).
  const pseudonymKey = raw.governance.pseudonym_key ?? nonEmpty(env[PSEUDONYM_KEY_VARIABLE]);
  if (raw.governance.pseudonym_key === undefined && pseudonymKey !== undefined && pseudonymKey.length < PSEUDONYM_KEY_MIN_LENGTH) {
    throw invalid(name, [`${PSEUDONYM_KEY_VARIABLE} (environment or ${basename(dotenvPath)} beside ${name}): ${PSEUDONYM_KEY_TOO_SHORT}`]);
  }

  const masking = Object.fromEntries(
    Object.values(PII_TAXONOMY).map((info) => [info.tag, raw.governance.masking[info.tag] ?? info.defaultMasking]),
  ) as Record<PiiTag, MaskingPolicy>;
  redactor.add(pseudonymKey);
  const controlPlane = controlPlaneLocation(raw.control_plane, env, dir, redactor);
  if ('problem' in controlPlane) throw invalid(name, [controlPlane.problem]);

  return {
    file: path,
    dir,
    warehousePath: resolve(dir, raw.warehouse),
    analyticsPath: resolve(dir, raw.analytics),
    controlPlanePath: controlPlane.location,
    modelsDir: raw.models ? resolve(dir, raw.models) : BUILTIN_MODELS_DIR,
    logLevel: raw.log_level,
    batchSize: raw.sync.batch_size,
    retry: { maxAttempts: raw.sync.retries.max_attempts, baseDelayMs: raw.sync.retries.base_delay_ms },
    streamRetry: { maxAttempts: raw.sync.stream_retries.max_attempts, delayMs: raw.sync.stream_retries.delay_ms },
    ...(raw.alerts === undefined ? {} : { alerts: raw.alerts }),
    ...(raw.sync.request_timeout_ms === undefined ? {} : { requestTimeoutMs: raw.sync.request_timeout_ms }),
    timezone,
    scheduleMode: raw.schedule?.mode ?? 'sync',
    sources,
    identity: identitySettings(raw.identity),
    masking,
    pseudonymKey,
    roles: Object.entries(raw.governance.roles).map(([name, r]) => ({
      name,
      path: r.file ? resolve(dir, r.file) : roleFile(resolve(dir, raw.analytics), name),
      clear: r.clear,
      masking: r.masking,
    })),
    ...(raw.lineage ? { openlineage: openLineageSettings(raw.lineage.openlineage, dir) } : {}),
    workers: { claimTimeoutSeconds: raw.workers.claim_timeout_seconds },
    redactor,
  };
}

/**
 * A built-in connector, or the declarative one its `definition:` file (or
 * connectors/<type>.yaml beside the config) describes; problems are collected.
 */
function resolveConnector(id: string, type: string, definition: string | undefined, dir: string, problems: string[]): AnyConnector | undefined {
  // A definition beside the config wins over a shipped one of the same type (a team's own Klaviyo fields).
  const file = definition === undefined ? findDefinition(dir, type) : resolve(dir, definition);
  const builtIn = file === undefined ? connectorFor(type) : undefined;
  if (builtIn) return builtIn;
  if (!file) {
    problems.push(
      `sources.${id}.type: unknown connector "${type}" (expected one of: ${connectorTypes().join(', ')}, or a declarative connector in connectors/${type}.yaml beside the config)`,
    );
    return undefined;
  }
  try {
    const connector = declarativeConnector(file);
    if (connector.type !== type) {
      problems.push(`sources.${id}.type: "${type}" but ${basename(file)} defines connector "${connector.type}" (make them the same: it names the raw tables and lineage)`);
      return undefined;
    }
    return connector;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    problems.push(`sources.${id}.definition: ${error.message.replace(/\n/g, '\n    ')}`);
    return undefined;
  }
}

/** A cron croner cannot read is reported with croner's reason (its wording names the field at fault). */
function checkCron(expression: string, path: string, problems: string[]): void {
  try {
    new Cron(expression, { paused: true });
  } catch (error) {
    problems.push(`${path}: "${expression}" is not a cron expression: ${(error as Error).message.replace(/^CronPattern: /, '')}`);
  }
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** `26h` → ms (the schema has checked the shape). */
export function durationMs(text: string): number {
  const [, n, unit] = DURATION.exec(text)!;
  return Number(n) * { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[unit as 's' | 'm' | 'h' | 'd'];
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

/** Aliases a config may expand (the yaml package's own default); far beyond what any real config uses. */
const MAX_ALIAS_COUNT = 100;

function invalid(name: string, problems: readonly string[]): ConfigError {
  return new ConfigError(`${name} is not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`, {
    hint: 'see the tributary.yml reference in README.md',
  });
}

function formatIssues(issues: readonly z.core.$ZodIssue[], prefix: readonly string[] = []): string[] {
  return issues.map((issue) => {
    const path = [...prefix, ...issue.path.map(String)];
    if (issue.code === 'unrecognized_keys') {
      return `${path.length ? path.join('.') + ': ' : ''}unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
    }
    return `${path.length ? path.join('.') : '(top level)'}: ${issue.message}`;
  });
}

/** Source options named `path`/`*_path`/`dir` are relative to the config file. */
function resolvePaths(block: Record<string, unknown>, dir: string): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(block).map(([k, v]) =>
      (k === 'path' || k.endsWith('_path') || k === 'dir') && typeof v === 'string' && !isAbsolute(v) ? [k, resolve(dir, v)] : [k, v],
    ),
  );
}

/** `analytics.duckdb` → `analytics.<role>.duckdb`, beside it. */
function roleFile(analytics: string, role: string): string {
  const base = basename(analytics);
  const stem = base.endsWith('.duckdb') ? base.slice(0, -'.duckdb'.length) : base;
  return resolve(dirname(analytics), `${stem}.${role}.duckdb`);
}

function openLineageSettings(o: NonNullable<RawConfig['lineage']>['openlineage'], dir: string): OpenLineageSettings {
  return {
    namespace: o.namespace,
    file: o.file === undefined ? undefined : resolve(dir, o.file),
    url: o.url,
    endpoint: o.endpoint,
    apiKey: o.api_key,
    maxAttempts: o.max_attempts,
    baseDelayMs: 250,
    timeoutMs: o.timeout_ms,
  };
}
