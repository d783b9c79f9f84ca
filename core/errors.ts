/**
 * The project's error base. Every error a user can meet carries a stable `code` the
 * pipeline records and a `hint` telling the operator what to do; messages never contain
 * secrets. Packages subclass these (connectors/sdk/errors.ts for sources,
 * engine/errors.ts for models); the CLI maps ConfigError to exit code 2.
 */
export class TributaryError extends Error {
  readonly code: string;
  readonly hint: string | undefined;

  constructor(code: string, message: string, options?: { hint?: string; cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.hint = options?.hint;
  }
}

/** Bad input from the user: exit code 2. */
export class ConfigError extends TributaryError {
  constructor(message: string, options?: { hint?: string; cause?: unknown }) {
    super('config_error', message, options);
  }
}

