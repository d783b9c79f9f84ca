/**
 * The "real world" behind the sources: companies, people and campaigns, before any
 * source has had a chance to mangle them. Names and cities come from a locally seeded
 * Faker; everything else from phase-local `Rng` streams.
 */
import type { Faker } from '@faker-js/faker';
import type { Campaign, Company, Person } from './types.js';
import { makePhone } from './messy.js';
import type { Rng } from './random.js';
import { DAY_MS, HOUR_MS, clamp, isoDate, isoSeconds, startOfDay, type Window } from './time.js';

export const COUNTRY_WEIGHTS: readonly (readonly [string, number])[] = [
  ['US', 55], ['GB', 12], ['CA', 8], ['DE', 8], ['FR', 6], ['AU', 6], ['NL', 3], ['IE', 2],
];

const CITIES: Readonly<Record<string, readonly string[]>> = {
  GB: ['London', 'Manchester', 'Leeds', 'Bristol', 'Edinburgh', 'Glasgow', 'Birmingham'],
  CA: ['Toronto', 'Vancouver', 'Montréal', 'Calgary', 'Ottawa'],
  DE: ['Berlin', 'Hamburg', 'München', 'Köln', 'Frankfurt am Main'],
  FR: ['Paris', 'Lyon', 'Marseille', 'Toulouse', 'Bordeaux'],
  AU: ['Sydney', 'Melbourne', 'Brisbane', 'Perth'],
  NL: ['Amsterdam', 'Rotterdam', 'Utrecht'],
  IE: ['Dublin', 'Cork', 'Galway'],
};

const INDUSTRIES = [
  'Software', 'Retail', 'Financial Services', 'Healthcare', 'Manufacturing', 'Education',
  'Media', 'Logistics', 'Hospitality', 'Real Estate', 'Telecommunications', 'Nonprofit',
] as const;

const FREE_MAIL: readonly (readonly [string, number])[] = [
  ['gmail.com', 40], ['outlook.com', 15], ['yahoo.com', 12], ['hotmail.com', 8], ['icloud.com', 8], ['proton.me', 4],
];

const LIFECYCLE_WEIGHTS: readonly (readonly [Person['lifecycleStage'], number])[] = [
  ['subscriber', 30], ['lead', 30], ['marketingqualifiedlead', 15], ['salesqualifiedlead', 8], ['opportunity', 8], ['customer', 9],
];

/** Lower-case ASCII letters only: 'Zoë O\'Brien-Smith' → 'zoeobriensmith'. */
export function asciiSlug(text: string): string {
  return text.normalize('NFD').toLowerCase().replace(/[^a-z]/g, '');
}

/** A city in `country` (Faker for the US, a short list elsewhere). */
export function cityFor(country: string, faker: Faker, rng: Rng): string {
  const list = CITIES[country];
  return list ? rng.pick(list) : faker.location.city();
}

/** Companies with unique domains. */
export function makeCompanies(count: number, faker: Faker, rng: Rng, asOfMs: number): Company[] {
  const domains = new Set<string>();
  const out: Company[] = [];
  for (let i = 1; i <= count; i++) {
    const name = faker.company.name();
    const base = asciiSlug(name.split(/[\s,]+/)[0] ?? 'company') || 'company';
    const tld = rng.weighted<string>([['com', 70], ['io', 15], ['co', 10], ['net', 5]]);
    let domain = `${base}.${tld}`;
    for (let n = 2; domains.has(domain); n++) domain = `${base}${n}.${tld}`;
    domains.add(domain);
    out.push({
      companyId: `c_${String(i).padStart(4, '0')}`,
      name,
      domain,
      industry: rng.pick(INDUSTRIES),
      country: rng.weighted(COUNTRY_WEIGHTS),
      createdAt: isoSeconds(asOfMs - rng.int(30, 1500) * DAY_MS - rng.int(0, DAY_MS - 1)),
    });
  }
  return out;
}

/** Shared state for making people, so `applyDailyChanges` can add more without collisions. */
export interface PeopleFactory {
  readonly faker: Faker;
  readonly rng: Rng;
  readonly companies: readonly Company[];
  readonly usedEmails: Set<string>;
  readonly usedPhones: Set<string>;
}

function makeEmail(first: string, last: string, company: Company | null, country: string, f: PeopleFactory): string {
  const { rng } = f;
  const a = asciiSlug(first) || 'user';
  const b = asciiSlug(last) || 'mail';
  const domain = company && rng.chance(0.75)
    ? company.domain
    : country === 'DE' && rng.chance(0.3) ? 'gmx.de' : country === 'FR' && rng.chance(0.3) ? 'orange.fr' : rng.weighted(FREE_MAIL);
  const local = rng.weighted<string>([
    [`${a}.${b}`, 45], [`${a}${b}`, 15], [`${a.charAt(0)}.${b}`, 10], [`${a}_${b}`, 8],
    [`${a}.${b}${rng.int(1, 99)}`, 12], [`${a}${rng.int(100, 9999)}`, 10],
  ]);
  let email = `${local}@${domain}`;
  for (let n = 2; f.usedEmails.has(email); n++) email = `${local}${n}@${domain}`;
  f.usedEmails.add(email);
  return email;
}

