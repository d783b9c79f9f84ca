/**
 * Where Tributary's own files are, whether it runs from its sources (tsx, tests) or
 * compiled from dist/: the package root is the folder holding its package.json, found
 * by walking up from this module. Data folders (dbt-like-models/, prisma/migrations/)
 * ship beside dist/, not inside it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

/** The package's root folder (absolute). */
export function packageRoot(): string {
  if (root !== undefined) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'tributary') return (root = dir);
    const up = dirname(dir);
    if (up === dir) throw new Error(`no package.json of tributary above ${fileURLToPath(import.meta.url)}`);
    dir = up;
  }
}

/** A path inside the package (`packagePath('dbt-like-models')`). */
export function packagePath(...parts: string[]): string {
  return join(packageRoot(), ...parts);
}
