import { describe, expect, it } from 'vitest';
import { isValidPhoneNumber } from 'libphonenumber-js/max';
import {
  DEFAULT_POPULATION_OPTIONS, META_ACCOUNT_ID, canonicalEmail, canonicalPhone, generatePopulation, type Population,
} from '../../../sandbox/world/index.js';
import { expectTruthMatchesRecords } from './helpers.js';

const small = generatePopulation({ seed: 11, people: 800 });

const sourcesByPerson = (pop: Population): Map<string, Set<string>> => {
  const m = new Map<string, Set<string>>();
  for (const t of pop.truth) {
    const s = m.get(t.personId) ?? new Set<string>();
    s.add(t.source);
    m.set(t.personId, s);
  }
  return m;
};

describe('generatePopulation: determinism', () => {
  it('gives deep-equal output for the same seed and options', () => {
    expect(generatePopulation({ seed: 11, people: 800 })).toEqual(small);
  });

  it('gives different output for a different seed', () => {
    const other = generatePopulation({ seed: 12, people: 800 });
    expect(other.people.map((p) => p.email)).not.toEqual(small.people.map((p) => p.email));
    expect(other.web.events[0]!.messageId).not.toBe(small.web.events[0]!.messageId);
  });

  it('does not let two interleaved calls disturb each other (private Faker instance)', () => {
    const a = generatePopulation({ seed: 3, people: 50, days: 7 });
    generatePopulation({ seed: 4, people: 50, days: 7 });
    expect(generatePopulation({ seed: 3, people: 50, days: 7 })).toEqual(a);
  });

  it('rejects nonsense options', () => {
    expect(() => generatePopulation({ people: -1 })).toThrow(RangeError);
    expect(() => generatePopulation({ days: 0 })).toThrow(RangeError);
    expect(() => generatePopulation({ asOf: 'yesterday' })).toThrow(/ISO-8601/);
  });
});

describe('generatePopulation: sizes and shapes', () => {
  it('uses the documented defaults and lands in the intended size range', () => {
    const pop = generatePopulation();
    expect(pop.seed).toBe(DEFAULT_POPULATION_OPTIONS.seed);
    expect(pop.asOf).toBe('2026-11-01');
    expect(pop.people).toHaveLength(2000);
    expect(pop.companies).toHaveLength(150);
    expect(pop.campaigns).toHaveLength(8);
    expect(pop.hubspot.companies).toHaveLength(150);
    expect(pop.hubspot.contacts.length / 2000).toBeGreaterThan(0.65);
    expect(pop.hubspot.contacts.length / 2000).toBeLessThan(0.77);
    expect(pop.web.events.length).toBeGreaterThan(20_000);
    expect(pop.web.events.length).toBeLessThan(40_000);
  });

  it('keeps ids unique and in their documented formats', () => {
    const unique = (xs: readonly string[]): void => expect(new Set(xs).size).toBe(xs.length);
    unique(small.people.map((p) => p.personId));
    unique(small.people.map((p) => p.email));
    unique(small.hubspot.contacts.map((c) => c.recordId));
    unique(small.hubspot.deals.map((d) => d.recordId));
    unique(small.web.events.map((e) => e.messageId));
    unique(small.mailchimp.campaigns.map((c) => c.mailchimpCampaignId));
    unique(small.metaAds.campaigns.map((c) => c.metaCampaignId));
    expect(small.people.every((p) => /^p_\d{6}$/.test(p.personId))).toBe(true);
    expect(small.hubspot.contacts.every((c) => /^\d+$/.test(c.recordId))).toBe(true);
    expect(small.mailchimp.lists.every((l) => /^[0-9a-f]{10}$/.test(l.listId))).toBe(true);
    expect(small.metaAds.campaigns.every((c) => /^\d+$/.test(c.metaCampaignId) && c.accountId === META_ACCOUNT_ID)).toBe(true);
    expect(small.people.every((p) => p.email === p.email.trim().toLowerCase())).toBe(true);
  });

  it('keeps every timestamp before asOf and web events sorted inside the window', () => {
    const end = Date.parse('2026-11-01T00:00:00Z');
    const start = end - 60 * 86_400_000;
    let prev = -Infinity;
    const bad: string[] = [];
    for (const e of small.web.events) {
      const t = Date.parse(e.timestamp);
      if (t < prev || t < start || t >= end) bad.push(e.timestamp);
      prev = t;
    }
    expect(bad).toEqual([]);
    expect(small.mailchimp.activity.filter((a) => Date.parse(a.timestamp) >= end)).toEqual([]);
    for (const c of small.hubspot.contacts) {
      expect(Date.parse(c.updatedAt)).toBeLessThan(end);
      expect(c.updatedAt >= c.createdAt).toBe(true);
    }
  });

  it('gives canonical phones as valid E.164 and sensible Meta insights', () => {
    for (const p of small.people) if (p.phone !== null) expect(isValidPhoneNumber(p.phone), p.phone).toBe(true);
    const seen = new Set<string>();
    for (const i of small.metaAds.insights) {
      expect(seen.has(`${i.metaCampaignId}|${i.date}`)).toBe(false);
      seen.add(`${i.metaCampaignId}|${i.date}`);
      expect(Math.round(i.spend * 100) / 100).toBe(i.spend);
      expect(i.clicks).toBeLessThanOrEqual(i.impressions);
      expect(i.reach).toBeLessThanOrEqual(i.impressions);
      expect(i.date < '2026-11-01' && i.date >= '2026-09-02').toBe(true);
    }
    expect(small.metaAds.insights.length).toBeGreaterThan(0);
  });
});

