/**
 * Web traffic as Segment-spec events: visitors with one to three browsers
 * (`anonymousId`s), sessions of page views, UTM-tagged landings from campaigns that
 * were running that day, identify calls that tie a browser to an app user (and an
 * email), and a few track events. Plus anonymous strangers who are in no other source.
 *
 * `SessionWriter` is shared with `applyDailyChanges`, which writes one more day.
 */
import type { Campaign, Person, SegmentEvent, TruthEntry } from './types.js';
import { messyEmail, type PhoneBook } from './messy.js';
import type { Rng } from './random.js';
import { DAY_MS, HOUR_MS, iso, type Window } from './time.js';
import { campaignRunInWindow } from './world.js';

/** The fictional company's website (a reserved `.example` domain). */
export const SITE = 'https://www.northwind.example';

export interface Utm {
  readonly name: string;
  readonly source: string;
  readonly medium: string;
  readonly term?: string;
  readonly content?: string;
}

/** Where a session starts: path, optional UTM tags, referrer. */
export interface Landing {
  readonly path: string;
  readonly campaign?: Utm;
  readonly referrer: string;
}

/** A visit a person must make (email click, campaign-sourced deal) at a given time. */
export interface Touch {
  readonly ms: number;
  readonly landing: Landing;
}

const PAGES: readonly (readonly [string, string, number])[] = [
  ['/', 'Home', 25], ['/pricing', 'Pricing', 14], ['/features', 'Features', 12], ['/blog/whats-new', "What's new", 6],
  ['/blog/data-silos', 'Breaking down data silos', 6], ['/customers', 'Customers', 6], ['/docs/getting-started', 'Getting started', 6],
  ['/demo', 'Book a demo', 6], ['/signup', 'Sign up', 6], ['/about', 'About us', 4], ['/contact', 'Contact', 4],
];
const TITLE = new Map(PAGES.map(([p, t]) => [p, t]));
const PAGE_WEIGHTS = PAGES.map(([p, , w]) => [p, w] as const);

const USER_AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Mobile Safari/537.36',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:132.0) Gecko/20100101 Firefox/132.0',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36 Edg/130.0.0.0',
] as const;

/** `${SITE}${path}` with utm_* query parameters when tagged. */
export function landingUrl(path: string, utm?: Utm): string {
  if (!utm) return SITE + path;
  const q = new URLSearchParams({ utm_source: utm.source, utm_medium: utm.medium, utm_campaign: utm.name });
  if (utm.term) q.set('utm_term', utm.term);
  if (utm.content) q.set('utm_content', utm.content);
  return `${SITE}${path}?${q.toString()}`;
}

/** A UTM-tagged landing for `channel` of `campaign` (facebook/cpc, mailchimp/email, google/organic …). */
export function landingForChannel(campaign: Campaign, channel: Campaign['channels'][number], rng: Rng): Landing {
  const path = rng.pick(['/', '/pricing', '/features', '/demo', '/signup'] as const);
  if (channel === 'email') return { path, campaign: { name: campaign.utmCampaign, source: 'mailchimp', medium: 'email' }, referrer: '' };
  if (channel === 'meta') {
    const ig = rng.chance(0.25);
    return {
      path,
      campaign: { name: campaign.utmCampaign, source: ig ? 'instagram' : 'facebook', medium: 'cpc', content: `ad_${rng.int(1, 4)}` },
      referrer: ig ? 'https://l.instagram.com/' : 'https://l.facebook.com/',
    };
  }
  const [source, medium, referrer] = rng.pick([
    ['google', 'cpc', 'https://www.google.com/'], ['google', 'organic', 'https://www.google.com/'], ['linkedin', 'social', 'https://www.linkedin.com/'],
  ] as const);
  return { path, campaign: { name: campaign.utmCampaign, source, medium, ...(medium === 'cpc' ? { term: 'marketing analytics' } : {}) }, referrer };
}

/** One browser of one visitor. `userId` is set once an identify call happened on it. */
export interface Browser {
  readonly anonymousId: string;
  readonly personId: string;
  readonly userAgent: string;
  readonly ip: string;
  userId: string | null;
  emailIdentified: boolean;
}

