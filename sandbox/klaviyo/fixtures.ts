/**
 * What the Klaviyo mock serves, in its JSON:API shapes: a small fixed sample (the
 * connector tests), or the demo world's Klaviyo slice. `visibleAt` cuts a slice at an
 * instant, so the demo's first sync sees the world as it was that day and the second
 * sync the day after: a profile changed later is served as it was before the change.
 */
import { KLAVIYO_METRICS, type KlaviyoSlice } from '../world/klaviyo.js';

export interface KlaviyoResource {
  readonly type: string;
  readonly id: string;
  readonly attributes: Record<string, unknown>;
  readonly relationships?: Record<string, { data: { type: string; id: string } }>;
}

export interface KlaviyoFixtures {
  readonly profiles: KlaviyoResource[];
  readonly lists: KlaviyoResource[];
  readonly metrics: KlaviyoResource[];
  readonly campaigns: KlaviyoResource[];
  readonly events: KlaviyoResource[];
}

/** Klaviyo writes offsets, not `Z`: '2026-01-10T15:00:00+00:00'. */
const klaviyoTime = (iso: string): string => iso.replace(/(\.\d+)?Z$/, '+00:00');

function metricResources(): KlaviyoResource[] {
  return KLAVIYO_METRICS.map((m) => ({
    type: 'metric', id: m.id,
    attributes: { name: m.name, created: '2024-01-01T00:00:00+00:00', updated: '2024-01-01T00:00:00+00:00', integration: { object: 'integration', id: '0eMvjm', name: 'Klaviyo', category: 'Internal' } },
  }));
}

function eventResource(id: string, profileId: string, metricId: string, datetime: string, campaignId: string, campaignName: string): KlaviyoResource {
  return {
    type: 'event', id,
    attributes: { datetime: klaviyoTime(datetime), timestamp: Math.floor(Date.parse(datetime) / 1000), event_properties: { 'Campaign Name': campaignName, $message: campaignId } },
    relationships: { profile: { data: { type: 'profile', id: profileId } }, metric: { data: { type: 'metric', id: metricId } } },
  };
}

/** `n` shoppers, one list, one campaign, and 1–3 email events per shopper. */
export function klaviyoSampleFixtures(n: number): KlaviyoFixtures {
  const profiles = Array.from({ length: n }, (_, i): KlaviyoResource => {
    const updated = klaviyoTime(new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString());
    return {
      type: 'profile',
      id: `01HK${String(i).padStart(22, '0')}`,
      attributes: {
        email: `shopper${i}@klaviyo-example.com`, phone_number: i % 4 === 0 ? `+1202555${String(1000 + i)}` : null, external_id: null,
        first_name: `Shopper${i}`, last_name: 'Example', organization: null,
        location: { city: 'Boston', country: 'United States', zip: '02110' }, properties: { source: 'popup' }, created: updated, updated,
      },
    };
  });
  const events = profiles.flatMap((p, i) =>
    KLAVIYO_METRICS.slice(0, 1 + (i % 3)).map((m, k) => eventResource(`ev_${i}_${k}`, p.id, m.id, new Date(Date.UTC(2026, 0, 10, 15, i, k)).toISOString(), '01HKCAMP0001', 'spring_sale')),
  );
  return {
    profiles,
    lists: [{ type: 'list', id: 'Xy12Ab', attributes: { name: 'Newsletter', created: '2025-06-01T00:00:00+00:00', updated: '2025-06-01T00:00:00+00:00' } }],
    metrics: metricResources(),
    campaigns: [{ type: 'campaign', id: '01HKCAMP0001', attributes: { name: 'spring_sale', status: 'Sent', send_time: '2026-01-10T15:00:00+00:00', created_at: '2026-01-05T00:00:00+00:00', updated_at: '2026-01-10T15:00:00+00:00' } }],
    events,
  };
}

/** The demo world's Klaviyo slice as it stood at `atMs`. */
export function klaviyoFixturesFromSlice(slice: KlaviyoSlice, atMs: number): KlaviyoFixtures {
  const before = (iso: string) => Date.parse(iso) <= atMs;
  return {
    profiles: slice.profiles
      .filter((p) => before(p.created))
      .map((p) => {
        const updated = klaviyoTime(before(p.updated) ? p.updated : p.created);
        return {
          type: 'profile', id: p.id,
          attributes: {
            email: p.email, phone_number: p.phoneNumber, external_id: null, first_name: p.firstName, last_name: p.lastName, organization: null,
            location: { city: p.city, country: p.country, zip: null }, properties: {}, created: klaviyoTime(p.created), updated,
          },
        };
      }),
    lists: [{ type: 'list', id: 'VkL1st', attributes: { name: 'Store customers', created: '2024-03-01T00:00:00+00:00', updated: '2024-03-01T00:00:00+00:00' } }],
    metrics: metricResources(),
    campaigns: slice.campaigns
      .filter((c) => before(c.createdAt))
      .map((c) => ({
        type: 'campaign', id: c.id,
        attributes: {
          name: c.name, status: before(c.sendTime) ? 'Sent' : 'Scheduled', send_time: klaviyoTime(c.sendTime),
          created_at: klaviyoTime(c.createdAt), updated_at: klaviyoTime(before(c.sendTime) ? c.sendTime : c.createdAt),
        },
      })),
    events: slice.events.filter((e) => before(e.datetime)).map((e) => eventResource(e.id, e.profileId, e.metricId, e.datetime, e.campaignId, e.campaignName)),
  };
}
