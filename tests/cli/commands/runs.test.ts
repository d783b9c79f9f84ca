/**
 * `tributary runs --limit`: a whole number from 1 to 10,000. Anything else is bad usage
 * (exit 2, a message) — not a Prisma stack trace for a number too big for SQLite, and not
 * a silent default for `-1`, `0` or `abc`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir, type TempDir } from '../../helpers/workspace.js';

let dir: TempDir;
let config: string;
beforeAll(() => {
  dir = tempDir();
  config = dir.file('tributary.yml', 'version: 1\nsources: {}\n');
});
afterAll(() => dir.remove());

describe('runs --limit', () => {
  it.each(['99999999999999999999', '-1', 'abc', '0', '2.5', '10001', ''])('rejects %j with exit 2 and a message', async (limit) => {
    const result = await runCli(['runs', '--config', config, '--limit', limit]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`error: --limit must be a whole number from 1 to 10000, got "${limit}"`);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.stdout).toBe('');
  });

  it('accepts 1..10000', async () => {
    const result = await runCli(['runs', '--config', config, '--limit', '10000', '--format', 'json']);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual([]);
  });
});