export function newBrowser(personId: string, rng: Rng): Browser {
  // RFC 5737 documentation ranges: realistic-looking, never anyone's address.
  const net = rng.pick(['192.0.2', '198.51.100', '203.0.113'] as const);
  return { anonymousId: rng.uuid(), personId, userAgent: rng.pick(USER_AGENTS), ip: `${net}.${rng.int(1, 254)}`, userId: null, emailIdentified: false };
}

/** What else happens in a session besides page views. */
export interface SessionPlan {
  /** Identify as this user (with the person's messy email) in this session. */
  readonly identify?: { readonly userId: string; readonly person: Person };
  /** Track event after the identify: 'Signed Up' or 'Form Submitted'. */
  readonly conversion?: 'Signed Up' | 'Form Submitted';
  /** End the session with 'Order Completed'. */
  readonly order?: boolean;
}

/**
 * Events with their times in ms, kept in a parallel array so sorting neither re-parses
 * ISO strings nor allocates a wrapper per event (a 100k-person population has >1M events).
 */
export class EventBuffer {
  readonly events: SegmentEvent[] = [];
  private readonly times: number[] = [];

  push(ms: number, event: SegmentEvent): void {
    this.events.push(event);
    this.times.push(ms);
  }

  get length(): number {
    return this.events.length;
  }

  /** The events ordered by time; equal times keep insertion order (deterministic). */
  sorted(): SegmentEvent[] {
    const { events, times } = this;
    const order = Uint32Array.from({ length: events.length }, (_, i) => i);
    order.sort((a, b) => times[a]! - times[b]! || a - b);
    return Array.from(order, (i) => events[i]!);
  }
}

/** Campaigns running each day of the window, for untagged-vs-tagged landings. */
export class CampaignCalendar {
  private readonly byDay = new Map<number, Campaign[]>();

  constructor(campaigns: readonly Campaign[], win: Window) {
    for (const c of campaigns) {
      if (!c.channels.includes('meta') && !c.channels.includes('web')) continue;
      const run = campaignRunInWindow(c, { startMs: win.startMs, endMs: win.endMs + 2 * DAY_MS });
      if (!run) continue;
      for (let d = Math.floor(run.fromMs / DAY_MS); d * DAY_MS < run.toMs; d++) {
        const list = this.byDay.get(d) ?? [];
        list.push(c);
        this.byDay.set(d, list);
      }
    }
  }

  runningOn(ms: number): readonly Campaign[] {
    return this.byDay.get(Math.floor(ms / DAY_MS)) ?? [];
  }
}

/** Writes sessions as Segment events; owns nothing but its rng and calendar. */
export class SessionWriter {
  /** Untagged page URLs, one string per path (shared by every event that shows it). */
  private readonly urls = new Map<string, string>();

  constructor(
    private readonly rng: Rng,
    private readonly calendar: CampaignCalendar,
    private readonly phones: PhoneBook,
  ) {}

  private urlOf(path: string): string {
    let url = this.urls.get(path);
    if (url === undefined) {
      url = landingUrl(path);
      this.urls.set(path, url);
    }
    return url;
  }

  /** A landing for a session with no forced touch: ~35 % from a running paid/web campaign. */
  randomLanding(ms: number): Landing {
    const rng = this.rng;
    const running = this.calendar.runningOn(ms);
    if (running.length > 0 && rng.chance(0.35)) {
      const c = rng.pick(running);
      const channels = c.channels.filter((ch) => ch !== 'email');
      return landingForChannel(c, rng.pick(channels), rng);
    }
    const path = rng.weighted(PAGE_WEIGHTS);
    const referrer = rng.weighted<string>([['', 45], ['https://www.google.com/', 35], ['https://duckduckgo.com/', 5], ['https://news.ycombinator.com/', 5], ['https://www.bing.com/', 10]]);
    return { path, referrer };
  }

