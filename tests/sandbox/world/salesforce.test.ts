import { describe, expect, it } from 'vitest';
import { generatePopulation } from '../../../sandbox/world/index.js';
import { salesforceSliceOf } from '../../../sandbox/world/salesforce.js';
import { canonicalEmail } from '../../../sandbox/world/messy.js';
import { salesforceFixturesFromSlice } from '../../../sandbox/salesforce/fixtures.js';
import { contactsStream, leadsStream, opportunitiesStream } from '../../../connectors/salesforce/index.js';
import { startSalesforceMock } from '../../../sandbox/salesforce/server.js';
import { salesforceConnector } from '../../../connectors/salesforce/index.js';
import { readStream } from '../../connectors/salesforce/helpers.js';

describe('the Salesforce slice of the synthetic population', () => {
  const pop = generatePopulation({ seed: 5, people: 300, days: 14 });

  it('is deterministic and leaves the population untouched', () => {
    const before = JSON.stringify(pop);
    const a = salesforceSliceOf(pop);
    expect(JSON.stringify(pop)).toBe(before);
    expect(JSON.stringify(salesforceSliceOf(pop))).toBe(JSON.stringify(a));
    expect(JSON.stringify(salesforceSliceOf(generatePopulation({ seed: 6, people: 300, days: 14 })))).not.toBe(JSON.stringify(a));
  });

  it('spreads people, companies, campaigns and deals into Salesforce objects with ground truth', () => {
    const s = salesforceSliceOf(pop);
    expect(s.accounts).toHaveLength(pop.companies.length);
    expect(s.campaigns).toHaveLength(pop.campaigns.length);
    expect(s.contacts.length).toBeGreaterThan(pop.people.length * 0.3);
    expect(s.leads.length).toBeGreaterThan(pop.people.length * 0.08);
    expect(s.truth).toHaveLength(s.contacts.length + s.leads.length);
    expect(new Set(s.truth.map((t) => t.source))).toEqual(new Set(['salesforce']));
    const people = new Map(pop.people.map((p) => [p.personId, p]));
    // The mess is only on the surface: every typed email normalises back to its person's.
    for (const c of s.contacts) {
      const email = c.fields.Email;
      if (typeof email === 'string') expect(canonicalEmail(email)).toBe(people.get(c.sourceId)!.email);
    }
    expect(s.contacts.some((c) => typeof c.fields.Email === 'string' && c.fields.Email !== canonicalEmail(c.fields.Email))).toBe(true);
    const converted = s.leads.filter((l) => l.fields.IsConverted === true);
    expect(converted.length).toBeGreaterThan(0);
    for (const l of converted) expect(s.contacts.find((c) => c.id === l.fields.ConvertedContactId)?.sourceId).toBe(l.sourceId);
    expect(new Set([...s.contacts, ...s.leads, ...s.accounts].map((r) => r.id)).size).toBe(s.contacts.length + s.leads.length + s.accounts.length);
  });

  it('serves through the mock and reads back through the connector', async () => {
    const s = salesforceSliceOf(pop);
    const mock = await startSalesforceMock({ fixtures: salesforceFixturesFromSlice(s), accessToken: 'tok-synthetic-0001' });
    try {
      const config = salesforceConnector.configSchema.parse({ instance_url: mock.url, access_token: 'tok-synthetic-0001', page_size: 200 });
      expect((await readStream(contactsStream, config)).records).toHaveLength(s.contacts.length);
      expect((await readStream(leadsStream, config)).records).toHaveLength(s.leads.length);
      const opps = (await readStream(opportunitiesStream, config)).records;
      expect(opps).toHaveLength(s.opportunities.length);
      for (const o of opps) expect(opportunitiesStream.schema.safeParse(o).success).toBe(true);
    } finally {
      await mock.close();
    }
  });
});
