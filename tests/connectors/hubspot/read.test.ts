import { afterEach, describe, expect, it } from 'vitest';
import { companiesStream, contactsStream, dealsStream, hubspotConnector } from '../../../connectors/hubspot/index.js';
import { archiveContact, updateContact, updateObject } from '../../../sandbox/hubspot/fixtures.js';
import { at, ids, readStream, smallPopulation, startHarness, type Harness } from './helpers.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe('hubspot connector: full read', () => {
  it('reads every contact in the v3 object shape, one batch per page, cursor = max updatedAt', async () => {
    harness = await startHarness(smallPopulation({ contacts: 23 }));
    const { batches, records, deleted, state } = await readStream(contactsStream, harness.config);

    expect(records).toHaveLength(23);
    expect(deleted).toEqual([]);
    expect(batches.map((b) => b.records.length)).toEqual([10, 10, 3]);
    expect(batches.map((b) => b.state)).toEqual([{ cursor: at(9) }, { cursor: at(19) }, { cursor: at(22) }]);
    expect(state).toEqual({ cursor: at(22) });

    const first = records.find((r) => r.id === '1001')!;
    expect(first).toEqual({
      id: '1001',
      properties: {
        email: ' Person0@Example.com ',
        firstname: 'First0',
        lastname: 'Last0',
        phone: '+49 30 1234000',
        company: 'Company 0',
        country: 'DE',
        city: 'Berlin',
        // The person fields identity compares: requested, null where the portal has none.
        jobtitle: null,
        address: null,
        zip: null,
        state: null,
        date_of_birth: null,
        mobilephone: null,
        hs_additional_emails: null,
        lifecyclestage: 'lead',
        createdate: at(-2000),
        hs_lastmodifieddate: at(0),
        hs_object_id: '1001',
      },
      createdAt: at(-2000),
      updatedAt: at(0),
      archived: false,
      // Every lifecycle stage the contact held (one here: created as a lead), oldest first.
      propertiesWithHistory: { lifecyclestage: [{ value: 'lead', timestamp: at(-2000), sourceType: 'FORM' }] },
    });
    // Missing values are null, never absent: raw columns stay stable.
    expect(records.find((r) => r.id === '1004')!.properties).toMatchObject({ email: null, phone: null });
    for (const r of records) expect(contactsStream.schema.safeParse(r).success).toBe(true);
    // The search was used, sorted and filtered; the archived list was read once.
    expect(harness.mock.count('/crm/v3/objects/contacts/search')).toBe(3);
    // One history batch read per page (a page of 10 is within the batch's 50).
    expect(harness.mock.count('/crm/v3/objects/contacts/batch/read')).toBe(3);
    expect(harness.mock.requests.filter((r) => r.method === 'GET' && r.query.includes('archived=true'))).toHaveLength(1);
  });

  it('lands a contact again with its grown lifecycle history when its stage moves on', async () => {
    harness = await startHarness(smallPopulation({ contacts: 3 }));
    const first = await readStream(contactsStream, harness.config);
    updateContact(harness.fixtures, '1002', { lifecyclestage: 'salesqualifiedlead' }, at(600));
    const second = await readStream(contactsStream, harness.config, first.state);
    const moved = second.records.find((r) => r.id === '1002')!;
    expect(moved.propertiesWithHistory).toEqual({
      lifecyclestage: [
        { value: 'lead', timestamp: at(-1999), sourceType: 'FORM' },
        { value: 'salesqualifiedlead', timestamp: at(600), sourceType: 'CRM_UI' },
      ],
    });
    expect(contactsStream.schema.safeParse(moved).success).toBe(true);
  });

  it('reads companies with exactly the declared properties', async () => {
    harness = await startHarness(smallPopulation({ contacts: 2, companies: 3 }));
    const { records } = await readStream(companiesStream, harness.config);
    expect(ids(records)).toEqual(['5001', '5002', '5003']);
    expect(records[0]).toEqual({
      id: '5001',
      properties: {
        name: 'Company 0',
        domain: 'company0.example',
        industry: 'COMPUTER_SOFTWARE',
        country: 'DE',
        createdate: at(-1000),
        hs_lastmodifieddate: at(0),
      },
      createdAt: at(-1000),
      updatedAt: at(0),
      archived: false,
    });
    for (const r of records) expect(companiesStream.schema.safeParse(r).success).toBe(true);
  });

  it('fills deal associations from the v4 batch read, one call per page of deals', async () => {
    harness = await startHarness(smallPopulation({ contacts: 10, deals: 13 }));
    const { records } = await readStream(dealsStream, harness.config);
    expect(records).toHaveLength(13);
    const byId = new Map(records.map((r) => [r.id as string, r]));
    expect(byId.get('9001')).toMatchObject({
      properties: {
        dealname: 'Deal 0',
        amount: '1000',
        dealstage: 'closedwon',
        closedate: '2026-10-15T00:00:00.000Z',
        pipeline: 'default',
        utm_campaign: 'spring_sale_2026',
      },
      associations: { contacts: [] },
    });
    expect(byId.get('9002')!.associations).toEqual({ contacts: ['1002', '1003'] });
    expect(byId.get('9002')!.properties).toMatchObject({ amount: '1250.5', utm_campaign: null });
    // Deals beyond the 10 contacts reach the end of the list: one or none associated.
    expect(byId.get('9010')!.associations).toEqual({ contacts: ['1010'] });
    expect(byId.get('9013')!.associations).toEqual({ contacts: [] });
    expect(harness.mock.count('/crm/v4/associations/deals/contacts/batch/read')).toBe(2);
    for (const r of records) expect(dealsStream.schema.safeParse(r).success).toBe(true);
  });

  it('starts from start_date on the first run', async () => {
    harness = await startHarness(smallPopulation({ contacts: 20 }));
    const config = { ...harness.config, start_date: at(15) };
    const { records } = await readStream(contactsStream, config);
    expect(ids(records)).toEqual(['1016', '1017', '1018', '1019', '1020']);
  });
});

