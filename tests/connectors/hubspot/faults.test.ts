import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../core/index.js';
import { AuthError, HttpStatusError, QuotaExhaustedError, SourceUnavailableError } from '../../../connectors/sdk/index.js';
import { contactsStream, dealsStream, hubspotConnector, toFailure } from '../../../connectors/hubspot/index.js';
import { TOKEN, ids, makeHttp, readStream, smallPopulation, startHarness, type Harness } from './helpers.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const allContacts = (n: number) => Array.from({ length: n }, (_, i) => String(1001 + i)).sort();

describe('hubspot connector under faults', () => {
  it('waits out a 429 with Retry-After: 1 and then succeeds', async () => {
    harness = await startHarness(smallPopulation({ contacts: 25 }));
    harness.mock.faults.inject({ kind: 'rate_limit', times: 1, after: 1, path: '/search', retryAfterSeconds: 1 });
    const started = Date.now();
    const { records, http } = await readStream(contactsStream, harness.config);
    const elapsed = Date.now() - started;
    expect(ids(records)).toEqual(allContacts(25));
    expect(http.stats.rateLimited).toBe(1);
    expect(http.stats.failures).toBe(0);
    // Retry-After was honoured (the backoff alone would have been ~10 ms).
    expect(elapsed).toBeGreaterThanOrEqual(950);
    const limited = harness.mock.requests.filter((r) => r.status === 429);
    expect(limited).toHaveLength(1);
  });

  it('retries 5xx responses (and the associations call) to success', async () => {
    harness = await startHarness(smallPopulation({ contacts: 10, deals: 6 }));
    harness.mock.faults
      .inject({ kind: 'server_error', status: 502, times: 2, path: '/search' })
      .inject({ kind: 'server_error', status: 500, times: 1, path: '/associations' });
    const { records, http } = await readStream(dealsStream, harness.config);
    expect(records).toHaveLength(6);
    expect(records.find((r) => r.id === '9002')!.associations).toEqual({ contacts: ['1002', '1003'] });
    expect(http.stats.retries).toBe(3);
    expect(http.stats.byStatus).toMatchObject({ '502': 2, '500': 1 });
  });

  it('retries a truncated body and a reset connection', async () => {
    harness = await startHarness(smallPopulation({ contacts: 15 }));
    harness.mock.faults.inject({ kind: 'truncated', times: 1, path: '/search' }).inject({ kind: 'reset', times: 1, path: '/search' });
    const { records, http } = await readStream(contactsStream, harness.config);
    expect(ids(records)).toEqual(allContacts(15));
    expect(http.stats.retries).toBe(2);
  });

  it('gives up with SourceUnavailableError when 5xx persists', async () => {
    harness = await startHarness(smallPopulation({ contacts: 3 }));
    harness.mock.faults.inject({ kind: 'server_error', status: 503, times: Infinity });
    const http = makeHttp(harness.config, { maxAttempts: 3 });
    const error = await readStream(contactsStream, harness.config, undefined, http).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceUnavailableError);
    expect((error as Error).message).toMatch(/hubspot: POST \/crm\/v3\/objects\/contacts\/search failed with HTTP 503 .* after 3 attempts/);
  });

  it('turns an expired token into an AuthError naming the source, without the token', async () => {
    harness = await startHarness(smallPopulation({ contacts: 3 }));
    harness.mock.faults.inject({ kind: 'expired_token', times: Infinity });
    const error = await readStream(contactsStream, harness.config).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    const auth = error as AuthError;
    expect(auth.source).toBe('hubspot');
    expect(auth.message).toContain('hubspot');
    expect(auth.message).toContain('HTTP 401');
    expect(auth.message).toContain('expired');
    expect(auth.message).not.toContain(TOKEN);
    expect(JSON.stringify({ ...auth, stack: auth.stack })).not.toContain(TOKEN);
    expect(harness.mock.count()).toBe(1); // 401 is never retried
  });

  it('rejects a wrong token with an AuthError (INVALID_AUTHENTICATION)', async () => {
    harness = await startHarness(smallPopulation({ contacts: 3 }), { token: 'pat-na1-wrong-token-value' });
    const error = await readStream(contactsStream, harness.config).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as Error).message).toContain('Authentication credentials not found');
    expect((error as Error).message).not.toContain('pat-na1-wrong-token-value');
  });

  it('stops cleanly on the daily quota instead of retrying', async () => {
    harness = await startHarness(smallPopulation({ contacts: 25 }));
    // After the first page's search and its lifecycle-history batch read.
    harness.mock.faults.inject({ kind: 'quota_exhausted', times: Infinity, after: 2 });
    const batches: unknown[] = [];
    const http = makeHttp(harness.config);
    const ctx = { config: harness.config, http, log: silentLogger(), signal: new AbortController().signal, batchSize: 100 };
    const error = await (async () => {
      for await (const batch of contactsStream.read(undefined, ctx)) batches.push(batch);
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QuotaExhaustedError);
    expect((error as Error).message).toContain('daily limit');
    // The first page landed with its checkpoint; the quota hit was not retried.
    expect(batches).toHaveLength(1);
    expect(harness.mock.count()).toBe(3);
  });

  it('obeys the mock-enforced rate limit through Retry-After without losing records', async () => {
    harness = await startHarness(smallPopulation({ contacts: 20 }), { rateLimit: { requests: 3, perMs: 1000 }, pageSize: 5 });
    const { records, http } = await readStream(contactsStream, harness.config);
    expect(ids(records)).toEqual(allContacts(20));
    expect(http.stats.rateLimited).toBeGreaterThan(0);
    expect(http.stats.failures).toBe(0);
  });

  it('surfaces a 400 on the first page as an HttpStatusError (no silent empty read)', async () => {
    harness = await startHarness(smallPopulation({ contacts: 30 }), { searchResultCap: 5, pageSize: 10 });
    const error = await readStream(contactsStream, harness.config).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpStatusError);
    expect((error as HttpStatusError).status).toBe(400);
  });
});

describe('toFailure', () => {
  it('maps the client error shapes', () => {
    expect(toFailure({ code: 429, body: { message: 'You have reached your ten_secondly_rolling limit.' }, headers: { 'Retry-After': '1' } })).toMatchObject({
      status: 429,
      headers: { 'retry-after': '1' },
    });
    const daily = toFailure({ code: 429, body: { message: 'You have reached your daily limit.' }, headers: {} });
    // The daily limit is quota, not a wait: classified by the connector's hook.
    expect(hubspotConnector.classify!(daily)).toBe('quota');
    expect(hubspotConnector.classify!(toFailure({ code: 429, body: { message: 'ten_secondly_rolling' }, headers: {} }))).toBeUndefined();
    expect(toFailure(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))).toMatchObject({ code: 'ECONNRESET' });
    expect(toFailure(new SyntaxError('Unexpected end of JSON input'))).toMatchObject({ code: 'ERR_BAD_RESPONSE' });
    expect(toFailure('weird')).toMatchObject({ code: 'UNKNOWN' });
  });
});
