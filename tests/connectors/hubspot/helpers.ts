/**
 * Test helpers for the HubSpot connector: a tiny hand-made population, a mock
 * started on it, and a driver that reads a stream the way the pipeline would.
 */
import { RateBudget, createHttpClient, type HttpClient, type JsonRecord, type Stream, type StreamState } from '../../../connectors/sdk/index.js';
import type { MockServer } from '../../../sandbox/kit/mock-server.js';
import type { Population } from '../../../sandbox/world/types.js';
import { useSearchBudget } from '../../../connectors/hubspot/client.js';
import { hubspotConnector, type HubspotConfig } from '../../../connectors/hubspot/index.js';
import { hubspotFixturesFromPopulation, type HubspotFixtures } from '../../../sandbox/hubspot/fixtures.js';
import { startHubspotMock, type HubspotMockOptions } from '../../../sandbox/hubspot/server.js';
import { readAll, type ReadResult } from '../../helpers/read-stream.js';


export const TOKEN = 'pat-na1-test-0123456789abcdef';

const BASE_MS = Date.parse('2026-10-01T00:00:00.000Z');

export const at = (minutes: number): string => new Date(BASE_MS + minutes * 60_000).toISOString();

export interface PopulationSize {
  readonly contacts: number;
  readonly companies?: number;
  readonly deals?: number;
  /** Minutes between consecutive contacts' updatedAt (0 = all the same instant). */
  readonly contactStepMinutes?: number;
}

/** A small deterministic `pop.hubspot`, contact ids 1001…, company ids 5001…, deal ids 9001…. */
export function smallPopulation(size: PopulationSize): Pick<Population, 'hubspot'> {
  const companiesN = size.companies ?? 3;
  const dealsN = size.deals ?? 4;
  const step = size.contactStepMinutes ?? 1;
  const companies = Array.from({ length: companiesN }, (_, i) => ({
    recordId: String(5001 + i),
    companyId: `c_${String(i).padStart(4, '0')}`,
    name: `Company ${i}`,
    domain: `company${i}.example`,
    industry: 'COMPUTER_SOFTWARE',
    country: 'DE',
    createdAt: at(-1000 + i),
    updatedAt: at(i),
  }));
  const contacts = Array.from({ length: size.contacts }, (_, i) => ({
    recordId: String(1001 + i),
    personId: `p_${String(i).padStart(6, '0')}`,
    email: i % 7 === 3 ? null : ` Person${i}@Example.com `,
    firstName: `First${i}`,
    lastName: `Last${i}`,
    phone: i % 2 === 0 ? `+49 30 1234${String(i).padStart(3, '0')}` : null,
    companyRecordId: companiesN > 0 ? String(5001 + (i % companiesN)) : null,
    country: 'DE',
    city: 'Berlin',
    lifecycleStage: 'lead',
    createdAt: at(-2000 + i),
    updatedAt: at(i * step),
  }));
  const deals = Array.from({ length: dealsN }, (_, i) => ({
    recordId: String(9001 + i),
    dealId: `d_${String(i).padStart(4, '0')}`,
    name: `Deal ${i}`,
    amount: 1000 + i * 250.5,
    stage: 'closedwon',
    closeDate: '2026-10-15',
    createdAt: at(-500 + i),
    updatedAt: at(i * 2),
    // Deal 0 has no contacts (HubSpot then answers 207 with an error entry).
    contactRecordIds: i === 0 ? [] : contacts.slice(i, i + 2).map((c) => c.recordId),
    utmCampaign: i % 2 === 0 ? 'spring_sale_2026' : null,
  }));
  return { hubspot: { contacts, companies, deals } };
}

export interface Harness {
  readonly mock: MockServer;
  readonly fixtures: HubspotFixtures;
  readonly config: HubspotConfig;
  close(): Promise<void>;
}

export async function startHarness(
  pop: Pick<Population, 'hubspot'>,
  options: Partial<Omit<HubspotMockOptions, 'fixtures'>> & { pageSize?: number; token?: string; lookbackMinutes?: number } = {},
): Promise<Harness> {
  const fixtures = hubspotFixturesFromPopulation(pop);
  const mock = await startHubspotMock({ accessToken: TOKEN, ...options, fixtures });
  const config = hubspotConnector.configSchema.parse({
    access_token: options.token ?? TOKEN,
    base_url: mock.url,
    page_size: options.pageSize ?? 10,
    // Fixture records are a minute apart: tests pin exact cursor semantics without lookback.
    lookback_minutes: options.lookbackMinutes ?? 0,
  });
  return { mock, fixtures, config, close: () => mock.close() };
}

/** Reads a stream to its end, as the pipeline would (state = the last batch's). */
export function readStream(stream: Stream<HubspotConfig>, config: HubspotConfig, state?: StreamState, http: HttpClient = makeHttp(config)): Promise<ReadResult> {
  return readAll(stream, config, http, state);
}

/**
 * The HttpClient the pipeline would build. `fastSearch` lifts HubSpot's 4 searches/s
 * budget so tests that page a lot stay quick (the default budget is used otherwise).
 */
export function makeHttp(config: HubspotConfig, options: { maxAttempts?: number; fastSearch?: boolean } = {}): HttpClient {
  const http = createHttpClient({
    source: 'hubspot',
    profile: hubspotConnector.http!(config),
    classify: hubspotConnector.classify!,
    retry: { baseDelayMs: 10, ...(options.maxAttempts === undefined ? {} : { maxAttempts: options.maxAttempts }) },
  });
  if (options.fastSearch) useSearchBudget(http, new RateBudget(1000, 1000));
  return http;
}

export const ids = (records: readonly JsonRecord[]): string[] => [...new Set(records.map((r) => r.id as string))].sort();
