/**
 * A source that goes down in the middle of a sync: the other streams land, the run
 * exits 1 with a message naming the stream and the failure, `runs` says partial, and
 * once the source is back a re-run completes with nothing lost or duplicated.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
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

/** A loopback port nothing listens on (bound, then released). */
async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('a source nobody answers for', () => {
  it('fails its first stream naming the address, skips the rest without a request, and still lands the others', async () => {
    const config = tw.writeConfig({ sources: ['mailchimp', 'web'], maxAttempts: 2 });
    const dead = `http://127.0.0.1:${await deadPort()}`;
    writeFileSync(config, readFileSync(config, 'utf8').replace(tw.world.mocks.mailchimp.url, dead));
    const result = await runCli(['sync', '--config', config, '--extract-only', '--format', 'json'], { env: tw.env });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/FAIL mailchimp\.lists: .*\n\s+mailchimp: GET \/3\.0\/lists failed with ECONNREFUSED after 2 attempts\n\s+hint: nothing answers at http:\/\/127\.0\.0\.1:\d+/);
    expect(result.stderr).toMatch(/SKIP mailchimp\.members: 0 read, 0 new, 0 unchanged, 0 requests/);
    expect(result.stderr).toMatch(/ok\s+web\.events/);
    const out = JSON.parse(result.stdout) as { status: string; error: string; streams: { stream: string; status: string; requests: number }[] };
    expect(out.status).toBe('partial');
    expect(out.streams.filter((s) => s.status === 'skipped').map((s) => s.stream)).toEqual(['members', 'campaigns', 'reports', 'email_activity', 'sent_to']);
    expect(out.streams.filter((s) => s.status === 'skipped').every((s) => s.requests === 0)).toBe(true);
    // one line for the source, not six copies of the same failure
    expect(out.error).toMatch(/^mailchimp\.lists: mailchimp: GET \/3\.0\/lists failed with ECONNREFUSED after 2 attempts \(5 more mailchimp streams did not sync: members, campaigns, reports, email_activity, sent_to\)$/);
    const runs = JSON.parse((await runCli(['runs', '--config', config, '--format', 'json'])).stdout) as { run_id: string }[];
    const streams = JSON.parse((await runCli(['runs', '--config', config, runs[0]!.run_id, '--format', 'json'])).stdout) as { stream: string; status: string }[];
    expect(streams.find((s) => s.stream === 'sent_to')?.status).toBe('skipped');
  });
});
