/**
 * The demo's sources: a seeded synthetic population served by a loopback mock per
 * vendor (HubSpot, Mailchimp, Meta Ads) and Segment JSONL files for the web.
 * `restart()` re-serves the (changed) population on the same ports, so a workspace
 * config written once stays valid across the demo's two syncs.
 */
import { join } from 'node:path';
import { hubspotFixturesFromPopulation } from '../../connectors/hubspot/mock/fixtures.js';
import { startHubspotMock } from '../../connectors/hubspot/mock/server.js';
import { mailchimpFixturesFromPopulation } from '../../connectors/mailchimp/mock/fixtures.js';
import { startMailchimpMock } from '../../connectors/mailchimp/mock/server.js';
import { metaAdsFixturesFromPopulation } from '../../connectors/meta-ads/mock/fixtures.js';
import { startMetaAdsMock } from '../../connectors/meta-ads/mock/server.js';
import type { MockServer } from '../../connectors/sdk/testkit/mock-server.js';
import type { Population } from '../../connectors/synthetic/index.js';
import { writeWebEventFiles } from '../../connectors/web-events/mock/files.js';

/** Credentials the mocks accept. Not secrets: they open nothing but these loopback mocks. */
export const DEMO_CREDENTIALS = Object.freeze({
  HUBSPOT_TOKEN: 'demo-hubspot-token-0001',
  MAILCHIMP_API_KEY: 'demo0000000000000000000000000000-us21',
  META_ACCESS_TOKEN: 'demo-meta-token-0001',
});

export interface DemoMocks {
  hubspot: MockServer;
  mailchimp: MockServer;
  metaAds: MockServer;
}

export class DemoWorld {
  readonly population: Population;
  readonly eventsDir: string;
  #mocks: DemoMocks;

  private constructor(population: Population, eventsDir: string, mocks: DemoMocks) {
    this.population = population;
    this.eventsDir = eventsDir;
    this.#mocks = mocks;
  }

  static async start(population: Population, workspace: string): Promise<DemoWorld> {
    const eventsDir = join(workspace, 'events');
    await writeWebEventFiles(eventsDir, population.web.events);
    return new DemoWorld(population, eventsDir, await startMocks(population));
  }

  get mocks(): DemoMocks {
    return this.#mocks;
  }

  /** Serves the population as it is now (after `applyDailyChanges`) on the same ports. */
  async restart(newWebEvents: Population['web']['events']): Promise<void> {
    const ports = {
      hubspot: portOf(this.#mocks.hubspot),
      mailchimp: portOf(this.#mocks.mailchimp),
      metaAds: portOf(this.#mocks.metaAds),
    };
    await this.close();
    this.#mocks = await startMocks(this.population, ports);
    if (newWebEvents.length > 0) {
      const { appendWebEvents } = await import('../../connectors/web-events/mock/files.js');
      await appendWebEvents(this.eventsDir, newWebEvents);
    }
  }

  async close(): Promise<void> {
    await Promise.all(Object.values(this.#mocks).map((m) => m.close()));
  }
}

async function startMocks(pop: Population, ports: Partial<Record<keyof DemoMocks, number>> = {}): Promise<DemoMocks> {
  const [hubspot, mailchimp, metaAds] = await Promise.all([
    startHubspotMock({ fixtures: hubspotFixturesFromPopulation(pop), accessToken: DEMO_CREDENTIALS.HUBSPOT_TOKEN, ...port(ports.hubspot) }),
    startMailchimpMock({ fixtures: mailchimpFixturesFromPopulation(pop), apiKey: DEMO_CREDENTIALS.MAILCHIMP_API_KEY, ...port(ports.mailchimp) }),
    startMetaAdsMock({ fixtures: metaAdsFixturesFromPopulation(pop), accessToken: DEMO_CREDENTIALS.META_ACCESS_TOKEN, ...port(ports.metaAds) }),
  ]);
  return { hubspot, mailchimp, metaAds };
}

function port(p: number | undefined): { port?: number } {
  return p === undefined ? {} : { port: p };
}

function portOf(mock: MockServer): number {
  return Number(new URL(mock.url).port);
}
