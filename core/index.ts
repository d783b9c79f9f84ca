/**
 * The shared core: what every room of Tributary needs and nothing Tributary-specific —
 * the error base, a logger that scrubs secrets, SQL identifier/literal quoting, and the
 * PII tag vocabulary. It imports nothing of the project; everything else may import it.
 *
 * @example
 * ```ts
 * import { quoteIdent, ConfigError, createLogger } from '../core/index.js';
 * const sql = `select ${quoteIdent('first name')} from t`;
 * ```
 */
export { TributaryError, ConfigError } from './errors.js';
export { PII_TAGS, isPiiTag, type PiiTag } from './pii-tags.js';
export { SecretRedactor } from './redact.js';
export { quoteIdent, quoteLiteral, quoteQualified } from './sql.js';
export { createLogger, silentLogger, type Logger, type LogLevel, type LogFields } from './logger.js';
export { killPoint } from './kill-point.js';
export { fsyncPath } from './fsync.js';
