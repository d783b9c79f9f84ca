/**
 * Shared checks for the synthetic-population tests: the truth must describe exactly the
 * records the sources hold, before and after `applyDailyChanges`.
 */
import { expect } from 'vitest';
import { createHash } from 'node:crypto';
import type { Population, TruthEntry } from '../../../sandbox/world/index.js';

const md5 = (s: string): string => createHash('md5').update(s.trim().toLowerCase()).digest('hex');

/** Truth entries grouped by source/kind, keyed by record id. */
export function truthByKind(pop: Population): Map<string, Map<string, TruthEntry>> {
  const out = new Map<string, Map<string, TruthEntry>>();
  for (const t of pop.truth) {
    const k = `${t.source}|${t.kind}`;
    const m = out.get(k) ?? new Map<string, TruthEntry>();
    expect(m.has(t.recordId), `duplicate truth entry ${k}|${t.recordId}`).toBe(false);
    m.set(t.recordId, t);
    out.set(k, m);
  }
  return out;
}

/** Every truth entry points at an existing record of the right person, and every record has one. */
export function expectTruthMatchesRecords(pop: Population): void {
  const byKind = truthByKind(pop);
  expect([...byKind.keys()].sort()).toEqual(['hubspot|contacts', 'mailchimp|members', 'web|anonymous_id', 'web|user_id']);
  const people = new Set(pop.people.map((p) => p.personId));

  const contacts = byKind.get('hubspot|contacts')!;
  expect(contacts.size).toBe(pop.hubspot.contacts.length);
  for (const c of pop.hubspot.contacts) {
    const t = contacts.get(c.recordId);
    expect(t?.personId).toBe(c.personId);
    expect(t?.reachableByEmail).toBe(c.email !== null);
  }

  const members = byKind.get('mailchimp|members')!;
  expect(members.size).toBe(pop.mailchimp.members.length);
  for (const m of pop.mailchimp.members) {
    const t = members.get(`${m.listId}:${md5(m.emailAddress)}`);
    expect(t?.personId).toBe(m.personId);
    expect(t?.reachableByEmail).toBe(true);
  }

  // Web: browsers and user ids seen in events ⇔ truth entries; reachable ⇔ an identify carried an email.
  const anon = byKind.get('web|anonymous_id')!;
  const users = byKind.get('web|user_id')!;
  const seenAnon = new Set<string>();
  const seenUsers = new Set<string>();
  const emailed = new Set<string>();
  const problems: string[] = []; // collected, not asserted per event: tens of thousands of expects are slow
  for (const e of pop.web.events) {
    seenAnon.add(e.anonymousId);
    const a = anon.get(e.anonymousId);
    if (!a) problems.push(`event ${e.messageId}: no truth for anonymousId ${e.anonymousId}`);
    if (e.userId !== null) {
      seenUsers.add(e.userId);
      if (users.get(e.userId)?.personId !== a?.personId) problems.push(`event ${e.messageId}: userId and anonymousId disagree`);
    }
    if (e.type === 'identify' && e.traits?.email) emailed.add(e.anonymousId);
  }
  expect(problems).toEqual([]);
  expect(seenAnon.size).toBe(anon.size);
  expect(seenUsers.size).toBe(users.size);
  for (const [id, t] of anon) expect(t.reachableByEmail, `anonymousId ${id}`).toBe(emailed.has(id));

  for (const t of pop.truth) {
    if (t.personId.startsWith('anon_')) {
      expect(t.source).toBe('web');
      expect(t.reachableByEmail).toBe(false);
    } else {
      expect(people.has(t.personId), `truth names unknown person ${t.personId}`).toBe(true);
    }
  }
}
