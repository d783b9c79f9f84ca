/**
 * One run per warehouse: a second run is refused with who holds it, a lock whose
 * process is gone (SIGKILL) is taken over, and `sync` respects it end to end.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TributaryError } from '../../../core/index.js';
import { acquireRunLock } from '../../../pipeline/warehouse/run-lock.js';
import { runCli, tempDir, type TempDir } from '../../helpers/workspace.js';

let dir: TempDir;
afterEach(() => dir?.remove());

/** A pid that ran and is gone. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

describe('run lock', () => {
  it('refuses a second run while the first holds it, and frees on release', () => {
    dir = tempDir();
    const wh = join(dir.path, 'sub', 'warehouse.duckdb');
    const lock = acquireRunLock(wh, 'sync');
    expect(existsSync(`${wh}.lock`)).toBe(true);
    const second = (() => {
      try {
        acquireRunLock(wh, 'forget');
      } catch (error) {
        return error;
      }
    })();
    expect(second).toBeInstanceOf(TributaryError);
    expect(second).toMatchObject({ code: 'run_locked', message: expect.stringContaining(`pid ${process.pid}, sync`) });
    lock.release();
    expect(existsSync(`${wh}.lock`)).toBe(false);
    acquireRunLock(wh, 'forget').release();
  });

  it('takes over a lock whose process is gone', () => {
    dir = tempDir();
    const wh = join(dir.path, 'warehouse.duckdb');
    writeFileSync(`${wh}.lock`, JSON.stringify({ pid: deadPid(), command: 'sync' }));
    const lock = acquireRunLock(wh, 'sync');
    lock.release();
  });

  it('takes over a lock naming this very process when this process does not hold it (a dead run whose pid was reused)', () => {
    dir = tempDir();
    const wh = join(dir.path, 'warehouse.duckdb');
    writeFileSync(`${wh}.lock`, JSON.stringify({ pid: process.pid, command: 'sync' }));
    const lock = acquireRunLock(wh, 'forget');
    expect(() => acquireRunLock(wh, 'sync')).toThrow(/another Tributary run \(pid \d+, forget\)/);
    lock.release();
    // Written through a temporary file and a link: nothing but the warehouse's folder content is left.
    expect(readdirSync(dir.path)).toEqual([]);
  });

  it.each([
    ['garbage', 'not a lock\u0000'],
    ['without a pid', '{"command":"sync"}'],
  ])('takes over a lock file that is %s: it names no live holder', (_name, content) => {
    dir = tempDir();
    const wh = join(dir.path, 'warehouse.duckdb');
    writeFileSync(`${wh}.lock`, content);
    acquireRunLock(wh, 'sync').release();
  });

  it('an empty lock file (a full disk when a run started) does not lock the workspace: sync takes it over, exit 0', async () => {
    dir = tempDir();
    mkdirSync(join(dir.path, 'events'));
    const config = join(dir.path, 'tributary.yml');
    writeFileSync(config, `version: 1\nsources:\n  web:\n    type: web-events\n    path: events\n`);
    writeFileSync(join(dir.path, 'warehouse.duckdb.lock'), ''); // what `: > warehouse.duckdb.lock` leaves
    const result = await runCli(['sync', '--config', config, '--extract-only']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).not.toMatch(/another Tributary run/);
    expect(existsSync(join(dir.path, 'warehouse.duckdb.lock'))).toBe(false);
  });

  it('sync exits 1 naming the run that holds the warehouse, and syncs once it is free', async () => {
    dir = tempDir();
    mkdirSync(join(dir.path, 'events'));
    const config = join(dir.path, 'tributary.yml');
    writeFileSync(config, `version: 1\nsources:\n  web:\n    type: web-events\n    path: events\n`);
    const lock = acquireRunLock(join(dir.path, 'warehouse.duckdb'), 'forget');
    const blocked = await runCli(['sync', '--config', config, '--extract-only']);
    expect(blocked.code).toBe(1);
    expect(blocked.stderr).toMatch(/another Tributary run \(pid \d+, forget\) is using .*warehouse\.duckdb/);
    lock.release();
    const free = await runCli(['sync', '--config', config, '--extract-only']);
    expect(free.code, free.stderr).toBe(0);
    expect(existsSync(join(dir.path, 'warehouse.duckdb.lock'))).toBe(false);
  });
});
