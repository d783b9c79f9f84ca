/**
 * A record is landed under its primary key, and a record without one cannot be: every
 * keyless version of a stream would become a version of one record (all of them
 * deleted together by an erasure, staging picking one at random). So a record whose
 * primary-key field is missing, null or empty — any field of a composite key, nested
 * paths included — is quarantined with the reason, never landed.
 */
import type { JsonRecord, JsonValue } from '../../connectors/sdk/index.js';

/** Why `record` has no usable primary key, or undefined when every key field holds a value. */
export function missingPrimaryKey(record: JsonRecord, primaryKey: readonly string[]): string | undefined {
  for (const path of primaryKey) {
    const value = valueAt(record, path);
    if (value === undefined) return `primary key ${path} is missing`;
    if (value === null) return `primary key ${path} is null`;
    if (typeof value === 'string' && value.trim() === '') return `primary key ${path} is empty`;
    if (typeof value === 'object') return `primary key ${path} is not a single value`;
  }
  return undefined;
}

/** The value at a dotted field path (`context.page.url`); undefined when a step is absent. */
function valueAt(record: JsonRecord, path: string): JsonValue | undefined {
  let value: JsonValue | undefined = record;
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
    value = value[key];
  }
  return value;
}
