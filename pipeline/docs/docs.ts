/**
 * The docs task: writes the catalog site (index.html, self-contained) for a workspace,
 * from what the last build recorded, into `<workspace>/catalog/` or `out`.
 *
 * @example
 * ```ts
 * import { loadConfig, docs } from 'tributary';
 * const site = await docs({ config: loadConfig('tributary.yml') });
 * // site.index → '/srv/acme/catalog/index.html'
 * ```
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { TributaryError } from '../../core/index.js';
import type { TributaryConfig } from '../config/load-config.js';
import { gatherCatalog } from './catalog-data.js';
import { renderSite } from './render-site.js';

export interface DocsOptions {
  readonly config: TributaryConfig;
  /** Folder to write the site into (created); default `<workspace>/catalog`. */
  readonly out?: string;
}

export interface DocsResult {
  readonly dir: string;
  readonly index: string;
  readonly tables: number;
  readonly columns: number;
  /** Numbers the site could not show, and why (a database missing or busy). */
  readonly notes: readonly string[];
}

export async function docs(options: DocsOptions): Promise<DocsResult> {
  const dir = resolve(options.out ?? join(options.config.dir, 'catalog'));
  const data = await gatherCatalog(options.config);
  if (data.tables.length === 0) {
    throw new TributaryError('no_catalog', 'no catalog recorded yet: nothing has been built in this workspace', { hint: 'run `tributary sync` (or `tributary demo`) first' });
  }
  const html = renderSite(data);
  try {
    mkdirSync(dir, { recursive: true });
    const index = join(dir, 'index.html');
    // Written whole, then renamed: a server or a browser never reads half a page.
    writeFileSync(`${index}.tmp`, html);
    renameSync(`${index}.tmp`, index);
    return { dir, index, tables: data.tables.length, columns: data.tables.reduce((n, t) => n + t.columns.length, 0), notes: data.notes };
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    throw new TributaryError('docs_write_failed', `cannot write the catalog site into ${dir} (${e.code ?? e.message})`, { hint: 'pass --out <folder> to write it somewhere this user may write' });
  }
}
