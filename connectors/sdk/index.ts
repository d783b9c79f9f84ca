/**
 * The connector SDK: the contract every source implements and the machinery they
 * share (HTTP client with retries and budgets, source errors, cursor helpers).
 * Connectors import from here and from nothing above it; the SDK re-exports the
 * shared core (errors, logger, redaction, quoting, PII tags) so a connector needs one
 * import line.
 */
export * from '../../core/index.js';
export type * from './types.js';
export * from './errors.js';
export { resumeIsoCursor } from './cursor.js';
export {
  AttemptFailureError,
  DEFAULT_REQUEST_TIMEOUT_MS,
  HttpClient,
  createHttpClient,
  parseJsonBody,
  defaultClassify,
  flattenHeaders,
  type AttemptFailure,
  type Classifier,
  type FailureKind,
  type HttpClientOptions,
  type HttpStats,
} from './http-client.js';
export { RateBudget } from './rate-budget.js';
export { DEFAULT_RETRY_POLICY, backoffDelayMs, parseRetryAfterMs, sleep, type RetryPolicy } from './retry.js';
