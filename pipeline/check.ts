/**
 * The check task (`tributary check`): for each enabled source, credentials and
 * connectivity in one cheap read — the first page of its first stream, through the
 * same HTTP client a sync uses (auth, headers, redaction), with a short deadline and
 * one retry, landing nothing. Each result says what was tried and, on failure, what
 * the error means to fix.
 */
import { TributaryError } from '../core/index.js';
import { silentLogger, type Logger } from '../core/index.js';
import { createHttpClient, type ReadContext } from '../connectors/sdk/index.js';
import type { TributaryConfig } from './config/load-config.js';

export interface SourceCheck {
  readonly source: string;
  readonly status: 'ok' | 'failed';
  readonly tried: string;
  readonly error?: string;
  readonly fix?: string;
  readonly requests: number;
  readonly durationMs: number;
}

/** A check waits at most this long for one answer: it is a probe, not a sync. */
const CHECK_TIMEOUT_MS = 15_000;

export async function check(options: { config: TributaryConfig; log?: Logger; sources?: readonly string[] }): Promise<SourceCheck[]> {
  const { config } = options;
  const log = options.log ?? silentLogger();
  const wanted = config.sources.filter((s) => s.enabled && (!options.sources || options.sources.includes(s.id)));
  return Promise.all(
    wanted.map(async (source): Promise<SourceCheck> => {
      const stream = source.streams[0];
      const started = Date.now();
      if (!stream) return { source: source.id, status: 'ok', tried: 'nothing (no streams)', requests: 0, durationMs: 0 };
      const profile = source.connector.http?.(source.config) ?? { baseURL: 'http://127.0.0.1' };
      const controller = new AbortController();
      const http = createHttpClient({
        source: source.id,
        profile: { ...profile, timeoutMs: Math.min(source.requestTimeoutMs ?? config.requestTimeoutMs ?? CHECK_TIMEOUT_MS, CHECK_TIMEOUT_MS) },
        ...(source.connector.classify ? { classify: source.connector.classify } : {}),
        ...(source.connector.describe ? { describe: source.connector.describe } : {}),
        retry: { maxAttempts: 2, baseDelayMs: 200 },
        redactor: config.redactor,
        log: log.child({ source: source.id }),
        signal: controller.signal,
      });
      const tried = source.connector.http ? `the first page of ${source.id}.${stream.name} from ${config.redactor.scrub(profile.baseURL)}` : `the first batch of ${source.id}.${stream.name}`;
      const ctx: ReadContext<unknown> = { config: source.config, http, log, signal: controller.signal, batchSize: 1 };
      try {
        // The first batch proves auth and reachability; breaking out closes the stream's reads.
        for await (const batch of stream.read(undefined, ctx)) {
          void batch;
          break;
        }
        return { source: source.id, status: 'ok', tried, requests: http.stats.requests, durationMs: Date.now() - started };
      } catch (error) {
        const message = config.redactor.scrub(error instanceof Error ? error.message : String(error));
        const hint = error instanceof TributaryError ? error.hint : undefined;
        return {
          source: source.id,
          status: 'failed',
          tried,
          error: message,
          fix: hint ? config.redactor.scrub(hint) : 'see the error; `tributary sync --source ' + source.id + '` logs the full detail to logs/tributary.log',
          requests: http.stats.requests,
          durationMs: Date.now() - started,
        };
      } finally {
        controller.abort();
        http.close();
      }
    }),
  );
}
