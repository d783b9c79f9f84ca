/**
 * A source that accepts the connection and then never answers, or drips a byte a second
 * forever, must not hang the night: every request has a total deadline (connect, first
 * byte, whole body) that aborts its socket, and `tributary sync` exits 1 saying which
 * source did not answer in time. One run covers the three HTTP paths: HubSpot's official
 * client, jsforce (Salesforce) and the SDK's own client (Mailchimp).
 */
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli, tempDir, type TempDir } from '../../helpers/workspace.js';

let dir: TempDir | undefined;
const servers: { server: Server; sockets: Set<Socket> }[] = [];

afterEach(async () => {
  for (const { server, sockets } of servers.splice(0)) {
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
  dir?.remove();
  dir = undefined;
});

/** A loopback TCP server; `onRequest` runs when a connection sends its first bytes. */
async function loopback(onRequest: (socket: Socket) => void): Promise<{ url: string; sockets: Set<Socket>; opened: () => number }> {
  const sockets = new Set<Socket>();
  let opened = 0;
  const server = createServer((socket) => {
    opened++;
    sockets.add(socket);
    socket.on('error', () => {});
    socket.on('close', () => sockets.delete(socket));
    socket.once('data', () => onRequest(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push({ server, sockets });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, sockets, opened: () => opened };
}

/** Reads the request and never answers. */
const hang = () => loopback(() => {});

/** Answers 200 with headers promising a big JSON body, then sends one byte a second, forever. */
const drip = () =>
  loopback((socket) => {
    socket.write('HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 10000000\r\n\r\n{');
    const timer = setInterval(() => socket.write(' '), 1000);
    socket.on('close', () => clearInterval(timer));
  });

describe('a source that hangs', () => {
  it('sync cuts every attempt off at the request deadline and exits 1 naming each source', async () => {
    const hubspot = await hang();
    const salesforce = await drip();
    const mailchimp = await drip();
    dir = tempDir();
    const config = dir.file(
      'tributary.yml',
      `version: 1
sync:
  request_timeout_ms: 1500
  retries:
    max_attempts: 2
    base_delay_ms: 5
  stream_retries:
    max_attempts: 1
sources:
  hubspot:
    type: hubspot
    access_token: test-hubspot-token
    base_url: ${hubspot.url}
    streams: [contacts]
  salesforce:
    type: salesforce
    access_token: test-salesforce-token
    instance_url: ${salesforce.url}
    streams: [contacts]
  mailchimp:
    type: mailchimp
    api_key: test0000000000000000000000000000-us21
    base_url: ${mailchimp.url}
    streams: [lists]
    request_timeout_ms: 1000
`,
    );
    const started = Date.now();
    // Without a deadline this never ends; the CLI helper kills it at the bound.
    const result = await runCli(['sync', '--config', config, '--extract-only'], { timeoutMs: 90_000 });
    const elapsed = Date.now() - started;
    expect(result.signal, 'sync was still running at the bound').toBeNull();
    expect(result.code, result.stderr).toBe(1);
    expect(elapsed).toBeLessThan(60_000);
    expect(result.stderr).toMatch(/hubspot: POST \/crm\/v3\/objects\/contacts\/search gave no complete response within 1500 ms \(2 attempts\)/);
    expect(result.stderr).toMatch(/salesforce: GET \/services\/data\/v[\d.]+\/queryAll gave no complete response within 1500 ms \(2 attempts\)/);
    // The source's own request_timeout_ms wins over the run's.
    expect(result.stderr).toMatch(/mailchimp: GET \/3\.0\/lists gave no complete response within 1000 ms \(2 attempts\)/);
    expect(result.stderr).toMatch(/raise sync\.request_timeout_ms/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    // The first attempt was cut off and a second one sent, on a connection of its own.
    for (const server of [hubspot, salesforce, mailchimp]) expect(server.opened()).toBe(2);
  });
});
