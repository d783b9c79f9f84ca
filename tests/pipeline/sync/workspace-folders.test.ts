/**
 * Where a sync writes, and what a read-only workspace still allows:
 * - an `analytics:` path in a folder that does not exist yet is created (it used to fail
 *   at publish, after the whole build);
 * - on a read-only copy of a workspace (an auditor's, a backup), `runs`, `lineage` and
 *   `pii` read it, while `sync` is refused up front with a clear message, exit 2, instead
 *   of `ENOENT mkdir logs` and a stack trace.
 * The CLI runs as an unprivileged user where the tests run as root (who writes anyway).
 */
import { chmodSync, cpSync, existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir, unprivilegedUser, type CliResult, type TempDir } from '../../helpers/workspace.js';

let dir: TempDir;
let first: CliResult;

const event = {
  type: 'page',
  messageId: 'm-1',
  anonymousId: 'anon-1',
  userId: null,
  timestamp: '2026-10-01T10:00:00.000Z',
  name: 'Home',
  context: { ip: '203.0.113.9', page: { url: 'https://example.test/', path: '/', referrer: '', title: 'Home' } },
};

beforeAll(async () => {
  dir = tempDir();
  mkdirSync(join(dir.path, 'ws', 'events'), { recursive: true });
  writeFileSync(join(dir.path, 'ws', 'events', 'events-2026-10-01.jsonl'), `${JSON.stringify(event)}\n`);
  writeFileSync(
    join(dir.path, 'ws', 'tributary.yml'),
    `version: 1\nanalytics: published/for-analysts/analytics.duckdb\nsources:\n  web:\n    type: web-events\n    path: events\n`,
  );
  first = await runCli(['sync', '--config', join(dir.path, 'ws', 'tributary.yml')]);
}, 120_000);

afterAll(() => {
  // Writable again, so a non-root user can remove it.
  chmodTree(dir.path, true);
  dir.remove();
});

/** Makes every folder and file of a tree read-only (or writable again by its owner). */
function chmodTree(path: string, writable: boolean): void {
  const isDir = statSync(path).isDirectory();
  if (isDir && writable) chmodSync(path, 0o755);
  if (isDir) for (const name of readdirSync(path)) chmodTree(join(path, name), writable);
  chmodSync(path, isDir ? (writable ? 0o755 : 0o555) : writable ? 0o644 : 0o444);
}

describe('workspace folders', () => {
  it('sync creates a missing analytics folder and publishes into it', () => {
    expect(first.code, first.stderr).toBe(0);
    expect(existsSync(join(dir.path, 'ws', 'published', 'for-analysts', 'analytics.duckdb'))).toBe(true);
  });

  it('a read-only copy of a workspace can be inspected (runs, lineage, pii); sync is refused clearly, exit 2', async () => {
    expect(first.code, first.stderr).toBe(0);
    const ro = join(dir.path, 'read-only');
    cpSync(join(dir.path, 'ws'), ro, { recursive: true });
    rmSync(join(ro, 'logs'), { recursive: true, force: true }); // the `mkdir logs` of the report
    chmodTree(ro, false);
    chmodSync(dir.path, 0o755); // tempDir is private to its owner; the unprivileged user must reach the copy
    const as = unprivilegedUser();
    const config = join(ro, 'tributary.yml');

    const runs = await runCli(['runs', '--config', config, '--format', 'json'], as);
    expect(runs.code, runs.stderr).toBe(0);
    expect((JSON.parse(runs.stdout) as { status: string }[]).map((r) => r.status)).toEqual(['success']);

    const lineage = await runCli(['lineage', '--config', config, 'customers.email', '--format', 'json'], as);
    expect(lineage.code, lineage.stderr).toBe(0);
    expect((JSON.parse(lineage.stdout) as { fields: string[] }).fields.length).toBeGreaterThan(0);

    const pii = await runCli(['pii', '--config', config, '--format', 'json'], as);
    expect(pii.code, pii.stderr).toBe(0);
    expect(JSON.parse(pii.stdout)).toContainEqual(expect.objectContaining({ column: 'customers.email', tag: 'email' }));

    const sync = await runCli(['sync', '--config', config], as);
    expect(sync.code).toBe(2);
    expect(sync.stderr).toContain(`the workspace ${ro} is not writable by this user`);
    expect(sync.stderr).toMatch(/hint: sync and forget write into the workspace/);
    expect(sync.stderr).not.toMatch(/\n\s+at /);
    // Nothing was written into the copy, not even SQLite's files beside the control plane.
    expect(readdirSync(ro).sort()).toEqual(readdirSync(join(dir.path, 'ws')).filter((f) => f !== 'logs').sort());
  });
});
