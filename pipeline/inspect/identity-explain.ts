/**
 * The identity-explain task: why records are one customer, and why two records are or
 * are not linked. It reads the models the last build left in the warehouse (by role:
 * identity_links, customer_identities, identity_nodes, identity_components,
 * identity_scored_pairs), read-only, and prints ids and comparison levels, never a
 * name or an address. Source record ids are personal (person_id), so each explanation
 * is written to the audit log first, as an unmasked query is.
 *
 * @example
 * ```ts
 * import { loadConfig, explainCustomer } from 'tributary';
 * const why = await explainCustomer({ config: loadConfig('tributary.yml'), customerId: 'cus_5a0e3c9b1f7d2e48' });
 * // why.tree → the links that connect why.records, strongest first
 * ```
 */
import { existsSync } from 'node:fs';
import { ConfigError, TributaryError } from '../../core/index.js';
import { hmacSql, pseudonymParams } from '../../governance/masking/masking.js';
import type { TributaryConfig } from '../config/load-config.js';
import { loadModelRoles, type ModelRoles } from '../transform/model-roles.js';
import type { Row, Warehouse } from '../warehouse/warehouse.js';
import { withWarehouse } from '../warehouse/warehouse.js';
import { spanningTree, pathBetween, type IdentityLink } from './identity-graph.js';

export type { IdentityLink } from './identity-graph.js';

export interface ExplainedRecord {
  readonly identity_key: string;
  readonly source: string;
  readonly source_kind: string;
  readonly source_record_id: string;
  /** How the record is tied to the rest (customer_identities.match_rule). */
  readonly match_rule: string;
  /** The record the customer_id is derived from. */
  readonly is_anchor: boolean;
}

export interface CustomerExplanation {
  readonly customerId: string;
  readonly records: readonly ExplainedRecord[];
  /** Links that connect every record, strongest first (deterministic before probabilistic). */
  readonly tree: readonly IdentityLink[];
  /** Every link between the customer's records (the tree's and the redundant ones). */
  readonly linkCount: number;
}

/** Per field: the comparison level and the weight it added. */
export type FieldEvidence = Readonly<Record<string, { readonly level: string | null; readonly weight: number }>>;

export interface RecordsExplanation {
  readonly records: readonly [string, string];
  /** The customer of each record (null: a visitor, no customer). */
  readonly customers: readonly [string | null, string | null];
  readonly sameCustomer: boolean;
  /** Links made directly between the two records. */
  readonly directLinks: readonly IdentityLink[];
  /** Through other records of the customer, when they are not linked directly. */
  readonly path: readonly IdentityLink[];
  /** The probabilistic comparison of the pair, if blocking compared them. */
  readonly comparison: {
    readonly blocking_rule: string;
    readonly match_weight: number;
    /** The threshold the last build decided is_match by (int_identity__scored_pairs.match_threshold). */
    readonly threshold: number;
    /** tributary.yml's identity.match_threshold now: differs from `threshold` until the next sync rebuilds. */
    readonly config_threshold: number;
    readonly is_match: boolean;
    readonly fields: FieldEvidence;
  } | null;
  /** One sentence: linked how, or why not. */
  readonly verdict: string;
}

/** Why the records of `customerId` (the warehouse's `cus_…` or the published `h_…`) are one customer. */
export async function explainCustomer(options: { config: TributaryConfig; customerId: string }): Promise<CustomerExplanation> {
  const { config } = options;
  const given = options.customerId.trim();
  if (given === '') throw new ConfigError('name a customer id', { hint: 'e.g. `tributary identity explain cus_5a0e3c9b1f7d2e48` (customers.customer_id)' });
  const roles = await loadModelRoles(config.modelsDir);
  await audit(config, { customer_id: given });
  return readWarehouse(config, async (wh) => {
    const customerId = await resolveCustomerId(wh, roles, config, given);
    const records = (await wh.all(
      `select identity_key, source, source_kind, source_record_id, match_rule, is_anchor
         from ${roles.require('customer_identities')}
        where customer_id = $1
        order by is_anchor desc, first_seen_at, identity_key`,
      [customerId],
    )) as unknown as ExplainedRecord[];
    const links = await readLinks(wh, roles, `customer_id = $1`, [customerId]);
    const anchor = records.find((r) => r.is_anchor)?.identity_key ?? records[0]?.identity_key;
    return { customerId, records, tree: anchor === undefined ? [] : spanningTree(anchor, links), linkCount: links.length };
  });
}