  /** Events of one session starting at `startMs`; mutates `browser` when it identifies. */
  write(browser: Browser, startMs: number, landing: Landing, plan: SessionPlan, out: EventBuffer): void {
    const rng = this.rng;
    let ms = startMs;
    const pages = 1 + Math.min(7, Math.floor(rng.exponential(1.8)));
    let path = landing.path;
    let referrer = landing.referrer;
    let url = landing.campaign ? landingUrl(path, landing.campaign) : this.urlOf(path);
    const identifyAfter = plan.identify ? rng.int(0, pages - 1) : -1;
    for (let i = 0; i < pages; i++) {
      const title = TITLE.get(path) ?? 'Northwind';
      // Segment's page properties hold the same fields as context.page: one shared object.
      const page = { url, path, referrer, title };
      out.push(
        ms,
        {
          type: 'page',
          messageId: rng.uuid(),
          anonymousId: browser.anonymousId,
          userId: browser.userId,
          timestamp: iso(ms),
          name: title,
          properties: page,
          context: {
            ip: browser.ip,
            userAgent: browser.userAgent,
            page,
            ...(i === 0 && landing.campaign ? { campaign: landing.campaign } : {}),
          },
        },
      );
      if (i === identifyAfter && plan.identify) {
        ms += rng.int(5_000, 90_000);
        this.identify(browser, plan.identify.userId, plan.identify.person, ms, page, out);
        if (plan.conversion) {
          ms += rng.int(200, 2_000);
          const properties: Record<string, string> = plan.conversion === 'Signed Up'
            ? { plan: rng.pick(['free', 'trial', 'team']), method: 'email' }
            : { form_id: rng.pick(['demo_request', 'contact_sales', 'newsletter', 'webinar_registration']) };
          out.push(ms, this.track(browser, plan.conversion, properties, ms, page));
        }
      }
      ms += rng.int(5_000, 240_000);
      referrer = url;
      path = rng.weighted(PAGE_WEIGHTS);
      url = this.urlOf(path);
    }
    if (plan.order && browser.userId !== null) {
      const page = { url: `${SITE}/checkout/complete`, path: '/checkout/complete', referrer, title: 'Thank you' };
      const revenue = Math.round(rng.float(19, 900) * 100) / 100;
      out.push(ms, this.track(browser, 'Order Completed', { order_id: `ord_${rng.hex(12)}`, revenue, currency: 'USD' }, ms, page));
    }
  }

  private identify(browser: Browser, userId: string, person: Person, ms: number, page: SegmentEvent['context']['page'], out: EventBuffer): void {
    const rng = this.rng;
    browser.userId = userId;
    browser.emailIdentified = true;
    const traits: Record<string, string | null> = { email: messyEmail(person.email, rng, 0.6), firstName: person.firstName, lastName: person.lastName };
    if (person.phone !== null && rng.chance(0.3)) traits.phone = this.phones.international(person.phone);
    out.push(ms, {
      type: 'identify', messageId: rng.uuid(), anonymousId: browser.anonymousId, userId, timestamp: iso(ms), traits,
      context: { ip: browser.ip, userAgent: browser.userAgent, page },
    });
  }

  private track(browser: Browser, event: string, properties: Record<string, string | number | boolean | null>, ms: number, page: SegmentEvent['context']['page']): SegmentEvent {
    return {
      type: 'track', messageId: this.rng.uuid(), anonymousId: browser.anonymousId, userId: browser.userId, timestamp: iso(ms), event, properties,
      context: { ip: browser.ip, userAgent: browser.userAgent, page },
    };
  }
}

export interface WebResult {
  readonly events: SegmentEvent[];
  readonly truth: TruthEntry[];
}

/** Truth entries for browsers that produced events, and for the user ids they were identified as. */
export function webTruth(browsers: readonly Browser[], seenUserIds: Set<string>): TruthEntry[] {
  const truth: TruthEntry[] = [];
  for (const b of browsers) {
    truth.push({ source: 'web', kind: 'anonymous_id', recordId: b.anonymousId, personId: b.personId, reachableByEmail: b.emailIdentified });
    if (b.userId !== null && !seenUserIds.has(b.userId)) {
      seenUserIds.add(b.userId);
      // Every identify call here carries traits.email, so a user id is always reachable.
      truth.push({ source: 'web', kind: 'user_id', recordId: b.userId, personId: b.personId, reachableByEmail: true });
    }
  }
  return truth;
}

