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
import { buildConnector, type DeclarativeConfig } from './build-connector.js';
import type { Definition } from './definition-schema.js';
import { loadDefinition } from './load-definition.js';

export interface ShippedDefinition {
  readonly file: string;
  readonly definition: Definition;
}

let definitions: ShippedDefinition[] | undefined;
let shipped: Connector<DeclarativeConfig>[] | undefined;

/** Every shipped definition file, read and checked once per process. */
export function shippedDeclarativeDefinitions(): readonly ShippedDefinition[] {
  if (definitions !== undefined) return definitions;
  const dir = packagePath('connectors', 'declarative', 'shipped');
  definitions = readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => ({ file: join(dir, f), definition: loadDefinition(join(dir, f)) }));
  return definitions;
}

/** The shipped definitions as connectors. */
export function shippedDeclarativeConnectors(): readonly Connector<DeclarativeConfig>[] {
  shipped ??= shippedDeclarativeDefinitions().map((d) => buildConnector(d.definition));
  return shipped;
}