/** Why two records (identity keys, as `explainCustomer` lists them) are or are not linked. */
export async function explainRecords(options: { config: TributaryConfig; left: string; right: string }): Promise<RecordsExplanation> {
  const { config } = options;
  const [a, b] = [options.left.trim(), options.right.trim()];
  if (a === b) throw new ConfigError('--records needs two different records', { hint: 'e.g. --records hubspot:contacts:hubspot:1001 mailchimp:members:mailchimp:…' });
  const roles = await loadModelRoles(config.modelsDir);
  await audit(config, { records: [a, b] });
  return readWarehouse(config, async (wh) => {
    const found = await wh.all(
      `select n.identity_key, c.customer_id
         from ${roles.require('identity_nodes')} as n
         left join ${roles.require('identity_components')} as c using (identity_key)
        where n.identity_key in ($1, $2)`,
      [a, b],
    );
    const customerOf = new Map(found.map((r) => [String(r.identity_key), r.customer_id === null ? null : String(r.customer_id)]));
    const missing = [a, b].filter((k) => !customerOf.has(k));
    if (missing.length > 0) {
      throw new ConfigError(`no source record ${missing.map((k) => `"${k}"`).join(' or ')} in the identity graph`, {
        hint: 'records are named by identity key (source:kind:source_id:record id), as `tributary identity explain <customer_id>` lists them',
      });
    }
    const customers = [customerOf.get(a) ?? null, customerOf.get(b) ?? null] as const;
    const sameCustomer = customers[0] !== null && customers[0] === customers[1];
    const directLinks = await readLinks(
      wh,
      roles,
      `(left_identity_key = $1 and right_identity_key = $2) or (left_identity_key = $2 and right_identity_key = $1)`,
      [a, b],
    );
    const path = sameCustomer && directLinks.length === 0 ? pathBetween(a, b, await readLinks(wh, roles, 'customer_id = $1', [customers[0]])) : [];
    const comparison = await readComparison(wh, roles, config, a, b);
    return { records: [a, b], customers, sameCustomer, directLinks, path, comparison, verdict: verdict({ sameCustomer, directLinks, path, comparison, config }) };
  });
}

function verdict(r: { sameCustomer: boolean; directLinks: readonly IdentityLink[]; path: readonly IdentityLink[]; comparison: RecordsExplanation['comparison']; config: TributaryConfig }): string {
  const compared = r.comparison
    ? `match weight ${r.comparison.match_weight.toFixed(2)} ${r.comparison.is_match ? '≥' : '<'} threshold ${r.comparison.threshold} (compared by blocking rule ${r.comparison.blocking_rule})${thresholdNote(r.comparison)}`
    : r.config.identity.probabilistic
      ? 'not compared: no blocking rule shared (or one of them names no person: a web browser, a record without a name)'
      : 'not compared: probabilistic matching is off (identity.probabilistic: false)';
  if (r.directLinks.length > 0) {
    // Links come in table order; name the rules the same way every time: the exact ones first.
    const rules = [...new Set(r.directLinks.map((l) => l.match_rule))].sort((x, y) => Number(x === 'probabilistic') - Number(y === 'probabilistic') || x.localeCompare(y));
    return `linked directly by ${rules.join(' and ')}; ${compared}`;
  }
  if (r.sameCustomer) return `one customer through ${r.path.length} links via other records, not linked directly; ${compared}`;
  return `not linked: different customers; ${compared}`;
}

/** The build's threshold decided the link; say so when tributary.yml has moved on since. */
function thresholdNote(c: NonNullable<RecordsExplanation['comparison']>): string {
  if (c.threshold === c.config_threshold) return '';
  const would = c.match_weight >= c.config_threshold;
  return `; that is the last build's threshold: tributary.yml now says ${c.config_threshold}, by which it would ${would ? '' : 'not '}be a match (the next sync applies it)`;
}

