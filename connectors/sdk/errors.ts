/**
 * Errors raised by connectors and the SDK's HTTP client: what a source did wrong, or
 * could not do. Messages never contain secrets: the HTTP client builds them from
 * redacted parts only.
 */
import { TributaryError } from '../../core/errors.js';

/** A source answered with an HTTP error that retries did not cure. */
export class HttpStatusError extends TributaryError {
  readonly status: number;
  readonly source: string;
  constructor(source: string, status: number, message: string, options?: { hint?: string }) {
    super(`http_${status}`, message, options);
    this.status = status;
    this.source = source;
  }
}

/** Credentials rejected (401/403 auth): retrying cannot help. */
export class AuthError extends TributaryError {
  readonly source: string;
  constructor(source: string, message: string) {
    super('auth_failed', message, {
      hint: `check the credentials configured for source "${source}" (tokens come from environment variables)`,
    });
    this.source = source;
  }
}

/** The source's quota for the day (or period) is spent: stop cleanly, resume next run. */
export class QuotaExhaustedError extends TributaryError {
  readonly source: string;
  constructor(source: string, message: string) {
    super('quota_exhausted', message, {
      hint: 'everything landed so far is committed; the next run resumes from the last checkpoint',
    });
    this.source = source;
  }
}

/** The source kept failing (5xx, timeouts, resets) after all retries. */
export class SourceUnavailableError extends TributaryError {
  readonly source: string;
  constructor(source: string, message: string, options?: { cause?: unknown; code?: string; hint?: string }) {
    super(options?.code ?? 'source_unavailable', message, {
      hint: options?.hint ?? 'the run can be repeated; committed batches are not re-landed',
      ...(options?.cause === undefined ? {} : { cause: options.cause }),
    });
    this.source = source;
  }
}

/**
 * Nothing answered at the source's address (connection refused, unknown host) after all
 * retries: every stream of the source would fail the same way, so the pipeline skips them.
 */
export class SourceUnreachableError extends SourceUnavailableError {
  constructor(source: string, message: string, baseURL: string) {
    super(source, message, {
      code: 'source_unreachable',
      hint: `nothing answers at ${baseURL}: check the source's base_url and that this machine can reach it; committed batches are kept`,
    });
  }
}

/** The source sent something that is not what its API documents. */
export class MalformedResponseError extends TributaryError {
  readonly source: string;
  constructor(source: string, message: string, options?: { hint?: string }) {
    super('malformed_response', `${source}: ${message}`, options);
    this.source = source;
  }
}
