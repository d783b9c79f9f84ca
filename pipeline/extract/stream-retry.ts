/**
 * A stream that failed for a reason that may pass (the source kept answering 5xx, reset
 * connections or timed out through all of the HTTP client's per-request retries) is read
 * again within the same run, after a pause that doubles each time: an outage of a few
 * minutes at 2 a.m. should not cost the night. Each attempt resumes from the stream's last
 * committed checkpoint, so nothing is read twice into raw. Credentials, quotas, unreachable
 * addresses, 4xx answers and malformed responses are not retried: waiting cannot fix them.
 */
import type { Logger } from '../../core/index.js';
import type { StreamResult } from './extract-source.js';

export interface StreamRetryPolicy {
  /** Attempts of the whole stream, the first included (1 = no retry). */
  readonly maxAttempts: number;
  /** Pause before the second attempt; doubled before each later one. */
  readonly delayMs: number;
}

/** Error codes of failures a later attempt can cure (connectors/sdk/errors.ts). */
const TRANSIENT = new Set(['source_unavailable', 'source_timeout']);

export function isTransient(result: StreamResult): boolean {
  return result.status === 'failed' && result.errorCode !== undefined && TRANSIENT.has(result.errorCode);
}

/**
 * Runs `attempt` until it succeeds, fails for a lasting reason, the policy is spent or the
 * run is aborted; returns one result whose counts add up every attempt's.
 */
export async function withStreamRetries(
  attempt: () => Promise<StreamResult>,
  policy: StreamRetryPolicy,
  options: { signal: AbortSignal; log: Logger },
): Promise<StreamResult & { readonly attempts: number }> {
  let total = await attempt();
  let attempts = 1;
  while (isTransient(total) && attempts < policy.maxAttempts && !options.signal.aborted) {
    const delayMs = policy.delayMs * 2 ** (attempts - 1);
    options.log.warn('stream failed; retrying it from its last checkpoint', { attempt: attempts, of: policy.maxAttempts, delayMs, error: total.error });
    if (!(await pause(delayMs, options.signal))) break;
    const next = await attempt();
    attempts += 1;
    total = merge(total, next);
  }
  if (attempts > 1 && total.status === 'failed' && total.error !== undefined) {
    total = { ...total, error: `${total.error} (the stream was tried ${attempts} times)` };
  }
  return { ...total, attempts };
}

/** The later attempt's outcome, with the counts and duration of both. */
function merge(a: StreamResult, b: StreamResult): StreamResult {
  const { error: _e, errorCode: _c, hint: _h, ...base } = a;
  void _e, _c, _h;
  return {
    ...base,
    ...b,
    rowsRead: a.rowsRead + b.rowsRead,
    rowsInserted: a.rowsInserted + b.rowsInserted,
    rowsUnchanged: a.rowsUnchanged + b.rowsUnchanged,
    rowsDeleted: a.rowsDeleted + b.rowsDeleted,
    rowsQuarantined: a.rowsQuarantined + b.rowsQuarantined,
    batches: a.batches + b.batches,
    requests: a.requests + b.requests,
    retries: a.retries + b.retries,
    rateLimited: a.rateLimited + b.rateLimited,
    startedAt: a.startedAt,
    durationMs: b.finishedAt.getTime() - a.startedAt.getTime(),
  };
}

/** Resolves true after `ms`, false at once if the run is aborted meanwhile (Ctrl-C during the pause). */
function pause(ms: number, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve(false);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
