/**
 * How the population appears in Mailchimp: two audiences (lists), members typed by the
 * subscribers themselves, one Mailchimp campaign per email-channel campaign (sometimes
 * two sends), and the email activity those sends caused. Clicks become web visits
 * (the `touches` map), so the same utm_campaign shows up on the website.
 */
import { createHash } from 'node:crypto';
import type {
  Campaign, MailchimpActivityAppearance, MailchimpCampaignAppearance, MailchimpListAppearance,
  MailchimpMemberAppearance, Person, TruthEntry,
} from './types.js';
import { canonicalEmail, messyEmail, messyPhone, type PhoneBook } from './messy.js';
import type { Rng } from './random.js';
import { DAY_MS, HOUR_MS, MINUTE_MS, isoSeconds, parseInstant, startOfDay, type Window } from './time.js';
import { campaignRunInWindow } from './world.js';
import { landingUrl, type Touch } from './web.js';

/** Mailchimp's member id: md5 of the lower-cased, trimmed address. */
export function mailchimpMemberId(emailAddress: string): string {
  return createHash('md5').update(canonicalEmail(emailAddress)).digest('hex');
}

/** The truth `recordId` of a member: `${listId}:${md5}`. */
export function memberRecordId(listId: string, emailAddress: string): string {
  return `${listId}:${mailchimpMemberId(emailAddress)}`;
}

/** A member record for `person` on `list`, opting in at `optInMs`. */
export function memberFor(
  person: Person,
  list: MailchimpListAppearance,
  optInMs: number,
  asOfMs: number,
  rng: Rng,
  phones: PhoneBook,
): MailchimpMemberAppearance {
  const status = rng.weighted<MailchimpMemberAppearance['status']>([['subscribed', 85], ['unsubscribed', 8], ['cleaned', 3], ['pending', 4]]);
  const lastChangedMs = status === 'pending' || rng.chance(0.4) ? optInMs : rng.int(optInMs, Math.max(optInMs, asOfMs - 1));
  return {
    listId: list.listId,
    personId: person.personId,
    emailAddress: messyEmail(person.email, rng, 0.7),
    firstName: rng.chance(0.1) ? null : person.firstName,
    lastName: rng.chance(0.12) ? null : person.lastName,
    phone: person.phone !== null && rng.chance(0.25) ? messyPhone(person.phone, person.country, rng, phones) : null,
    country: rng.chance(0.6) ? person.country : null,
    status,
    optInAt: isoSeconds(optInMs),
    lastChanged: isoSeconds(lastChangedMs),
  };
}

export interface MailchimpResult {
  readonly lists: MailchimpListAppearance[];
  readonly members: MailchimpMemberAppearance[];
  readonly campaigns: MailchimpCampaignAppearance[];
  readonly activity: MailchimpActivityAppearance[];
  readonly truth: TruthEntry[];
  /** People with at least one member record. */
  readonly memberPeople: Set<string>;
}

const SUBJECTS = [
  (n: string) => `${n}: don't miss out`,
  (n: string) => `Inside: ${n}`,
  (n: string) => `Last chance — ${n}`,
  (n: string) => `{{FNAME}}, ${n} is here`,
  (n: string) => `What's new: ${n}`,
] as const;

/** A member with its dates parsed once (every send checks every member of its list). */
interface ListEntry {
  readonly member: MailchimpMemberAppearance;
  readonly optInMs: number;
  readonly lastChangedMs: number;
}

/** Was the member on the list and subscribed when the campaign went out? */
function subscribedAt(e: ListEntry, sendMs: number): boolean {
  if (e.optInMs > sendMs) return false;
  const status = e.member.status;
  if (status === 'subscribed') return true;
  if (status === 'unsubscribed' || status === 'cleaned') return e.lastChangedMs > sendMs;
  return false;
}

