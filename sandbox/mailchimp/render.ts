/**
 * Turns the mock's store into Mailchimp's wire records, at request time. Stats and
 * reports are aggregated from the stored sends and activity, so they stay consistent
 * with email-activity and sent-to after any change to the store.
 */
import type { MailchimpFixtures, MockCampaign, MockEvent, MockList, MockMember } from './fixtures.js';
import { md5, memberIdOf } from './fixtures.js';

type Json = Record<string, unknown>;

/** Latitude, longitude, gmtoff, dstoff, timezone of a representative city per country. */
const PLACES: Readonly<Record<string, readonly [number, number, number, number, string]>> = {
  US: [40.7128, -74.006, -5, -4, 'America/New_York'],
  CA: [43.6532, -79.3832, -5, -4, 'America/Toronto'],
  GB: [51.5074, -0.1278, 0, 1, 'Europe/London'],
  IE: [53.3498, -6.2603, 0, 1, 'Europe/Dublin'],
  DE: [52.52, 13.405, 1, 2, 'Europe/Berlin'],
  FR: [48.8566, 2.3522, 1, 2, 'Europe/Paris'],
  NL: [52.3676, 4.9041, 1, 2, 'Europe/Amsterdam'],
  ES: [40.4168, -3.7038, 1, 2, 'Europe/Madrid'],
  IT: [41.9028, 12.4964, 1, 2, 'Europe/Rome'],
  SE: [59.3293, 18.0686, 1, 2, 'Europe/Stockholm'],
  AU: [-33.8688, 151.2093, 10, 11, 'Australia/Sydney'],
  BR: [-23.5505, -46.6333, -3, -3, 'America/Sao_Paulo'],
  JP: [35.6762, 139.6503, 9, 9, 'Asia/Tokyo'],
  IN: [19.076, 72.8777, 5, 5, 'Asia/Kolkata'],
};

const ratio = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 10000) / 10000 : 0);
const maxTime = (times: readonly string[]) =>
  times.reduce((best, t) => (best === '' || Date.parse(t) > Date.parse(best) ? t : best), '');

/** Per-revision lookups the routes need; rebuilt when a helper changed the store. */
export class FixtureIndex {
  readonly fixtures: MailchimpFixtures;
  #revision = -1;
  #listMembers = new Map<string, MockMember[]>();
  #memberByKey = new Map<string, MockMember>();
  #campaignEvents = new Map<string, MockEvent[]>();
  #memberCampaigns = new Map<string, { sent: Set<string>; opened: Set<string>; clicked: Set<string> }>();

  constructor(fixtures: MailchimpFixtures) {
    this.fixtures = fixtures;
  }

