/**
 * Alerts, as operations meets them: Mailchimp's members endpoint is down, so the nightly
 * sync is partial and exits 1; a Slack-compatible webhook, a generic JSON webhook and an
 * email (over SMTP, with a password) are delivered to loopback receivers started here,
 * each naming the run, its status and the failed stream's reason, and none carrying a
 * secret (the webhook's token, the SMTP password, the source's API key). The other
 * sources' data is complete. A receiver that answers 500 once is retried.
 */
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../../helpers/workspace.js';
import { startTestWorld, type TestWorld } from '../../helpers/world.js';
import { rawCounts, warehouseOf } from '../sync/helpers.js';

const HOOK_TOKEN = 'T000-hook-secret-4f9a2c';
const SMTP_PASSWORD = 'smtp-secret-77d1e0';

let tw: TestWorld;
let http: Server;
let smtp: SMTPServer;
const hooks: { path: string; body: unknown }[] = [];
const mails: { auth: string; raw: string }[] = [];
let failNextJson = true;
let result: CliResult;

beforeAll(async () => {
  tw = await startTestWorld({ people: 120 });
  http = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += String(d)));
    req.on('end', () => {
      // The generic receiver fails its first delivery: the alert must be retried, not lost.
      if (req.url === '/generic' && failNextJson) {
        failNextJson = false;
        res.writeHead(500).end();
        return;
      }
      hooks.push({ path: req.url ?? '', body: JSON.parse(body) });
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  let lastAuth = '';
  smtp = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    onAuth(auth, _session, cb) {
      lastAuth = `${auth.username}:${auth.password}`;
      cb(null, { user: auth.username });
    },
    onData(stream, _session, cb) {
      let raw = '';
      stream.on('data', (d: Buffer) => (raw += d.toString()));
      stream.on('end', () => {
        mails.push({ auth: lastAuth, raw });
        cb();
      });
    },
  });
  await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', () => r()));
  const hookPort = (http.address() as AddressInfo).port;
  const smtpPort = (smtp.server.address() as AddressInfo).port;

  const config = tw.writeConfig({ sources: ['mailchimp', 'web'], maxAttempts: 2 });
  appendFileSync(
    config,
    `alerts:
  webhooks:
    - url: \${ALERT_SLACK_URL}
      format: slack
    - url: http://127.0.0.1:${hookPort}/generic
  email:
    smtp_url: smtp://alerts:\${SMTP_PASSWORD}@127.0.0.1:${smtpPort}
    from: tributary@example.org
    to: [ops@example.org]
  retry_delay_ms: 50
`,
  );
  tw.world.mocks.mailchimp.faults.inject({ kind: 'server_error', status: 503, times: Infinity, path: '/members' });
  result = await runCli(['sync', '--config', config, '--extract-only'], {
    env: { ...tw.env, ALERT_SLACK_URL: `http://127.0.0.1:${hookPort}/services/${HOOK_TOKEN}`, SMTP_PASSWORD },
  });
  tw.world.mocks.mailchimp.faults.clear();
}, 120_000);
afterAll(async () => {
  await new Promise((r) => http?.close(r));
  await new Promise<void>((r) => (smtp ? smtp.close(() => r()) : r()));
  await tw?.close();
});

describe('alerts on a partial run', () => {
  it('exits 1 with the run partial, and says the alerts went out', () => {
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toMatch(/run run_\w+ partial/);
    expect(result.stderr).toMatch(/alert sent \(webhook 127\.0\.0\.1:\d+\)/);
    expect(result.stderr).toMatch(/alert sent \(email 127\.0\.0\.1:\d+\)/);
  });

  it('posts Slack-compatible {text} and a generic JSON body (after a retry) naming the run and the failed stream', () => {
    const runId = /run (run_\w+) partial/.exec(result.stderr)![1]!;
    const slack = hooks.find((h) => h.path.startsWith('/services/'));
    expect(slack?.body).toEqual({ text: expect.stringMatching(new RegExp(`run ${runId} partial[\\s\\S]*mailchimp\\.members failed: .*HTTP 503`)) });
    const generic = hooks.find((h) => h.path === '/generic');
    expect(failNextJson).toBe(false);
    expect(generic?.body).toMatchObject({ event: 'run_finished', run_id: runId, status: 'partial', streams: expect.arrayContaining([expect.objectContaining({ source: 'mailchimp', stream: 'members', status: 'failed', error: expect.stringMatching(/HTTP 503/) })]) });
  });

  it('emails the recipients over SMTP with the configured login', () => {
    expect(mails).toHaveLength(1);
    expect(mails[0]!.auth).toBe(`alerts:${SMTP_PASSWORD}`);
    expect(mails[0]!.raw).toMatch(/^Subject: tributary: run run_\w+ partial/m);
    expect(mails[0]!.raw).toMatch(/^To: ops@example\.org/m);
    expect(mails[0]!.raw).toMatch(/mailchimp\.members failed/);
  });

  it('puts no secret in any alert or output', () => {
    const everything = [JSON.stringify(hooks.map((h) => h.body)), mails.map((m) => m.raw).join('\n'), result.stdout, result.stderr].join('\n');
    for (const secret of [HOOK_TOKEN, SMTP_PASSWORD, tw.env.MAILCHIMP_API_KEY!]) expect(everything).not.toContain(secret);
  });

  it('still lands the other sources completely', async () => {
    const counts = await rawCounts(warehouseOf(join(tw.dir.path, 'tributary.yml')));
    expect(counts.web_events).toEqual({ rows: tw.population.web.events.length, distinct: tw.population.web.events.length });
    expect(counts.mailchimp_lists!.rows).toBeGreaterThan(0);
  });
});
