/**
 * Tributary as a dependency: another project installs this checkout (`npm install
 * <path>`, as a user would from a clone) and calls the public API through
 * `import … from 'tributary'` — the compiled dist/ that package.json `exports` names.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, tempDir, type TempDir } from '../helpers/workspace.js';

let dir: TempDir;

beforeAll(() => {
  dir = tempDir('tributary-consumer-');
  writeFileSync(join(dir.path, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', type: 'module', private: true }));
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  execFileSync(npm, ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', REPO_ROOT], { cwd: dir.path, stdio: 'pipe' });

  // A workspace with one file source: a day of Segment events, two people identified.
  const ws = join(dir.path, 'ws');
  mkdirSync(join(ws, 'events'), { recursive: true });
  const events = [0, 1, 2, 3].map((i) => ({
    type: i < 2 ? 'identify' : 'page',
    messageId: `m-${i}`,
    anonymousId: `anon-${i % 2}`,
    userId: i < 2 ? `user-${i}` : null,
    timestamp: `2026-11-0${i + 1}T10:00:00.000Z`,
    ...(i < 2 ? { traits: { email: `person${i}@example.com` } } : { name: 'Pricing', properties: {} }),
    context: { page: { url: 'https://example.com/pricing?utm_campaign=spring', path: '/pricing' }, campaign: { name: 'spring' } },
  }));
  writeFileSync(join(ws, 'events', 'day1.jsonl'), `${events.map((e) => JSON.stringify(e)).join('\n')}\n`);
  writeFileSync(join(ws, 'tributary.yml'), 'version: 1\nsources:\n  web:\n    type: web-events\n    path: events\n');
});

afterAll(() => dir?.remove());

describe("import … from 'tributary'", () => {
  it('syncs a workspace, queries it, and reads its lineage and PII through the public API', () => {
    const script = join(dir.path, 'use.mjs');
    writeFileSync(
      script,
      `import { loadConfig, sync, query, lineage, pii, forget, parseProject, TributaryError } from 'tributary';
const config = loadConfig('ws/tributary.yml');
const run = await sync({ config });
const { rows } = await query({ config, sql: 'select count(*) as n from customers' });
const email = await lineage({ config, column: 'customers.email' });
const personal = await pii({ config });
const plan = await forget({ config, request: { emails: ['person0@example.com'] }, dryRun: true });
let error;
try { await query({ config, sql: 'select * from no_such_table' }); } catch (e) { error = e instanceof TributaryError ? e.code : String(e); }
console.log(JSON.stringify({ status: run.status, rows, fields: email.fields, tags: personal.map((c) => c.column + ':' + c.tag), planned: plan.customers.length, error, engine: typeof parseProject }));
`,
    );
    const result = spawnSync(process.execPath, [script], { cwd: dir.path, encoding: 'utf8', timeout: 120_000 });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const out = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(out).toMatchObject({ status: 'success', rows: [{ n: 2 }], planned: 1, error: 'query_failed', engine: 'function' });
    expect((out.fields as string[]).some((f) => f.startsWith('web-events.') && f.endsWith('traits.email'))).toBe(true);
    expect(out.tags).toContain('customers.email:email');
  });

  it('ships type declarations with the exports', () => {
    const pkg = JSON.parse(execFileSync(process.execPath, ['-e', "process.stdout.write(JSON.stringify(require('./node_modules/tributary/package.json')))"], { cwd: dir.path, encoding: 'utf8' })) as { exports: Record<string, { types: string }> };
    const types = join(dir.path, 'node_modules', 'tributary', pkg.exports['.']!.types);
    expect(execFileSync(process.execPath, ['-e', `process.stdout.write(require('fs').readFileSync(${JSON.stringify(types)}, 'utf8'))`], { encoding: 'utf8' })).toMatch(/export \{ sync,/);
  });
});
