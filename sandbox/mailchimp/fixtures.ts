/**
 * The Mailchimp mock's data: a MUTABLE store built from the synthetic population.
 * Nothing here is a pre-rendered response: the server computes every page, stat and
 * report from this store when asked, so a test or the demo can change a member
 * between two syncs (`updateMember`) and the next incremental read sees exactly that.
 *
 * Change the store through the helpers below: they normalise times to Mailchimp's
 * second precision and bump `revision`, which the server's indexes key on.
 *
 * @example
 * ```ts
 * const fixtures = mailchimpFixturesFromPopulation(population);
 * const mock = await startMailchimpMock({ fixtures, apiKey: 'k-us21' });
 * updateMember(fixtures, listId, 'ada@example.com', { lastName: 'Byron' }, '2026-11-02T09:00:00Z');
 * ```
 */
import { createHash } from 'node:crypto';
import type { Population } from '../world/types.js';
import { homeAddressOf, typedAddress } from '../world/addresses.js';
import { toMailchimpTime } from '../../connectors/mailchimp/config.js';

export type MemberStatus = 'subscribed' | 'unsubscribed' | 'cleaned' | 'pending';
export type MockAction = 'sent' | 'open' | 'click' | 'bounce';

export interface MockList {
  readonly id: string;
  readonly webId: number;
  name: string;
  readonly dateCreated: string;
}

export interface MockMember {
  readonly listId: string;
  /** As the subscriber typed it; the member id is md5 of its trimmed lower-case form. */
  emailAddress: string;
  firstName: string | null;
  lastName: string | null;
  phone: string | null;
  /** The ADDRESS merge field; null when unset (Mailchimp then sends ""). */
  address: MockAddress | null;
  /** The BIRTHDAY merge field, 'MM/DD'; null when unset. */
  birthday: string | null;
  country: string | null;
  status: MemberStatus;
  readonly optInAt: string;
  lastChanged: string;
  /** How the member joined ('Hosted Signup Form', 'Import', 'API - Generic', 'Admin Add'). */
  readonly source: string;
  /** Signup IP; null for imported members (Mailchimp then sends ""). */
  readonly ipSignup: string | null;
  readonly ipOpt: string;
  readonly memberRating: number;
  readonly language: string;
  vip: boolean;
  tags: { id: number; name: string }[];
}

/** Mailchimp's address merge field, as the API sends it. */
export interface MockAddress {
  readonly addr1: string;
  readonly addr2: string;
  readonly city: string;
  readonly state: string;
  readonly zip: string;
  readonly country: string;
}

export interface MockCampaign {
  readonly id: string;
  readonly webId: number;
  readonly listId: string;
  readonly title: string;
  readonly subjectLine: string;
  /** `tracking.google_analytics`: the utm_campaign slug. */
  readonly utmCampaign: string;
  readonly sendTime: string;
  readonly createTime: string;
}

/** A send ('sent', feeding sent-to) or an activity (open/click/bounce, feeding email-activity). */
export interface MockEvent {
  readonly campaignId: string;
  readonly listId: string;
  readonly emailAddress: string;
  readonly action: MockAction;
  readonly timestamp: string;
  readonly url: string | null;
  readonly ip: string | null;
}

export interface MailchimpFixtures {
  /** The mock's "now": campaigns sending later are still scheduled. */
  readonly asOf: string;
  readonly lists: MockList[];
  readonly members: MockMember[];
  readonly campaigns: MockCampaign[];
  readonly events: MockEvent[];
  /** Bumped by every helper; the server rebuilds its indexes when it changes. */
  revision: number;
}

/** Mailchimp's member id / email_id: md5 of the trimmed, lower-cased address. */
export function memberIdOf(email: string): string {
  return md5(email.trim().toLowerCase());
}

export function md5(text: string): string {
  return createHash('md5').update(text).digest('hex');
}

/** A deterministic integer from any string (for web ids, ratings, IPs). */
export function hashInt(text: string): number {
  return parseInt(md5(text).slice(0, 8), 16);
}

/** A TEST-NET address (RFC 5737), stable per seed string. */
export function ipFor(seed: string): string {
  const h = hashInt(`ip:${seed}`);
  const nets = ['192.0.2', '198.51.100', '203.0.113'];
  return `${nets[h % 3]}.${1 + ((h >>> 8) % 254)}`;
}

const SOURCES = ['Hosted Signup Form', 'Import', 'API - Generic', 'Admin Add'] as const;

