import { describe, expect, it } from 'vitest';
import { applyDailyChanges, generatePopulation, type Population } from '../../../sandbox/world/index.js';
import { expectTruthMatchesRecords } from './helpers.js';

const AT = '2026-11-02';
const AT_ISO = '2026-11-02T00:00:00Z';

/** Plain copies of the mutable arrays, to compare before/after. */
const snapshot = (pop: Population) => structuredClone({
  contacts: pop.hubspot.contacts, members: pop.mailchimp.members, insights: pop.metaAds.insights,
  events: pop.web.events.length, lastEvent: pop.web.events.at(-1)!.timestamp, people: pop.people.length, truth: pop.truth.length,
});

describe('applyDailyChanges', () => {
  const pop = generatePopulation({ seed: 21, people: 1000 });
  const before = snapshot(pop);
  const arrays = { contacts: pop.hubspot.contacts, events: pop.web.events, truth: pop.truth };
  const summary = applyDailyChanges(pop, { seed: 1, at: AT });

  it('mutates the arrays in place (the mocks serve them live)', () => {
    expect(pop.hubspot.contacts).toBe(arrays.contacts);
    expect(pop.web.events).toBe(arrays.events);
    expect(pop.truth).toBe(arrays.truth);
    expect(summary.at).toBe(AT_ISO);
  });

  it('updates ~1 % of HubSpot contacts with updatedAt = at, and adds a few new ones', () => {
    const expected = Math.round(before.contacts.length * 0.01);
    expect(summary.hubspot.contactsUpdated).toBe(expected);
    const changed = before.contacts.filter((c, i) => JSON.stringify(c) !== JSON.stringify(pop.hubspot.contacts[i]));
    expect(changed).toHaveLength(expected);
    for (let i = 0; i < before.contacts.length; i++) {
      const now = pop.hubspot.contacts[i]!;
      expect(now.recordId).toBe(before.contacts[i]!.recordId);
      if (JSON.stringify(now) !== JSON.stringify(before.contacts[i])) expect(now.updatedAt).toBe(AT_ISO);
    }
    const added = pop.hubspot.contacts.slice(before.contacts.length);
    expect(added).toHaveLength(summary.hubspot.contactsCreated);
    expect(summary.hubspot.contactsCreated).toBeGreaterThan(0);
    for (const c of added) expect(Date.parse(c.createdAt)).toBeLessThan(Date.parse(AT_ISO));
    expect(pop.people.length - before.people).toBe(summary.people.created);
  });

  it('updates ~1 % of Mailchimp members with lastChanged = at', () => {
    const changed = before.members.filter((m, i) => JSON.stringify(m) !== JSON.stringify(pop.mailchimp.members[i]));
    expect(changed.length).toBe(summary.mailchimp.membersUpdated);
    expect(summary.mailchimp.membersUpdated).toBe(Math.round(before.members.length * 0.01));
    const touched = pop.mailchimp.members.filter((m) => m.lastChanged === AT_ISO);
    expect(touched.length).toBe(summary.mailchimp.membersUpdated + summary.mailchimp.membersCreated);
  });

  it('appends the day’s web events, sorted, after every existing one', () => {
    expect(summary.web.eventsAdded).toBeGreaterThan(50);
    expect(pop.web.events.length - before.events).toBe(summary.web.eventsAdded);
    const added = pop.web.events.slice(before.events);
    expect(added[0]!.timestamp > before.lastEvent).toBe(true);
    for (let i = 1; i < added.length; i++) expect(added[i]!.timestamp >= added[i - 1]!.timestamp).toBe(true);
    expect(added.every((e) => e.timestamp < AT_ISO.replace('Z', '.000Z') && e.timestamp >= '2026-11-01')).toBe(true);
  });

  it('adds one day of Meta insights and restates one day within the last 28', () => {
    expect(pop.metaAds.insights.length - before.insights.length).toBe(summary.metaAds.insightsAdded);
    for (const i of pop.metaAds.insights.slice(before.insights.length)) expect(i.date).toBe('2026-11-01');
    expect(summary.metaAds.insightsRestated).toBeGreaterThan(0);
    const restated = before.insights.filter((r, i) => JSON.stringify(r) !== JSON.stringify(pop.metaAds.insights[i]));
    expect(restated.length).toBe(summary.metaAds.insightsRestated);
    expect(restated.every((r) => r.date === summary.metaAds.restatedDate)).toBe(true);
    expect(summary.metaAds.restatedDate! >= '2026-10-04').toBe(true);
  });

  it('keeps the ground truth exact after the change', () => {
    expect(pop.truth.length - before.truth).toBe(summary.truth.added);
    expectTruthMatchesRecords(pop);
  });

  it('is deterministic for the same population, seed and day; different for another seed', () => {
    const a = generatePopulation({ seed: 21, people: 300, days: 14 });
    const b = generatePopulation({ seed: 21, people: 300, days: 14 });
    const c = generatePopulation({ seed: 21, people: 300, days: 14 });
    const sa = applyDailyChanges(a, { seed: 9, at: AT });
    const sb = applyDailyChanges(b, { seed: 9, at: AT });
    applyDailyChanges(c, { seed: 10, at: AT });
    expect(sb).toEqual(sa);
    expect(b).toEqual(a);
    expect(c.hubspot.contacts).not.toEqual(a.hubspot.contacts);
  });

  it('can run day after day, and honours fraction', () => {
    const p = generatePopulation({ seed: 2, people: 400, days: 14 });
    const s1 = applyDailyChanges(p, { seed: 1, at: '2026-11-02' });
    const s2 = applyDailyChanges(p, { seed: 1, at: '2026-11-03', fraction: 0.1 });
    expect(s2.hubspot.contactsUpdated).toBe(Math.round((p.hubspot.contacts.length - s2.hubspot.contactsCreated) * 0.1));
    expect(s2.hubspot.contactsUpdated).toBeGreaterThan(s1.hubspot.contactsUpdated);
    expect(new Set(p.people.map((x) => x.personId)).size).toBe(p.people.length);
    expect(new Set(p.hubspot.contacts.map((x) => x.recordId)).size).toBe(p.hubspot.contacts.length);
    expectTruthMatchesRecords(p);
    expect(() => applyDailyChanges(p, { seed: 1, at: '2026-11-04', fraction: 2 })).toThrow(RangeError);
  });
});