describe('generatePopulation: ground truth', () => {
  it('has one truth entry per source record and points each at an existing record', () => {
    expectTruthMatchesRecords(small);
  });

  it('makes the truth agree with the canonical person behind each record', () => {
    const people = new Map(small.people.map((p) => [p.personId, p]));
    for (const c of small.hubspot.contacts) if (c.email !== null) expect(canonicalEmail(c.email)).toBe(people.get(c.personId)!.email);
    for (const m of small.mailchimp.members) expect(canonicalEmail(m.emailAddress)).toBe(people.get(m.personId)!.email);
    const userPerson = new Map(small.truth.filter((t) => t.kind === 'user_id').map((t) => [t.recordId, t.personId]));
    const identifies = small.web.events.filter((e) => e.type === 'identify');
    expect(identifies.length).toBeGreaterThan(100);
    for (const e of identifies) expect(canonicalEmail(e.traits!.email!)).toBe(people.get(userPerson.get(e.userId!)!)!.email);
  });
});

describe('generatePopulation: realistic mess', () => {
  it('types emails differently from the canonical form, by case and whitespace only', () => {
    const typed = [...small.hubspot.contacts.map((c) => c.email), ...small.mailchimp.members.map((m) => m.emailAddress)].filter((e): e is string => e !== null);
    const messy = typed.filter((e) => e !== canonicalEmail(e));
    expect(messy.length / typed.length).toBeGreaterThan(0.15);
    expect(messy.some((e) => e !== e.trim())).toBe(true);
    expect(messy.some((e) => e.trim() !== e.trim().toLowerCase())).toBe(true);
  });

  it('duplicates some contacts inside HubSpot and keeps some phone-only', () => {
    const perPerson = new Map<string, string[]>();
    for (const c of small.hubspot.contacts) perPerson.set(c.personId, [...(perPerson.get(c.personId) ?? []), c.email ?? '']);
    const dups = [...perPerson.values()].filter((emails) => emails.length > 1);
    expect(dups.length).toBeGreaterThan(3);
    for (const [a, b] of dups) {
      expect(a).not.toBe(b);
      expect(canonicalEmail(a!)).toBe(canonicalEmail(b!));
    }
    const phoneOnly = small.hubspot.contacts.filter((c) => c.email === null);
    expect(phoneOnly.length / small.hubspot.contacts.length).toBeGreaterThan(0.02);
    expect(phoneOnly.length / small.hubspot.contacts.length).toBeLessThan(0.07);
    expect(phoneOnly.every((c) => c.phone !== null && c.country !== null)).toBe(true);
  });

  it('types phones in mixed formats that still parse back to the canonical number', () => {
    const people = new Map(small.people.map((p) => [p.personId, p]));
    const shapes = new Set<string>();
    for (const c of small.hubspot.contacts) {
      if (c.phone === null) continue;
      shapes.add(c.phone.replace(/\d/g, '9'));
      if (c.country !== null) expect(canonicalPhone(c.phone, c.country), c.phone).toBe(people.get(c.personId)!.phone);
    }
    expect(shapes).toContain('(999) 999-9999');
    expect(shapes).toContain('999.999.9999');
    expect(shapes).toContain('+9 999-999-9999');
    expect(shapes.size).toBeGreaterThan(8);
  });

  it('has people in only one source, people in several, and anonymous-only visitors', () => {
    const sources = sourcesByPerson(small);
    const real = [...sources].filter(([id]) => !id.startsWith('anon_'));
    expect(real.filter(([, s]) => s.size === 1).length).toBeGreaterThan(50);
    expect(real.filter(([, s]) => s.size === 3).length).toBeGreaterThan(50);
    const strangers = small.truth.filter((t) => t.personId.startsWith('anon_'));
    expect(strangers.length).toBeGreaterThan(50);
    // Some real people's browsers never identified either.
    expect(small.truth.some((t) => t.kind === 'anonymous_id' && !t.personId.startsWith('anon_') && !t.reachableByEmail)).toBe(true);
    // Every real person appears somewhere.
    expect(real.length).toBe(small.people.length);
  });
});

