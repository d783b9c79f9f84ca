/**
 * The demo's sources: a seeded synthetic population served by a loopback mock per
 * vendor (HubSpot, Salesforce, Mailchimp, Meta Ads, GA4, Klaviyo, LinkedIn Ads, the Graph API for
 * organic social) and Segment JSONL files for the web.
 * `restart()` re-serves the (changed) population on the same ports, so a workspace
 * config written once stays valid across the demo's two syncs. Salesforce serves the
 * slice of the population as it was at the start, and overnight sales work it
 * (`advanceSalesforceDay`): an open opportunity is won and a campaign member responds.
 * Klaviyo's and LinkedIn Ads' slices are made once up to the day after the population's
 * `asOf`, and each `restart()` serves one more day of them (new profiles, events, analytics).
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { eventLeadsCsv, eventLeadsSliceOf, type EventLeadsSlice } from '../world/event-leads.js';
import { ga4FixturesFromPopulation, GA4_PROPERTY_ID } from '../ga4/fixtures.js';
import { startGa4Mock, type Ga4ServiceAccount } from '../ga4/server.js';
import { hubspotFixturesFromPopulation } from '../hubspot/fixtures.js';
import { startHubspotMock } from '../hubspot/server.js';
import { klaviyoFixturesFromSlice } from '../klaviyo/fixtures.js';
import { startKlaviyoMock } from '../klaviyo/server.js';
import { klaviyoSliceOf, type KlaviyoSlice } from '../world/klaviyo.js';
import { startLinkedinAdsMock } from '../linkedin-ads/server.js';
import { linkedinSliceOf, type LinkedinSlice } from '../world/linkedin.js';
import { DAY_MS } from '../world/time.js';
import { mailchimpFixturesFromPopulation } from '../mailchimp/fixtures.js';
import { startMailchimpMock } from '../mailchimp/server.js';
import { metaAdsFixturesFromPopulation } from '../meta-ads/fixtures.js';
import { startMetaAdsMock } from '../meta-ads/server.js';
import { salesforceFixturesFromSlice, updateRecord, type SalesforceFixtures } from '../salesforce/fixtures.js';
import { startSalesforceMock } from '../salesforce/server.js';
import { salesforceSliceOf, type SalesforceSlice } from '../world/salesforce.js';
import { advanceOrganicDay, organicSocialFixturesFromPopulation, type OrganicSocialFixtures } from '../organic-social/fixtures.js';
import { startOrganicSocialMock } from '../organic-social/server.js';
import type { MockServer } from '../kit/mock-server.js';
import type { Population } from '../world/index.js';
import { writeWebEventFiles } from '../web-events/files.js';

/** Credentials the mocks accept. Not secrets: they open nothing but these loopback mocks. */
export const DEMO_CREDENTIALS = Object.freeze({
  HUBSPOT_TOKEN: 'demo-hubspot-token-0001',
  MAILCHIMP_API_KEY: 'demo0000000000000000000000000000-us21',
  META_ACCESS_TOKEN: 'demo-meta-token-0001',
  SALESFORCE_TOKEN: 'demo-salesforce-session-0001',
  KLAVIYO_API_KEY: 'pk_demo_00000000000000000000000000',
  LINKEDIN_CLIENT_ID: 'demo-linkedin-client',
  LINKEDIN_CLIENT_SECRET: 'demo-linkedin-secret-0001',
  LINKEDIN_REFRESH_TOKEN: 'demo-linkedin-refresh-0001',
  ORGANIC_SOCIAL_TOKEN: 'demo-graph-page-token-0001',
});

/** The GA4 service account the demo's mock trusts; its key pair is made fresh for each demo world. */
export const DEMO_GA4 = Object.freeze({ clientEmail: 'tributary-demo@demo-project.iam.gserviceaccount.com', propertyId: GA4_PROPERTY_ID });

export interface DemoMocks {
  hubspot: MockServer;
  salesforce: MockServer;
  mailchimp: MockServer;
  metaAds: MockServer;
  ga4: MockServer;
  /** Its base URL for the connector is `${url}/api`. */
  klaviyo: MockServer;
  linkedinAds: MockServer;
  organicSocial: MockServer;
}

/**
 * The sources served from a slice made once through the day after `asOf` (Klaviyo,
 * LinkedIn Ads), and the instant the world has reached: each serves what happened before it.
 */
interface DaySlices {
  readonly klaviyo: KlaviyoSlice;
  readonly linkedin: LinkedinSlice;
  readonly atMs: number;
}

