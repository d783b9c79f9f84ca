/**
 * The demo's sources: a seeded synthetic population served by a loopback mock per
 * vendor (HubSpot, Salesforce, Mailchimp, Meta Ads) and Segment JSONL files for the web.
 * `restart()` re-serves the (changed) population on the same ports, so a workspace
 * config written once stays valid across the demo's two syncs. Salesforce serves the
 * slice of the population as it was at the start: its org does not change overnight.
 */
import { join } from 'node:path';
import { hubspotFixturesFromPopulation } from '../hubspot/fixtures.js';
import { startHubspotMock } from '../hubspot/server.js';
import { mailchimpFixturesFromPopulation } from '../mailchimp/fixtures.js';
import { startMailchimpMock } from '../mailchimp/server.js';
import { metaAdsFixturesFromPopulation } from '../meta-ads/fixtures.js';
import { startMetaAdsMock } from '../meta-ads/server.js';
import { salesforceFixturesFromSlice, type SalesforceFixtures } from '../salesforce/fixtures.js';
import { startSalesforceMock } from '../salesforce/server.js';
import { salesforceSliceOf, type SalesforceSlice } from '../world/salesforce.js';
import type { MockServer } from '../kit/mock-server.js';
import type { Population } from '../world/index.js';
import { writeWebEventFiles } from '../web-events/files.js';

/** Credentials the mocks accept. Not secrets: they open nothing but these loopback mocks. */
export const DEMO_CREDENTIALS = Object.freeze({
  HUBSPOT_TOKEN: 'demo-hubspot-token-0001',
  MAILCHIMP_API_KEY: 'demo0000000000000000000000000000-us21',
  META_ACCESS_TOKEN: 'demo-meta-token-0001',
  SALESFORCE_TOKEN: 'demo-salesforce-session-0001',
});

export interface DemoMocks {
  hubspot: MockServer;
  salesforce: MockServer;
  mailchimp: MockServer;
  metaAds: MockServer;
}

export class DemoWorld {
  readonly population: Population;
  /** How the population appears in Salesforce (its ground truth included). */
  readonly salesforce: SalesforceSlice;
  readonly eventsDir: string;
  readonly #salesforceFixtures: SalesforceFixtures;
  #mocks: DemoMocks;

  private constructor(population: Population, salesforce: SalesforceSlice, eventsDir: string, mocks: DemoMocks, fixtures: SalesforceFixtures) {
    this.population = population;
    this.salesforce = salesforce;
    this.eventsDir = eventsDir;
    this.#mocks = mocks;
    this.#salesforceFixtures = fixtures;
  }

  static async start(population: Population, workspace: string): Promise<DemoWorld> {
    const eventsDir = join(workspace, 'events');
    await writeWebEventFiles(eventsDir, population.web.events);
    const salesforce = salesforceSliceOf(population);
    const fixtures = salesforceFixturesFromSlice(salesforce);
    return new DemoWorld(population, salesforce, eventsDir, await startMocks(population, fixtures), fixtures);
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
    };
    await this.close();
    this.#mocks = await startMocks(this.population, this.#salesforceFixtures, ports);
    if (newWebEvents.length > 0) {
      const { appendWebEvents } = await import('../web-events/files.js');
      await appendWebEvents(this.eventsDir, newWebEvents);
    }
  }

  async close(): Promise<void> {
    await Promise.all(Object.values(this.#mocks).map((m) => m.close()));
  }
}

async function startMocks(pop: Population, salesforce: SalesforceFixtures, ports: Partial<Record<keyof DemoMocks, number>> = {}): Promise<DemoMocks> {
  const [hubspot, salesforceMock, mailchimp, metaAds] = await Promise.all([
    startHubspotMock({ fixtures: hubspotFixturesFromPopulation(pop), accessToken: DEMO_CREDENTIALS.HUBSPOT_TOKEN, ...port(ports.hubspot) }),
    startSalesforceMock({ fixtures: salesforce, accessToken: DEMO_CREDENTIALS.SALESFORCE_TOKEN, ...port(ports.salesforce) }),
    startMailchimpMock({ fixtures: mailchimpFixturesFromPopulation(pop), apiKey: DEMO_CREDENTIALS.MAILCHIMP_API_KEY, ...port(ports.mailchimp) }),
    startMetaAdsMock({ fixtures: metaAdsFixturesFromPopulation(pop), accessToken: DEMO_CREDENTIALS.META_ACCESS_TOKEN, ...port(ports.metaAds) }),
  ]);
  return { hubspot, salesforce: salesforceMock, mailchimp, metaAds };
}

function port(p: number | undefined): { port?: number } {
  return p === undefined ? {} : { port: p };
}

function portOf(mock: MockServer): number {
  return Number(new URL(mock.url).port);
}
