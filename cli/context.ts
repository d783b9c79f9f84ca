/**
 * What every CLI command shares: loading the config, a logger that writes redacted
 * JSON lines to `<workspace>/logs/tributary.log`, the output format, and the mapping
 * from errors to exit codes (0 ok, 1 run failed, 2 bad usage or config).
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { ConfigError, TributaryError, createLogger, SecretRedactor, type Logger } from '../core/index.js';
import type { TributaryConfig } from '../pipeline/config/load-config.js';
import { FORMATS, formatRows, type OutputFormat, type PlainRow } from './format.js';

export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/** Thrown by commands to end with a given exit code after printing their own message. */
export class ExitError extends Error {
  readonly exitCode: number;
  constructor(exitCode: number, message = '') {
    super(message);
    this.exitCode = exitCode;
  }
}

export interface CommonOptions {
  readonly config: string;
  readonly format?: string;
}

/** Adds the options every workspace command takes: `--config` and `--format`. */
export function commonOptions(command: Command, formatHelp = 'table | json | csv'): Command {
  return command.option('-c, --config <file>', 'tributary.yml', 'tributary.yml').option('-f, --format <format>', formatHelp, 'table');
}

export function parseFormat(value: string | undefined): OutputFormat {
  const f = (value ?? 'table').toLowerCase();
  if (!(FORMATS as readonly string[]).includes(f)) {
    throw new ConfigError(`--format must be one of ${FORMATS.join(', ')}, got "${value}"`);
  }
  return f as OutputFormat;
}

let redactor = new SecretRedactor();

/** Loads the command's config; its secrets are then scrubbed from any error printed. */
export async function openConfig(opts: CommonOptions, requireSources: boolean): Promise<TributaryConfig> {
  // Loaded on use: the config pulls in every connector, which --help should not pay for.
  const { loadConfig } = await import('../pipeline/config/load-config.js');
  const config = loadConfig(opts.config, { requireSources });
  redactor = config.redactor;
  return config;
}

/** The redactor of the config loaded last (an empty one before any). */
export function activeRedactor(): SecretRedactor {
  return redactor;
}

/**
 * A logger writing to the workspace's log file (never to the terminal: stdout is for
 * results). Only commands that write the workspace log there (sync, forget, demo), so a
 * log that cannot be written means a workspace this user may not change: refused up
 * front, naming the folder, before anything is read.
 */
export function fileLogger(config: TributaryConfig): Logger {
  const dir = join(config.dir, 'logs');
  const file = join(dir, 'tributary.log');
  try {
    mkdirSync(dir, { recursive: true });
    appendFileSync(file, '');
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    throw new ConfigError(`cannot write ${file} (${e.code ?? e.message}): the workspace ${config.dir} is not writable by this user`, {
      hint: 'sync and forget write into the workspace (logs/, the warehouse, the control plane): run them as a user who may write it; runs, lineage, pii and query only read it',
    });
  }
  return createLogger({ level: config.logLevel, redactor: config.redactor, write: (line) => appendFileSync(file, line) });
}

export function print(rows: readonly PlainRow[], format: OutputFormat, columns?: readonly string[]): void {
  process.stdout.write(`${formatRows(rows, format, columns)}\n`);
}

/** Prints an error for a human (message + hint), scrubbed of secrets, and returns the exit code. */
export function reportError(error: unknown, redactor: SecretRedactor = new SecretRedactor()): number {
  if (error instanceof ExitError) {
    if (error.message) process.stderr.write(`${redactor.scrub(error.message)}\n`);
    return error.exitCode;
  }
  if (error instanceof TributaryError) {
    process.stderr.write(`error: ${redactor.scrub(error.message)}\n`);
    if (error.hint) process.stderr.write(`hint: ${redactor.scrub(error.hint)}\n`);
    return error instanceof ConfigError ? EXIT.usage : EXIT.failed;
  }
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stderr.write(`error: ${redactor.scrub(message)}\n`);
  return EXIT.failed;
}
