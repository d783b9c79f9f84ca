/**
 * "Running sync again right after creates no duplicate rows and fetches only what
 * changed": with `demo --serve` the mocks stay up, and a user's own `tributary sync`
 * against the demo workspace lands nothing new; all three runs show in `runs`.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, runCli, tempDir, type TempDir } from '../helpers/workspace.js';

let dir: TempDir;
afterAll(() => dir?.remove());

describe('tributary demo --serve', () => {
  it('keeps the mocks up for a user sync that lands nothing new, and stops cleanly on SIGINT', async () => {
    dir = tempDir('tributary-serve-');
    const demo = spawn(process.execPath, [BIN, 'demo', '--serve', '--dir', 'demo', '--people', '150', '--days', '14'], {
      cwd: dir.path,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    demo.stdout.on('data', (d) => (out += String(d)));
    const exited = new Promise<number | null>((resolve) => demo.on('exit', (code) => resolve(code)));
    const until = Date.now() + 120_000;
    while (!out.includes('Ctrl-C here stops them')) {
      if (Date.now() > until) throw new Error(`demo did not start serving:\n${out}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(out).toMatch(/npx tributary sync --config demo\/tributary.yml/);

    const config = join(dir.path, 'demo', 'tributary.yml');
    const sync = await runCli(['sync', '--config', config, '--format', 'json'], { cwd: dir.path });
    expect(sync.code, sync.stderr).toBe(0);
    const result = JSON.parse(sync.stdout) as { status: string; streams: { inserted: number }[] };
    expect(result.status).toBe('success');
    expect(result.streams.reduce((n, s) => n + s.inserted, 0)).toBe(0);

    const runs = JSON.parse((await runCli(['runs', '--config', config, '--format', 'json'])).stdout) as { command: string; status: string }[];
    expect(runs.map((r) => [r.command, r.status])).toEqual([
      ['sync', 'success'],
      ['demo sync (incremental)', 'success'],
      ['demo sync (full)', 'success'],
    ]);

    demo.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(out).toMatch(/mock sources stopped/);
  }, 180_000);
});
