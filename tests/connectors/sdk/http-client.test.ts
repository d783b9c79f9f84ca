import { afterEach, describe, expect, it, vi } from 'vitest';
import { SecretRedactor, createLogger } from '../../../core/index.js';
import { AuthError, HttpStatusError, QuotaExhaustedError, RateBudget, SourceUnavailableError, SourceUnreachableError, backoffDelayMs, createHttpClient, parseRetryAfterMs } from '../../../connectors/sdk/index.js';
import { MockServer, bearerToken, type VendorWire } from '../../../sandbox/kit/mock-server.js';

const TOKEN = 'sdk-test-secret-token-42';

/** A minimal vendor: bearer auth, one paged resource, JSON errors. */
const wire: VendorWire = {
  name: 'test vendor',
  authorize: (req) => (bearerToken(req) === TOKEN ? undefined : { status: 401, body: { message: 'bad token' } }),
  fault: (kind, spec) => {
    switch (kind) {
      case 'rate_limit':
        return { status: 429, headers: { 'retry-after': String(spec.retryAfterSeconds ?? 1) }, body: { message: 'slow down' } };
      case 'quota_exhausted':
        return { status: 429, headers: { 'retry-after': '86400' }, body: { message: 'daily quota spent' } };
      case 'expired_token':
        return { status: 401, body: { message: 'token expired' } };
      default:
        return { status: spec.status ?? 500, body: { message: 'boom' } };
    }
  },
  notFound: () => ({ status: 404, body: { message: 'no such thing' } }),
};

let mock: MockServer | undefined;
afterEach(async () => {
  await mock?.close();
  mock = undefined;
});

async function start() {
  mock = await MockServer.start(wire, [{ method: 'GET', path: '/items', handler: () => ({ json: { items: [1, 2, 3] } }) }]);
  return mock;
}

function client(m: MockServer, lines: string[] = []) {
  const redactor = new SecretRedactor().add(TOKEN);
  return createHttpClient({
    source: 'vendor',
    profile: { baseURL: m.url, headers: { Authorization: `Bearer ${TOKEN}` }, timeoutMs: 400 },
    retry: { baseDelayMs: 5, maxAttempts: 4 },
    redactor,
    log: createLogger({ level: 'debug', redactor, write: (l) => lines.push(l) }),
  });
}

describe('HttpClient', () => {
  it('retries a 429 and honours Retry-After', async () => {
    const m = await start();
    m.faults.inject({ kind: 'rate_limit', retryAfterSeconds: 1 });
    const http = client(m);
    const t0 = Date.now();
    const res = await http.get<{ items: number[] }>('/items');
    expect(res.data.items).toEqual([1, 2, 3]);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(950);
    expect(http.stats).toMatchObject({ requests: 2, retries: 1, rateLimited: 1 });
  });

  it.each([
    ['a 5xx', { kind: 'server_error', status: 503 }],
    ['a reset connection', { kind: 'reset' }],
    ['a truncated body', { kind: 'truncated' }],
    ['a timeout', { kind: 'timeout', delayMs: 5000 }],
  ] as const)('retries %s to success', async (_name, fault) => {
    const m = await start();
    m.faults.inject({ ...fault, times: 2 });
    const http = client(m);
    expect((await http.get<{ items: number[] }>('/items')).data.items).toHaveLength(3);
    expect(http.stats.retries).toBe(2);
  });

  it('gives up after maxAttempts with SourceUnavailableError', async () => {
    const m = await start();
    m.faults.inject({ kind: 'server_error', status: 502, times: Infinity });
    await expect(client(m).get('/items')).rejects.toThrow(SourceUnavailableError);
    expect(m.count('/items')).toBe(4);
  });

  it('reports an address where nothing answers as unreachable, naming it, after its retries', async () => {
    const m = await start();
    const url = m.url;
    await m.close();
    const http = createHttpClient({ source: 'vendor', profile: { baseURL: url }, retry: { baseDelayMs: 5, maxAttempts: 3 } });
    const error = await http.get('/items').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceUnreachableError);
    expect(error).toBeInstanceOf(SourceUnavailableError);
    expect(error).toMatchObject({ code: 'source_unreachable', message: 'vendor: GET /items failed with ECONNREFUSED after 3 attempts' });
    expect((error as SourceUnreachableError).hint).toContain(`nothing answers at ${url}`);
    expect(http.stats.retries).toBe(2);
  });

  it('does not retry auth failures, quota exhaustion or other 4xx', async () => {
    const m = await start();
    m.faults.inject({ kind: 'expired_token' });
    await expect(client(m).get('/items')).rejects.toThrow(AuthError);
    m.faults.inject({ kind: 'quota_exhausted' });
    await expect(client(m).get('/items')).rejects.toThrow(QuotaExhaustedError);
    await expect(client(m).get('/nothing-here')).rejects.toThrow(HttpStatusError);
    expect(m.count()).toBe(3);
  });

  it('never lets the token reach an error message or a log line', async () => {
    const m = await start();
    const lines: string[] = [];
    const http = createHttpClient({
      source: 'vendor',
      profile: { baseURL: m.url, headers: { Authorization: 'Bearer wrong-but-secret-token' } },
      redactor: new SecretRedactor().add('wrong-but-secret-token'),
      log: createLogger({ level: 'debug', write: (l) => lines.push(l) }),
    });
    const error = await http.get('/items').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    const everything = `${String(error)} ${JSON.stringify(error)} ${(error as Error).stack} ${lines.join('')}`;
    expect(everything).not.toContain('wrong-but-secret-token');
    expect((error as Error).message).toMatch(/vendor: GET \/items failed with HTTP 401 \(bad token\)/);
  });
});

