/**
 * "Running sync again right after creates no duplicate rows and fetches only what
 * changed": with `demo --serve` the mocks stay up, and a user's own `tributary sync`
 * against the demo workspace lands nothing new; all three runs show in `runs`; and
 * `tributary check` finds every source of the demo's config ok, then names a wrong
 * token and an unreachable URL.
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, runCli, tempDir, type TempDir } from '../helpers/workspace.js';

let dir: TempDir;
afterAll(() => dir?.remove());

describe('tributary demo --serve', () => {
  it('keeps the mocks up for a user sync that lands nothing new, and stops cleanly on SIGINT', async () => {
    dir = tempDir('tributary-serve-');
    const demo = spawn(process.execPath, [BIN, 'demo', '--serve', '--dir', 'demo', '--people', '150', '--days', '14'], {
      cwd: dir.path,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    demo.stdout.on('data', (d) => (out += String(d)));
    const exited = new Promise<number | null>((resolve) => demo.on('exit', (code) => resolve(code)));
    const until = Date.now() + 120_000;
    while (!out.includes('Ctrl-C here stops them')) {
      if (Date.now() > until) throw new Error(`demo did not start serving:\n${out}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(out).toMatch(/npx tributary sync --config demo\/tributary.yml/);

    const config = join(dir.path, 'demo', 'tributary.yml');
    const sync = await runCli(['sync', '--config', config, '--format', 'json'], { cwd: dir.path });
    expect(sync.code, sync.stderr).toBe(0);
    const result = JSON.parse(sync.stdout) as { status: string; streams: { inserted: number }[] };
    expect(result.status).toBe('success');
    expect(result.streams.reduce((n, s) => n + s.inserted, 0)).toBe(0);

    const runs = JSON.parse((await runCli(['runs', '--config', config, '--format', 'json'])).stdout) as { command: string; status: string }[];
    expect(runs.map((r) => [r.command, r.status])).toEqual([
      ['sync', 'success'],
      ['demo sync (incremental)', 'success'],
      ['demo sync (full)', 'success'],
    ]);

    // `check` on the demo's own config: every source, the YAML ones included, answers
    const sources = ['hubspot', 'salesforce', 'mailchimp', 'meta_ads', 'ga4', 'web', 'klaviyo', 'linkedin_ads', 'event_leads', 'organic_social'];
    const check = await runCli(['check', '--config', config], { cwd: dir.path });
    expect(check.code, check.stdout + check.stderr).toBe(0);
    for (const source of sources) expect(check.stdout).toMatch(new RegExp(`^ok   ${source}: tried`, 'm'));
    expect(check.stdout).toContain(`${sources.length} of ${sources.length} sources ok`);
    // one wrong token (Klaviyo's key, from the environment over .env) and one unreachable URL (LinkedIn's API)
    const broken = join(dir.path, 'demo', 'broken.yml');
    const text = readFileSync(config, 'utf8');
    const linkedinUrl = /linkedin_ads:[\s\S]*?base_url: (\S+)/.exec(text)![1]!;
    writeFileSync(broken, text.replace(`base_url: ${linkedinUrl}\n`, 'base_url: http://127.0.0.1:9\n'));
    const failed = await runCli(['check', '--config', broken], { cwd: dir.path, env: { KLAVIYO_API_KEY: 'pk_wrong_5551234' } });
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(/^FAIL klaviyo: tried the first page of klaviyo\.profiles from http:\/\/127\.0\.0\.1:\d+\/api\n.*HTTP 401.*\n\s+fix: check the credentials configured for source "klaviyo"/m);
    expect(failed.stdout).toMatch(/^FAIL linkedin_ads: tried the first page of linkedin_ads\.campaigns from http:\/\/127\.0\.0\.1:9\n.*\n\s+fix: nothing answers at http:\/\/127\.0\.0\.1:9/m);
    expect(failed.stdout).toContain(`2 of ${sources.length} sources failed`);
    expect(failed.stdout + failed.stderr).not.toContain('pk_wrong_5551234');

    demo.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(out).toMatch(/mock sources stopped/);
  }, 180_000);
});