export function mailchimpFixturesFromPopulation(pop: Population): MailchimpFixtures {
  const lists: MockList[] = pop.mailchimp.lists.map((l) => ({
    id: l.listId,
    webId: 100000 + (hashInt(`list:${l.listId}`) % 900000),
    name: l.name,
    dateCreated: toMailchimpTime(l.createdAt),
  }));
  const people = new Map(pop.people.map((p) => [p.personId, p]));
  const members: MockMember[] = pop.mailchimp.members.map((m) => {
    const key = `${m.listId}:${memberIdOf(m.emailAddress)}`;
    const h = hashInt(key);
    const person = people.get(m.personId);
    // About half the subscribers fill in the signup form's address, typed their own way (addresses.ts).
    const typed = person !== undefined && (h >>> 11) % 2 === 0 ? typedAddress(homeAddressOf(person), `mailchimp:${key}`) : null;
    const source = SOURCES[h % SOURCES.length]!;
    return {
      listId: m.listId,
      emailAddress: m.emailAddress,
      firstName: m.firstName,
      lastName: m.lastName,
      phone: m.phone,
      // Mailchimp sends the ADDRESS merge field whole or not at all; a part left out is ''.
      address: typed === null || (typed.street === null && typed.postcode === null)
        ? null
        : { addr1: typed.street ?? '', addr2: '', city: typed.city ?? '', state: '', zip: typed.postcode ?? '', country: m.country ?? '' },
      // The synthetic world knows no birthdays for its subscribers.
      birthday: null,
      country: m.country,
      status: m.status,
      optInAt: toMailchimpTime(m.optInAt),
      lastChanged: toMailchimpTime(m.lastChanged),
      source,
      ipSignup: source === 'Hosted Signup Form' ? ipFor(key) : null,
      ipOpt: ipFor(`opt:${key}`),
      memberRating: 1 + ((h >>> 4) % 5),
      language: (h >>> 7) % 3 === 0 ? '' : 'en',
      vip: (h >>> 9) % 50 === 0,
      tags: [],
    };
  });
  const campaigns: MockCampaign[] = pop.mailchimp.campaigns.map((c) => ({
    id: c.mailchimpCampaignId,
    webId: 100000 + (hashInt(`campaign:${c.mailchimpCampaignId}`) % 900000),
    listId: c.listId,
    title: c.title,
    subjectLine: c.subjectLine,
    utmCampaign: c.utmCampaign,
    sendTime: toMailchimpTime(c.sendTime),
    createTime: toMailchimpTime(c.createTime),
  }));
  const events: MockEvent[] = pop.mailchimp.activity.map((a) => ({
    campaignId: a.mailchimpCampaignId,
    listId: a.listId,
    emailAddress: a.emailAddress,
    action: a.action,
    timestamp: toMailchimpTime(a.timestamp),
    url: a.url,
    ip: a.action === 'open' || a.action === 'click' ? ipFor(`act:${memberIdOf(a.emailAddress)}`) : null,
  }));
  return { asOf: toMailchimpTime(pop.asOf), lists, members, campaigns, events, revision: 0 };
}

/** The member with this address in this list, or undefined. */
export function findMember(fixtures: MailchimpFixtures, listId: string, email: string): MockMember | undefined {
  const id = memberIdOf(email);
  return fixtures.members.find((m) => m.listId === listId && memberIdOf(m.emailAddress) === id);
}

export type MemberChanges = Partial<
  Pick<MockMember, 'emailAddress' | 'firstName' | 'lastName' | 'phone' | 'address' | 'birthday' | 'country' | 'status' | 'vip' | 'tags'>
>;

/**
 * Changes a member as Mailchimp would record it: fields updated, `last_changed` set to `at`.
 * Throws if the member does not exist (a typo in a test should not pass silently).
 */
export function updateMember(
  fixtures: MailchimpFixtures,
  listId: string,
  email: string,
  changes: MemberChanges,
  at: string,
): MockMember {
  const member = findMember(fixtures, listId, email);
  if (!member) throw new Error(`no member ${email} in list ${listId}`);
  Object.assign(member, changes, { lastChanged: toMailchimpTime(at) });
  fixtures.revision++;
  return member;
}

export interface NewMember {
  readonly listId: string;
  readonly emailAddress: string;
  readonly firstName?: string | null;
  readonly lastName?: string | null;
  readonly phone?: string | null;
  readonly address?: MockAddress | null;
  readonly birthday?: string | null;
  readonly country?: string | null;
  readonly status?: MemberStatus;
}

/** Subscribes a new member at `at` (signup form, so it has a signup IP). */
export function addMember(fixtures: MailchimpFixtures, input: NewMember, at: string): MockMember {
  if (!fixtures.lists.some((l) => l.id === input.listId)) throw new Error(`no list ${input.listId}`);
  if (findMember(fixtures, input.listId, input.emailAddress)) throw new Error(`${input.emailAddress} is already in ${input.listId}`);
  const key = `${input.listId}:${memberIdOf(input.emailAddress)}`;
  const when = toMailchimpTime(at);
  const member: MockMember = {
    listId: input.listId,
    emailAddress: input.emailAddress,
    firstName: input.firstName ?? null,
    lastName: input.lastName ?? null,
    phone: input.phone ?? null,
    address: input.address ?? null,
    birthday: input.birthday ?? null,
    country: input.country ?? null,
    status: input.status ?? 'subscribed',
    optInAt: when,
    lastChanged: when,
    source: 'Hosted Signup Form',
    ipSignup: ipFor(key),
    ipOpt: ipFor(`opt:${key}`),
    memberRating: 2,
    language: 'en',
    vip: false,
    tags: [],
  };
  fixtures.members.push(member);
  fixtures.revision++;
  return member;
}

/** Records a send or an activity (an open arriving after the first sync, say). */
export function addEvent(
  fixtures: MailchimpFixtures,
  event: Omit<MockEvent, 'timestamp' | 'ip' | 'url'> & { timestamp: string; url?: string | null; ip?: string | null },
): MockEvent {
  const recorded: MockEvent = {
    ...event,
    timestamp: toMailchimpTime(event.timestamp),
    url: event.url ?? null,
    ip: event.ip !== undefined ? event.ip : event.action === 'open' || event.action === 'click' ? ipFor(`act:${memberIdOf(event.emailAddress)}`) : null,
  };
  fixtures.events.push(recorded);
  fixtures.revision++;
  return recorded;
}
