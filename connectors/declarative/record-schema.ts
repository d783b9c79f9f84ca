/**
 * A stream's `schema:` (field path → type) as the zod record schema the pipeline
 * validates records with and creates raw columns from. Dotted paths nest
 * (`attributes.email` is `email` inside `attributes`); objects stay open, so fields
 * the definition does not name still land (as schema drift) rather than being lost.
 */
import { z } from 'zod';
import type { FieldType, StreamDefinition } from './definition-schema.js';

function fieldSchema(type: FieldType): z.ZodType {
  switch (type) {
    case 'string':
      return z.string();
    case 'integer':
      return z.number().int();
    case 'number':
      return z.number();
    case 'boolean':
      return z.boolean();
    case 'datetime':
      return z.string().refine((v) => !Number.isNaN(Date.parse(v)), 'expected an ISO date-time');
    case 'date':
      return z.string().regex(/^\d{4}-\d{2}-\d{2}/, 'expected a date (YYYY-MM-DD)');
    case 'object':
      return z.record(z.string(), z.unknown());
    case 'array':
      return z.array(z.unknown());
  }
}

interface Node {
  leaf?: { type: FieldType; required: boolean };
  children: Map<string, Node>;
}

export function recordSchema(stream: StreamDefinition): z.ZodType {
  const root: Node = { children: new Map() };
  const required = new Set(stream.primary_key);
  for (const [path, spec] of Object.entries(stream.schema)) {
    const { type, required: req } = typeof spec === 'string' ? { type: spec, required: false } : spec;
    let node = root;
    for (const key of path.split('.')) {
      let next = node.children.get(key);
      if (!next) node.children.set(key, (next = { children: new Map() }));
      node = next;
    }
    node.leaf = { type, required: req || required.has(path) };
  }
  return objectOf(root);
}

function objectOf(node: Node): z.ZodType {
  const shape: Record<string, z.ZodType> = {};
  for (const [key, child] of node.children) {
    if (child.leaf && child.children.size === 0) {
      const s = fieldSchema(child.leaf.type);
      shape[key] = child.leaf.required ? s : s.nullable().optional();
    } else {
      shape[key] = objectOf(child).nullable().optional();
    }
  }
  return z.looseObject(shape);
}
