/**
 * Structured logging on pino, with every line passed through the secret redactor on
 * its way out — so a secret cannot reach a log file even if a caller puts an axios
 * error or a config object into a log field.
 */
import { createRequire } from 'node:module';
import type { Logger as PinoLogger, pino as PinoFactory } from 'pino';
import { SecretRedactor } from './redact.js';

// pino (and its 100-odd files) loads on the first logger, not at import: `tributary
// --help` and every command that never logs should not pay for it.
let pinoFactory: typeof PinoFactory | undefined;
const loadPino = (): typeof PinoFactory => (pinoFactory ??= (createRequire(import.meta.url)('pino') as { pino: typeof PinoFactory }).pino);

export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  child(bindings: LogFields): Logger;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

export interface LoggerOptions {
  readonly level?: LogLevel;
  readonly redactor?: SecretRedactor;
  /** Where redacted JSON lines go; stderr by default. */
  readonly write?: (line: string) => void;
}

/**
 * @example
 * ```ts
 * const log = createLogger({ level: 'info', redactor });
 * log.info('stream done', { stream: 'contacts', rows: 1200 });
 * ```
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const redactor = options.redactor ?? new SecretRedactor();
  const write = options.write ?? ((line: string) => process.stderr.write(line));
  const destination = { write: (line: string) => write(redactor.scrub(line)) };
  const pino = loadPino();
  const base = pino(
    {
      level: options.level ?? 'info',
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
  return wrap(base);
}

/** A logger that drops everything (tests, library use without logging). */
export function silentLogger(): Logger {
  return SILENT;
}

const noop = (): void => {};
const SILENT: Logger = { debug: noop, info: noop, warn: noop, error: noop, child: () => SILENT };

function wrap(p: PinoLogger): Logger {
  return {
    debug: (msg, fields) => p.debug(fields ?? {}, msg),
    info: (msg, fields) => p.info(fields ?? {}, msg),
    warn: (msg, fields) => p.warn(fields ?? {}, msg),
    error: (msg, fields) => p.error(fields ?? {}, msg),
    child: (bindings) => wrap(p.child(bindings)),
  };
}
