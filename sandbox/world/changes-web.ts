/**
 * One more day of web traffic for `applyDailyChanges`: returning browsers (some of
 * which identify now), a few new strangers, and new people who sign up today. New
 * events are sorted and strictly later than every existing event, so a consumer that
 * tails the event list by timestamp sees them all.
 */
import type { Campaign, Person, Population, SegmentEvent, TruthEntry } from './types.js';
import type { PhoneBook } from './messy.js';
import type { Rng } from './random.js';
import { DAY_MS, HOUR_MS, parseInstant } from './time.js';
import { CampaignCalendar, EventBuffer, SessionWriter, newBrowser, type Browser } from './web.js';

export interface WebDayResult {
  readonly eventsAdded: number;
  readonly browsersIdentified: number;
  readonly newBrowsers: number;
  readonly truthAdded: number;
  readonly truthUpdated: number;
}

/** Mutable view of the arrays this module appends to. */
interface WebTarget {
  readonly events: SegmentEvent[];
  readonly truth: TruthEntry[];
}

const maxSuffix = (ids: Iterable<string>, prefix: string): number => {
  let max = 0;
  for (const id of ids) if (id.startsWith(prefix)) max = Math.max(max, Number(id.slice(prefix.length)) || 0);
  return max;
};

export function addWebDay(
  pop: Population,
  target: WebTarget,
  newPeople: readonly Person[],
  rng: Rng,
  atMs: number,
  fraction: number,
  phones: PhoneBook,
): WebDayResult {
  const events = target.events;
  const lastMs = events.length > 0 ? parseInstant(events[events.length - 1]!.timestamp) : atMs - DAY_MS;
  const lo = Math.max(atMs - DAY_MS, lastMs + 1);
  const hi = Math.max(lo, atMs - 2 * HOUR_MS);
  const when = (): number => rng.int(lo, hi);
  const campaigns: readonly Campaign[] = pop.campaigns;
  const writer = new SessionWriter(rng, new CampaignCalendar(campaigns, { startMs: atMs - 2 * DAY_MS, endMs: atMs }), phones);

  // Browsers and user ids from the truth (one pass), keyed for in-place truth updates.
  const truthIndex = new Map<string, number>();
  const userIdOf = new Map<string, string>();
  const anonIds: string[] = [];
  target.truth.forEach((t, i) => {
    if (t.source !== 'web') return;
    if (t.kind === 'anonymous_id') {
      truthIndex.set(t.recordId, i);
      anonIds.push(t.recordId);
    } else if (t.kind === 'user_id') userIdOf.set(t.personId, t.recordId);
  });
  let nextUser = maxSuffix(userIdOf.values(), 'u_') + 1;
  let nextStranger = maxSuffix(target.truth.filter((t) => t.source === 'web' && t.personId.startsWith('anon_')).map((t) => t.personId), 'anon_') + 1;

  // Returning browsers: recover each one's device context from its latest event.
  const returning = rng.sampleIndices(anonIds.length, Math.round(anonIds.length * fraction * 7)).map((i) => anonIds[i]!);
  const wanted = new Set(returning);
  const context = new Map<string, { ip: string; userAgent: string; userId: string | null }>();
  for (const e of events) if (wanted.has(e.anonymousId)) context.set(e.anonymousId, { ip: e.context.ip, userAgent: e.context.userAgent, userId: e.userId });

  const timed = new EventBuffer();
  let browsersIdentified = 0;
  let truthAdded = 0;
  let truthUpdated = 0;
  const peopleById = new Map(pop.people.map((p) => [p.personId, p]));
  for (const anonymousId of returning) {
    const ti = truthIndex.get(anonymousId)!;
    const t = target.truth[ti]!;
    const ctx = context.get(anonymousId);
    const browser: Browser = {
      anonymousId, personId: t.personId, ip: ctx?.ip ?? '192.0.2.1', userAgent: ctx?.userAgent ?? 'Mozilla/5.0',
      userId: ctx?.userId ?? null, emailIdentified: t.reachableByEmail,
    };
    const person = peopleById.get(t.personId);
    let identify: { userId: string; person: Person } | undefined;
    if (person && !browser.emailIdentified) {
      const known = userIdOf.get(person.personId);
      if (known !== undefined && rng.chance(0.2)) identify = { userId: known, person };
      else if (known === undefined && rng.chance(0.05)) {
        identify = { userId: `u_${nextUser++}`, person };
        userIdOf.set(person.personId, identify.userId);
        target.truth.push({ source: 'web', kind: 'user_id', recordId: identify.userId, personId: person.personId, reachableByEmail: true });
        truthAdded++;
      }
    }
    const ms = when();
    writer.write(browser, ms, writer.randomLanding(ms), identify ? { identify, conversion: 'Form Submitted' } : {}, timed);
    if (identify) {
      browsersIdentified++;
      target.truth[ti] = { ...t, reachableByEmail: true };
      truthUpdated++;
    }
  }

  const newBrowsers: Browser[] = [];
  // New people who visit today sign up on the site.
  for (const person of newPeople) {
    const browser = newBrowser(person.personId, rng);
    const userId = `u_${nextUser++}`;
    const ms = when();
    writer.write(browser, ms, writer.randomLanding(ms), { identify: { userId, person }, conversion: 'Signed Up' }, timed);
    newBrowsers.push(browser);
    target.truth.push({ source: 'web', kind: 'user_id', recordId: userId, personId: person.personId, reachableByEmail: true });
    truthAdded++;
  }
  // A few strangers who are nobody we know.
  const strangers = Math.max(1, Math.round(pop.people.length * fraction * 0.15));
  for (let i = 0; i < strangers; i++) {
    const browser = newBrowser(`anon_${String(nextStranger++).padStart(6, '0')}`, rng);
    const ms = when();
    writer.write(browser, ms, writer.randomLanding(ms), {}, timed);
    newBrowsers.push(browser);
  }
  for (const b of newBrowsers) {
    target.truth.push({ source: 'web', kind: 'anonymous_id', recordId: b.anonymousId, personId: b.personId, reachableByEmail: b.emailIdentified });
    truthAdded++;
  }

  const added = timed.sorted();
  for (const e of added) events.push(e);
  return { eventsAdded: added.length, browsersIdentified, newBrowsers: newBrowsers.length, truthAdded, truthUpdated };
}