export function makeMailchimp(
  people: readonly Person[],
  campaigns: readonly Campaign[],
  rng: Rng,
  win: Window,
  touches: Map<string, Touch[]>,
  phones: PhoneBook,
): MailchimpResult {
  const asOfMs = win.endMs;
  const lists: MailchimpListAppearance[] = [
    { listId: rng.hex(10), name: 'Newsletter', createdAt: isoSeconds(asOfMs - 1200 * DAY_MS - rng.int(0, DAY_MS)) },
    { listId: rng.hex(10), name: 'Product Updates', createdAt: isoSeconds(asOfMs - 500 * DAY_MS - rng.int(0, DAY_MS)) },
  ];
  const [main, second] = lists as [MailchimpListAppearance, MailchimpListAppearance];
  const members: MailchimpMemberAppearance[] = [];
  const byList = new Map<string, ListEntry[]>([[main.listId, []], [second.listId, []]]);
  const memberPeople = new Set<string>();
  for (const person of people) {
    const inMain = rng.chance(0.6);
    const inSecond = inMain ? rng.chance(0.25) : rng.chance(0.03);
    for (const [list, on] of [[main, inMain], [second, inSecond]] as const) {
      if (!on) continue;
      const earliest = Math.max(parseInstant(person.createdAt), parseInstant(list.createdAt));
      const optInMs = Math.min(earliest + rng.int(0, 30 * DAY_MS), asOfMs - HOUR_MS);
      const m = memberFor(person, list, Math.max(optInMs, earliest), asOfMs, rng, phones);
      members.push(m);
      byList.get(list.listId)!.push({ member: m, optInMs: parseInstant(m.optInAt), lastChangedMs: parseInstant(m.lastChanged) });
      memberPeople.add(person.personId);
    }
  }
  const truth: TruthEntry[] = members.map((m) => ({
    source: 'mailchimp', kind: 'members', recordId: memberRecordId(m.listId, m.emailAddress), personId: m.personId, reachableByEmail: true,
  }));

  const mcCampaigns: MailchimpCampaignAppearance[] = [];
  const activity: MailchimpActivityAppearance[] = [];
  const usedIds = new Set<string>();
  for (const c of campaigns) {
    if (!c.channels.includes('email')) continue;
    const run = campaignRunInWindow(c, win);
    if (!run) continue;
    const sends = rng.chance(0.3) ? 2 : 1;
    const runDays = Math.max(1, Math.round((run.toMs - run.fromMs) / DAY_MS));
    for (let k = 0; k < sends; k++) {
      const day = startOfDay(run.fromMs) + rng.int(0, runDays - 1) * DAY_MS;
      const sendMs = Math.min(day + rng.int(8 * 60, 17 * 60) * MINUTE_MS, asOfMs - HOUR_MS);
      const list = k === 1 && rng.chance(0.5) ? second : main;
      let id = rng.hex(10);
      while (usedIds.has(id)) id = rng.hex(10);
      usedIds.add(id);
      mcCampaigns.push({
        mailchimpCampaignId: id,
        campaignId: c.campaignId,
        listId: list.listId,
        title: `${c.name} — ${list.name}${sends > 1 ? ` #${k + 1}` : ''}`,
        subjectLine: rng.pick(SUBJECTS)(c.name),
        utmCampaign: c.utmCampaign,
        sendTime: isoSeconds(sendMs),
        createTime: isoSeconds(sendMs - rng.int(1, 72) * HOUR_MS),
      });
      emitActivity(id, c, list.listId, byList.get(list.listId)!, sendMs, asOfMs, rng, activity, touches);
    }
  }
  return { lists, members, campaigns: mcCampaigns, activity, truth, memberPeople };
}

const CLICK_PATHS = ['/', '/pricing', '/features', '/demo', '/blog/whats-new', '/signup'] as const;

function emitActivity(
  mailchimpCampaignId: string,
  campaign: Campaign,
  listId: string,
  listMembers: readonly ListEntry[],
  sendMs: number,
  asOfMs: number,
  rng: Rng,
  out: MailchimpActivityAppearance[],
  touches: Map<string, Touch[]>,
): void {
  const sent = isoSeconds(sendMs);
  for (const entry of listMembers) {
    if (!subscribedAt(entry, sendMs)) continue;
    const m = entry.member;
    const { personId, emailAddress } = m;
    out.push({ mailchimpCampaignId, listId, personId, emailAddress, action: 'sent', timestamp: sent, url: null });
    const cleanedLater = m.status === 'cleaned';
    if ((cleanedLater && rng.chance(0.5)) || rng.chance(0.01)) {
      out.push({ mailchimpCampaignId, listId, personId, emailAddress, action: 'bounce', timestamp: isoSeconds(sendMs + rng.int(5_000, 10 * MINUTE_MS)), url: null });
      continue;
    }
    if (!rng.chance(0.25)) continue;
    const openMs = sendMs + Math.round(rng.exponential(6 * HOUR_MS)) + 30_000;
    if (openMs >= asOfMs) continue;
    out.push({ mailchimpCampaignId, listId, personId, emailAddress, action: 'open', timestamp: isoSeconds(openMs), url: null });
    if (rng.chance(0.3)) {
      const again = openMs + Math.round(rng.exponential(DAY_MS));
      if (again < asOfMs) out.push({ mailchimpCampaignId, listId, personId, emailAddress, action: 'open', timestamp: isoSeconds(again), url: null });
    }
    if (!rng.chance(0.16)) continue; // ≈ 4 % of sends
    const clickMs = openMs + rng.int(5_000, 5 * MINUTE_MS);
    if (clickMs >= asOfMs - MINUTE_MS) continue;
    const path = rng.pick(CLICK_PATHS);
    const url = landingUrl(path, { name: campaign.utmCampaign, source: 'mailchimp', medium: 'email' });
    out.push({ mailchimpCampaignId, listId, personId, emailAddress, action: 'click', timestamp: isoSeconds(clickMs), url });
    const list = touches.get(m.personId) ?? [];
    list.push({ ms: clickMs + rng.int(1_000, 8_000), landing: { path, campaign: { name: campaign.utmCampaign, source: 'mailchimp', medium: 'email' }, referrer: '' } });
    touches.set(m.personId, list);
  }
}
