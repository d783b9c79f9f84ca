/**
 * Masking per role (`governance.roles` in tributary.yml): each role gets the published
 * tables in its own DuckDB file, masked by its own policies — an analyst sees partial
 * emails and no names, marketing joins on keyed hashes, IT reads clear values.
 *
 * Fail closed: before anything is published, every tag a role would see on a published
 * column must have a policy in that role's `masking` (or the role be `clear`); otherwise
 * the run stops, naming the role, the column, the tag and the lineage it came by.
 */
import { PII_TAGS, TributaryError, type PiiTag } from '../../core/index.js';
import type { MaskingPolicy } from '../../schema/pii-taxonomy.js';
import type { PublishTable } from './publish.js';

export interface PublishRole {
  readonly name: string;
  /** Its published DuckDB file (absolute). */
  readonly path: string;
  /** Clear values: no masking at all (every query of its file is audited). */
  readonly clear: boolean;
  readonly masking: Readonly<Partial<Record<PiiTag, MaskingPolicy>>>;
}

/** Whether reading the role's file shows some personal data unmasked (so its queries are audited). */
export function seesClearValues(role: PublishRole): boolean {
  return role.clear || Object.values(role.masking).includes('none');
}

/**
 * The full tag → policy map publish needs. Only called after checkRolePolicies, so a tag
 * missing here is one no published column carries; it gets the strictest policy anyway.
 */
export function roleMasking(role: PublishRole): Record<PiiTag, MaskingPolicy> {
  return Object.fromEntries(PII_TAGS.map((tag) => [tag, role.clear ? 'none' : (role.masking[tag] ?? 'redact')])) as Record<PiiTag, MaskingPolicy>;
}

/** Throws when a role has no policy for a tag it would see; `lineageOf` names a column's path (`a → b → c`). */
export function checkRolePolicies(roles: readonly PublishRole[], tables: readonly PublishTable[], lineageOf: (table: string, column: string) => string): void {
  const missing: string[] = [];
  for (const role of roles) {
    if (role.clear) continue;
    for (const t of tables) {
      for (const c of t.piiColumns) {
        for (const tag of c.tags) {
          if (role.masking[tag] === undefined) missing.push(`  - role ${role.name}: ${t.name}.${c.column} is tagged ${tag}; lineage: ${lineageOf(t.name, c.column)}`);
        }
      }
    }
  }
  if (missing.length > 0) {
    throw new TributaryError('role_policy_missing', `publish refused: a role would see personal data no policy of its own governs:\n${missing.join('\n')}`, {
      hint: 'add the tag under governance.roles.<role>.masking in tributary.yml (redact | hash | partial | none), or make the role `clear: true`; nothing was published',
    });
  }
}

/** `<node> <- <the API fields it comes from>`, from the lineage edges (for error messages). */
export function describeLineage(edges: readonly { fromNode: string; toNode: string; transform: string }[], node: string): string {
  const parents = new Map<string, string[]>();
  for (const e of edges) parents.set(e.toNode, [...(parents.get(e.toNode) ?? []), e.fromNode]);
  const fields = new Set(edges.filter((e) => e.transform === 'field').map((e) => e.fromNode));
  const seen = new Set([node]);
  const found: string[] = [];
  for (let frontier = [node]; frontier.length > 0; ) {
    const next: string[] = [];
    for (const n of frontier) {
      for (const p of parents.get(n) ?? []) {
        if (seen.has(p)) continue;
        seen.add(p);
        if (fields.has(p)) found.push(p);
        else next.push(p);
      }
    }
    frontier = next;
  }
  const shown = node.startsWith('main.') ? node.slice('main.'.length) : node;
  return found.length > 0 ? `${shown} <- ${found.sort().join(', ')}` : `${shown} (no upstream API field recorded)`;
}
