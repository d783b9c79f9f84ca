/**
 * A small synthetic world served by the real loopback mocks, plus a workspace whose
 * tributary.yml points at them — the fixture of the pipeline's integration tests.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generatePopulation, type Population } from '../../sandbox/world/index.js';
import { DEMO_GA4, DemoWorld } from '../../sandbox/demo/demo-world.js';
import { tempDir, type TempDir } from './workspace.js';

export interface TestWorld {
  readonly world: DemoWorld;
  readonly population: Population;
  readonly dir: TempDir;
  /** Writes a tributary.yml into the workspace (or another folder) and returns its path. */
  writeConfig(options?: {
    folder?: string;
    hubspotPageSize?: number;
    maxAttempts?: number;
    sources?: readonly string[];
    batchSize?: number;
    /** sync.stream_retries (default: no stream retry, so a failing stream fails at once). */
    streamRetries?: { maxAttempts: number; delayMs: number };
  }): string;
  /** Environment with the mocks' credentials (what a real user exports). */
  readonly env: Record<string, string>;
  close(): Promise<void>;
}

export async function startTestWorld(options: { people?: number; days?: number; seed?: number } = {}): Promise<TestWorld> {
  const population = generatePopulation({ seed: options.seed ?? 7, people: options.people ?? 200, days: options.days ?? 14 });
  const dir = tempDir('tributary-world-');
  const world = await DemoWorld.start(population, dir.path);
  const start = new Date(Date.parse(population.asOf) - 120 * 86_400_000).toISOString().slice(0, 10);
  const accounts = [...new Set(population.metaAds.campaigns.map((c) => c.accountId))];
  return {
    world,
    population,
    dir,
    env: world.credentials,
    writeConfig(o = {}) {
      const folder = o.folder ?? dir.path;
      const wanted = new Set(o.sources ?? ['hubspot', 'mailchimp', 'meta_ads', 'web']);
      const blocks: Record<string, string> = {
        hubspot: `  hubspot:\n    type: hubspot\n    access_token: \${HUBSPOT_TOKEN}\n    base_url: ${world.mocks.hubspot.url}\n    page_size: ${o.hubspotPageSize ?? 100}\n    search_requests_per_second: 50\n`,
        mailchimp: `  mailchimp:\n    type: mailchimp\n    api_key: \${MAILCHIMP_API_KEY}\n    base_url: ${world.mocks.mailchimp.url}\n`,
        meta_ads: `  meta_ads:\n    type: meta-ads\n    access_token: \${META_ACCESS_TOKEN}\n    base_url: ${world.mocks.metaAds.url}\n    account_ids: [${accounts.join(', ')}]\n    start_date: '${start}'\n`,
        ga4: `  ga4:\n    type: ga4\n    property_id: '${DEMO_GA4.propertyId}'\n    client_email: ${DEMO_GA4.clientEmail}\n    private_key: \${GA4_PRIVATE_KEY}\n    base_url: ${world.mocks.ga4.url}\n    token_uri: ${world.mocks.ga4.url}/token\n    start_date: '${start}'\n    end_date: '${population.asOf.slice(0, 10)}'\n`,
        web: `  web:\n    type: web-events\n    path: ${world.eventsDir}\n`,
        organic_social: `  organic_social:\n    type: organic_social\n    access_token: \${ORGANIC_SOCIAL_TOKEN}\n    base_url: ${world.mocks.organicSocial.url}\n    page_id: '${world.organicSocial.pageId}'\n    ig_user_id: '${world.organicSocial.igUserId}'\n`,
      };
      const yaml = `version: 1
log_level: debug
sync:
  batch_size: ${o.batchSize ?? 500}
  retries:
    max_attempts: ${o.maxAttempts ?? 4}
    base_delay_ms: 5
  stream_retries:
    max_attempts: ${o.streamRetries?.maxAttempts ?? 1}
    delay_ms: ${o.streamRetries?.delayMs ?? 0}
sources:
${Object.entries(blocks)
  .filter(([k]) => wanted.has(k))
  .map(([, v]) => v)
  .join('')}`;
      const file = join(folder, 'tributary.yml');
      writeFileSync(file, yaml);
      return file;
    },
    async close() {
      await world.close();
      dir.remove();
    },
  };
}
