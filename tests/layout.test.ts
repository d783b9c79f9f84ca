/**
 * The layout's rules, checked: each room imports only the rooms below it, and no
 * TypeScript outside tests/ names a model of Tributary's models project (code finds
 * models by `meta.tributary_role` and `meta.publish`, so a user's own project works).
 * Documentation strings — help texts, hints, the demo's suggested commands — may name
 * the tables analysts query.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MODEL_ROLES } from '../pipeline/transform/model-roles.js';
import { REPO_ROOT } from './helpers/workspace.js';

/** Role names (pipeline/transform/model-roles.ts) are vocabulary, not model names, even where they coincide. */
const ROLE_NAMES = Object.keys(MODEL_ROLES);
const SOURCE_ROOMS = ['index.ts', 'core', 'connectors', 'sandbox', 'engine', 'pipeline', 'schema', 'governance', 'cli', 'bench'];

function tsFiles(path: string): string[] {
  const abs = join(REPO_ROOT, path);
  if (statSync(abs).isFile()) return [path];
  return readdirSync(abs).flatMap((f) => (f === 'generated' || f === 'node_modules' ? [] : tsFiles(join(path, f)))).filter((f) => f.endsWith('.ts'));
}

/** Repo-relative targets of a file's relative imports (static and dynamic). */
function importsOf(file: string): string[] {
  const text = readFileSync(join(REPO_ROOT, file), 'utf8');
  return [...text.matchAll(/(?:from\s+|import\s*\(\s*)'(\.{1,2}\/[^']+)'/g)].map((m) => relative(REPO_ROOT, join(REPO_ROOT, file, '..', m[1]!)));
}

function violations(room: string, allowed: readonly string[]): string[] {
  return tsFiles(room).flatMap((f) => importsOf(f).filter((t) => !allowed.some((a) => t === a || t.startsWith(`${a}/`))).map((t) => `${f} → ${t}`));
}

describe('layout', () => {
  it('core imports nothing of the project', () => {
    expect(violations('core', ['core'])).toEqual([]);
  });

  it('the engine imports only the core', () => {
    expect(violations('engine', ['engine', 'core'])).toEqual([]);
  });

  it('connectors import only their SDK, each other\'s nothing, and the core', () => {
    const bad = tsFiles('connectors').flatMap((f) => {
      const own = f.split('/').slice(0, 2).join('/');
      return importsOf(f)
        .filter((t) => !(t.startsWith('core/') || t.startsWith('connectors/sdk/') || t.startsWith(`${own}/`) || (f === 'connectors/registry.ts' && t.startsWith('connectors/'))))
        .map((t) => `${f} → ${t}`);
    });
    expect(bad).toEqual([]);
  });

  it('governance, schema and pipeline never import the CLI, the sandbox or the test doubles', () => {
    for (const room of ['governance', 'schema', 'pipeline']) {
      const bad = tsFiles(room).flatMap((f) => importsOf(f).filter((t) => t.startsWith('cli/') || t.startsWith('sandbox/') || t.startsWith('tests/')).map((t) => `${f} → ${t}`));
      expect(bad, room).toEqual([]);
    }
    const gov = tsFiles('governance').flatMap((f) => importsOf(f).filter((t) => t.startsWith('pipeline/') || t.startsWith('connectors/')).map((t) => `${f} → ${t}`));
    expect(gov).toEqual([]);
  });

  it('no TypeScript outside tests/ names a model of dbt-like-models', () => {
    const names = modelNames().join('|');
    // A model named as SQL or engine code would: a relation (main.x, from/join x), a ref, a
    // selector ('+x', 'x+'), a manifest lookup (models.x, models['x']), or a name that
    // cannot be an ordinary word (int_…, stg_…, anything with an underscore).
    const pattern = new RegExp(
      [
        `\\bmain\\.(${names})\\b`,
        `\\b(from|join|into|table)\\s+"?(${names})\\b`,
        `ref\\(\\s*['"](${names})['"]`,
        `['"\`]\\+(${names})\\b`,
        `\\b(${names})\\+['"\`]`,
        `\\bmodels(\\.|\\[['"])(${names})\\b`,
        `\\b(${modelNames().filter((n) => n.includes('_') && !ROLE_NAMES.includes(n)).join('|')})\\b`,
      ].join('|'),
      'i',
    );
    const found: string[] = [];
    for (const file of SOURCE_ROOMS.flatMap(tsFiles)) {
      const code = readFileSync(join(REPO_ROOT, file), 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, ''))
        .split('\n');
      code.forEach((line, i) => {
        const text = line.replace(/\/\/.*$/, '');
        if (!pattern.test(text)) return;
        // Words for people, not code: help texts, hints, and the demo's suggested commands.
        if (/\.(description|argument|option)\(|hint:|npx tributary|`\s*\w+\s{2,}/.test(text)) return;
        found.push(`${file}:${i + 1}: ${text.trim()}`);
      });
    }
    expect(found).toEqual([]);
  });
});

function modelNames(): string[] {
  const walk = (dir: string): string[] => readdirSync(join(REPO_ROOT, dir)).flatMap((f) => (statSync(join(REPO_ROOT, dir, f)).isDirectory() ? walk(join(dir, f)) : [f]));
  return walk('dbt-like-models/models').filter((f) => f.endsWith('.sql')).map((f) => f.slice(0, -'.sql'.length));
}
