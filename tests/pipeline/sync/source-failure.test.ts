/**
 * A source that goes down in the middle of a sync: the other streams land, the run
 * exits 1 with a message naming the stream and the failure, `runs` says partial, and
 * once the source is back a re-run completes with nothing lost or duplicated.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/workspace.js';
import { startTestWorld, type TestWorld } from '../../helpers/world.js';
import { rawCounts, warehouseOf } from './helpers.js';

let tw: TestWorld;
beforeAll(async () => {
  tw = await startTestWorld({ people: 150 });
});
afterAll(async () => tw?.close());

describe('a source down mid-sync', () => {
  it('fails only its stream, exits 1 with a clear message, and recovers cleanly', async () => {
    const config = tw.writeConfig({ sources: ['mailchimp', 'web'], maxAttempts: 3 });
    const mailchimp = tw.world.mocks.mailchimp;
    // The first list's members page is served, then the API keeps answering 503.
    mailchimp.faults.inject({ kind: 'server_error', status: 503, times: Infinity, path: '/members', after: 1 });
    const first = await runCli(['sync', '--config', config, '--extract-only'], { env: tw.env });
    expect(first.code).toBe(1);
    expect(first.stderr).toMatch(/FAIL mailchimp\.members: .*\n\s+mailchimp: GET \/3\.0\/lists\/\w+\/members failed with HTTP 503 .*after 3 attempts/);
    expect(first.stderr).toMatch(/ok\s+web\.events/);
    expect(first.stderr).toMatch(/run run_\w+ partial/);

    const runs = JSON.parse((await runCli(['runs', '--config', config, '--format', 'json'])).stdout) as { status: string; error: string }[];
    expect(runs[0]).toMatchObject({ status: 'partial' });
    expect(runs[0]!.error).toMatch(/mailchimp\.members/);

    mailchimp.faults.clear();
    const second = await runCli(['sync', '--config', config, '--extract-only'], { env: tw.env });
    expect(second.code, second.stderr).toBe(0);
    const counts = await rawCounts(warehouseOf(config));
    expect(counts.mailchimp_members).toEqual({ rows: tw.population.mailchimp.members.length, distinct: tw.population.mailchimp.members.length });
    expect(counts.web_events!.rows).toBe(tw.population.web.events.length);
  });
});
