/**
 * Isolation and retries within a run: a stream whose source keeps failing for a while
 * (503 through every per-request retry) is read again from its last checkpoint after a
 * pause (`sync.stream_retries`), lands everything once and the run succeeds; a source
 * that stays down fails only its streams after the configured attempts, the others land,
 * and the run is partial (exit 1) with the stream's reason.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/workspace.js';
import { startTestWorld, type TestWorld } from '../../helpers/world.js';
import { rawCounts, warehouseOf } from './helpers.js';

let tw: TestWorld;
beforeAll(async () => {
  tw = await startTestWorld({ people: 120 });
});
afterAll(async () => tw?.close());

describe('sync.stream_retries', () => {
  it('reads a stream again from its checkpoint after a passing outage, landing every record once', async () => {
    const config = tw.writeConfig({ sources: ['mailchimp', 'web'], maxAttempts: 2, streamRetries: { maxAttempts: 3, delayMs: 50 } });
    const mailchimp = tw.world.mocks.mailchimp;
    // The first members page is served, then two 503s: both attempts of the next request fail, so the stream does.
    mailchimp.faults.inject({ kind: 'server_error', status: 503, times: 2, path: '/members', after: 1 });
    const result = await runCli(['sync', '--config', config, '--extract-only', '--format', 'json'], { env: tw.env });
    mailchimp.faults.clear();
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/ok\s+mailchimp\.members: .* \(2 attempts\)/);
    const out = JSON.parse(result.stdout) as { status: string };
    expect(out.status).toBe('success');
    const counts = await rawCounts(warehouseOf(config));
    expect(counts.mailchimp_members).toEqual({ rows: tw.population.mailchimp.members.length, distinct: tw.population.mailchimp.members.length });
  });

  it('gives up after the configured attempts: that stream fails with its reason, the others land, the run is partial (exit 1)', async () => {
    const config = tw.writeConfig({ folder: tw.dir.path, sources: ['mailchimp', 'web'], maxAttempts: 2, streamRetries: { maxAttempts: 2, delayMs: 50 } });
    const mailchimp = tw.world.mocks.mailchimp;
    mailchimp.faults.inject({ kind: 'server_error', status: 503, times: Infinity, path: '/campaigns' });
    const result = await runCli(['sync', '--config', config, '--extract-only', '--format', 'json'], { env: tw.env });
    mailchimp.faults.clear();
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/FAIL mailchimp\.campaigns: .*\(2 attempts\)\n\s+mailchimp: GET \/3\.0\/campaigns\S* failed with HTTP 503 .*after 2 attempts \(the stream was tried 2 times\)/);
    expect(result.stderr).toMatch(/ok\s+web\.events/);
    const out = JSON.parse(result.stdout) as { status: string; error: string; streams: { stream: string; status: string }[] };
    expect(out.status).toBe('partial');
    expect(out.error).toMatch(/^mailchimp\.campaigns: .*HTTP 503/);
    // A 503 is the stream's, not the whole source's: the other Mailchimp streams were read too.
    expect(out.streams.filter((s) => s.status === 'success').map((s) => s.stream)).toEqual(expect.arrayContaining(['lists', 'members', 'events']));
  });
});
