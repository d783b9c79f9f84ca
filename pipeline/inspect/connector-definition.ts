/**
 * `tributary connector validate`: a declarative connector file checked without
 * network, summarised as what it will land (streams, their raw tables, keys, cursors,
 * personal fields) and what tributary.yml must give it (config keys).
 */
import { loadDefinition } from '../../connectors/declarative/index.js';

export interface DefinitionSummary {
  readonly connector: string;
  readonly configKeys: readonly { key: string; type: string; secret: boolean; required: boolean }[];
  readonly streams: readonly { stream: string; table: string; primary_key: string; cursor: string; parent: string; pii_fields: string }[];
}

/** Throws a ConfigError listing every problem (file, key path, what was expected). */
export function validateConnectorDefinition(file: string): DefinitionSummary {
  const def = loadDefinition(file);
  const prefix = def.name.replace(/-/g, '_');
  return {
    connector: def.name,
    configKeys: Object.entries(def.config).map(([key, spec]) => ({
      key,
      type: spec.type,
      secret: spec.secret,
      required: spec.default === undefined && spec.required !== false,
    })),
    streams: def.streams.map((s) => ({
      stream: s.name,
      table: `raw.${prefix}_${s.name}`,
      primary_key: s.primary_key.join(', '),
      cursor: s.incremental?.cursor_field ?? '',
      parent: s.parent?.stream ?? '',
      pii_fields: Object.entries(s.pii).map(([f, tag]) => `${f} (${tag})`).join(', '),
    })),
  };
}