export interface WebInput {
  readonly people: readonly Person[];
  readonly campaigns: readonly Campaign[];
  /** People who appear in no other source: they visit and identify, so they exist somewhere. */
  readonly mustIdentify: ReadonlySet<string>;
  readonly touches: ReadonlyMap<string, readonly Touch[]>;
}

/** Simulates every visitor over the window. */
export function makeWeb(input: WebInput, rng: Rng, win: Window, phones: PhoneBook): WebResult {
  const writer = new SessionWriter(rng, new CampaignCalendar(input.campaigns, win), phones);
  const timed = new EventBuffer();
  const browsers: Browser[] = [];
  const latestStart = win.endMs - 2 * HOUR_MS; // sessions last < 1 h: every event stays inside the window
  const meanExtraSessions = Math.max(0.5, (win.endMs - win.startMs) / DAY_MS / 9);
  let nextUser = 1;

  for (const person of input.people) {
    const touches = input.touches.get(person.personId) ?? [];
    const must = input.mustIdentify.has(person.personId);
    if (!must && touches.length === 0 && !rng.chance(0.45)) continue; // with the others ≈ 50 % of people
    const identifies = must || rng.chance(0.6);
    const own: Browser[] = [];
    const nBrowsers = rng.weighted<number>([[1, 60], [2, 30], [3, 10]]);
    for (let i = 0; i < nBrowsers; i++) own.push(newBrowser(person.personId, rng));

    const sessions: { ms: number; landing: Landing | null }[] = touches
      .filter((t) => t.ms >= win.startMs && t.ms <= latestStart)
      .map((t) => ({ ms: t.ms, landing: t.landing }));
    const extra = Math.min(40, Math.floor(rng.exponential(meanExtraSessions)));
    while (sessions.length < Math.max(nBrowsers, extra + 1)) sessions.push({ ms: rng.int(win.startMs, latestStart), landing: null });
    sessions.sort((a, b) => a.ms - b.ms);
    const assigned = sessions.map((_, i) => (i < nBrowsers ? own[i]! : rng.pick(own)));

    // Plan identifies: browser 0 at a random session of its own; other browsers at their first, half the time.
    const identifyAt = new Set<number>();
    let userId: string | null = null;
    if (identifies) {
      userId = `u_${nextUser++}`;
      const firstBrowserSessions = assigned.flatMap((b, i) => (b === own[0] ? [i] : []));
      identifyAt.add(rng.pick(firstBrowserSessions));
      for (let b = 1; b < nBrowsers; b++) if (rng.chance(0.5)) identifyAt.add(assigned.indexOf(own[b]!));
    }
    const orders = identifies && rng.chance(person.lifecycleStage === 'customer' ? 0.5 : 0.1);
    let converted = false;
    let orderPlaced = false;
    for (let i = 0; i < sessions.length; i++) {
      const s = sessions[i]!;
      const browser = assigned[i]!;
      const identify = identifyAt.has(i) && userId !== null ? { userId, person } : undefined;
      const conversion = identify && !converted ? (rng.chance(0.5) ? 'Signed Up' : 'Form Submitted') : undefined;
      if (conversion) converted = true;
      const order = orders && !orderPlaced && (browser.userId !== null || identify !== undefined) && (i === sessions.length - 1 || rng.chance(0.4));
      if (order) orderPlaced = true;
      const plan: SessionPlan = { ...(identify ? { identify } : {}), ...(conversion ? { conversion } : {}), ...(order ? { order } : {}) };
      writer.write(browser, s.ms, s.landing ?? writer.randomLanding(s.ms), plan, timed);
    }
    browsers.push(...own);
  }

  // Strangers: browsers that never identify and belong to nobody in the population.
  const strangers = Math.round(input.people.length * 0.15);
  for (let i = 1; i <= strangers; i++) {
    const browser = newBrowser(`anon_${String(i).padStart(6, '0')}`, rng);
    const n = rng.int(1, 2);
    for (let k = 0; k < n; k++) {
      const ms = rng.int(win.startMs, latestStart);
      writer.write(browser, ms, writer.randomLanding(ms), {}, timed);
    }
    browsers.push(browser);
  }
  return { events: timed.sorted(), truth: webTruth(browsers, new Set()) };
}
