/**
 * The leads an events agency collects at two trade shows and sends as CSV files: about
 * 4 % of people each (a few at both), typed by a badge scanner or by hand (email mess,
 * national phone formats, a company name), one file per show. The second show is after
 * the population's `asOf`, so its file arrives between the demo's two syncs.
 *
 * A separate pass on its own random stream: it changes nothing `generatePopulation` returns.
 */
import { canonicalEmail, messyEmail, messyPhone, PhoneBook } from './messy.js';
import { Rng } from './random.js';
import { DAY_MS, isoDate, parseInstant } from './time.js';
import type { Population, TruthEntry } from './types.js';

export interface EventLead {
  readonly name: string;
  readonly email: string;
  readonly company: string;
  readonly phone: string;
  readonly event: string;
  readonly date: string;
}

export interface EventLeadsFile {
  /** File name in the agency's folder. */
  readonly file: string;
  readonly leads: EventLead[];
}

export interface EventLeadsSlice {
  /** The file of the show before `asOf`, then the one the day after. */
  readonly files: readonly [EventLeadsFile, EventLeadsFile];
  /** One entry per lead row (`source: 'files'`, `kind: 'event_leads'`, `recordId: email:event`). */
  readonly truth: TruthEntry[];
}

const SHOWS = [
  { event: 'MarTech Summit', slug: 'martech-summit', offsetDays: -10 },
  { event: 'Growth Expo', slug: 'growth-expo', offsetDays: 0 },
] as const;

export function eventLeadsSliceOf(pop: Population): EventLeadsSlice {
  const rng = Rng.forSeed(pop.seed, 'event-leads');
  const phones = new PhoneBook();
  const asOfMs = parseInstant(pop.asOf);
  const companies = new Map(pop.companies.map((c) => [c.companyId, c.name]));
  const truth: TruthEntry[] = [];
  const files = SHOWS.map((show) => {
    const date = isoDate(asOfMs + show.offsetDays * DAY_MS);
    const leads: EventLead[] = [];
    for (const p of pop.people) {
      if (parseInstant(p.createdAt) > asOfMs || !rng.chance(0.04)) continue;
      const email = messyEmail(p.email, rng, 0.6);
      leads.push({
        name: `${p.firstName} ${p.lastName}`,
        email,
        company: p.companyId === null ? '' : (companies.get(p.companyId) ?? ''),
        phone: p.phone !== null && rng.chance(0.5) ? messyPhone(p.phone, p.country, rng, phones) : '',
        event: show.event,
        date,
      });
      truth.push({ source: 'files', kind: 'event_leads', recordId: `${canonicalEmail(email)}:${show.event}`, personId: p.personId, reachableByEmail: true });
    }
    return { file: `${date}-${show.slug}.csv`, leads };
  });
  return { files: [files[0]!, files[1]!], truth };
}

/** A lead file as the agency exports it: a header row, RFC 4180 quoting where needed. */
export function eventLeadsCsv(file: EventLeadsFile): string {
  const cell = (v: string) => (/[",\n\r]/.test(v) || v !== v.trim() ? `"${v.replaceAll('"', '""')}"` : v);
  const rows = file.leads.map((l) => [l.name, l.email, l.company, l.phone, l.event, l.date].map(cell).join(','));
  return `name,email,company,phone,event,date\n${rows.join('\n')}\n`;
}
