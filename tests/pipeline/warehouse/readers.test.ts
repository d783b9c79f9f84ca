/**
 * A `query --warehouse` and a run on the same warehouse (issue 7, item 9). DuckDB lets
 * one process write a file or any number read it, never both, so a long query keeps a
 * sync out; the sync must then say what holds the warehouse (the query, its pid) instead
 * of guessing "another sync is probably running" — and a query kept out by a run names
 * the run.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acquireRunLock } from '../../../pipeline/warehouse/run-lock.js';
import { BIN, runCli, tempDir, type TempDir } from '../../helpers/workspace.js';

let dir: TempDir;
let config: string;
const marks = (): string[] => readdirSync(dir.path).filter((n) => n.startsWith('warehouse.duckdb.reader-'));

beforeAll(async () => {
  dir = tempDir();
  mkdirSync(join(dir.path, 'events'));
  config = join(dir.path, 'tributary.yml');
  writeFileSync(config, `version: 1\nsources:\n  web:\n    type: web-events\n    path: events\n`);
  const first = await runCli(['sync', '--config', config, '--extract-only']);
  expect(first.code, first.stderr).toBe(0);
});

afterAll(() => dir?.remove());

/** Polls `ready` until it holds or `ms` pass; says which. */
async function until(ready: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (ready()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return ready();
}

describe('a query --warehouse and a run on the same warehouse', () => {
  it('a sync blocked by a long query --warehouse names that query and its pid, not "another sync"', async () => {
    const reader = spawn(process.execPath, [BIN, 'query', '--config', config, '--warehouse', 'select sleep_ms(60000) as slept'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const closed = once(reader, 'close');
    try {
      // The query marks itself once it has the warehouse open (bounded: without a mark, the sync below tells).
      await until(() => marks().length > 0, 20_000);
      const sync = await runCli(['sync', '--config', config, '--extract-only']);
      expect(sync.code, sync.stderr).toBe(1);
      expect(sync.stderr).toMatch(new RegExp(`open for reading by \`tributary query --warehouse\` \\(pid ${reader.pid}, running since `));
      expect(sync.stderr).toMatch(new RegExp(`hint: .*wait for that query to end \\(or stop it: kill ${reader.pid}\\)`));
      expect(sync.stderr).not.toMatch(/another sync/);
      expect(sync.stderr).not.toMatch(/\n\s+at /);
    } finally {
      reader.kill('SIGKILL');
      await closed;
    }
    // The killed query's mark is stale: the next reader sweeps it.
    const next = await runCli(['query', '--config', config, '--warehouse', 'select 1 as one']);
    expect(next.code, next.stderr).toBe(0);
    expect(marks()).toEqual([]);
  });

  it('a query --warehouse kept out by a run names the run and points to the published database', async () => {
    const warehouse = join(dir.path, 'warehouse.duckdb');
    const lock = acquireRunLock(warehouse, 'sync');
    const writer = await DuckDBInstance.create(warehouse);
    try {
      const blocked = await runCli(['query', '--config', config, '--warehouse', 'select 1 as one']);
      expect(blocked.code).toBe(1);
      expect(blocked.stderr).toMatch(new RegExp(`error: the warehouse .*warehouse\\.duckdb is in use by a Tributary run \\(pid ${process.pid}, sync\\)`));
      expect(blocked.stderr).toMatch(/hint: wait for it to finish, or query the published analytics database instead/);
      expect(blocked.stderr).not.toMatch(/\n\s+at /);
    } finally {
      writer.closeSync();
      lock.release();
    }
  });
});
