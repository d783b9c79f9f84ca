import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger, silentLogger } from '../../../core/index.js';
import { AuthError, QuotaExhaustedError, SourceUnavailableError, SourceUnreachableError, type Batch } from '../../../connectors/sdk/index.js';
import { contactsStream, leadsStream, salesforceConnector, salesforceSession } from '../../../connectors/salesforce/index.js';
import { OAUTH, TOKEN, ids, makeHttp, readStream, startHarness, type Harness } from './helpers.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const SECRETS = [TOKEN, OAUTH.clientSecret, OAUTH.refreshToken];
const TOKEN_PATH = '/services/oauth2/token';

/** Reads until it fails; returns the error and the batches that were yielded before it. */
async function readUntilError(h: Harness, options: { maxAttempts?: number; lines?: string[] } = {}) {
  const log = options.lines ? createLogger({ level: 'debug', write: (l) => options.lines!.push(l) }) : silentLogger();
  const http = makeHttp(h.config, { ...(options.maxAttempts === undefined ? {} : { maxAttempts: options.maxAttempts }), log });
  const batches: Batch[] = [];
  const ctx = { config: h.config, http, log, signal: new AbortController().signal, batchSize: 1000 };
  const error = await (async () => {
    for await (const b of contactsStream.read(undefined, ctx)) batches.push(b);
  })().catch((e: unknown) => e);
  return { error, batches, http };
}

function expectNoSecret(text: string): void {
  for (const s of SECRETS) expect(text).not.toContain(s);
}

