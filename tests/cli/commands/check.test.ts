/**
 * `tributary check` on the test world's config (every demo source against its mock):
 * all ok and exit 0; with a wrong HubSpot token and an unreachable Mailchimp address it
 * names both — what was tried, what failed, what to fix — exits 1, and prints no secret.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/workspace.js';
import { startTestWorld, type TestWorld } from '../../helpers/world.js';

let tw: TestWorld;
let config: string;

beforeAll(async () => {
  tw = await startTestWorld({ people: 60, days: 7 });
  config = tw.writeConfig();
}, 60_000);
afterAll(async () => tw?.close());

describe('tributary check', () => {
  it('reports every source ok', async () => {
    const r = await runCli(['check', '--config', config], { env: tw.env });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    for (const source of ['hubspot', 'mailchimp', 'meta_ads', 'web']) expect(r.stdout).toMatch(new RegExp(`^ok   ${source}: tried`, 'm'));
    expect(r.stdout).toContain('4 of 4 sources ok');
  });

  it('names a wrong token and an unreachable URL, with what to fix, and exits 1', async () => {
    const broken = config.replace(/tributary\.yml$/, 'broken.yml');
    writeFileSync(broken, readFileSync(config, 'utf8').replace(tw.world.mocks.mailchimp.url, 'http://127.0.0.1:9'));
    const r = await runCli(['check', '--config', broken], { env: { ...tw.env, HUBSPOT_TOKEN: 'wrong-token-5551234' } });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^FAIL hubspot: tried the first page of hubspot\.contacts from http:\/\/127\.0\.0\.1:\d+\n\s+hubspot: .*HTTP 401.*\n\s+fix: check the credentials configured for source "hubspot"/m);
    expect(r.stdout).toMatch(/^FAIL mailchimp: tried the first page of mailchimp\.\w+ from http:\/\/127\.0\.0\.1:9\n.*\n\s+fix: nothing answers at http:\/\/127\.0\.0\.1:9/m);
    expect(r.stdout).toMatch(/^ok   meta_ads/m);
    expect(r.stdout).toContain('2 of 4 sources failed');
    expect(r.stdout + r.stderr).not.toContain('wrong-token-5551234');
  });
});
