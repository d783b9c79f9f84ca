/**
 * The world's street addresses: one home per person, typed a little differently by each
 * source record (abbreviations, swapped letters, postcode spacing, missing parts), and
 * carried by the HubSpot, Salesforce and Mailchimp slices the demo's mocks serve.
 */
import { describe, expect, it } from 'vitest';
import { generatePopulation } from '../../../sandbox/world/index.js';
import { homeAddressOf, typedAddress } from '../../../sandbox/world/addresses.js';
import { salesforceSliceOf } from '../../../sandbox/world/salesforce.js';
import { hubspotFixturesFromPopulation } from '../../../sandbox/hubspot/fixtures.js';
import { mailchimpFixturesFromPopulation } from '../../../sandbox/mailchimp/fixtures.js';

const pop = generatePopulation({ seed: 5, people: 300, days: 14 });
const people = new Map(pop.people.map((p) => [p.personId, p]));

describe('synthetic addresses', () => {
  it('a home per person, in its country\'s postcode shape, the same every time', () => {
    for (const p of pop.people) {
      const home = homeAddressOf(p);
      expect(home).toEqual(homeAddressOf(p));
      expect(home.city).toBe(p.city);
      expect(home.street).toMatch(/\d/);
      if (p.country === 'GB') expect(home.postcode).toMatch(/^[A-Z]{2}\d{1,2} \d[A-Z]{2}$/);
      if (p.country === 'DE' || p.country === 'FR' || p.country === 'US') expect(home.postcode).toMatch(/^\d{5}$/);
    }
  });

  it('records type it with realistic variation: most agree, some abbreviate, misspell or leave parts out', () => {
    const typed = pop.people.flatMap((p) => Array.from({ length: 4 }, (_, i) => [homeAddressOf(p), typedAddress(homeAddressOf(p), `r:${p.personId}:${i}`)] as const));
    const share = (f: (h: (typeof typed)[number][0], t: (typeof typed)[number][1]) => boolean) => typed.filter(([h, t]) => f(h, t)).length / typed.length;
    expect(share((h, t) => t.street === h.street && t.postcode === h.postcode && t.city === h.city)).toBeGreaterThan(0.35);
    expect(share((h, t) => t.street !== null && t.street !== h.street)).toBeGreaterThan(0.05);
    expect(share((_, t) => t.street === null)).toBeGreaterThan(0.05);
    expect(share((_, t) => t.postcode === null)).toBeGreaterThan(0.03);
    expect(share((h, t) => t.postcode !== null && t.postcode !== h.postcode)).toBeGreaterThan(0.02);
  });

  it('HubSpot contacts, Salesforce contacts and leads, and Mailchimp members carry their person\'s address', () => {
    const hubspot = [...hubspotFixturesFromPopulation(pop).objects.contacts.values()];
    expect(hubspot.filter((c) => c.properties.address).length).toBeGreaterThan(hubspot.length * 0.7);
    expect(hubspot.filter((c) => c.properties.zip).length).toBeGreaterThan(hubspot.length * 0.7);

    const sf = salesforceSliceOf(pop);
    for (const c of sf.contacts.slice(0, 50)) {
      const home = homeAddressOf(people.get(c.sourceId)!);
      if (c.fields.MailingCity !== null) expect(c.fields.MailingCity).toBe(home.city);
    }
    expect(sf.contacts.filter((c) => c.fields.MailingStreet !== null).length).toBeGreaterThan(sf.contacts.length * 0.7);
    expect(sf.leads.filter((l) => l.fields.PostalCode !== null).length).toBeGreaterThan(sf.leads.length * 0.7);

    const members = mailchimpFixturesFromPopulation(pop).members;
    const withAddress = members.filter((m) => m.address !== null);
    expect(withAddress.length).toBeGreaterThan(members.length * 0.3);
    expect(withAddress.length).toBeLessThan(members.length * 0.7);
  });
});