  #fresh(): this {
    if (this.#revision === this.fixtures.revision) return this;
    this.#listMembers = new Map();
    this.#memberByKey = new Map();
    this.#campaignEvents = new Map();
    this.#memberCampaigns = new Map();
    for (const m of this.fixtures.members) {
      push(this.#listMembers, m.listId, m);
      this.#memberByKey.set(`${m.listId}:${memberIdOf(m.emailAddress)}`, m);
    }
    for (const e of this.fixtures.events) {
      push(this.#campaignEvents, e.campaignId, e);
      const key = `${e.listId}:${memberIdOf(e.emailAddress)}`;
      let seen = this.#memberCampaigns.get(key);
      if (!seen) this.#memberCampaigns.set(key, (seen = { sent: new Set(), opened: new Set(), clicked: new Set() }));
      if (e.action === 'sent') seen.sent.add(e.campaignId);
      if (e.action === 'open') seen.opened.add(e.campaignId);
      if (e.action === 'click') seen.clicked.add(e.campaignId);
    }
    this.#revision = this.fixtures.revision;
    return this;
  }

  list(id: string): MockList | undefined {
    return this.fixtures.lists.find((l) => l.id === id);
  }
  campaign(id: string): MockCampaign | undefined {
    return this.fixtures.campaigns.find((c) => c.id === id);
  }
  isSent(c: MockCampaign): boolean {
    return Date.parse(c.sendTime) <= Date.parse(this.fixtures.asOf);
  }
  membersOf(listId: string): readonly MockMember[] {
    return this.#fresh().#listMembers.get(listId) ?? [];
  }
  member(listId: string, emailId: string): MockMember | undefined {
    return this.#fresh().#memberByKey.get(`${listId}:${emailId}`);
  }
  eventsOf(campaignId: string): readonly MockEvent[] {
    return this.#fresh().#campaignEvents.get(campaignId) ?? [];
  }
  memberRates(m: MockMember): { avg_open_rate: number; avg_click_rate: number } {
    const seen = this.#fresh().#memberCampaigns.get(`${m.listId}:${memberIdOf(m.emailAddress)}`);
    const sent = seen?.sent.size ?? 0;
    return { avg_open_rate: ratio(seen?.opened.size ?? 0, sent), avg_click_rate: ratio(seen?.clicked.size ?? 0, sent) };
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Sends/opens/clicks/bounces of one campaign, aggregated the way Mailchimp's report counts them. */
function campaignTotals(idx: FixtureIndex, c: MockCampaign) {
  const events = idx.eventsOf(c.id);
  const sent = events.filter((e) => e.action === 'sent');
  const opens = events.filter((e) => e.action === 'open');
  const clicks = events.filter((e) => e.action === 'click');
  const bounces = events.filter((e) => e.action === 'bounce');
  const uniqueOpens = new Set(opens.map((e) => memberIdOf(e.emailAddress))).size;
  const clickers = new Set(clicks.map((e) => memberIdOf(e.emailAddress))).size;
  const uniqueClicks = new Set(clicks.map((e) => `${memberIdOf(e.emailAddress)} ${e.url ?? ''}`)).size;
  const delivered = sent.length - new Set(bounces.map((e) => memberIdOf(e.emailAddress))).size;
  const sentAt = Date.parse(c.sendTime);
  const unsubscribed = sent.filter((e) => {
    const m = idx.member(c.listId, memberIdOf(e.emailAddress));
    return m !== undefined && m.status === 'unsubscribed' && Date.parse(m.lastChanged) >= sentAt;
  }).length;
  return {
    emailsSent: sent.length,
    opensTotal: opens.length,
    uniqueOpens,
    openRate: ratio(uniqueOpens, delivered),
    lastOpen: maxTime(opens.map((e) => e.timestamp)),
    clicksTotal: clicks.length,
    uniqueClicks,
    clickers,
    clickRate: ratio(clickers, delivered),
    lastClick: maxTime(clicks.map((e) => e.timestamp)),
    hardBounces: bounces.length,
    unsubscribed,
  };
}

export function renderList(idx: FixtureIndex, l: MockList): Json {
  const members = idx.membersOf(l.id);
  const subscribed = members.filter((m) => m.status === 'subscribed');
  const unsubscribed = members.filter((m) => m.status === 'unsubscribed');
  const campaigns = idx.fixtures.campaigns.filter((c) => c.listId === l.id && idx.isSent(c));
  const totals = campaigns.map((c) => campaignTotals(idx, c));
  const avg = (values: number[]) => (values.length ? Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 10000) / 100 : 0);
  return {
    id: l.id,
    web_id: l.webId,
    name: l.name,
    contact: { company: 'Tributary Demo Co', address1: '1 Harbour Street', address2: '', city: 'Springfield', state: '', zip: '00000', country: 'US', phone: '' },
    permission_reminder: 'You signed up for updates on our website.',
    use_archive_bar: true,
    campaign_defaults: { from_name: 'Tributary Demo', from_email: 'news@example.com', subject: '', language: 'en' },
    notify_on_subscribe: '',
    notify_on_unsubscribe: '',
    date_created: l.dateCreated,
    list_rating: 3,
    email_type_option: false,
    subscribe_url_short: `https://eepurl.com/${md5(l.id).slice(0, 6)}`,
    subscribe_url_long: `https://example.us21.list-manage.com/subscribe?u=${md5('account').slice(0, 25)}&id=${l.id}`,
    beamer_address: `us21-${md5(l.id).slice(0, 10)}@inbound.mailchimp.com`,
    visibility: 'pub',
    double_optin: false,
    has_welcome: false,
    marketing_permissions: false,
    modules: [],
    stats: {
      member_count: subscribed.length,
      total_contacts: members.length,
      unsubscribe_count: unsubscribed.length,
      cleaned_count: members.filter((m) => m.status === 'cleaned').length,
      member_count_since_send: 0,
      unsubscribe_count_since_send: 0,
      cleaned_count_since_send: 0,
      campaign_count: campaigns.length,
      campaign_last_sent: maxTime(campaigns.map((c) => c.sendTime)),
      merge_field_count: 3,
      avg_sub_rate: 0,
      avg_unsub_rate: 0,
      target_sub_rate: 0,
      open_rate: avg(totals.map((t) => t.openRate)),
      click_rate: avg(totals.map((t) => t.clickRate)),
      last_sub_date: maxTime(subscribed.map((m) => m.optInAt)),
      last_unsub_date: maxTime(unsubscribed.map((m) => m.lastChanged)),
    },
  };
}

function location(m: MockMember): Json {
  const place = m.country ? PLACES[m.country] : undefined;
  // Mailchimp reports an unknown location as zeros and empty strings, not nulls.
  return {
    latitude: place?.[0] ?? 0,
    longitude: place?.[1] ?? 0,
    gmtoff: place?.[2] ?? 0,
    dstoff: place?.[3] ?? 0,
    country_code: m.country ?? '',
    timezone: place?.[4] ?? '',
  };
}

export function renderMember(idx: FixtureIndex, m: MockMember): Json {
  const id = memberIdOf(m.emailAddress);
  const key = `${m.listId}:${id}`;
  return {
    id,
    email_address: m.emailAddress,
    unique_email_id: md5(`unique:${key}`).slice(0, 10),
    contact_id: md5(`contact:${key}`),
    full_name: [m.firstName, m.lastName].filter((p) => p).join(' '),
    email_type: 'html',
    status: m.status,
    merge_fields: { FNAME: m.firstName ?? '', LNAME: m.lastName ?? '', PHONE: m.phone ?? '', ADDRESS: m.address ?? '', BIRTHDAY: m.birthday ?? '' },
    stats: idx.memberRates(m),
    ip_signup: m.ipSignup ?? '',
    timestamp_signup: m.ipSignup === null ? '' : m.optInAt,
    ip_opt: m.ipOpt,
    timestamp_opt: m.optInAt,
    member_rating: m.memberRating,
    last_changed: m.lastChanged,
    language: m.language,
    vip: m.vip,
    location: location(m),
    source: m.source,
    tags_count: m.tags.length,
    tags: m.tags,
    list_id: m.listId,
    _links: [{ rel: 'self', href: `/3.0/lists/${m.listId}/members/${id}`, method: 'GET' }],
  };
}

export function renderCampaign(idx: FixtureIndex, c: MockCampaign): Json {
  const sent = idx.isSent(c);
  const totals = campaignTotals(idx, c);
  return {
    id: c.id,
    web_id: c.webId,
    type: 'regular',
    create_time: c.createTime,
    status: sent ? 'sent' : 'schedule',
    emails_sent: sent ? totals.emailsSent : 0,
    send_time: c.sendTime,
    recipients: {
      list_id: c.listId,
      list_name: idx.list(c.listId)?.name ?? '',
      recipient_count: sent ? totals.emailsSent : idx.membersOf(c.listId).filter((m) => m.status === 'subscribed').length,
    },
    settings: { subject_line: c.subjectLine, title: c.title, from_name: 'Tributary Demo', reply_to: 'news@example.com' },
    tracking: { opens: true, html_clicks: true, text_clicks: false, google_analytics: c.utmCampaign },
  };
}

export function renderReport(idx: FixtureIndex, c: MockCampaign): Json {
  const t = campaignTotals(idx, c);
  return {
    id: c.id,
    campaign_title: c.title,
    type: 'regular',
    list_id: c.listId,
    emails_sent: t.emailsSent,
    send_time: c.sendTime,
    opens: { opens_total: t.opensTotal, unique_opens: t.uniqueOpens, open_rate: t.openRate, last_open: t.lastOpen },
    clicks: {
      clicks_total: t.clicksTotal,
      unique_clicks: t.uniqueClicks,
      unique_subscriber_clicks: t.clickers,
      click_rate: t.clickRate,
      last_click: t.lastClick,
    },
    bounces: { hard_bounces: t.hardBounces, soft_bounces: 0, syntax_errors: 0 },
    unsubscribed: t.unsubscribed,
  };
}

/** Email-activity entries (one per recipient with activity), only actions after `sinceMs`. */
export function renderEmailActivity(idx: FixtureIndex, c: MockCampaign, sinceMs: number | undefined): Json[] {
  const byEmail = new Map<string, { address: string; activity: Json[] }>();
  for (const e of idx.eventsOf(c.id)) {
    if (e.action === 'sent') continue;
    if (sinceMs !== undefined && !(Date.parse(e.timestamp) > sinceMs)) continue;
    const emailId = memberIdOf(e.emailAddress);
    let entry = byEmail.get(emailId);
    if (!entry) byEmail.set(emailId, (entry = { address: e.emailAddress, activity: [] }));
    const action: Json = { action: e.action, timestamp: e.timestamp };
    if (e.action === 'bounce') action.type = 'hard';
    if (e.url !== null) action.url = e.url;
    if (e.ip !== null) action.ip = e.ip;
    entry.activity.push(action);
  }
  return [...byEmail].map(([emailId, entry]) => ({
    campaign_id: c.id,
    list_id: c.listId,
    list_is_active: true,
    email_id: emailId,
    email_address: entry.address,
    activity: entry.activity,
    _links: [],
  }));
}

export function renderSentTo(idx: FixtureIndex, c: MockCampaign): Json[] {
  const events = idx.eventsOf(c.id);
  const bounced = new Set(events.filter((e) => e.action === 'bounce').map((e) => memberIdOf(e.emailAddress)));
  const opens = new Map<string, string[]>();
  for (const e of events) if (e.action === 'open') push(opens, memberIdOf(e.emailAddress), e.timestamp);
  return events
    .filter((e) => e.action === 'sent')
    .map((e) => {
      const emailId = memberIdOf(e.emailAddress);
      const m = idx.member(c.listId, emailId);
      const opened = opens.get(emailId) ?? [];
      return {
        email_id: emailId,
        email_address: e.emailAddress,
        merge_fields: { FNAME: m?.firstName ?? '', LNAME: m?.lastName ?? '' },
        vip: m?.vip ?? false,
        status: bounced.has(emailId) ? 'hard' : 'sent',
        open_count: opened.length,
        last_open: maxTime(opened),
        absplit_group: '',
        gmt_offset: m?.country ? (PLACES[m.country]?.[2] ?? 0) : 0,
        campaign_id: c.id,
        list_id: c.listId,
        list_is_active: true,
        _links: [],
      };
    });
}
