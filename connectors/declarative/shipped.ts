/**
 * The declarative definitions Tributary ships (connectors/declarative/shipped/*.yaml):
 * they are connectors like the code ones, so `type: klaviyo` needs no file beside
 * tributary.yml, and the models that read their raw tables build in every workspace
 * (an unconfigured source's raw tables are created empty, as for a code connector).
 * A `connectors/<type>.yaml` beside the config still overrides a shipped one.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { packagePath } from '../../core/paths.js';
import type { Connector } from '../sdk/index.js';
import type { DeclarativeConfig } from './build-connector.js';
import { declarativeConnector } from './index.js';

let shipped: Connector<DeclarativeConfig>[] | undefined;

/** Every shipped definition, read and checked once per process. */
export function shippedDeclarativeConnectors(): readonly Connector<DeclarativeConfig>[] {
  if (shipped !== undefined) return shipped;
  const dir = packagePath('connectors', 'declarative', 'shipped');
  shipped = readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => declarativeConnector(join(dir, f)));
  return shipped;
}
