import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli, tempDir, type TempDir } from '../helpers/workspace.js';

let dir: TempDir;
afterEach(() => dir?.remove());

describe('tributary demo --dir', () => {
  it('refuses to wipe a folder it did not make, and exits 2', async () => {
    dir = tempDir();
    const precious = join(dir.path, 'precious');
    mkdirSync(precious);
    writeFileSync(join(precious, 'thesis.tex'), 'years of work');
    const r = await runCli(['demo', '--dir', precious], { cwd: dir.path });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/refusing to use .*precious for the demo: it is not empty and was not made by `tributary demo`/);
    expect(existsSync(join(precious, 'thesis.tex'))).toBe(true);
  });

  it('rejects bad numbers with exit 2', async () => {
    dir = tempDir();
    const r = await runCli(['demo', '--dir', join(dir.path, 'd'), '--people', 'lots'], { cwd: dir.path });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--people must be a positive whole number, got "lots"/);
  });
});