describe('hubspot connector: incremental', () => {
  it('re-reads only what changed since the saved cursor, and archived contacts as tombstones', async () => {
    harness = await startHarness(smallPopulation({ contacts: 30 }));
    const first = await readStream(contactsStream, harness.config);
    expect(first.records).toHaveLength(30);
    expect(first.state).toEqual({ cursor: at(29) });

    updateContact(harness.fixtures, '1005', { lifecyclestage: 'customer', email: 'new@example.com' }, at(100));
    updateContact(harness.fixtures, '1012', { phone: '+49 30 999' }, at(101));
    archiveContact(harness.fixtures, '1020', at(102));

    const second = await readStream(contactsStream, harness.config, first.state);
    // The record on the cursor boundary (1030) is read again; the landing dedupes it by hash.
    expect(ids(second.records)).toEqual(['1005', '1012', '1030']);
    expect(second.records.find((r) => r.id === '1005')).toMatchObject({
      properties: { lifecyclestage: 'customer', email: 'new@example.com', hs_lastmodifieddate: at(100) },
      updatedAt: at(100),
    });
    expect(second.deleted).toEqual([{ id: '1020', archived: true, archivedAt: at(102) }]);
    // The tombstone batch carries the final state, and the cursor never went past what was read.
    const tombstoneBatch = second.batches.at(-1)!;
    expect(tombstoneBatch.records).toEqual([]);
    expect(tombstoneBatch.state).toEqual({ cursor: at(101) });

    const third = await readStream(contactsStream, harness.config, second.state);
    expect(ids(third.records)).toEqual(['1012']);
  });

  it('companies: reads the changed record (and the one on the cursor) on the next run', async () => {
    harness = await startHarness(smallPopulation({ contacts: 5 }));
    const first = await readStream(companiesStream, harness.config);
    updateObject(harness.fixtures, 'companies', '5002', { industry: 'RETAIL' }, at(50));
    const second = await readStream(companiesStream, harness.config, first.state);
    // 5003 sits on the saved cursor and is read again (deduped on landing); 5002 changed.
    expect(ids(second.records)).toEqual(['5002', '5003']);
    expect(second.records.find((r) => r.id === '5002')!.properties).toMatchObject({ industry: 'RETAIL' });
    expect(second.state).toEqual({ cursor: at(50) });
  });
});

