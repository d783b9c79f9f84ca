/**
 * `tributary init`: a starter config whose secrets are ${VAR} placeholders (and that
 * loads once they are set), a .env.example naming them, and a refusal to overwrite;
 * every shipped connector has a stanza, and the YAML ones (Klaviyo, LinkedIn Ads,
 * organic social) plus a files source pass `check` against their mocks once the user
 * fills in .env and points base_url at them.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectorTypes } from '../../../connectors/registry.js';
import { loadConfig } from '../../../pipeline/config/load-config.js';
import { LINKEDIN_ACCOUNT_ID } from '../../../sandbox/world/linkedin.js';
import { runCli, tempDir } from '../../helpers/workspace.js';
import { startTestWorld, type TestWorld } from '../../helpers/world.js';

const dir = tempDir('tributary-init-');
let tw: TestWorld;
beforeAll(async () => {
  tw = await startTestWorld({ people: 30, days: 7 });
}, 60_000);
afterAll(async () => {
  await tw?.close();
  dir.remove();
});

describe('tributary init', () => {
  it('writes tributary.yml with placeholders and a .env.example, then refuses to overwrite them', async () => {
    const r = await runCli(['init', 'hubspot', 'meta-ads', 'files', '--dir', dir.path]);
    expect(r.code, r.stderr).toBe(0);
    const yaml = readFileSync(join(dir.path, 'tributary.yml'), 'utf8');
    expect(yaml).toContain('access_token: ${HUBSPOT_TOKEN}');
    expect(yaml).toContain('access_token: ${META_ACCESS_TOKEN}');
    const env = readFileSync(join(dir.path, '.env.example'), 'utf8');
    expect(env).toMatch(/^HUBSPOT_TOKEN=$/m);
    expect(env).toMatch(/^META_ACCESS_TOKEN=$/m);
    const config = loadConfig(join(dir.path, 'tributary.yml'), { env: { HUBSPOT_TOKEN: 'x', META_ACCESS_TOKEN: 'y' } });
    expect(config.sources.map((s) => s.id)).toEqual(['hubspot', 'meta_ads', 'files']);

    const again = await runCli(['init', 'mailchimp', '--dir', dir.path]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('refusing to overwrite');
    expect(readFileSync(join(dir.path, 'tributary.yml'), 'utf8')).toBe(yaml);
  });

  it('names an unknown type and the ones it knows', async () => {
    const r = await runCli(['init', 'hubspott', '--dir', join(dir.path, 'other')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown source type "hubspott"');
    const known = /init takes connector types: ([^(]+) \(/.exec(r.stderr)![1]!.split(', ');
    // every connector Tributary ships has a starter, the YAML-defined ones included
    expect(known).toEqual(expect.arrayContaining(connectorTypes()));
  });

  it('writes a stanza for every shipped connector, and check names each variable left unset', async () => {
    const all = join(dir.path, 'all');
    const types = ['klaviyo', 'linkedin-ads', 'organic_social', 'files', 'ga4', 'hubspot', 'salesforce', 'mailchimp', 'meta-ads', 'web-events'];
    const r = await runCli(['init', ...types, '--dir', all]);
    expect(r.code, r.stderr).toBe(0);
    const yaml = readFileSync(join(all, 'tributary.yml'), 'utf8');
    expect(yaml).toMatch(/^ {4}type: linkedin-ads +# shipped YAML definition \(connectors\/declarative\/shipped\/linkedin-ads\.yaml\)$/m);
    expect(yaml).toContain('refresh_token: ${LINKEDIN_ADS_REFRESH_TOKEN}');
    expect(yaml).toContain('page_id: ${ORGANIC_SOCIAL_PAGE_ID}');
    // a numeric-looking default stays a string when uncommented
    expect(yaml).toMatch(/^ {4}# version: "202410" /m);

    const check = await runCli(['check', '--config', join(all, 'tributary.yml')], { cwd: all });
    expect(check.code).toBe(2);
    for (const missing of ['klaviyo.api_key: environment variable KLAVIYO_API_KEY', 'linkedin_ads.account_id: environment variable LINKEDIN_ADS_ACCOUNT_ID',
      'organic_social.access_token: environment variable ORGANIC_SOCIAL_ACCESS_TOKEN', 'organic_social.ig_user_id: environment variable ORGANIC_SOCIAL_IG_USER_ID',
      'ga4.private_key: environment variable GA4_PRIVATE_KEY']) expect(check.stderr).toContain(`sources.${missing} is not set`);
    expect(check.stderr).not.toMatch(/\n\s+at /);
  });

  it('a filled-in .env makes the YAML and files stanzas pass check', async () => {
    const ws = join(dir.path, 'yaml');
    const r = await runCli(['init', 'klaviyo', 'linkedin-ads', 'organic_social', 'files', '--dir', ws]);
    expect(r.code, r.stderr).toBe(0);
    const c = tw.world.credentials;
    const values: Record<string, string> = {
      KLAVIYO_API_KEY: c.KLAVIYO_API_KEY!, LINKEDIN_ADS_CLIENT_ID: c.LINKEDIN_CLIENT_ID!, LINKEDIN_ADS_CLIENT_SECRET: c.LINKEDIN_CLIENT_SECRET!,
      LINKEDIN_ADS_REFRESH_TOKEN: c.LINKEDIN_REFRESH_TOKEN!, LINKEDIN_ADS_ACCOUNT_ID: String(LINKEDIN_ACCOUNT_ID),
      ORGANIC_SOCIAL_ACCESS_TOKEN: c.ORGANIC_SOCIAL_TOKEN!, ORGANIC_SOCIAL_PAGE_ID: tw.world.organicSocial.pageId, ORGANIC_SOCIAL_IG_USER_ID: tw.world.organicSocial.igUserId,
    };
    // what the user does: fill in .env.example as .env …
    const example = readFileSync(join(ws, '.env.example'), 'utf8');
    writeFileSync(join(ws, '.env'), example.replace(/^([A-Z0-9_]+)=$/gm, (_, name: string) => `${name}=${values[name] ?? ''}`));
    // … and uncomment base_url (here: the loopback mocks instead of the vendors' APIs)
    const m = tw.world.mocks;
    const urls: Record<string, string> = { klaviyo: `${m.klaviyo.url}/api`, linkedin_ads: m.linkedinAds.url, organic_social: m.organicSocial.url };
    let yaml = readFileSync(join(ws, 'tributary.yml'), 'utf8');
    for (const [id, url] of Object.entries(urls)) yaml = yaml.replace(new RegExp(`(\\n  ${id}:\\n[\\s\\S]*?)# base_url: \\S+`), `$1base_url: ${url}`);
    yaml = yaml.replace(/# token_url: \S+/, `token_url: ${m.linkedinAds.url}/oauth/v2/accessToken`);
    writeFileSync(join(ws, 'tributary.yml'), yaml);

    const check = await runCli(['check'], { cwd: ws });
    expect(check.code, check.stdout + check.stderr).toBe(0);
    for (const id of ['klaviyo', 'linkedin_ads', 'organic_social', 'files']) expect(check.stdout).toMatch(new RegExp(`^ok   ${id}: tried`, 'm'));
    expect(check.stdout).toContain('4 of 4 sources ok');
  });
});
