/**
 * JSON Schemas for the dbt artifact fields tools that read them rely on, written here
 * from dbt's documented artifact reference (catalog v1; the manifest's node fields),
 * not the full published schemas: what docs sites, catalogs and lineage tools read.
 * `problems(doc)` lists where a document breaks them (empty: valid).
 */
import { Ajv, type ValidateFunction } from 'ajv';

const nullableString = { type: ['string', 'null'] };

const metadata = {
  type: 'object',
  required: ['dbt_schema_version', 'dbt_version', 'generated_at', 'invocation_id'],
  properties: {
    dbt_schema_version: { type: 'string', pattern: '^https://schemas\\.getdbt\\.com/dbt/' },
    dbt_version: { type: 'string' },
    generated_at: { type: 'string', format: 'date-time' },
    invocation_id: nullableString,
    env: { type: 'object', additionalProperties: { type: 'string' } },
  },
};

const catalogTable = {
  type: 'object',
  required: ['metadata', 'columns', 'stats'],
  additionalProperties: false,
  properties: {
    metadata: {
      type: 'object',
      required: ['type', 'schema', 'name'],
      additionalProperties: false,
      properties: { type: { type: 'string' }, schema: { type: 'string' }, name: { type: 'string' }, database: nullableString, comment: nullableString, owner: nullableString },
    },
    columns: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        required: ['type', 'index', 'name'],
        additionalProperties: false,
        properties: { type: { type: 'string' }, index: { type: 'integer', minimum: 1 }, name: { type: 'string' }, comment: nullableString },
      },
    },
    stats: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        required: ['id', 'label', 'include'],
        additionalProperties: false,
        properties: { id: { type: 'string' }, label: { type: 'string' }, value: { type: ['boolean', 'string', 'number', 'null'] }, include: { type: 'boolean' }, description: nullableString },
      },
    },
    unique_id: nullableString,
  },
};

export const CATALOG_V1_SCHEMA = {
  type: 'object',
  required: ['metadata', 'nodes', 'sources'],
  additionalProperties: false,
  properties: {
    metadata: { ...metadata, additionalProperties: false },
    nodes: { type: 'object', additionalProperties: catalogTable },
    sources: { type: 'object', additionalProperties: catalogTable },
    errors: { oneOf: [{ type: 'array', items: { type: 'string' } }, { type: 'null' }] },
  },
};

const manifestNode = {
  type: 'object',
  required: ['unique_id', 'resource_type', 'name', 'package_name', 'schema', 'fqn', 'original_file_path', 'config', 'depends_on'],
  properties: {
    unique_id: { type: 'string' },
    resource_type: { enum: ['model', 'seed', 'snapshot', 'test', 'analysis', 'operation', 'sql_operation'] },
    name: { type: 'string' },
    package_name: { type: 'string' },
    database: nullableString,
    schema: { type: 'string' },
    alias: { type: 'string' },
    fqn: { type: 'array', items: { type: 'string' } },
    original_file_path: nullableString,
    relation_name: nullableString,
    config: { type: 'object', required: ['enabled', 'materialized'], properties: { enabled: { type: 'boolean' }, materialized: { type: 'string' } } },
    depends_on: { type: 'object', required: ['nodes'], properties: { nodes: { type: 'array', items: { type: 'string' } }, macros: { type: 'array', items: { type: 'string' } } } },
    columns: { type: 'object', additionalProperties: { type: 'object', required: ['name'], properties: { name: { type: 'string' }, description: { type: 'string' }, data_type: nullableString } } },
    compiled_code: { type: 'string' },
  },
};

export const MANIFEST_NODES_SCHEMA = {
  type: 'object',
  required: ['metadata', 'nodes', 'sources', 'parent_map', 'child_map'],
  properties: {
    metadata,
    nodes: { type: 'object', additionalProperties: manifestNode },
    sources: { type: 'object' },
    parent_map: { type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } } },
    child_map: { type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } } },
  },
};

export function artifactValidator(schema: object): { problems(doc: unknown): string[] } {
  const ajv = new Ajv({ allErrors: true, strict: false });
  // generated_at is checked as ISO 8601 without pulling in ajv-formats' whole table.
  ajv.addFormat('date-time', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/u);
  const validate: ValidateFunction = ajv.compile(schema);
  return {
    problems(doc) {
      return validate(doc) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`);
    },
  };
}
