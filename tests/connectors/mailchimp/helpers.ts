/**
 * Shared set-up for the Mailchimp tests: a small hand-built population (the real
 * generator lives elsewhere), a mock on loopback, and a stream reader.
 */
import { silentLogger } from '../../../core/index.js';
import { createHttpClient, type Batch, type HttpClient, type StreamState } from '../../../connectors/sdk/index.js';
import { mailchimpConnector, mailchimpConfigSchema, type MailchimpConfig } from '../../../connectors/mailchimp/index.js';
import { mailchimpFixturesFromPopulation, type MailchimpFixtures } from '../../../sandbox/mailchimp/fixtures.js';
import { startMailchimpMock, type MailchimpMockOptions } from '../../../sandbox/mailchimp/server.js';
import type { MockServer } from '../../../sandbox/kit/mock-server.js';
import type {
  MailchimpActivityAppearance,
  MailchimpMemberAppearance,
  Population,
} from '../../../sandbox/world/types.js';

export const API_KEY = '0123456789abcdef0123456789abcdef-us21';
export const LIST_A = 'a1b2c3d4e5';
export const LIST_B = 'f6e5d4c3b2';
export const CAMPAIGN_1 = 'c0ffee0001';
export const CAMPAIGN_2 = 'c0ffee0002';
/** Scheduled after asOf: not sent, so it has no report, activity or recipients. */
export const CAMPAIGN_FUTURE = 'c0ffee0003';

const member = (
  listId: string,
  n: number,
  emailAddress: string,
  extra: Partial<MailchimpMemberAppearance> = {},
): MailchimpMemberAppearance => ({
  listId,
  personId: `p_${String(n).padStart(6, '0')}`,
  emailAddress,
  firstName: `First${n}`,
  lastName: `Last${n}`,
  phone: n % 2 === 0 ? `+1415555${String(n).padStart(4, '0')}` : null,
  country: n % 3 === 0 ? null : 'US',
  status: 'subscribed',
  optInAt: `2026-09-${String(n).padStart(2, '0')}T08:00:00.000Z`,
  lastChanged: `2026-10-${String(n).padStart(2, '0')}T08:00:00.000Z`,
  ...extra,
});

