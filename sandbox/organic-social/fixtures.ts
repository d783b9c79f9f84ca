/**
 * The organic social mock's data: a Facebook Page's posts and an Instagram business
 * account's media over the last weeks, seeded from the population's campaigns. A
 * campaign post links to the site with the campaign's UTM tags (Facebook) or carries
 * `#<utm_campaign>` in its caption (Instagram, where captions hold no links); brand
 * posts carry neither. Lifetime insights grow for a week after publishing, so a
 * store moved on a day (`advanceOrganicDay`) restates recent posts and adds new ones.
 *
 * @example
 * ```ts
 * const fixtures = organicSocialFixturesFromPopulation(pop);
 * advanceOrganicDay(fixtures); // the next day: a post and a media item more, recent numbers grown
 * ```
 */
import { Rng, WEB_SITE_URL, type Population } from '../world/index.js';

export interface OrganicPost {
  /** Graph's `<page id>_<post id>`. */
  readonly id: string;
  readonly message: string;
  readonly created_time: string;
  readonly updated_time: string;
  /** The shared link (attachments' unshimmed_url), if the post has one. */
  readonly link: string | null;
  /** Lifetime numbers once the post has aged a week; `grownFor` scales them before. */
  readonly full: { impressions: number; reach: number; clicks: number; shares: number; comments: number; reactions: Record<string, number> };
}

export interface OrganicMedia {
  readonly id: string;
  readonly caption: string;
  readonly media_type: 'IMAGE' | 'VIDEO' | 'CAROUSEL_ALBUM';
  readonly media_product_type: 'FEED' | 'REELS';
  readonly timestamp: string;
  readonly full: { reach: number; impressions: number; likes: number; comments: number; shares: number; saved: number };
}

export interface OrganicSocialFixtures {
  readonly pageId: string;
  readonly igUserId: string;
  readonly posts: OrganicPost[];
  readonly media: OrganicMedia[];
  /** The store's "today": numbers are as of this instant. */
  asOf: string;
  readonly seed: number;
  /** The utm_campaign values posts are written for, in turn. */
  readonly utmCampaigns: readonly string[];
  /** x-app-usage call_count the mock reports (percent). */
  appCallCount: number;
}

const DAY_MS = 86_400_000;
const REACTIONS = ['like', 'love', 'wow', 'haha'] as const;

/** Share of a lifetime number reached `ageMs` after publishing (all of it after 7 days). */
export function grownFor(ageMs: number): number {
  return Math.max(0, Math.min(1, ageMs / (7 * DAY_MS)));
}

export function organicSocialFixturesFromPopulation(pop: Pick<Population, 'seed' | 'asOf' | 'campaigns'>, options: { days?: number } = {}): OrganicSocialFixtures {
  const fixtures: OrganicSocialFixtures = {
    pageId: '104729388811',
    igUserId: '17841400008460056',
    posts: [],
    media: [],
    asOf: new Date(Date.parse(pop.asOf)).toISOString(),
    seed: pop.seed,
    utmCampaigns: pop.campaigns.map((c) => c.utmCampaign),
    appCallCount: 4,
  };
  const days = options.days ?? 30;
  for (let d = days; d >= 1; d--) addDay(fixtures, Date.parse(fixtures.asOf) - d * DAY_MS);
  return fixtures;
}

/** One day passes at the Page: a post and a media item published that day. */
export function advanceOrganicDay(fixtures: OrganicSocialFixtures): void {
  const dayStart = Date.parse(fixtures.asOf);
  fixtures.asOf = new Date(dayStart + DAY_MS).toISOString();
  addDay(fixtures, dayStart);
}

function addDay(fixtures: OrganicSocialFixtures, dayStartMs: number): void {
  const utms = fixtures.utmCampaigns;
  const n = fixtures.posts.length;
  const rng = Rng.forSeed(fixtures.seed, `organic-social:${new Date(dayStartMs).toISOString().slice(0, 10)}`);
  // Two posts in three carry a campaign; the rest are brand posts no campaign claims.
  const utm = utms.length > 0 && n % 3 !== 2 ? utms[n % utms.length]! : null;
  const at = new Date(dayStartMs + rng.int(8, 18) * 3_600_000 + rng.int(0, 59) * 60_000).toISOString().replace(/\.\d{3}Z$/, '+0000');
  const reach = rng.int(400, 4000);
  fixtures.posts.push({
    id: `${fixtures.pageId}_${String(900_000_000 + n * 7919)}`,
    message: utm ? `New this week: ${utm.replace(/_/g, ' ')}. Read more on our site.` : `Behind the scenes at Northwind, day ${n + 1}.`,
    created_time: at,
    updated_time: at,
    link: utm ? `${WEB_SITE_URL}/campaigns/${utm}?utm_source=facebook&utm_medium=social&utm_campaign=${utm}` : null,
    full: {
      reach,
      impressions: Math.round(reach * rng.float(1.1, 1.6)),
      clicks: rng.int(5, Math.max(6, Math.round(reach * 0.05))),
      shares: rng.int(0, 40),
      comments: rng.int(0, 60),
      reactions: Object.fromEntries(REACTIONS.map((r, i) => [r, rng.int(0, Math.round(reach / (10 * (i + 1))))])),
    },
  });
  const igReach = rng.int(300, 3000);
  fixtures.media.push({
    id: String(17_900_000_000_000 + n * 104_729),
    caption: utm ? `Spotted: ${utm.replace(/_/g, ' ')} ✨ #northwind #${utm}` : `Monday mood at the office #northwind`,
    media_type: rng.pick(['IMAGE', 'VIDEO', 'CAROUSEL_ALBUM'] as const),
    media_product_type: rng.chance(0.3) ? 'REELS' : 'FEED',
    timestamp: new Date(Date.parse(at.replace('+0000', 'Z')) + 1_800_000).toISOString().replace(/\.\d{3}Z$/, '+0000'),
    full: {
      reach: igReach,
      impressions: Math.round(igReach * rng.float(1.1, 1.8)),
      likes: rng.int(10, Math.round(igReach / 5)),
      comments: rng.int(0, 50),
      shares: rng.int(0, 30),
      saved: rng.int(0, 40),
    },
  });
}