describe('generatePopulation: utm_campaign consistency', () => {
  const bySlug = new Map(small.campaigns.map((c) => [c.utmCampaign, c]));
  const byId = new Map(small.campaigns.map((c) => [c.campaignId, c]));

  it('uses unique lower-snake-case slugs on mostly multi-channel campaigns', () => {
    expect(bySlug.size).toBe(small.campaigns.length);
    for (const c of small.campaigns) expect(c.utmCampaign).toMatch(/^[a-z0-9]+(_[a-z0-9]+)*$/);
    const many = generatePopulation({ seed: 5, people: 10, campaigns: 60, days: 7 }).campaigns;
    expect(new Set(many.map((c) => c.utmCampaign)).size).toBe(60);
    expect(many.filter((c) => c.channels.length >= 2).length / 60).toBeGreaterThan(0.6);
  });

  it('ties Mailchimp campaigns, Meta names, web UTMs, click URLs and deals to the same slugs', () => {
    expect(small.mailchimp.campaigns.length).toBeGreaterThan(0);
    for (const mc of small.mailchimp.campaigns) {
      expect(byId.get(mc.campaignId)!.utmCampaign).toBe(mc.utmCampaign);
      expect(byId.get(mc.campaignId)!.channels).toContain('email');
    }
    for (const m of small.metaAds.campaigns) {
      const [slug, audience, objective] = m.name.split(' | ');
      expect(slug).toBe(byId.get(m.campaignId)!.utmCampaign);
      expect(audience && objective).toBeTruthy();
      expect(byId.get(m.campaignId)!.channels).toContain('meta');
    }
    const channelOf: Record<string, string> = { mailchimp: 'email', facebook: 'meta', instagram: 'meta', google: 'web', linkedin: 'web' };
    let tagged = 0;
    for (const e of small.web.events) {
      const utm = e.context.campaign;
      if (!utm) continue;
      tagged++;
      const c = bySlug.get(utm.name);
      expect(c, utm.name).toBeDefined();
      expect(c!.channels).toContain(channelOf[utm.source]);
      expect(e.context.page.url).toContain(`utm_campaign=${utm.name}`);
    }
    expect(tagged).toBeGreaterThan(500);
    const clicks = small.mailchimp.activity.filter((a) => a.action === 'click');
    expect(clicks.length).toBeGreaterThan(0);
    const mcById = new Map(small.mailchimp.campaigns.map((c) => [c.mailchimpCampaignId, c]));
    for (const a of clicks) {
      const url = new URL(a.url!);
      expect(url.searchParams.get('utm_source')).toBe('mailchimp');
      expect(url.searchParams.get('utm_medium')).toBe('email');
      expect(url.searchParams.get('utm_campaign')).toBe(mcById.get(a.mailchimpCampaignId)!.utmCampaign);
    }
    for (const d of small.hubspot.deals) if (d.utmCampaign !== null) expect(bySlug.has(d.utmCampaign)).toBe(true);
    expect(small.hubspot.deals.some((d) => d.utmCampaign !== null)).toBe(true);
  });

  it('sends email only to subscribed members and records opens/clicks only after a send', () => {
    const members = new Map(small.mailchimp.members.map((m) => [`${m.listId}|${m.personId}`, m]));
    const sent = new Set<string>();
    const counts = { sent: 0, open: 0, click: 0, bounce: 0 };
    for (const a of small.mailchimp.activity) {
      const m = members.get(`${a.listId}|${a.personId}`);
      expect(m?.emailAddress).toBe(a.emailAddress);
      counts[a.action]++;
      if (a.action === 'sent') {
        expect(m!.status === 'pending').toBe(false);
        sent.add(`${a.mailchimpCampaignId}|${a.personId}`);
      } else expect(sent.has(`${a.mailchimpCampaignId}|${a.personId}`)).toBe(true);
    }
    expect(counts.open / counts.sent).toBeGreaterThan(0.2);
    expect(counts.click / counts.sent).toBeGreaterThan(0.01);
    expect(counts.click / counts.sent).toBeLessThan(0.08);
    expect(counts.bounce).toBeGreaterThan(0);
  });

  it('links HubSpot deals to the contacts of the deal person', () => {
    const contactPerson = new Map(small.hubspot.contacts.map((c) => [c.recordId, c.personId]));
    const dealPerson = new Map(small.deals.map((d) => [d.dealId, d.personId]));
    for (const d of small.hubspot.deals) {
      expect(d.contactRecordIds.length).toBeGreaterThan(0);
      for (const id of d.contactRecordIds) expect(contactPerson.get(id)).toBe(dealPerson.get(d.dealId));
    }
  });
});