/**
 * A throwaway RSA key for the GA4 mock's service account: generated, never written to
 * the repository, so no private key ships with the code.
 */
function demoServiceAccount(): { account: Ga4ServiceAccount; privateKeyPem: string } {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    account: { clientEmail: DEMO_GA4.clientEmail, publicKey },
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

export class DemoWorld {
  readonly population: Population;
  /** How the population appears in Salesforce (its ground truth included). */
  readonly salesforce: SalesforceSlice;
  readonly eventsDir: string;
  /** The events agency's folder of lead CSVs (a files source): one file now, the next at `restart()`. */
  readonly leadsDir: string;
  readonly eventLeads: EventLeadsSlice;
  readonly #salesforceFixtures: SalesforceFixtures;
  readonly #ga4: { account: Ga4ServiceAccount; privateKeyPem: string };
  #slices: DaySlices;
  /** The Page and Instagram account: their own calendar, moved a day on each restart. */
  readonly organicSocial: OrganicSocialFixtures;
  #mocks: DemoMocks;

  private constructor(
    population: Population,
    salesforce: SalesforceSlice,
    eventsDir: string,
    mocks: DemoMocks,
    fixtures: SalesforceFixtures,
    ga4: { account: Ga4ServiceAccount; privateKeyPem: string },
    slices: DaySlices,
    organic: OrganicSocialFixtures,
  ) {
    this.population = population;
    this.salesforce = salesforce;
    this.eventsDir = eventsDir;
    this.leadsDir = join(eventsDir, '..', 'event-leads');
    this.eventLeads = eventLeadsSliceOf(population);
    mkdirSync(this.leadsDir, { recursive: true });
    this.#dropLeadsFile(0);
    this.#mocks = mocks;
    this.#salesforceFixtures = fixtures;
    this.#ga4 = ga4;
    this.#slices = slices;
    this.organicSocial = organic;
  }

  #dropLeadsFile(i: 0 | 1): void {
    const file = this.eventLeads.files[i];
    writeFileSync(join(this.leadsDir, file.file), eventLeadsCsv(file));
  }

  /** How the population appears in Klaviyo (its ground truth included), through the day after `asOf`. */
  get klaviyo(): KlaviyoSlice {
    return this.#slices.klaviyo;
  }

  /**
   * Every credential the mocks accept, as environment variables: the fixed tokens plus
   * this world's GA4 private key (PEM newlines as `\n`, the way key files carry them).
   */
  get credentials(): Record<string, string> {
    return { ...DEMO_CREDENTIALS, GA4_PRIVATE_KEY: this.#ga4.privateKeyPem.trim().replace(/\n/g, '\\n') };
  }

  static async start(population: Population, workspace: string): Promise<DemoWorld> {
    const eventsDir = join(workspace, 'events');
    await writeWebEventFiles(eventsDir, population.web.events);
    const salesforce = salesforceSliceOf(population);
    const fixtures = salesforceFixturesFromSlice(salesforce);
    const ga4 = demoServiceAccount();
    const asOfMs = Date.parse(population.asOf);
    const slices = { klaviyo: klaviyoSliceOf(population, asOfMs + DAY_MS), linkedin: linkedinSliceOf(population, asOfMs + DAY_MS), atMs: asOfMs };
    const organic = organicSocialFixturesFromPopulation(population);
    const mocks = await startMocks(population, fixtures, ga4.account, slices, organic);
    return new DemoWorld(population, salesforce, eventsDir, mocks, fixtures, ga4, slices, organic);
  }

  get mocks(): DemoMocks {
    return this.#mocks;
  }

  /** Serves the population as it is now (after `applyDailyChanges`) on the same ports. */
  async restart(newWebEvents: Population['web']['events']): Promise<void> {
    const ports = {
      hubspot: portOf(this.#mocks.hubspot),
      salesforce: portOf(this.#mocks.salesforce),
      mailchimp: portOf(this.#mocks.mailchimp),
      metaAds: portOf(this.#mocks.metaAds),
      ga4: portOf(this.#mocks.ga4),
      klaviyo: portOf(this.#mocks.klaviyo),
      linkedinAds: portOf(this.#mocks.linkedinAds),
      organicSocial: portOf(this.#mocks.organicSocial),
    };
    await this.close();
    this.#slices = { ...this.#slices, atMs: this.#slices.atMs + DAY_MS };
    advanceOrganicDay(this.organicSocial);
    advanceSalesforceDay(this.#salesforceFixtures, this.#slices.atMs);
    // the agency's next show: its file lands in the folder overnight
    this.#dropLeadsFile(1);
    this.#mocks = await startMocks(this.population, this.#salesforceFixtures, this.#ga4.account, this.#slices, this.organicSocial, ports);
    if (newWebEvents.length > 0) {
      const { appendWebEvents } = await import('../web-events/files.js');
      await appendWebEvents(this.eventsDir, newWebEvents);
    }
  }

  async close(): Promise<void> {
    await Promise.all(Object.values(this.#mocks).map((m) => m.close()));
  }
}

/**
 * A day of sales work in the org, on `dayMs` (the demo world's new today): the first
 * open opportunity (by Id) closes won — a deal HubSpot also holds stays open there until
 * the CRM sync copies the stage, so its revenue counts from Salesforce — and the first
 * campaign member who had not responded does. Both arrive in the next sync by their
 * SystemModstamp.
 */
function advanceSalesforceDay(fixtures: SalesforceFixtures, dayMs: number): void {
  const at = new Date(dayMs + 10 * 3_600_000).toISOString();
  const open = [...fixtures.records.Opportunity.values()].filter((o) => !o.IsDeleted && o.IsClosed === false).sort((a, b) => a.Id.localeCompare(b.Id))[0];
  if (open) updateRecord(fixtures, 'Opportunity', open.Id, { StageName: 'Closed Won', IsWon: true, IsClosed: true, CloseDate: at.slice(0, 10) }, at);
  const waiting = [...fixtures.records.CampaignMember.values()].filter((m) => !m.IsDeleted && m.HasResponded === false).sort((a, b) => a.Id.localeCompare(b.Id))[0];
  if (waiting) updateRecord(fixtures, 'CampaignMember', waiting.Id, { Status: 'Responded', HasResponded: true, FirstRespondedDate: at.slice(0, 10) }, at);
}

async function startMocks(
  pop: Population,
  salesforce: SalesforceFixtures,
  ga4Account: Ga4ServiceAccount,
  slices: DaySlices,
  organic: OrganicSocialFixtures,
  ports: Partial<Record<keyof DemoMocks, number>> = {},
): Promise<DemoMocks> {
  const [hubspot, salesforceMock, mailchimp, metaAds, ga4, klaviyo, linkedinAds, organicSocial] = await Promise.all([
    startHubspotMock({ fixtures: hubspotFixturesFromPopulation(pop), accessToken: DEMO_CREDENTIALS.HUBSPOT_TOKEN, ...port(ports.hubspot) }),
    startSalesforceMock({ fixtures: salesforce, accessToken: DEMO_CREDENTIALS.SALESFORCE_TOKEN, ...port(ports.salesforce) }),
    startMailchimpMock({ fixtures: mailchimpFixturesFromPopulation(pop), apiKey: DEMO_CREDENTIALS.MAILCHIMP_API_KEY, ...port(ports.mailchimp) }),
    startMetaAdsMock({ fixtures: metaAdsFixturesFromPopulation(pop), accessToken: DEMO_CREDENTIALS.META_ACCESS_TOKEN, ...port(ports.metaAds) }),
    startGa4Mock({ fixtures: ga4FixturesFromPopulation(pop), serviceAccount: ga4Account, ...port(ports.ga4) }),
    startKlaviyoMock({ fixtures: klaviyoFixturesFromSlice(slices.klaviyo, slices.atMs), apiKey: DEMO_CREDENTIALS.KLAVIYO_API_KEY, ...port(ports.klaviyo) }).then((m) => m.server),
    startLinkedinAdsMock({
      slice: slices.linkedin, atMs: slices.atMs, ...port(ports.linkedinAds),
      credentials: { clientId: DEMO_CREDENTIALS.LINKEDIN_CLIENT_ID, clientSecret: DEMO_CREDENTIALS.LINKEDIN_CLIENT_SECRET, refreshToken: DEMO_CREDENTIALS.LINKEDIN_REFRESH_TOKEN },
    }),
    startOrganicSocialMock({ fixtures: organic, accessToken: DEMO_CREDENTIALS.ORGANIC_SOCIAL_TOKEN, ...port(ports.organicSocial) }).then((m) => m.server),
  ]);
  return { hubspot, salesforce: salesforceMock, mailchimp, metaAds, ga4, klaviyo, linkedinAds, organicSocial };
}

function port(p: number | undefined): { port?: number } {
  return p === undefined ? {} : { port: p };
}

function portOf(mock: MockServer): number {
  return Number(new URL(mock.url).port);
}
