/**
 * The connector SDK: the contract every source implements and the machinery they
 * share (HTTP client with retries and budgets, logging with redaction, errors).
 * Connectors import from here and from nothing above it.
 */
export type * from './types.js';
export * from './errors.js';
export * from './pii.js';
export { SecretRedactor } from './redact.js';
export { quoteIdent, quoteLiteral, quoteQualified } from './sql.js';
export { createLogger, silentLogger, type Logger, type LogLevel, type LogFields } from './logger.js';
export {
  HttpClient,
  createHttpClient,
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
