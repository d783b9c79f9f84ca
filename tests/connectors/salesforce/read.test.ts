import { afterEach, describe, expect, it } from 'vitest';
import {
  accountsStream,
  campaignMembersStream,
  campaignsStream,
  contactsStream,
  leadsStream,
  opportunitiesStream,
  opportunityContactRolesStream,
  salesforceStreams,
} from '../../../connectors/salesforce/index.js';
import { addRecord, deleteRecord, updateRecord } from '../../../sandbox/salesforce/fixtures.js';
import { ids, readStream, startHarness, type Harness } from './helpers.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe('salesforce streams: full read', () => {
  it('reads every stream with Salesforce field names, no attributes, records valid against the schema', async () => {
    harness = await startHarness({ sizes: { contacts: 6, leads: 4, accounts: 3, opportunities: 5, campaigns: 2 } });
    // one contact role per opportunity; every third contact and every second lead on a campaign
    const expected = { contacts: 6, leads: 4, accounts: 3, opportunities: 5, campaigns: 2, opportunity_contact_roles: 5, campaign_members: 4 } as const;
    for (const stream of salesforceStreams) {
      const { records, deleted } = await readStream(stream, harness.config);
      expect(records, stream.name).toHaveLength(expected[stream.name as keyof typeof expected]);
      expect(deleted).toEqual([]);
      for (const r of records) {
        expect(r).not.toHaveProperty('attributes');
        expect(stream.schema.safeParse(r).success, `${stream.name} ${JSON.stringify(r)}`).toBe(true);
      }
    }
  });

  it('lands exactly the declared fields with their wire types', async () => {
    harness = await startHarness({ sizes: { contacts: 2, leads: 1, opportunities: 1, campaigns: 1 } });
    const [contact] = (await readStream(contactsStream, harness.config)).records;
    expect(Object.keys(contact!)).toEqual([
      'Id', 'FirstName', 'LastName', 'Email', 'Phone', 'MobilePhone', 'AccountId', 'Title', 'Birthdate',
      'MailingStreet', 'MailingCity', 'MailingState', 'MailingPostalCode', 'MailingCountry',
      'LeadSource', 'CreatedDate', 'LastModifiedDate', 'SystemModstamp', 'IsDeleted',
    ]);
    expect(contact).toMatchObject({
      Id: '0038d0000000001AAA', SystemModstamp: '2026-10-01T00:00:00.000+0000', IsDeleted: false,
      Title: 'Marketing Manager', Birthdate: '1970-01-10', MailingStreet: '1 Hauptstraße', MailingCity: 'Berlin', MailingState: 'BE', MailingPostalCode: '10115',
    });
    const [lead] = (await readStream(leadsStream, harness.config)).records;
    expect(lead).toMatchObject({
      IsConverted: true, ConvertedContactId: '0038d0000000001AAA', Company: 'Prospect 0 SA',
      Title: 'Head of Growth', Street: '2 Rue de Rivoli', City: 'Paris', State: null, PostalCode: '75001',
    });
    const [opp] = (await readStream(opportunitiesStream, harness.config)).records;
    expect(opp).toMatchObject({ Amount: 1000, CloseDate: '2026-10-15', AccountId: '0018d0000000001AAA' });
    expect(typeof opp!.IsWon).toBe('boolean');
    const [campaign] = (await readStream(campaignsStream, harness.config)).records;
    expect(campaign).toMatchObject({ StartDate: '2026-09-01', BudgetedCost: 6000 });
    const [account] = (await readStream(accountsStream, harness.config)).records;
    expect(account).toMatchObject({ Name: 'Company 0 GmbH' });
    const [role] = (await readStream(opportunityContactRolesStream, harness.config)).records;
    expect(Object.keys(role!)).toEqual(['Id', 'OpportunityId', 'ContactId', 'Role', 'IsPrimary', 'CreatedDate', 'SystemModstamp', 'IsDeleted']);
    expect(role).toMatchObject({ Id: '00K8d0000000001AAA', OpportunityId: opp!.Id, ContactId: contact!.Id, IsPrimary: true });
    const [member] = (await readStream(campaignMembersStream, harness.config)).records;
    expect(member).toMatchObject({ CampaignId: campaign!.Id, ContactId: contact!.Id, LeadId: null, Status: 'Responded', HasResponded: true, FirstRespondedDate: '2026-09-20' });
  });

  it('declares PII per field', () => {
    expect(contactsStream.pii).toEqual({
      FirstName: 'name', LastName: 'name', Email: 'email', Phone: 'phone', MobilePhone: 'phone', Birthdate: 'date_of_birth',
      MailingStreet: 'address', MailingCity: 'address', MailingState: 'address', MailingPostalCode: 'address',
    });
    expect(leadsStream.pii).toMatchObject({ Email: 'email', Phone: 'phone', FirstName: 'name', Street: 'address', City: 'address', PostalCode: 'address' });
    expect(accountsStream.pii).toEqual({});
  });

  it('pages through queryMore itself: one batch per page, the cursor advancing with each', async () => {
    harness = await startHarness({ sizes: { contacts: 450 }, pageSize: 200 });
    const { batches, records, state } = await readStream(contactsStream, harness.config);
    // The last batch lands nothing: it checkpoints where the next run's getDeleted window starts.
    expect(batches.map((b) => b.records.length)).toEqual([200, 200, 50, 0]);
    expect(ids(records)).toHaveLength(450);
    const cursors = batches.map((b) => b.state.cursor as string);
    expect([...cursors].sort()).toEqual(cursors);
    expect(new Set(cursors).size).toBe(3);
    expect(state).toEqual({ cursor: new Date(Date.parse('2026-10-01T00:00:00Z') + 449 * 60_000).toISOString(), deleted_through: expect.any(String) });
    const paths = harness.mock.requests.map((r) => r.path);
    expect(paths).toEqual([
      '/services/data/v59.0/queryAll',
      expect.stringMatching(/^\/services\/data\/v59\.0\/query\/01g\w+-200$/),
      expect.stringMatching(/^\/services\/data\/v59\.0\/query\/01g\w+-400$/),
    ]);
    // The SOQL sent: incremental, ordered, no pasted free text.
    expect(new URLSearchParams(harness.mock.requests[0]!.query).get('q')).toBe(
      'SELECT Id, FirstName, LastName, Email, Phone, MobilePhone, AccountId, Title, Birthdate, MailingStreet, MailingCity, MailingState, MailingPostalCode, ' +
        'MailingCountry, LeadSource, CreatedDate, LastModifiedDate, SystemModstamp, IsDeleted ' +
        'FROM Contact WHERE SystemModstamp >= 1970-01-01T00:00:00Z ORDER BY SystemModstamp ASC, Id ASC',
    );
  });

  it('reads past 10,000 records (where jsforce autoFetch would stop at maxFetch)', async () => {
    harness = await startHarness({ sizes: { contacts: 10_250, accounts: 1, stepSeconds: 1 }, pageSize: 2000 });
    const { batches, records } = await readStream(contactsStream, harness.config);
    expect(records).toHaveLength(10_250);
    expect(batches).toHaveLength(7);
  });

  it('starts at start_date', async () => {
    harness = await startHarness({ sizes: { contacts: 10 }, config: { start_date: '2026-10-01T00:05:00Z' } });
    const { records } = await readStream(contactsStream, harness.config);
    expect(records).toHaveLength(5);
  });
});