/** 7 members in list A (one with messy case/whitespace), 3 in list B, 2 sent campaigns, 1 scheduled. */
export function smallPopulation(): Population {
  const members: MailchimpMemberAppearance[] = [
    member(LIST_A, 1, ' Ada.Lovelace@Example.com'),
    member(LIST_A, 2, 'grace@example.com', { status: 'unsubscribed' }),
    member(LIST_A, 3, 'alan@example.com', { firstName: null, lastName: null }),
    member(LIST_A, 4, 'katherine@example.com'),
    member(LIST_A, 5, 'edsger@example.com', { status: 'cleaned' }),
    member(LIST_A, 6, 'barbara@example.com'),
    member(LIST_A, 7, 'donald@example.com'),
    member(LIST_B, 8, 'ada.lovelace@example.com'),
    member(LIST_B, 9, 'margaret@example.com'),
    member(LIST_B, 10, 'john@example.com', { status: 'pending' }),
  ];
  const act = (
    campaign: string,
    listId: string,
    emailAddress: string,
    action: MailchimpActivityAppearance['action'],
    timestamp: string,
    url: string | null = null,
  ): MailchimpActivityAppearance => ({ mailchimpCampaignId: campaign, listId, personId: 'p_x', emailAddress, action, timestamp, url });
  const listA = members.filter((m) => m.listId === LIST_A);
  const activity: MailchimpActivityAppearance[] = [
    ...listA.map((m) => act(CAMPAIGN_1, LIST_A, m.emailAddress, 'sent', '2026-10-10T09:00:00Z')),
    act(CAMPAIGN_1, LIST_A, ' Ada.Lovelace@Example.com', 'open', '2026-10-10T10:00:00Z'),
    act(CAMPAIGN_1, LIST_A, ' Ada.Lovelace@Example.com', 'open', '2026-10-11T10:00:00Z'),
    act(CAMPAIGN_1, LIST_A, ' Ada.Lovelace@Example.com', 'click', '2026-10-11T10:01:00Z', 'https://shop.example.com/?utm_campaign=autumn_sale_2026'),
    act(CAMPAIGN_1, LIST_A, 'alan@example.com', 'open', '2026-10-10T11:00:00Z'),
    act(CAMPAIGN_1, LIST_A, 'katherine@example.com', 'open', '2026-10-12T11:00:00Z'),
    act(CAMPAIGN_1, LIST_A, 'edsger@example.com', 'bounce', '2026-10-10T09:00:05Z'),
    ...members.filter((m) => m.listId === LIST_B).map((m) => act(CAMPAIGN_2, LIST_B, m.emailAddress, 'sent', '2026-10-20T09:00:00Z')),
    act(CAMPAIGN_2, LIST_B, 'margaret@example.com', 'open', '2026-10-20T12:00:00Z'),
  ];
  return {
    seed: 1,
    asOf: '2026-11-01T00:00:00Z',
    people: [],
    companies: [],
    campaigns: [],
    deals: [],
    hubspot: { contacts: [], companies: [], deals: [] },
    mailchimp: {
      lists: [
        { listId: LIST_A, name: 'Newsletter', createdAt: '2025-01-01T00:00:00Z' },
        { listId: LIST_B, name: 'Product updates', createdAt: '2025-06-01T00:00:00Z' },
      ],
      members,
      campaigns: [
        {
          mailchimpCampaignId: CAMPAIGN_1,
          campaignId: 'cmp_001',
          listId: LIST_A,
          title: 'Autumn Sale 2026',
          subjectLine: 'Autumn sale starts now',
          utmCampaign: 'autumn_sale_2026',
          sendTime: '2026-10-10T09:00:00Z',
          createTime: '2026-10-01T09:00:00Z',
        },
        {
          mailchimpCampaignId: CAMPAIGN_2,
          campaignId: 'cmp_002',
          listId: LIST_B,
          title: 'Product News October',
          subjectLine: "What's new",
          utmCampaign: 'product_news_oct_2026',
          sendTime: '2026-10-20T09:00:00Z',
          createTime: '2026-10-15T09:00:00Z',
        },
        {
          mailchimpCampaignId: CAMPAIGN_FUTURE,
          campaignId: 'cmp_003',
          listId: LIST_A,
          title: 'Winter Teaser',
          subjectLine: 'Coming soon',
          utmCampaign: 'winter_teaser_2026',
          sendTime: '2026-12-01T09:00:00Z',
          createTime: '2026-10-25T09:00:00Z',
        },
      ],
      activity,
    },
    metaAds: { campaigns: [], insights: [] },
    web: { events: [] },
    truth: [],
  };
}

export interface Harness {
  readonly mock: MockServer;
  readonly fixtures: MailchimpFixtures;
  readonly config: MailchimpConfig;
  readonly http: HttpClient;
  /** All batches of a stream, from `state`. */
  read(stream: string, state?: StreamState): Promise<Batch[]>;
  close(): Promise<void>;
}

export async function startHarness(
  options: { pageSize?: number; apiKey?: string; mock?: Partial<Omit<MailchimpMockOptions, 'fixtures'>>; startDate?: string } = {},
): Promise<Harness> {
  const fixtures = mailchimpFixturesFromPopulation(smallPopulation());
  const mock = await startMailchimpMock({ fixtures, apiKey: API_KEY, ...options.mock });
  const config = mailchimpConfigSchema.parse({
    api_key: options.apiKey ?? API_KEY,
    base_url: mock.url,
    ...(options.pageSize === undefined ? {} : { page_size: options.pageSize }),
    ...(options.startDate === undefined ? {} : { start_date: options.startDate }),
  });
  const http = createHttpClient({ source: 'mailchimp', profile: mailchimpConnector.http!(config), retry: { baseDelayMs: 10 } });
  const log = silentLogger();
  return {
    mock,
    fixtures,
    config,
    http,
    async read(name, state) {
      const stream = mailchimpConnector.streams.find((s) => s.name === name);
      if (!stream) throw new Error(`no stream ${name}`);
      const batches: Batch[] = [];
      const ctx = { config, http, log, signal: new AbortController().signal, batchSize: 1000 };
      for await (const batch of stream.read(state, ctx)) batches.push(batch);
      return batches;
    },
    close: () => mock.close(),
  };
}

export const records = (batches: readonly Batch[]) => batches.flatMap((b) => b.records);
export const lastState = (batches: readonly Batch[]) => batches.at(-1)?.state;
