/**
 * The columns a stream declares through its zod record schema. Raw tables are created
 * from these up front — so models can rely on a column even before any record has
 * filled it — and records add columns later when the source drifts.
 */
import { z } from 'zod';
import type { Stream } from '../../connectors/sdk/index.js';
import { columnNameFor, type RawType } from './flatten.js';

export interface DeclaredColumn {
  readonly column: string;
  readonly fieldPath: string;
  readonly type: RawType;
}

export interface DeclaredShape {
  readonly columns: readonly DeclaredColumn[];
  /** Field paths of free-form objects stored whole as JSON. */
  readonly jsonPaths: ReadonlySet<string>;
}

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  additionalProperties?: unknown;
};

const cache = new WeakMap<object, DeclaredShape>();

export function declaredShape(stream: Stream<any>): DeclaredShape {
  const hit = cache.get(stream.schema);
  if (hit) return hit;
  const schema = z.toJSONSchema(stream.schema, { unrepresentable: 'any', io: 'output' }) as JsonSchema;
  const columns: DeclaredColumn[] = [];
  const jsonPaths = new Set<string>();
  const walk = (node: JsonSchema, path: string[]) => {
    const n = nonNull(node);
    const types = typeList(n);
    if (types.includes('object') || n.properties) {
      const props = n.properties ?? {};
      if (Object.keys(props).length === 0) {
        if (path.length > 0) {
          jsonPaths.add(path.join('.'));
          columns.push({ column: columnNameFor(path), fieldPath: path.join('.'), type: 'JSON' });
        }
        return;
      }
      for (const [k, child] of Object.entries(props)) walk(child, [...path, k]);
      return;
    }
    if (path.length === 0) return;
    columns.push({ column: columnNameFor(path), fieldPath: path.join('.'), type: scalarType(types) });
  };
  walk(schema, []);
  const shape = { columns, jsonPaths };
  cache.set(stream.schema, shape);
  return shape;
}

function nonNull(node: JsonSchema): JsonSchema {
  const alts = node.anyOf ?? node.oneOf;
  if (alts) {
    const rest = alts.filter((a) => !(a.type === 'null'));
    if (rest.length === 1) return nonNull(rest[0]!);
    // A union of several shapes: keep it whole.
    return { type: rest.every((r) => typeList(r).some((t) => t === 'object' || t === 'array')) ? 'array' : 'string' };
  }
  if (node.allOf && node.allOf.length === 1) return nonNull(node.allOf[0]!);
  return node;
}

function typeList(node: JsonSchema): string[] {
  return node.type === undefined ? [] : Array.isArray(node.type) ? node.type.filter((t) => t !== 'null') : [node.type];
}

function scalarType(types: readonly string[]): RawType {
  if (types.length !== 1) return 'VARCHAR';
  switch (types[0]) {
    case 'integer':
      return 'BIGINT';
    case 'number':
      return 'DOUBLE';
    case 'boolean':
      return 'BOOLEAN';
    case 'array':
      return 'JSON';
    default:
      return 'VARCHAR';
  }
}
