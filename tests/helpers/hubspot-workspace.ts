/**
 * The smallest real workspace: one HubSpot mock (a small synthetic population, editable
 * before the first sync) and a tributary.yml pointing at it. For tests about what one
 * sync publishes, where the whole demo world would only cost time.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_CREDENTIALS } from '../../sandbox/demo/demo-world.js';
import { hubspotFixturesFromPopulation, type HubspotFixtures } from '../../sandbox/hubspot/fixtures.js';
import { startHubspotMock } from '../../sandbox/hubspot/server.js';
import type { MockServer } from '../../sandbox/kit/mock-server.js';
import { generatePopulation, type Population } from '../../sandbox/world/index.js';
import { tempDir, type TempDir } from './workspace.js';

export interface HubspotWorkspace {
  readonly dir: TempDir;
  readonly config: string;
  readonly population: Population;
  readonly env: Record<string, string>;
  /** Rewrites tributary.yml with `extra` YAML appended (e.g. a `governance:` block). */
  writeConfig(extra?: string): string;
  close(): Promise<void>;
}

export async function startHubspotWorkspace(options: { people?: number; edit?: (fixtures: HubspotFixtures, population: Population) => void } = {}): Promise<HubspotWorkspace> {
  const population = generatePopulation({ seed: 11, people: options.people ?? 40, days: 7 });
  const fixtures = hubspotFixturesFromPopulation(population);
  options.edit?.(fixtures, population);
  const mock: MockServer = await startHubspotMock({ fixtures, accessToken: DEMO_CREDENTIALS.HUBSPOT_TOKEN });
  const dir = tempDir('tributary-hubspot-');
  const writeConfig = (extra = '') => {
    const file = join(dir.path, 'tributary.yml');
    writeFileSync(
      file,
      `version: 1
sources:
  hubspot:
    type: hubspot
    access_token: \${HUBSPOT_TOKEN}
    base_url: ${mock.url}
    search_requests_per_second: 50
${extra}`,
    );
    return file;
  };
  return {
    dir,
    config: writeConfig(),
    population,
    env: { HUBSPOT_TOKEN: DEMO_CREDENTIALS.HUBSPOT_TOKEN },
    writeConfig,
    async close() {
      await mock.close();
      dir.remove();
    },
  };
}
