/**
 * Where models and seeds land in DuckDB, and the `Relation` object templates see.
 * A node's relation is its `schema` and `alias` config, else the default schema and
 * its own name; `Relation` prints as the quoted `schema.name` and exposes the parts
 * dbt templates use. Both the parse pass (a model's final relation) and the Jinja
 * context (what `ref()`, `source()` and `this` return) need this, so it sits below both.
 */
import { quoteQualified } from '../core/sql.js';
import { DEFAULT_SCHEMA, type ModelConfig } from './config.js';
import type { RelationName } from './materialize.js';

/** What `ref()`, `source()` and `this` return: prints as the quoted relation, exposes its parts. */
export class Relation implements RelationName {
  readonly schema: string;
  readonly name: string;
  /** `table` or `view` when known (`incorporate(type=…)`); dropping needs it. */
  readonly type: string | undefined;
  constructor(schema: string, name: string, type?: string) {
    this.schema = schema;
    this.name = name;
    this.type = type;
    Object.freeze(this);
  }
  /** dbt spells the table part `identifier`. */
  get identifier(): string {
    return this.name;
  }
  /** What dbt-utils' `_is_relation` looks for: a mapping whose metadata type ends in "Relation". */
  get metadata(): { type: string } {
    return { type: 'DuckDBRelation' };
  }
  get is_relation(): boolean {
    return true;
  }
  /** The SQL text of the relation, as `{{ relation }}` prints it. */
  render(): string {
    return this.toString();
  }
  /** dbt's `include(database=…, schema=…, identifier=…)`: this engine never prints the database part. */
  include(): Relation {
    return this;
  }
  /** dbt's `incorporate(type=…)`: the same relation with its kind set. */
  incorporate(kwargs?: { type?: unknown }): Relation {
    return typeof kwargs?.type === 'string' ? new Relation(this.schema, this.name, kwargs.type) : this;
  }
  get is_table(): boolean {
    return this.type === 'table';
  }
  get is_view(): boolean {
    return this.type === 'view';
  }
  toString(): string {
    return quoteQualified(this.schema, this.name);
  }
}

/** A model's relation from its final config: `schema` and `alias`, else the default schema and its name. */
export function relationOf(name: string, config: ModelConfig, defaultSchema: string = DEFAULT_SCHEMA): RelationName {
  return { schema: config.schema ?? defaultSchema, name: config.alias ?? name };
}

/** A seed's relation, the same way, as a `Relation` a template can print. */
export function relationOfSeed(name: string, config: ModelConfig): Relation {
  return new Relation(config.schema ?? DEFAULT_SCHEMA, config.alias ?? name);
}
