/**
 * A starter tributary.yml block for a shipped declarative connector, written from its
 * definition's `config:` so `init` knows every shipped YAML source without a second
 * list to keep in step: secrets and required keys become `${VAR}` placeholders (so
 * `check` names any left unset), keys with a default are shown commented out.
 */
import type { ShippedDefinition } from '../../connectors/declarative/index.js';

export interface StarterVariable {
  readonly name: string;
  readonly comment: string;
}

export interface Starter {
  readonly id: string;
  readonly block: string;
  readonly env: readonly StarterVariable[];
  /** Folders the block reads, created beside tributary.yml. */
  readonly folders?: readonly string[];
}

export function declarativeStarter({ file, definition }: ShippedDefinition): Starter {
  const id = definition.name.replace(/-/g, '_');
  const shippedAs = file.slice(file.lastIndexOf('connectors/'));
  const lines = [`  ${id}:`, `    type: ${definition.name}${pad(`type: ${definition.name}`)}# shipped YAML definition (${shippedAs})`];
  const env: StarterVariable[] = [];
  for (const [key, spec] of Object.entries(definition.config)) {
    const required = spec.default === undefined && spec.required !== false;
    if (spec.secret || required) {
      const name = `${id}_${key}`.toUpperCase();
      env.push({ name, comment: `${definition.name} ${key}${spec.description ? `: ${spec.description}` : ''}` });
      const line = `${key}: \${${name}}`;
      lines.push(`    ${line}${spec.description ? `${pad(line)}# ${spec.description}` : ''}`);
    } else {
      const line = `# ${key}: ${spec.default === undefined ? '' : yamlScalar(spec.default)}`;
      lines.push(`    ${line}${spec.description ? `${pad(line)}# ${spec.description}` : spec.default === undefined ? '' : `${pad(line)}# default`}`);
    }
  }
  return { id, block: lines.map((l) => `${l}\n`).join(''), env };
}

/** Comments line up in one column, as in the hand-written starters. */
function pad(text: string): string {
  return ' '.repeat(Math.max(1, 37 - text.length));
}

/** A default as YAML reads it back unchanged: a numeric-looking string such as '202410' stays a string. */
function yamlScalar(value: string | number | boolean): string {
  if (typeof value !== 'string') return String(value);
  return /^[A-Za-z][\w.:/-]*$/.test(value) && !/^(true|false|null|yes|no|on|off)$/i.test(value) ? value : JSON.stringify(value);
}
