/**
 * The HubSpot mock's search semantics: filter groups (OR of ANDs), sorts and property
 * selection, evaluated against the stored objects at request time.
 */
import type { HubspotObjectType, StoredObject } from './fixtures.js';

export interface WireFilter {
  readonly propertyName?: unknown;
  readonly operator?: unknown;
  readonly value?: unknown;
  readonly values?: unknown;
}

export interface WireSort {
  readonly propertyName: string;
  readonly descending: boolean;
}

/** Datetime properties: filter values arrive as epoch milliseconds (or ISO). */
const DATETIME_PROPERTIES = new Set(['createdate', 'hs_lastmodifieddate', 'lastmodifieddate', 'closedate']);

const OPERATORS = new Set(['EQ', 'NEQ', 'LT', 'LTE', 'GT', 'GTE', 'IN', 'NOT_IN', 'HAS_PROPERTY', 'NOT_HAS_PROPERTY']);

/** Properties HubSpot returns when a request names none. */
export const DEFAULT_PROPERTIES: { readonly [T in HubspotObjectType]: readonly string[] } = {
  contacts: ['createdate', 'email', 'firstname', 'hs_object_id', 'lastmodifieddate', 'lastname'],
  companies: ['createdate', 'domain', 'hs_lastmodifieddate', 'hs_object_id', 'name'],
  deals: ['amount', 'closedate', 'createdate', 'dealname', 'dealstage', 'hs_lastmodifieddate', 'hs_object_id', 'pipeline'],
};

/** Properties search always returns besides the requested ones. */
const SEARCH_DEFAULTS = ['createdate', 'hs_lastmodifieddate', 'hs_object_id'];

/** A problem with the request, reported as HubSpot's 400 VALIDATION_ERROR. */
export class ValidationProblem extends Error {}

export function validateFilter(f: WireFilter): void {
  if (typeof f.propertyName !== 'string' || f.propertyName === '') throw new ValidationProblem('filter is missing propertyName');
  if (typeof f.operator !== 'string' || !OPERATORS.has(f.operator)) {
    throw new ValidationProblem(`Invalid input JSON on line 1: operator ${JSON.stringify(f.operator)} is not supported`);
  }
}

export function matchesFilterGroups(obj: StoredObject, groups: readonly { filters?: readonly WireFilter[] }[]): boolean {
  if (groups.length === 0) return true;
  return groups.some((g) => (g.filters ?? []).every((f) => matchesFilter(obj, f)));
}

function matchesFilter(obj: StoredObject, f: WireFilter): boolean {
  const name = f.propertyName as string;
  const stored = propertyOf(obj, name);
  switch (f.operator) {
    case 'HAS_PROPERTY':
      return stored !== null && stored !== '';
    case 'NOT_HAS_PROPERTY':
      return stored === null || stored === '';
    case 'IN':
    case 'NOT_IN': {
      const values = Array.isArray(f.values) ? f.values : [];
      const hit = stored !== null && values.some((v) => compare(name, stored, v) === 0);
      return f.operator === 'IN' ? hit : !hit;
    }
  }
  if (stored === null) return f.operator === 'NEQ';
  const c = compare(name, stored, f.value);
  switch (f.operator) {
    case 'EQ':
      return c === 0;
    case 'NEQ':
      return c !== 0;
    case 'LT':
      return c < 0;
    case 'LTE':
      return c <= 0;
    case 'GT':
      return c > 0;
    case 'GTE':
      return c >= 0;
    default:
      return false;
  }
}

/** Parses `sorts` in either of HubSpot's forms: `{ propertyName, direction }` or `"-name"`. */
export function parseSorts(raw: unknown): WireSort[] {
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((s): WireSort[] => {
    if (typeof s === 'string') return [{ propertyName: s.replace(/^-/, ''), descending: s.startsWith('-') }];
    if (s && typeof s === 'object' && typeof (s as { propertyName?: unknown }).propertyName === 'string') {
      const sort = s as { propertyName: string; direction?: unknown };
      return [{ propertyName: sort.propertyName, descending: sort.direction === 'DESCENDING' }];
    }
    return [];
  });
}

/** Sorts by the requested properties, then by id, so paging is deterministic. */
export function sortObjects(objects: StoredObject[], sorts: readonly WireSort[]): StoredObject[] {
  return objects.sort((a, b) => {
    for (const s of sorts) {
      const av = propertyOf(a, s.propertyName);
      const bv = propertyOf(b, s.propertyName);
      // HubSpot puts objects without the property last, whatever the direction.
      if (av === null || bv === null) {
        if (av !== bv) return av === null ? 1 : -1;
        continue;
      }
      const c = compare(s.propertyName, av, bv);
      if (c !== 0) return s.descending ? -c : c;
    }
    return Number(a.id) - Number(b.id);
  });
}

/** The object as HubSpot serialises it, with only the selected properties. */
export function toWire(obj: StoredObject, properties: readonly string[]): Record<string, unknown> {
  const props: Record<string, string | null> = {};
  for (const name of properties) if (name in obj.properties || name === 'lastmodifieddate') props[name] = propertyOf(obj, name);
  return {
    id: obj.id,
    properties: props,
    createdAt: obj.createdAt,
    updatedAt: obj.updatedAt,
    archived: obj.archived,
    ...(obj.archivedAt === undefined ? {} : { archivedAt: obj.archivedAt }),
  };
}

export function searchProperties(requested: unknown, type: HubspotObjectType): string[] {
  const names = Array.isArray(requested) ? requested.filter((p): p is string => typeof p === 'string') : [];
  return names.length === 0 ? [...DEFAULT_PROPERTIES[type]] : [...new Set([...names, ...SEARCH_DEFAULTS])];
}

function propertyOf(obj: StoredObject, name: string): string | null {
  if (name === 'hs_object_id') return obj.id;
  // Contacts call it `lastmodifieddate` too.
  if (name === 'lastmodifieddate') return obj.properties.lastmodifieddate ?? obj.properties.hs_lastmodifieddate ?? null;
  return obj.properties[name] ?? null;
}

function compare(name: string, stored: string, raw: unknown): number {
  const value = raw === undefined || raw === null ? '' : String(raw);
  if (DATETIME_PROPERTIES.has(name)) {
    const a = toMs(stored);
    const b = toMs(value);
    if (!Number.isNaN(a) && !Number.isNaN(b)) return Math.sign(a - b);
  }
  const an = Number(stored);
  const bn = Number(value);
  if (stored !== '' && value !== '' && Number.isFinite(an) && Number.isFinite(bn)) return Math.sign(an - bn);
  const as = stored.toLowerCase();
  const bs = value.toLowerCase();
  return as < bs ? -1 : as > bs ? 1 : 0;
}

function toMs(value: string): number {
  return /^\d+$/.test(value) ? Number(value) : Date.parse(value);
}