describe('salesforce streams: incremental', () => {
  it('a second read returns only changes since the cursor, plus the boundary record', async () => {
    harness = await startHarness({ sizes: { contacts: 8 } });
    const { fixtures, config } = harness;
    const first = await readStream(contactsStream, config);
    expect(first.records).toHaveLength(8);
    const [c0, c1] = fixtures.ids.Contact;
    updateRecord(fixtures, 'Contact', c0!, { LeadSource: 'Web' }, '2026-10-02T09:00:00Z');
    addRecord(fixtures, 'Contact', { FirstName: 'New', LastName: 'Person', Email: 'new@example.com' }, '2026-10-02T09:01:00Z');
    const second = await readStream(contactsStream, config, first.state);
    // The boundary record (the last one of the first read) is re-read: >= keeps same-second records safe.
    expect(ids(second.records)).toEqual([c0!, fixtures.ids.Contact[7]!, fixtures.ids.Contact[8]!].sort());
    expect(second.records.find((r) => r.Id === c0)).toMatchObject({ LeadSource: 'Web', SystemModstamp: '2026-10-02T09:00:00.000+0000' });
    expect(second.state).toEqual({ cursor: '2026-10-02T09:01:00.000Z', deleted_through: expect.any(String) });
    expect(second.records.some((r) => r.Id === c1)).toBe(false);
    const third = await readStream(contactsStream, config, second.state);
    expect(ids(third.records)).toEqual([fixtures.ids.Contact[8]!]);
  });

  it('deleted records arrive through queryAll as tombstones with nothing personal in them', async () => {
    harness = await startHarness({ sizes: { contacts: 5 } });
    const { fixtures, config } = harness;
    const first = await readStream(contactsStream, config);
    const gone = fixtures.ids.Contact[2]!;
    deleteRecord(fixtures, 'Contact', gone, '2026-10-03T10:00:00Z');
    const second = await readStream(contactsStream, config, first.state);
    expect(second.deleted).toEqual([{ Id: gone, IsDeleted: true, SystemModstamp: '2026-10-03T10:00:00.000+0000' }]);
    expect(second.records.some((r) => r.Id === gone)).toBe(false);
    expect(second.state).toEqual({ cursor: '2026-10-03T10:00:00.000Z', deleted_through: expect.any(String) });
    // A first read of an org with deletions carries them too.
    const fresh = await readStream(contactsStream, config);
    expect(fresh.deleted.map((d) => d.Id)).toEqual([gone]);
    expect(fresh.records).toHaveLength(4);
  });

  it('rejects a garbled saved cursor with a hint instead of re-reading everything', async () => {
    harness = await startHarness({ sizes: { contacts: 1 } });
    await expect(readStream(contactsStream, harness.config, { cursor: 'last tuesday' })).rejects.toThrow(/saved cursor/);
  });
});
