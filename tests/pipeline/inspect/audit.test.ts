/**
 * The audit IT can query, driven through the CLI: syncs, unmasked queries and config
 * changes are recorded with who (`--actor`, $TRIBUTARY_ACTOR or the OS user), what, when
 * and from where (host, working directory); `tributary audit` filters them by time,
 * actor and action. `pii --history` shows when each tag appeared, by whose run.
 */
import { appendFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../../helpers/workspace.js';
import { startTestWorld, type TestWorld } from '../../helpers/world.js';

let world: TestWorld;
let config: string;

async function cli(args: string[], actor = 'bob'): Promise<CliResult> {
  return runCli(args, { env: { ...world.env, TRIBUTARY_ACTOR: actor }, cwd: world.dir.path, timeoutMs: 180_000 });
}

type Entry = { at: string; actor: string; action: string; target: string | null; host: string | null; cwd: string | null; details: Record<string, unknown> | null };

async function auditJson(...filters: string[]): Promise<Entry[]> {
  const r = await cli(['audit', '--config', config, '--format', 'json', ...filters]);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Entry[];
}

beforeAll(async () => {
  world = await startTestWorld({ people: 60, days: 7 });
  config = world.writeConfig({ sources: ['mailchimp', 'web'] });
  const first = await cli(['--actor', 'alice', 'sync', '--config', config]);
  expect(first.code, first.stderr).toBe(0);
  const query = await cli(['query', '--config', config, '--warehouse', 'select count(*) as n from main.customers']);
  expect(query.code, query.stderr).toBe(0);
  appendFileSync(config, '# nightly run moved to 02:00\n');
  const second = await cli(['--actor', 'carol', 'sync', '--config', config]);
  expect(second.code, second.stderr).toBe(0);
}, 240_000);
afterAll(async () => world?.close());

describe('tributary audit', () => {
  it('lists syncs, the unmasked query and both versions of the config, with who and from where', async () => {
    const all = await auditJson();
    expect(all.map((e) => `${e.action}:${e.actor}`)).toEqual(['config_change:alice', 'sync:alice', 'query_unmasked:bob', 'config_change:carol', 'sync:carol']);
    for (const e of all) expect(e).toMatchObject({ host: hostname(), cwd: world.dir.path });
    const [firstConfig, , , secondConfig] = all;
    expect(secondConfig!.details!.previous).toBe(firstConfig!.details!.sha256);
    expect(all[2]!.details!.sql).toBe('select count(*) as n from main.customers');
  });

  it('filters by actor, action and time; a bad --since or a blank --actor is bad usage', async () => {
    expect((await auditJson('--actor', 'bob')).map((e) => e.action)).toEqual(['query_unmasked']);
    expect((await auditJson('--action', 'config_change')).map((e) => e.actor)).toEqual(['alice', 'carol']);
    expect(await auditJson('--since', '2999-01-01')).toEqual([]);
    expect(await auditJson('--since', '1d')).toHaveLength(5);
    const bad = await cli(['audit', '--config', config, '--since', 'yesterday']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--since must be a date');
    const blank = await cli(['--actor', ' ', 'audit', '--config', config]);
    expect(blank.code).toBe(2);
  }, 120_000); // seven CLI runs: generous under a loaded CI machine
});

describe('tributary pii --history', () => {
  it('records when each published tag appeared, by whose run, once', async () => {
    const r = await cli(['pii', '--config', config, '--history', '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const changes = JSON.parse(r.stdout) as { column: string; tag: string; change: string; actor: string }[];
    const email = changes.filter((c) => c.column === 'customers.email');
    expect(email).toEqual([expect.objectContaining({ tag: 'email', change: 'appeared', actor: 'alice' })]);
    expect(changes.every((c) => !c.column.startsWith('raw.'))).toBe(true);
  });
});