async function readLinks(wh: Warehouse, roles: ModelRoles, where: string, params: unknown[]): Promise<IdentityLink[]> {
  const rows = await wh.all(
    `select left_identity_key, right_identity_key, link_type, match_rule, match_weight, blocking_rule, evidence
       from ${roles.require('identity_links')}
      where ${where}`,
    params as never,
  );
  return rows.map((r) => ({
    left: String(r.left_identity_key),
    right: String(r.right_identity_key),
    link_type: String(r.link_type) as IdentityLink['link_type'],
    match_rule: String(r.match_rule),
    match_weight: r.match_weight === null ? null : Number(r.match_weight),
    blocking_rule: r.blocking_rule === null ? null : String(r.blocking_rule),
    evidence: r.evidence === null ? null : (JSON.parse(String(r.evidence)) as FieldEvidence),
  }));
}

async function readComparison(wh: Warehouse, roles: ModelRoles, config: TributaryConfig, a: string, b: string): Promise<RecordsExplanation['comparison']> {
  const scored = roles.relation('identity_scored_pairs');
  if (scored === undefined) return null;
  // Pairs are stored once, left_key < right_key.
  const [left, right] = a < b ? [a, b] : [b, a];
  // `*`: a warehouse built before scored pairs recorded their threshold has no match_threshold column
  const [row] = await wh.all(`select * from ${scored} where left_key = $1 and right_key = $2`, [left, right]);
  if (row === undefined) return null;
  const configThreshold = config.identity.matchThreshold;
  return {
    blocking_rule: String(row.blocking_rule),
    match_weight: Number(row.match_weight),
    threshold: row.match_threshold === undefined || row.match_threshold === null ? configThreshold : Number(row.match_threshold),
    config_threshold: configThreshold,
    is_match: row.is_match === true,
    fields: JSON.parse(String(row.evidence)) as FieldEvidence,
  };
}

/** A `cus_…` as is; a published `h_…` found by hashing every customer_id under the workspace's key. */
async function resolveCustomerId(wh: Warehouse, roles: ModelRoles, config: TributaryConfig, given: string): Promise<string> {
  const customers = roles.require('customers');
  let found: Row | undefined;
  if (given.startsWith('h_')) {
    if (config.pseudonymKey === undefined) {
      throw new ConfigError(`${given} is a published pseudonym, and no pseudonym key is set to resolve it`, {
        hint: 'run it where the workspace .env (TRIBUTARY_PSEUDONYM_KEY) is, or pass the warehouse id (cus_…)',
      });
    }
    [found] = await wh.all(`select customer_id from ${customers} where 'h_' || left(${hmacSql('customer_id')}, 24) = $published`, {
      ...pseudonymParams(config.pseudonymKey),
      published: given,
    });
  } else {
    [found] = await wh.all(`select customer_id from ${customers} where customer_id = $1`, [given]);
  }
  if (found === undefined) {
    throw new ConfigError(`no customer ${given}`, { hint: 'customer ids are customers.customer_id: cus_… in the warehouse, h_… in analytics.duckdb' });
  }
  return String(found.customer_id);
}

async function readWarehouse<T>(config: TributaryConfig, fn: (wh: Warehouse) => Promise<T>): Promise<T> {
  if (!existsSync(config.warehousePath)) {
    throw new TributaryError('no_database', `${config.warehousePath} does not exist yet`, { hint: 'run `tributary sync` (or `tributary demo`) first' });
  }
  return withWarehouse(config.warehousePath, fn, { readOnly: true });
}

/** Source record ids are personal: who looked at whose is recorded before anything is read. */
async function audit(config: TributaryConfig, details: Record<string, unknown>): Promise<void> {
  const { ControlPlane, currentActor } = await import('../control-plane/control-plane.js');
  const cp = await ControlPlane.open(config.controlPlanePath);
  try {
    await cp.audit({ actor: currentActor(), action: 'identity_explain', target: config.warehousePath, details });
  } finally {
    await cp.close();
  }
}