describe('retry timing and budgets', () => {
  it('parses Retry-After as seconds or an HTTP date', () => {
    expect(parseRetryAfterMs('2')).toBe(2000);
    expect(parseRetryAfterMs('Wed, 21 Oct 2015 07:28:10 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(10_000);
    expect(parseRetryAfterMs('soon')).toBeUndefined();
    expect(parseRetryAfterMs(undefined)).toBeUndefined();
  });

  it('backs off exponentially with full jitter, capped', () => {
    const policy = { maxAttempts: 10, baseDelayMs: 100, maxDelayMs: 1000, maxRetryAfterMs: 0 };
    expect([1, 2, 3, 4, 5].map((n) => backoffDelayMs(n, policy, () => 1))).toEqual([100, 200, 400, 800, 1000]);
    expect(backoffDelayMs(3, policy, () => 0)).toBe(0);
  });

  it('RateBudget never starts more than N requests in any window', async () => {
    // Fake timers: on a busy machine the event loop runs a resolved waiter late, and
    // real-clock timestamps taken after the await would measure that, not the budget.
    vi.useFakeTimers();
    try {
      const budget = new RateBudget(3, 200);
      const starts: number[] = [];
      const all = Promise.all(Array.from({ length: 7 }, async () => {
        await budget.acquire();
        starts.push(Date.now());
      }));
      await vi.runAllTimersAsync();
      await all;
      starts.sort((a, b) => a - b);
      expect(starts).toHaveLength(7);
      for (let i = 3; i < starts.length; i++) expect(starts[i]! - starts[i - 3]!).toBeGreaterThanOrEqual(200);
      // and it does not wait longer than the window asks
      expect(starts[6]! - starts[0]!).toBeLessThan(3 * 200 + 10);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('SecretRedactor', () => {
  it('masks registered secrets, their encodings and header-shaped credentials', () => {
    const r = new SecretRedactor().add('s3cr3t-value');
    expect(r.scrub('token=s3cr3t-value and s3cr3t-value')).toBe('token=[redacted] and [redacted]');
    expect(r.scrub(Buffer.from('s3cr3t-value').toString('base64'))).toBe('[redacted]');
    expect(r.scrub('Authorization: Bearer abcdefgh12345')).toBe('Authorization: Bearer [redacted]');
    expect(r.scrub('https://x/y?access_token=EAAB1234567&limit=5')).toBe('https://x/y?access_token=[redacted]&limit=5');
    expect(r.scrub('{"api_key":"abcd-us21"}')).toBe('{"api_key":"[redacted]"}');
    expect(r.scrub('access_token: environment variable X is not set')).toBe('access_token: environment variable X is not set');
  });
});
