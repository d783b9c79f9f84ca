/**
 * `tributary init`: a starter config whose secrets are ${VAR} placeholders (and that
 * loads once they are set), a .env.example naming them, and a refusal to overwrite.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../pipeline/config/load-config.js';
import { runCli, tempDir } from '../../helpers/workspace.js';

const dir = tempDir('tributary-init-');
afterAll(() => dir.remove());

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
    expect(r.stderr).toContain('hubspot, mailchimp, meta-ads');
  });
});
