/**
 * No secret is ever printed, logged or stored: not on a bad token (the error path that
 * tends to dump request headers), not at debug log level on a good run.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/workspace.js';
import { startTestWorld, type TestWorld } from '../../helpers/world.js';

let tw: TestWorld;
beforeAll(async () => {
  tw = await startTestWorld({ people: 80 });
});
afterAll(async () => tw?.close());

function everythingWritten(config: string, ...outputs: string[]): string {
  const dir = join(config, '..');
  const files = ['logs/tributary.log', 'tributary.db', 'warehouse.duckdb'].map((f) => {
    try {
      return readFileSync(join(dir, f)).toString('latin1');
    } catch {
      return '';
    }
  });
  return [...outputs, ...files].join('\n');
}

describe('secrets', () => {
  it('a rejected token appears nowhere: stdout, stderr, log file, control plane, warehouse', async () => {
    const config = tw.writeConfig({ sources: ['hubspot', 'mailchimp'] });
    const wrong = 'wrong-but-very-secret-hubspot-token-0042';
    const run = await runCli(['sync', '--config', config, '--extract-only'], { env: { ...tw.env, HUBSPOT_TOKEN: wrong } });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/hubspot: .*failed with HTTP 401/);
    expect(run.stderr).toMatch(/hint: check the credentials configured for source "hubspot"/);
    const all = everythingWritten(config, run.stdout, run.stderr);
    expect(all).not.toContain(wrong);
    expect(all).not.toContain(tw.env.MAILCHIMP_API_KEY);
  });

  it('a good run at debug level logs no credential', async () => {
    const config = tw.writeConfig({ sources: ['hubspot', 'mailchimp', 'meta_ads'] });
    const run = await runCli(['sync', '--config', config, '--extract-only'], { env: tw.env });
    expect(run.code, run.stderr).toBe(0);
    const log = readFileSync(join(config, '..', 'logs', 'tributary.log'), 'utf8');
    expect(log).toMatch(/"level":"debug"/);
    for (const secret of Object.values(tw.env)) expect(everythingWritten(config, run.stdout, run.stderr)).not.toContain(secret);
  });
});
