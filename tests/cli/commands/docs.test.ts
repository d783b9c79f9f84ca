/**
 * `tributary docs`: the catalog site, driven as IT would use it — written and served by
 * the CLI, opened in headless Chromium (Debian's chromium, through playwright-core):
 * it loads with no console error, searching `email` finds `customers.email`, and clicking
 * through its lineage graph reaches the HubSpot API field it comes from and back down
 * to what that field feeds. A screenshot of the graph is written to the temp folder.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, runCli, tempDir, type TempDir } from '../../helpers/workspace.js';
import { demoWorkspace } from '../../helpers/demo-workspace.js';

const CHROMIUM = '/usr/bin/chromium';
// In CI the browser must be there (.ci/run installs it); on a laptop without it, say so and skip.
const haveBrowser = existsSync(CHROMIUM) || process.env.CI === 'true';
if (!haveBrowser) console.warn(`skipping the catalog's browser tests: ${CHROMIUM} is missing (apt-get install chromium)`);

export const SCREENSHOT = join(tmpdir(), 'tributary-docs-screenshot', 'customers-email-lineage.png');

let dir: TempDir;
let config: string;

beforeAll(async () => {
  dir = tempDir('tributary-docs-');
  await demoWorkspace(join(dir.path, 'demo'));
  config = join(dir.path, 'demo', 'tributary.yml');
}, 200_000);
afterAll(() => dir?.remove());

describe('tributary docs', () => {
  it('writes a self-contained site into --out: every published table, escaped data, nothing fetched from outside', async () => {
    const out = join(dir.path, 'site');
    const result = await runCli(['docs', '--config', config, '--out', out]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^wrote .*index\.html \(\d+ tables, \d+ columns\)\n$/);
    const html = readFileSync(join(out, 'index.html'), 'utf8');
    for (const table of ['customers', 'customer_identities', 'campaigns', 'touchpoints', 'campaign_performance', 'campaign_roi']) {
      expect(html).toContain(`data-relation="main.${table}"`);
    }
    expect(html).toContain('content="default-src &#39;none&#39;;');
    expect(html).not.toMatch(/\b(src|href)="(https?:)?\/\//);
  });

  it('refuses a bad --port (exit 2) and a workspace never built (exit 1), each with a hint', async () => {
    const port = await runCli(['docs', '--config', config, '--serve', '--port', '70000']);
    expect(port.code).toBe(2);
    expect(port.stderr).toContain('--port must be a whole number from 0 to 65535');
    const empty = tempDir();
    try {
      const cfg = empty.file('tributary.yml', 'version: 1\nsources: {}\n');
      const none = await runCli(['docs', '--config', cfg]);
      expect(none.code).toBe(1);
      expect(none.stderr).toMatch(/hint: run `tributary sync`/);
      expect(none.stderr).not.toMatch(/\n\s+at /);
    } finally {
      empty.remove();
    }
  });

  describe.skipIf(!haveBrowser)('in Chromium, written to catalog/ and served by --serve', () => {
    let server: ChildProcess;
    let url: string;
    let browser: Browser;

    beforeAll(async () => {
      server = spawn(process.execPath, [BIN, 'docs', '--config', config, '--serve', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
      url = await new Promise<string>((resolve, reject) => {
        let out = '';
        server.stdout!.on('data', (d) => {
          out += String(d);
          const m = /serving the catalog at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
          if (m) resolve(m[1]!);
        });
        server.once('exit', (code) => reject(new Error(`docs --serve exited ${code}: ${out}`)));
      });
      // Without --out the site goes beside tributary.yml.
      expect(existsSync(join(dir.path, 'demo', 'catalog', 'index.html'))).toBe(true);
      browser = await chromium.launch({ executablePath: CHROMIUM });
    }, 60_000);
    afterAll(async () => {
      await browser?.close();
      server?.kill('SIGTERM');
    });

    it('loads with no console error, finds customers.email, and clicks through its lineage to hubspot.contacts.properties.email and back', async () => {
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      const problems: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text());
      });
      page.on('pageerror', (e) => problems.push(String(e)));
      page.on('request', (r) => {
        if (!r.url().startsWith(url) && !r.url().startsWith('data:')) problems.push(`fetched ${r.url()}`);
      });
      const response = await page.goto(url);
      expect(response?.status()).toBe(200);

      await page.fill('#search', 'email');
      const hit = page.locator('#results a.node-link', { hasText: /^customers\.email$/ });
      await expect.poll(() => hit.count()).toBe(1);
      await hit.click();
      await page.waitForSelector('#lineage:not([hidden])');
      expect(await page.textContent('#detail-title')).toBe('customers.email');
      expect(await page.textContent('#detail-facts')).toContain('analyst: partial');

      // The graph holds the API field upstream; clicking it makes it the focus.
      const field = page.locator('#graph g.gnode[data-node="hubspot.contacts.properties.email"]');
      await expect.poll(() => field.count()).toBe(1);
      mkdirSync(join(tmpdir(), 'tributary-docs-screenshot'), { recursive: true });
      await page.screenshot({ path: SCREENSHOT, fullPage: false });
      await field.click();
      await expect.poll(() => page.textContent('#detail-title')).toBe('hubspot.contacts.properties.email');
      expect(page.url()).toContain('#node=hubspot.contacts.properties.email');
      // … and back down: every column it feeds is in the graph, the published email among them.
      const down = page.locator('#graph g.gnode[data-node="main.customers.email"]');
      expect(await down.count()).toBe(1);
      expect(await page.locator('#graph g.gnode[data-node="raw.hubspot_contacts.properties__email"]').count()).toBe(1);
      await down.click();
      await expect.poll(() => page.textContent('#detail-title')).toBe('customers.email');

      expect(problems).toEqual([]);
      expect(existsSync(SCREENSHOT)).toBe(true);
      await page.close();
    }, 60_000);
  });
});
