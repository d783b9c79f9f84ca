import { afterEach, describe, expect, it } from 'vitest';
import { archiveContact, hubspotFixturesFromPopulation, updateContact } from '../../../sandbox/hubspot/fixtures.js';
import { startHubspotMock } from '../../../sandbox/hubspot/server.js';
import type { MockServer } from '../../../sandbox/kit/mock-server.js';
import { TOKEN, at, smallPopulation } from '../../connectors/hubspot/helpers.js';

let mock: MockServer | undefined;
afterEach(async () => {
  await mock?.close();
  mock = undefined;
});

async function start(options: { searchResultCap?: number; rateLimit?: { requests: number; perMs: number } } = {}) {
  const fixtures = hubspotFixturesFromPopulation(smallPopulation({ contacts: 12, deals: 3 }));
  mock = await startHubspotMock({ fixtures, accessToken: TOKEN, ...options });
  return { fixtures, mock };
}

async function call(path: string, init: { method?: string; body?: unknown; token?: string } = {}) {
  const res = await fetch(`${mock!.url}${path}`, {
    method: init.method ?? 'GET',
    headers: { authorization: `Bearer ${init.token ?? TOKEN}`, 'content-type': 'application/json' },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  return { status: res.status, headers: res.headers, json: (await res.json()) as Record<string, any> };
}

const search = (body: unknown) => call('/crm/v3/objects/contacts/search', { method: 'POST', body });

describe('HubSpot mock wire format', () => {
  it('answers 401 INVALID_AUTHENTICATION to a wrong token', async () => {
    await start();
    const res = await call('/crm/v3/objects/contacts', { token: 'nope-nope' });
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toContain('application/json');
    expect(res.json).toMatchObject({ status: 'error', category: 'INVALID_AUTHENTICATION', correlationId: expect.any(String) });
    expect(res.json.message).toMatch(/^Authentication credentials not found/);
  });

  it('searches with filters on epoch ms, sorts, pages with after, and returns default properties', async () => {
    await start();
    const body = {
      filterGroups: [{ filters: [{ propertyName: 'hs_lastmodifieddate', operator: 'GTE', value: String(Date.parse(at(3))) }] }],
      sorts: [{ propertyName: 'hs_lastmodifieddate', direction: 'DESCENDING' }],
      properties: ['email'],
      limit: 4,
    };
    const first = await search(body);
    expect(first.status).toBe(200);
    expect(first.json.total).toBe(9);
    expect(first.json.results.map((r: { id: string }) => r.id)).toEqual(['1012', '1011', '1010', '1009']);
    expect(first.json.paging.next).toEqual({ after: '4', link: expect.stringContaining('after=4') });
    expect(Object.keys(first.json.results[0].properties).sort()).toEqual(['createdate', 'email', 'hs_lastmodifieddate', 'hs_object_id']);
    const last = await search({ ...body, after: '8' });
    expect(last.json.results.map((r: { id: string }) => r.id)).toEqual(['1004']);
    expect(last.json.paging).toBeUndefined();
  });

  it('rejects limit > 200 and paging past the result cap with 400 VALIDATION_ERROR', async () => {
    await start({ searchResultCap: 10 });
    expect((await search({ limit: 201 })).json).toMatchObject({ category: 'VALIDATION_ERROR' });
    const past = await search({ limit: 5, after: '6' });
    expect(past.status).toBe(400);
    expect(past.json).toMatchObject({ status: 'error', category: 'VALIDATION_ERROR' });
  });

  it('computes responses from the mutable store: edits and archives show up at once', async () => {
    const { fixtures } = await start();
    updateContact(fixtures, '1002', { city: 'Hamburg' }, at(500));
    archiveContact(fixtures, '1003', at(501));
    const changed = await search({
      filterGroups: [{ filters: [{ propertyName: 'hs_lastmodifieddate', operator: 'GT', value: String(Date.parse(at(100))) }] }],
      properties: ['city'],
    });
    expect(changed.json.results).toEqual([
      { id: '1002', properties: expect.objectContaining({ city: 'Hamburg', hs_lastmodifieddate: at(500) }), createdAt: at(-1999), updatedAt: at(500), archived: false },
    ]);
    const archived = await call('/crm/v3/objects/contacts?archived=true&limit=100');
    expect(archived.json.results).toEqual([expect.objectContaining({ id: '1003', archived: true, archivedAt: at(501) })]);
    const live = await call('/crm/v3/objects/contacts?limit=100');
    expect(live.json.results).toHaveLength(11);
    expect(live.headers.get('x-hubspot-ratelimit-max')).toBe('190');
  });

  it('batch-reads contacts with their lifecycle stage history, newest first, at most 50 ids with histories', async () => {
    const { fixtures } = await start();
    updateContact(fixtures, '1002', { lifecyclestage: 'marketingqualifiedlead' }, at(500));
    archiveContact(fixtures, '1003', at(501));
    const read = await call('/crm/v3/objects/contacts/batch/read?archived=false', {
      method: 'POST',
      body: { inputs: [{ id: '1002' }, { id: '1003' }], properties: ['lifecyclestage'], propertiesWithHistory: ['lifecyclestage'] },
    });
    // The archived contact is left out, as HubSpot answers: 207 with an error.
    expect(read.status).toBe(207);
    expect(read.json.results).toEqual([
      expect.objectContaining({
        id: '1002',
        properties: expect.objectContaining({ lifecyclestage: 'marketingqualifiedlead' }),
        propertiesWithHistory: {
          lifecyclestage: [
            { value: 'marketingqualifiedlead', timestamp: at(500), sourceType: 'CRM_UI' },
            { value: 'lead', timestamp: at(-1999), sourceType: 'FORM' },
          ],
        },
      }),
    ]);
    expect(read.json.errors[0]).toMatchObject({ category: 'OBJECT_NOT_FOUND', context: { ids: ['1003'] } });
    const tooMany = await call('/crm/v3/objects/contacts/batch/read', {
      method: 'POST',
      body: { inputs: Array.from({ length: 51 }, (_, i) => ({ id: String(1001 + i) })), properties: [], propertiesWithHistory: ['lifecyclestage'] },
    });
    expect(tooMany.status).toBe(400);
    expect(tooMany.json).toMatchObject({ category: 'VALIDATION_ERROR' });
  });

  it('pages the list endpoint by id cursor, at most 100 per page', async () => {
    await start();
    const page = await call('/crm/v3/objects/contacts?limit=5&properties=email,city');
    expect(page.json.results.map((r: { id: string }) => r.id)).toEqual(['1001', '1002', '1003', '1004', '1005']);
    expect(Object.keys(page.json.results[0].properties).sort()).toEqual(['city', 'email']);
    const next = await call(`/crm/v3/objects/contacts?limit=5&after=${page.json.paging.next.after}`);
    expect(next.json.results[0].id).toBe('1006');
    expect((await call('/crm/v3/objects/contacts?limit=101')).status).toBe(400);
  });

  it('answers the v4 associations batch read, 207 with errors for deals without contacts', async () => {
    await start();
    const res = await call('/crm/v4/associations/deals/contacts/batch/read', { method: 'POST', body: { inputs: [{ id: '9001' }, { id: '9002' }] } });
    expect(res.status).toBe(207);
    expect(res.json).toMatchObject({
      status: 'COMPLETE',
      results: [
        {
          from: { id: '9002' },
          to: [
            { toObjectId: 1002, associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId: 3, label: null }] },
            { toObjectId: 1003, associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId: 3, label: null }] },
          ],
        },
      ],
      numErrors: 1,
      errors: [expect.objectContaining({ category: 'OBJECT_NOT_FOUND', context: { fromObjectId: ['9001'] } })],
      startedAt: expect.any(String),
      completedAt: expect.any(String),
    });
  });

  it('injects faults in HubSpot’s wire shape', async () => {
    await start();
    mock!.faults
      .inject({ kind: 'rate_limit', retryAfterSeconds: 2 })
      .inject({ kind: 'expired_token' })
      .inject({ kind: 'quota_exhausted' })
      .inject({ kind: 'server_error' });
    const limited = await call('/crm/v3/objects/contacts');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('2');
    expect(limited.headers.get('x-hubspot-ratelimit-remaining')).toBe('0');
    expect(limited.json).toMatchObject({ errorType: 'RATE_LIMIT', policyName: 'TEN_SECONDLY_ROLLING', message: 'You have reached your ten_secondly_rolling limit.' });
    const expired = await call('/crm/v3/objects/contacts');
    expect(expired.status).toBe(401);
    expect(expired.json.category).toBe('EXPIRED_AUTHENTICATION');
    const daily = await call('/crm/v3/objects/contacts');
    expect(daily.status).toBe(429);
    expect(daily.json.policyName).toBe('DAILY');
    expect(daily.headers.get('retry-after')).toBeNull();
    expect(daily.headers.get('x-hubspot-ratelimit-daily-remaining')).toBe('0');
    const bad = await call('/crm/v3/objects/contacts');
    expect(bad.status).toBe(502);
    expect(bad.json).toMatchObject({ status: 'error', correlationId: expect.any(String) });
    expect((await call('/crm/v3/objects/contacts')).status).toBe(200);
  });

  it('enforces its own sliding-window rate limit with real 429s', async () => {
    await start({ rateLimit: { requests: 2, perMs: 60_000 } });
    expect((await call('/crm/v3/objects/contacts')).status).toBe(200);
    expect((await call('/crm/v3/objects/contacts')).status).toBe(200);
    const third = await call('/crm/v3/objects/contacts');
    expect(third.status).toBe(429);
    expect(Number(third.headers.get('retry-after'))).toBeGreaterThan(50);
    expect(third.json.policyName).toBe('TEN_SECONDLY_ROLLING');
  });
});
