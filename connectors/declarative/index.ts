/**
 * Declarative REST connectors: a YAML file describes a source (README, "Declarative
 * REST connectors") and becomes a Connector like any other.
 *
 * @example
 * ```ts
 * const connector = declarativeConnector('connectors/acme.yaml');
 * connector.streams.map((s) => s.name); // ['contacts', …]
 * ```
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Connector } from '../sdk/index.js';
import { buildConnector, type DeclarativeConfig } from './build-connector.js';
import { loadDefinition } from './load-definition.js';

export { loadDefinition, parseDefinition, DEFINITION_HINT } from './load-definition.js';
export { buildConnector, type DeclarativeConfig } from './build-connector.js';
export type { Definition } from './definition-schema.js';
export { shippedDeclarativeDefinitions, type ShippedDefinition } from './shipped.js';

/** Reads, checks and builds the connector a definition file describes (throws a ConfigError). */
export function declarativeConnector(file: string): Connector<DeclarativeConfig> {
  return buildConnector(loadDefinition(file));
}

/** The definition of connector `type` in the `connectors/` folder beside tributary.yml, if there is one. */
export function findDefinition(configDir: string, type: string): string | undefined {
  for (const ext of ['yaml', 'yml']) {
    const file = join(configDir, 'connectors', `${type}.${ext}`);
    if (existsSync(file)) return file;
  }
  return undefined;
}