describe('hubspot connector: lookback', () => {
  it('re-reads lookback_minutes behind the saved cursor, so records the search index showed late are not lost', async () => {
    harness = await startHarness(smallPopulation({ contacts: 30 }), { lookbackMinutes: 3 });
    const first = await readStream(contactsStream, harness.config);
    expect(first.state).toEqual({ cursor: at(29) });
    const second = await readStream(contactsStream, harness.config, first.state);
    // at(26) .. at(29): the three minutes before the cursor and the boundary record.
    expect(ids(second.records)).toEqual(['1027', '1028', '1029', '1030']);
    expect(second.state).toEqual({ cursor: at(29) });
  });
});

describe('hubspot connector: contract', () => {
  it('declares its identity, PII and HTTP profile', () => {
    expect(hubspotConnector).toMatchObject({ type: 'hubspot', tablePrefix: 'hubspot', secretKeys: ['access_token'] });
    expect(hubspotConnector.streams.map((s) => [s.name, s.primaryKey, s.cursorField])).toEqual([
      ['contacts', ['id'], 'updatedAt'],
      ['companies', ['id'], 'updatedAt'],
      ['deals', ['id'], 'updatedAt'],
    ]);
    expect(contactsStream.pii).toEqual({
      'properties.email': 'email',
      'properties.firstname': 'name',
      'properties.lastname': 'name',
      'properties.phone': 'phone',
      'properties.city': 'address',
      'properties.address': 'address',
      'properties.zip': 'address',
      'properties.state': 'address',
      'properties.date_of_birth': 'date_of_birth',
      'properties.mobilephone': 'phone',
      'properties.hs_additional_emails': 'email',
    });
    expect(companiesStream.pii).toEqual({});
    const config = hubspotConnector.configSchema.parse({ access_token: 'tok-123456' });
    expect(config).toEqual({ access_token: 'tok-123456', base_url: 'https://api.hubapi.com', page_size: 100, search_requests_per_second: 4, lookback_minutes: 5 });
    expect(hubspotConnector.http!(config)).toEqual({
      baseURL: 'https://api.hubapi.com',
      headers: { Authorization: 'Bearer tok-123456' },
      rate: { requests: 190, perMs: 10_000 },
      concurrency: 4,
      timeoutMs: 30_000,
    });
  });

  it.each([
    [{ access_token: 'x', base_url: 'http://127.0.0.1:9/' }, true],
    [{ access_token: 'x', start_date: '2026-01-01' }, true],
    [{ access_token: 'x', start_date: '2026-01-01T10:00:00Z' }, true],
    [{ access_token: 'x', start_date: 'yesterday' }, false],
    [{ access_token: 'x', page_size: 101 }, false],
    [{ access_token: '' }, false],
    [{ access_token: 'x', base_url: 'ftp://example.com' }, false],
    [{ access_token: 'x', accessToken: 'y' }, false],
  ])('validates config %j → %s', (input, ok) => {
    const result = hubspotConnector.configSchema.safeParse(input);
    expect(result.success).toBe(ok);
    if (ok && 'base_url' in input) expect((result.data as { base_url: string }).base_url).toBe('http://127.0.0.1:9');
  });

  it('accepts records with fields it does not know (schema drift)', () => {
    const drifted = {
      id: '1',
      properties: { email: null, firstname: 'A', lastname: null, phone: null, company: null, country: null, city: null, jobtitle: null, address: null, zip: null, state: null, date_of_birth: null, mobilephone: null, hs_additional_emails: null, lifecyclestage: null, createdate: null, hs_lastmodifieddate: null, hs_object_id: '1', brand_new: 'x' },
      createdAt: at(0),
      updatedAt: at(0),
      archived: false,
      propertiesWithHistory: {},
    };
    expect(contactsStream.schema.safeParse(drifted).success).toBe(true);
  });
});
