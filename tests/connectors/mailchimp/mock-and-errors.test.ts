import { afterEach, describe, expect, it } from 'vitest';
import { AuthError, QuotaExhaustedError, SourceUnavailableError } from '../../../connectors/sdk/index.js';
import { API_KEY, LIST_A, records, startHarness, type Harness } from './helpers.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const basic = (key: string) => `Basic ${Buffer.from(`anystring:${key}`).toString('base64')}`;

async function get(path: string, key = API_KEY): Promise<{ status: number; type: string; retryAfter: string | null; body: any }> {
  const res = await fetch(`${h!.mock.url}${path}`, { headers: { authorization: basic(key) } });
  return { status: res.status, type: res.headers.get('content-type') ?? '', retryAfter: res.headers.get('retry-after'), body: await res.json() };
}

describe('mailchimp mock wire', () => {
  it('answers ping and pages with total_items and _links', async () => {
    h = await startHarness();
    expect((await get('/3.0/ping')).body).toEqual({ health_status: "Everything's Chimpy!" });
    const page = await get(`/3.0/lists/${LIST_A}/members?count=3&offset=6`);
    expect(page.status).toBe(200);
    expect(page.body.members).toHaveLength(1);
    expect(page.body).toMatchObject({ list_id: LIST_A, total_items: 7, _links: [{ rel: 'self' }] });
    // Mailchimp's default page is 10.
    expect((await get(`/3.0/lists/${LIST_A}/members`)).body.members).toHaveLength(7);
  });

  it('rejects count above 1000 with problem+json 400', async () => {
    h = await startHarness();
    const res = await get('/3.0/lists?count=1001');
    expect(res.status).toBe(400);
    expect(res.type).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ title: 'Invalid Resource', status: 400, errors: [{ field: 'count' }] });
    expect(Object.keys(res.body)).toEqual(expect.arrayContaining(['type', 'title', 'status', 'detail', 'instance']));
  });

  it('401 API Key Invalid for a wrong key, API Key Missing without one; 404 for unknown lists', async () => {
    h = await startHarness();
    const bad = await get('/3.0/lists', 'wrong-us21');
    expect(bad.status).toBe(401);
    expect(bad.body).toMatchObject({ title: 'API Key Invalid', status: 401 });
    const missing = await fetch(`${h.mock.url}/3.0/lists`);
    expect(missing.status).toBe(401);
    expect(((await missing.json()) as { title: string }).title).toBe('API Key Missing');
    expect((await get('/3.0/lists/nope/members')).body).toMatchObject({ status: 404, title: 'Resource Not Found' });
  });

  it('answers more than maxConcurrent simultaneous requests with 429', async () => {
    h = await startHarness({ mock: { maxConcurrent: 2, latencyMs: 300 } });
    const statuses = (await Promise.all([1, 2, 3, 4].map(() => get('/3.0/lists')))).map((r) => r.status).sort();
    expect(statuses).toEqual([200, 200, 429, 429]);
  });

  it('the connector stays under the default limit of 10 connections: no 429 at all', async () => {
    h = await startHarness({ pageSize: 1, mock: { latencyMs: 5 } });
    expect(records(await h.read('members'))).toHaveLength(10);
    expect(h.mock.requests.filter((r) => r.status === 429)).toEqual([]);
  });
});

describe('mailchimp connector under faults', () => {
  it('retries a 429 after its Retry-After and succeeds', async () => {
    h = await startHarness();
    h.mock.faults.inject({ kind: 'rate_limit', times: 2, retryAfterSeconds: 0.05, path: '/members' });
    expect(records(await h.read('members'))).toHaveLength(10);
    expect(h.mock.requests.filter((r) => r.fault === 'rate_limit')).toHaveLength(2);
    expect(h.http.stats.rateLimited).toBe(2);
  });

  it.each([500, 502, 503])('retries a %i and succeeds', async (status) => {
    h = await startHarness({ pageSize: 3 });
    h.mock.faults.inject({ kind: 'server_error', status, times: 2, after: 1, path: '/email-activity' });
    expect(records(await h.read('email_activity'))).toHaveLength(7);
    expect(h.mock.requests.filter((r) => r.status === status)).toHaveLength(2);
  });

  it('gives up on a persistent 5xx with SourceUnavailableError', async () => {
    h = await startHarness();
    h.mock.faults.inject({ kind: 'server_error', status: 503, times: Infinity });
    await expect(h.read('lists')).rejects.toBeInstanceOf(SourceUnavailableError);
  });

  it('a bad api key is an AuthError that does not contain the key', async () => {
    const wrongKey = 'deadbeefdeadbeefdeadbeefdeadbeef-us21';
    h = await startHarness({ apiKey: wrongKey });
    const error = await h.read('lists').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    const text = `${(error as Error).message} ${(error as Error).stack} ${JSON.stringify(error)}`;
    expect(text).toMatch(/API key may be invalid/);
    expect(text).not.toContain('deadbeef');
    expect(text).not.toContain(Buffer.from(`anystring:${wrongKey}`).toString('base64'));
    expect(h.mock.count()).toBe(1);
  });

  it('an expired token mid-sync is an AuthError', async () => {
    h = await startHarness({ pageSize: 2 });
    h.mock.faults.inject({ kind: 'expired_token', after: 2, path: '/members' });
    await expect(h.read('members')).rejects.toBeInstanceOf(AuthError);
  });

  it('quota exhaustion (429 with a long Retry-After) stops cleanly with QuotaExhaustedError', async () => {
    h = await startHarness();
    h.mock.faults.inject({ kind: 'quota_exhausted', path: '/reports' });
    await expect(h.read('reports')).rejects.toBeInstanceOf(QuotaExhaustedError);
    expect(h.mock.count('/reports')).toBe(1);
  });

  it('a truncated body is retried', async () => {
    h = await startHarness();
    h.mock.faults.inject({ kind: 'truncated', path: '/campaigns' });
    expect(records(await h.read('campaigns'))).toHaveLength(3);
  });
});
