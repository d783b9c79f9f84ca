/**
 * Cursor helpers shared by incremental streams.
 */
import { ConfigError } from '../../core/errors.js';
import type { StreamState } from './types.js';

/**
 * Where an incremental stream whose cursor is an ISO timestamp resumes: the saved
 * cursor, normalised, or `start` on the first run. A saved cursor that is not a
 * timestamp is a corrupted state, which a re-read from the start date cures.
 *
 * @example
 * ```ts
 * let cursor = resumeIsoCursor('hubspot', state, startCursorIso(config));
 * ```
 */
export function resumeIsoCursor(source: string, state: StreamState | undefined, start: string): string {
  const saved = state?.cursor;
  if (saved === undefined || saved === null) return start;
  if (typeof saved !== 'string' || Number.isNaN(Date.parse(saved))) {
    throw new ConfigError(`${source}: saved cursor ${JSON.stringify(saved)} is not an ISO timestamp`, {
      hint: 'reset the stream state to re-read from start_date',
    });
  }
  return new Date(saved).toISOString();
}