describe('salesforce connector under faults', () => {
  it('waits out a 429 with Retry-After: 1 and then succeeds', async () => {
    harness = await startHarness({ sizes: { contacts: 450 } });
    harness.mock.faults.inject({ kind: 'rate_limit', after: 1, retryAfterSeconds: 1 });
    const started = Date.now();
    const { records, http } = await readStream(contactsStream, harness.config);
    expect(ids(records)).toHaveLength(450);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(http.stats).toMatchObject({ rateLimited: 1, retries: 1, failures: 0, requests: 4 });
  });

  it('retries 5xx, a truncated body and a reset connection to success', async () => {
    harness = await startHarness({ sizes: { contacts: 450 } });
    harness.mock.faults
      .inject({ kind: 'server_error', status: 503, times: 2 })
      .inject({ kind: 'truncated', path: '/query/' })
      .inject({ kind: 'reset', path: '/query/' })
      .inject({ kind: 'server_error', status: 500, path: '/query/' });
    const { records, http } = await readStream(contactsStream, harness.config);
    expect(ids(records)).toHaveLength(450);
    expect(http.stats.retries).toBe(5);
    expect(http.stats.byStatus).toMatchObject({ '503': 2, '500': 1, '2xx': 3 });
  });

  it('gives up with SourceUnavailableError when 5xx persists', async () => {
    harness = await startHarness({ sizes: { contacts: 3 } });
    harness.mock.faults.inject({ kind: 'server_error', status: 503, times: Infinity });
    const { error } = await readUntilError(harness, { maxAttempts: 3 });
    expect(error).toBeInstanceOf(SourceUnavailableError);
    expect((error as Error).message).toMatch(/salesforce: GET \/services\/data\/v59\.0\/queryAll failed with HTTP 503 \(SERVER_UNAVAILABLE: Server Unavailable\) after 3 attempts/);
    expect(harness.mock.count()).toBe(3);
  });

  it('an expired session is refreshed once through login_url, then the read succeeds', async () => {
    harness = await startHarness({ sizes: { contacts: 450 }, auth: 'both' });
    harness.mock.faults.inject({ kind: 'expired_token', after: 1, path: '/services/data' });
    const { records, http } = await readStream(contactsStream, harness.config);
    expect(ids(records)).toHaveLength(450);
    expect(harness.mock.count(TOKEN_PATH)).toBe(1);
    expect(harness.mock.tokensIssued).toBe(1);
    // The refreshed session is shared by the source's other streams.
    const session = salesforceSession({ config: harness.config, http, log: silentLogger(), signal: new AbortController().signal });
    expect(session.refreshes).toBe(1);
    expect((await readStream(leadsStream, harness.config, undefined, http)).records.length).toBeGreaterThan(0);
    expect(harness.mock.count(TOKEN_PATH)).toBe(1);
  });

  it('the refresh flow alone gets a token and the instance from the token response first', async () => {
    harness = await startHarness({ sizes: { contacts: 5 }, auth: 'refresh' });
    expect(harness.config.instance_url).toBeUndefined();
    const { records } = await readStream(contactsStream, harness.config);
    expect(records).toHaveLength(5);
    expect(harness.mock.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
      `POST ${TOKEN_PATH} 200`,
      'GET /services/data/v59.0/queryAll 200',
    ]);
  });

  it('an access token without instance_url refreshes first to learn the instance', async () => {
    harness = await startHarness({ sizes: { contacts: 5 }, auth: 'both', config: { instance_url: undefined } });
    expect(harness.config.instance_url).toBeUndefined();
    expect((await readStream(contactsStream, harness.config)).records).toHaveLength(5);
    expect(harness.mock.count(TOKEN_PATH)).toBe(1);
  });

  it('a persistent 401 refreshes once and then fails with AuthError, without looping', async () => {
    harness = await startHarness({ sizes: { contacts: 5 }, auth: 'both' });
    harness.mock.faults.inject({ kind: 'expired_token', times: Infinity, path: '/services/data' });
    const { error, batches } = await readUntilError(harness);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as Error).message).toContain('HTTP 401 (INVALID_SESSION_ID: Session expired or invalid)');
    expect(batches).toEqual([]);
    expect(harness.mock.count(TOKEN_PATH)).toBe(1);
    expect(harness.mock.count('/services/data')).toBe(2);
  });

  it('without a refresh flow a 401 is an AuthError at once', async () => {
    harness = await startHarness({ sizes: { contacts: 5 } });
    harness.mock.expireSessions();
    const { error } = await readUntilError(harness);
    expect(error).toBeInstanceOf(AuthError);
    expect(harness.mock.count()).toBe(1);
  });

  it('a rejected refresh token is an AuthError (invalid_grant), not retried', async () => {
    harness = await startHarness({ sizes: { contacts: 5 }, auth: 'refresh', config: { refresh_token: '5Aep861wrongRefreshToken987' } });
    const { error } = await readUntilError(harness);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as Error).message).toContain('invalid_grant: expired access/refresh token');
    expect((error as Error).message).not.toContain('5Aep861wrongRefreshToken987');
    expect(harness.mock.count(TOKEN_PATH)).toBe(1);
  });

  it('403 REQUEST_LIMIT_EXCEEDED stops cleanly with QuotaExhaustedError, keeping the pages already read', async () => {
    harness = await startHarness({ sizes: { contacts: 450 } });
    harness.mock.faults.inject({ kind: 'quota_exhausted', after: 1, times: Infinity });
    const { error, batches } = await readUntilError(harness);
    expect(error).toBeInstanceOf(QuotaExhaustedError);
    expect((error as Error).message).toContain('REQUEST_LIMIT_EXCEEDED: TotalRequests Limit exceeded.');
    expect((error as Error).message).toContain('api-usage=15000/15000; what was fetched is committed and the next run resumes');
    expect(batches).toHaveLength(1);
    expect(harness.mock.count()).toBe(2); // not retried
  });

  it('stops before the daily quota headroom is spent (Sforce-Limit-Info), and the next run resumes', async () => {
    harness = await startHarness({ sizes: { contacts: 1000 }, reserve: '5%', apiUsed: 9_497, dailyApiLimit: 10_000 });
    // 5 % of 10,000 = 500 requests reserved: usage may reach 9,500 and no further.
    const { error, batches } = await readUntilError(harness);
    expect(error).toBeInstanceOf(QuotaExhaustedError);
    expect((error as Error).message).toMatch(/api-usage=9500\/10000\); stopped to keep quota_reserve 5% \(500 requests\)/);
    expect(batches).toHaveLength(3);
    expect(harness.mock.apiUsage.used).toBe(9_500);
    // The next day the quota is fresh; the read resumes from the last landed cursor.
    harness.mock.setApiUsage(0);
    const rest = await readStream(contactsStream, harness.config, batches.at(-1)!.state);
    expect(rest.records[0]!.Id).toBe(batches.at(-1)!.records.at(-1)!.Id); // the boundary, re-read
    expect(ids([...batches.flatMap((b) => b.records), ...rest.records])).toHaveLength(1000);
  });

  it('connection refused becomes SourceUnreachableError naming the address', async () => {
    const port = await freePort();
    harness = await startHarness({ sizes: { contacts: 1 }, config: { instance_url: `http://127.0.0.1:${port}` } });
    const { error, http } = await readUntilError(harness, { maxAttempts: 2 });
    expect(error).toBeInstanceOf(SourceUnreachableError);
    expect((error as Error).message).toContain('ECONNREFUSED');
    expect((error as SourceUnreachableError).hint).toContain(`http://127.0.0.1:${port}`);
    expect(http.stats.requests).toBe(2);
  });

  it('ignores HTTP(S)_PROXY: the mock is reached directly', async () => {
    harness = await startHarness({ sizes: { contacts: 3 } });
    const saved = process.env.HTTPS_PROXY;
    process.env.HTTP_PROXY = process.env.HTTPS_PROXY = 'http://127.0.0.1:9';
    try {
      expect((await readStream(contactsStream, harness.config)).records).toHaveLength(3);
    } finally {
      delete process.env.HTTP_PROXY;
      if (saved === undefined) delete process.env.HTTPS_PROXY;
      else process.env.HTTPS_PROXY = saved;
    }
  });

  it('no token, client secret or refresh token in any error or log line', async () => {
    const lines: string[] = [];
    const errors: unknown[] = [];
    const scenarios: [string, (h: Harness) => void][] = [
      ['persistent 401', (h) => h.mock.faults.inject({ kind: 'expired_token', times: Infinity, path: '/services/data' })],
      ['503', (h) => h.mock.faults.inject({ kind: 'server_error', times: Infinity })],
      ['429 then quota', (h) => h.mock.faults.inject({ kind: 'rate_limit', retryAfterSeconds: 0 }).inject({ kind: 'quota_exhausted', times: Infinity })],
    ];
    for (const [, arrange] of scenarios) {
      const h = await startHarness({ sizes: { contacts: 5 }, auth: 'both' });
      try {
        arrange(h);
        errors.push((await readUntilError(h, { maxAttempts: 2, lines })).error);
      } finally {
        await h.close();
      }
    }
    expect(errors.every((e) => e instanceof Error)).toBe(true);
    expect(lines.some((l) => l.includes('retrying request'))).toBe(true);
    expect(lines.some((l) => l.includes('salesforce session refreshed'))).toBe(true);
    for (const e of errors) {
      const err = e as Error & { hint?: string; cause?: unknown };
      expectNoSecret(`${err.message}\n${err.hint ?? ''}\n${err.stack ?? ''}\n${JSON.stringify({ ...err })}\n${String(err.cause ?? '')}`);
    }
    expectNoSecret(lines.join('\n'));
    expect(salesforceConnector.secretKeys).toEqual(expect.arrayContaining(['access_token', 'client_secret', 'refresh_token']));
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}
