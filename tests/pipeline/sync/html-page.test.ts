/**
 * A base_url that points at a web page (a login portal, a proxy's notice, the vendor's
 * marketing site) answers 200 with HTML. Each HTTP path — HubSpot's official client,
 * jsforce (Salesforce), the SDK's client (Mailchimp) — must report that as what it is,
 * naming the source and the content type, instead of a crash deeper in the stream
 * (`page.results is not iterable`), and without retrying it.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli, tempDir, type TempDir } from '../../helpers/workspace.js';

let dir: TempDir | undefined;
let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
  dir?.remove();
  dir = undefined;
});

describe('a source answering a web page', () => {
  it('fails each stream with a MalformedResponse naming the source and text/html, exit 1', async () => {
    let requests = 0;
    server = createServer((_req, res) => {
      requests++;
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end('<!DOCTYPE html><html><head><title>Sign in</title></head><body>Sign in to continue</body></html>');
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    dir = tempDir();
    const config = dir.file(
      'tributary.yml',
      `version: 1
sync:
  retries:
    max_attempts: 3
    base_delay_ms: 5
sources:
  hubspot:
    type: hubspot
    access_token: test-hubspot-token
    base_url: ${url}
    streams: [contacts]
  salesforce:
    type: salesforce
    access_token: test-salesforce-token
    instance_url: ${url}
    streams: [contacts]
  mailchimp:
    type: mailchimp
    api_key: test0000000000000000000000000000-us21
    base_url: ${url}
    streams: [lists]
`,
    );
    const result = await runCli(['sync', '--config', config, '--extract-only', '--format', 'json']);
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toMatch(/hubspot: POST \/crm\/v3\/objects\/contacts\/search answered HTTP 200 with text\/html \(\d+ bytes\) where JSON was expected/);
    expect(result.stderr).toMatch(/salesforce: GET \/services\/data\/v[\d.]+\/queryAll answered HTTP 200 with text\/html/);
    expect(result.stderr).toMatch(/mailchimp: GET \/3\.0\/lists answered HTTP 200 with text\/html/);
    expect(result.stderr).toContain(`hint: check that ${url} is the API's address`);
    expect(result.stderr).not.toMatch(/is not iterable|\n\s+at /);
    const streams = (JSON.parse(result.stdout) as { streams: { source: string; status: string; error_code?: string }[] }).streams;
    expect(streams.map((s) => s.status)).toEqual(['failed', 'failed', 'failed']);
    // The same address gives the same page: one request per stream, no retries.
    expect(requests).toBe(3);
  });
});
