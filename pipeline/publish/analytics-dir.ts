/**
 * The folder `analytics.duckdb` is published into. Created at the start of a sync (and
 * again at publish), so a folder that does not exist yet is not a failure after the
 * whole build, and one that cannot be created is refused before any source is read.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { ConfigError } from '../../core/index.js';

export function ensureAnalyticsDir(analyticsPath: string): void {
  const dir = dirname(analyticsPath);
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    throw new ConfigError(`analytics: cannot create the folder ${dir} for ${analyticsPath} (${e.code ?? e.message})`, {
      hint: 'point `analytics:` in tributary.yml at a place this user may write; nothing was read or built',
    });
  }
}