/** One person created at `createdMs`, id `p_` + six digits. */
export function makePerson(index: number, createdMs: number, f: PeopleFactory): Person {
  const { faker, rng } = f;
  const firstName = faker.person.firstName();
  const lastName = faker.person.lastName();
  const company = f.companies.length > 0 && rng.chance(0.65) ? rng.pick(f.companies) : null;
  const country = company && rng.chance(0.85) ? company.country : rng.weighted(COUNTRY_WEIGHTS);
  return {
    personId: `p_${String(index).padStart(6, '0')}`,
    firstName,
    lastName,
    email: makeEmail(firstName, lastName, company, country, f),
    phone: rng.chance(0.8) ? makePhone(country, rng, f.usedPhones) : null,
    companyId: company?.companyId ?? null,
    country,
    city: cityFor(country, faker, rng),
    lifecycleStage: rng.weighted(LIFECYCLE_WEIGHTS),
    createdAt: isoSeconds(createdMs),
  };
}

/** People: ~80 % created before the history window (up to ~2.5 years back), the rest inside it. */
export function makePeople(count: number, f: PeopleFactory, win: Window): Person[] {
  const out: Person[] = [];
  for (let i = 1; i <= count; i++) {
    const createdMs = f.rng.chance(0.8)
      ? win.startMs - f.rng.int(1, 900) * DAY_MS - f.rng.int(0, DAY_MS - 1)
      : f.rng.int(win.startMs, win.endMs - HOUR_MS);
    out.push(makePerson(i, createdMs, f));
  }
  return out;
}

const THEMES = [
  'spring_sale', 'summer_sale', 'black_friday', 'cyber_monday', 'product_launch', 'webinar_data_ops',
  'newsletter_push', 'retargeting', 'brand_awareness', 'holiday_promo', 'free_trial', 'customer_winback',
  'ebook_growth', 'case_study', 'partner_summit', 'early_bird', 'back_to_school', 'referral_boost',
] as const;
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'] as const;

function titleFromSlug(slug: string): string {
  return slug.split('_').map((w) => (/^q\d$/.test(w) ? w.toUpperCase() : w.charAt(0).toUpperCase() + w.slice(1))).join(' ');
}

/** Every campaign overlaps the history window; some are still running at `asOf`. */
export function makeCampaigns(count: number, rng: Rng, win: Window): Campaign[] {
  const slugs = new Set<string>();
  const out: Campaign[] = [];
  const spanDays = Math.max(1, Math.round((win.endMs - win.startMs) / DAY_MS));
  const themes = rng.shuffle(THEMES);
  for (let i = 0; i < count; i++) {
    // Spread starts across the window, a little before it too.
    const offsetDays = Math.floor(((i + rng.next()) / count) * (spanDays + 10)) - 10;
    const startMs = clamp(startOfDay(win.startMs + offsetDays * DAY_MS), win.startMs - 20 * DAY_MS, startOfDay(win.endMs - DAY_MS));
    const duration = rng.int(10, 40);
    const endMs = Math.max(startMs + (duration - 1) * DAY_MS, startOfDay(win.startMs));
    const d = new Date(startMs);
    const year = d.getUTCFullYear();
    const suffix = rng.weighted<string>([
      [String(year), 45], [`${MONTHS[d.getUTCMonth()]}_${year}`, 30], [`q${Math.floor(d.getUTCMonth() / 3) + 1}_${year}`, 25],
    ]);
    const theme = themes[i % themes.length]!;
    let slug = `${theme}_${suffix}`;
    for (let n = 2; slugs.has(slug); n++) slug = `${theme}_${suffix}_${n}`;
    slugs.add(slug);
    const channelCount = rng.weighted<number>([[1, 20], [2, 45], [3, 35]]);
    const all = ['email', 'meta', 'web'] as const;
    const drop = rng.int(0, 2);
    const channels = channelCount === 3 ? [...all] : channelCount === 2 ? all.filter((_, k) => k !== drop) : [all[drop]!];
    const paid = channels.includes('meta');
    out.push({
      campaignId: `cmp_${String(i + 1).padStart(3, '0')}`,
      utmCampaign: slug,
      name: titleFromSlug(slug),
      channels,
      startDate: isoDate(startMs),
      endDate: isoDate(endMs),
      budget: paid ? rng.int(20, 300) * 50 : 0,
    });
  }
  return out;
}

/** Milliseconds of a campaign's run that fall inside the window: [from, to), or null. */
export function campaignRunInWindow(c: Campaign, win: Window): { fromMs: number; toMs: number } | null {
  const fromMs = Math.max(Date.parse(`${c.startDate}T00:00:00Z`), win.startMs);
  const toMs = Math.min(Date.parse(`${c.endDate}T00:00:00Z`) + DAY_MS, win.endMs);
  return toMs > fromMs ? { fromMs, toMs } : null;
}
