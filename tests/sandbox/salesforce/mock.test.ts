import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../core/index.js';
import { HttpStatusError } from '../../../connectors/sdk/index.js';
import { salesforceSession } from '../../../connectors/salesforce/index.js';
import { buildSalesforceFixtures, deleteRecord } from '../../../sandbox/salesforce/fixtures.js';
import { OAUTH, TOKEN, makeHttp, startHarness, type Harness } from '../../connectors/salesforce/helpers.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const get = (h: Harness, path: string, token: string = TOKEN) =>
  fetch(`${h.mock.url}${path}`, { headers: { Authorization: `Bearer ${token}` } });
const soql = (h: Harness, endpoint: 'query' | 'queryAll', q: string) => get(h, `/services/data/v59.0/${endpoint}?q=${encodeURIComponent(q)}`);

describe('salesforce mock wire format', () => {
  it('answers SOQL with attributes, +0000 datetimes and Sforce-Limit-Info', async () => {
    harness = await startHarness({ sizes: { contacts: 3 } });
    const res = await soql(harness, 'query', 'SELECT Id, Email, SystemModstamp FROM Contact WHERE SystemModstamp > 2026-10-01T00:00:00Z ORDER BY SystemModstamp DESC LIMIT 1');
    expect(res.status).toBe(200);
    expect(res.headers.get('sforce-limit-info')).toBe('api-usage=1/15000');
    expect(await res.json()).toEqual({
      totalSize: 1,
      done: true,
      records: [
        {
          attributes: { type: 'Contact', url: '/services/data/v59.0/sobjects/Contact/0038d0000000003AAA' },
          Id: '0038d0000000003AAA',
          Email: expect.any(String),
          SystemModstamp: '2026-10-01T00:02:00.000+0000',
        },
      ],
    });
  });

  it('keeps deleted records out of query and in queryAll', async () => {
    harness = await startHarness({ sizes: { contacts: 3 } });
    deleteRecord(harness.fixtures, 'Contact', harness.fixtures.ids.Contact[0]!, '2026-10-05T00:00:00Z');
    const q = 'SELECT Id, IsDeleted FROM Contact';
    expect(((await (await soql(harness, 'query', q)).json()) as { totalSize: number }).totalSize).toBe(2);
    const all = (await (await soql(harness, 'queryAll', q)).json()) as { records: { IsDeleted: boolean }[] };
    expect(all.records.filter((r) => r.IsDeleted)).toHaveLength(1);
  });

  it.each([
    ['SELECT Id FROM Contact WHERE Email = \'x@example.com\'', 'MALFORMED_QUERY'],
    ['SELECT Id FROM Contact WHERE SystemModstamp >= 2026-10-01', 'MALFORMED_QUERY'],
    ['SELECT * FROM Contact', 'MALFORMED_QUERY'],
    ['SELECT Id, Favourite FROM Contact', 'INVALID_FIELD'],
    ['SELECT Id FROM Widget__c', 'INVALID_TYPE'],
  ])('rejects %s with 400 %s as an error array', async (q, errorCode) => {
    harness = await startHarness({ sizes: { contacts: 1 } });
    const res = await soql(harness, 'query', q);
    expect(res.status).toBe(400);
    expect(res.headers.get('sforce-limit-info')).toMatch(/^api-usage=\d+\/15000$/);
    expect(await res.json()).toEqual([{ message: expect.any(String), errorCode }]);
  });

  it('401 INVALID_SESSION_ID for a wrong token, 400 INVALID_QUERY_LOCATOR, 404 for an unknown version', async () => {
    harness = await startHarness({ sizes: { contacts: 1 } });
    const denied = await get(harness, '/services/data/v59.0/query?q=SELECT+Id+FROM+Contact', 'nope');
    expect(denied.status).toBe(401);
    expect(await denied.json()).toEqual([{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]);
    expect((await get(harness, '/services/data/v59.0/query/01gNOPE-200')).status).toBe(400);
    expect((await get(harness, '/services/data/59/query?q=SELECT+Id+FROM+Contact')).status).toBe(404);
  });

  it('the token endpoint answers the refresh grant with its own loopback instance_url', async () => {
    harness = await startHarness({ sizes: { contacts: 1 } });
    const form = (refreshToken: string) =>
      fetch(`${harness!.mock.url}/services/oauth2/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'refresh_token', client_id: OAUTH.clientId, client_secret: OAUTH.clientSecret, refresh_token: refreshToken }),
      });
    const ok = (await (await form(OAUTH.refreshToken)).json()) as Record<string, string>;
    expect(ok).toMatchObject({ instance_url: harness.mock.url, token_type: 'Bearer', access_token: expect.any(String), signature: expect.any(String) });
    expect((await get(harness, '/services/data/v59.0/query?q=SELECT+Id+FROM+Contact', ok.access_token)).status).toBe(200);
    const bad = await form('wrong');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: 'invalid_grant', error_description: 'expired access/refresh token' });
  });

  it('a MALFORMED_QUERY through jsforce becomes an HttpStatusError quoting Salesforce', async () => {
    harness = await startHarness({ sizes: { contacts: 1 } });
    const http = makeHttp(harness.config);
    const session = salesforceSession({ config: harness.config, http, log: silentLogger(), signal: new AbortController().signal });
    const error = await session.run((conn) => Promise.resolve(conn.query('SELECT Id FROM Contact WHERE Name LIKE \'A%\''))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpStatusError);
    expect((error as HttpStatusError).status).toBe(400);
    expect((error as Error).message).toContain('MALFORMED_QUERY');
    expect(http.stats.requests).toBe(1);
  });

  it('fixtures are deterministic per seed', () => {
    const a = buildSalesforceFixtures({ seed: 3, contacts: 20 });
    const b = buildSalesforceFixtures({ seed: 3, contacts: 20 });
    const c = buildSalesforceFixtures({ seed: 4, contacts: 20 });
    const dump = (f: typeof a) => JSON.stringify([...f.records.Contact.values()]);
    expect(dump(a)).toBe(dump(b));
    expect(dump(a)).not.toBe(dump(c));
  });
});
