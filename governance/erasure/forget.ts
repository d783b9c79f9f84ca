/**
 * Erasure: everything the warehouse's raw layer holds about one person, found through
 * the identity graph and the PII tags that follow the data, then deleted in one
 * transaction. (Models are rebuilt and the analyst database republished afterwards by
 * the pipeline, from what is left.)
 *
 * 1. Who: the customers the request names (a customer id, or any identity carrying the
 *    email or phone), and every identity stitched into them.
 * 2. Their identifiers: each identity's emails and phone (as typed and in E.164 — but
 *    not a number other customers' identities also carry: that is a shared line, and
 *    erasing it would erase them), and its record's id in its source (browser and site
 *    user ids, a Klaviyo profile id its events point at, a CRM record id).
 * 3. Rows: in every raw table, rows whose email-, phone-, online_identifier- or
 *    person_id-tagged column holds one of them (record ids only within the source they
 *    came from), plus every other version of those records (same primary
 *    key), which may carry an address the person used before.
 * 4. The quarantine's copies of such records.
 *
 * Steps 1–2 work on the identifiers in clear, in memory only. Steps 3–4 work on their
 * suppression keys (sha256 of '<kind>:<form>', identifiers.ts): a row is erased when
 * one of its identifier columns hashes to a key. That is what lets an erasure killed
 * midway be finished later from what the control plane stored — the keys, never the
 * identifiers — and it is the same test a sync applies to records arriving later.
 *
 * Identifiers and keys travel through temporary tables filled with bound parameters;
 * no value is ever pasted into SQL.
 *
 * @example
 * ```ts
 * const where = { graph: { nodes: 'main.identity_nodes', components: 'main.identity_components' }, primaryKeys };
 * const plan = await planErasure(conn, { emails: ['alice@example.com'] }, where);
 * // plan.customers → ['cus_…'], plan.tables → [{ table: 'raw.hubspot_contacts', rows: 2 }, …]
 * await executeErasure(conn, plan.keys, where); // later, or in another process: the keys are enough
 * ```
 */
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import { quoteIdent, quoteLiteral, quoteQualified } from '../../core/index.js';
import { toE164 } from '../../schema/phone.js';
import { identifierForms, isIdentifierKind, suppressionKey, type IdentifierKind } from './identifiers.js';

/**
 * Where erasure looks, as plain data: the caller (pipeline/forget.ts) reads the identity
 * graph's relations from the models project and the primary keys from the connectors.
 */
export interface ErasureScope {
  /** Quoted relations of the identity graph; undefined before the first build. */
  readonly graph: { readonly nodes: string; readonly components: string } | undefined;
  /** Primary-key field paths per `connector.stream` (`hubspot.contacts` → ['id']). */
  readonly primaryKeys: ReadonlyMap<string, readonly string[]>;
}

export interface ErasureRequest {
  readonly emails?: readonly string[];
  /** Typed phones; `country` is the default region for national formats. */
  readonly phones?: readonly string[];
  readonly country?: string;
  readonly customerIds?: readonly string[];
}

/** One normalised identifier; `sourceId` scopes browser and user ids to their source. */
export interface Identifier {
  readonly kind: IdentifierKind;
  readonly form: string;
  readonly sourceId: string | null;
}

/** One suppression key of the person: what is stored, and all that deleting their rows needs. */
export interface ErasureKey {
  readonly kind: IdentifierKind;
  /** sha256 of '<kind>:<normalised form>' (suppressionKey). */
  readonly keyHash: string;
  /** The source that issued a browser or user id (they mean nothing elsewhere); null for emails and phones. */
  readonly sourceId: string | null;
}

/** Raw rows per table (tables with none left out) and quarantined records, erased or to be. */
export interface ErasureCounts {
  readonly tables: readonly { readonly table: string; readonly rows: number }[];
  readonly quarantined: number;
}

export interface ErasurePlan extends ErasureCounts {
  /** Customer ids the request resolved to (empty when no model knows the person). */
  readonly customers: readonly string[];
  /** Source identities stitched into those customers. */
  readonly identities: number;
  /** Held in memory only: never logged, never stored (store `keys` instead). */
  readonly identifiers: readonly Identifier[];
  /** The identifiers' suppression keys, every form of each. */
  readonly keys: readonly ErasureKey[];
  /**
   * What else the identity graph knows that names the person, for scrubbing the audit
   * log: first and last names, and source record ids. Memory only, like `identifiers`.
   */
  readonly names: readonly string[];
  readonly recordIds: readonly string[];
}

interface IdentifierColumn {
  readonly column: string;
  readonly kind: IdentifierKind;
}

interface RawTableSpec {
  /** `raw.hubspot_contacts`, as people read it (and as plans name it). */
  readonly name: string;
  /** The same, quoted for SQL. */
  readonly table: string;
  readonly columns: readonly IdentifierColumn[];
  /** Primary-key columns (from the connector's stream), when every one of them was landed. */
  readonly primaryKey: readonly string[];
}

/** The temporary table holding the identifiers of one kind (or the customer ids). */
const forgetTable = (kind: IdentifierKind | 'customer'): string => quoteIdent(`_tributary_forget_${kind}`);
/** The temporary table holding the suppression keys being erased. */
const KEYS = quoteIdent('_tributary_forget_keys');

/** Works out what `request` erases, without changing anything. */
export async function planErasure(conn: DuckDBConnection, request: ErasureRequest, scope: ErasureScope): Promise<ErasurePlan> {
  const resolved = await resolve(conn, request, scope.graph);
  const keys = erasureKeys(resolved.identifiers);
  return { ...resolved, keys, ...(await countErasure(conn, keys, scope)) };
}

/** Every form of every identifier as a suppression key (deduplicated). */
export function erasureKeys(identifiers: readonly Identifier[]): ErasureKey[] {
  const keys = new Map<string, ErasureKey>();
  for (const i of identifiers) {
    for (const form of identifierForms(i.kind, i.form)) {
      const keyHash = suppressionKey(i.kind, form);
      keys.set(`${i.kind}\u0000${keyHash}\u0000${i.sourceId ?? ''}`, { kind: i.kind, keyHash, sourceId: i.sourceId });
    }
  }
  return [...keys.values()];
}

/** What deleting `keys` would erase. */
export async function countErasure(conn: DuckDBConnection, keys: readonly ErasureKey[], scope: ErasureScope): Promise<ErasureCounts> {
  await loadKeys(conn, keys);
  const tables: { table: string; rows: number }[] = [];
  for (const spec of await rawTables(conn, scope.primaryKeys)) {
    const reader = await conn.runAndReadAll(`select count(*)::bigint as n from ${spec.table} as t where ${erasedRow(spec)}`);
    const rows = Number(reader.getRows()[0]![0]);
    if (rows > 0) tables.push({ table: spec.name, rows });
  }
  const q = await conn.runAndReadAll(`select count(*)::bigint from _tributary.quarantine as q where ${quarantinedCopy()}`);
  return { tables, quarantined: Number(q.getRows()[0]![0]) };
}

/**
 * Deletes every raw row and quarantined record carrying one of `keys` (and every other
 * version of those records), in one transaction, then checkpoints. Idempotent: a second
 * call finds nothing. Returns what it deleted.
 */
export async function executeErasure(conn: DuckDBConnection, keys: readonly ErasureKey[], scope: ErasureScope): Promise<ErasureCounts> {
  await loadKeys(conn, keys);
  const specs = await rawTables(conn, scope.primaryKeys);
  const tables: { table: string; rows: number }[] = [];
  let quarantined = 0;
  await conn.run('begin transaction');
  try {
    for (const spec of specs) {
      const result = await conn.run(`delete from ${spec.table} as t where ${erasedRow(spec)}`);
      if (Number(result.rowsChanged) > 0) tables.push({ table: spec.name, rows: Number(result.rowsChanged) });
    }
    quarantined = Number((await conn.run(`delete from _tributary.quarantine as q where ${quarantinedCopy()}`)).rowsChanged);
    await conn.run('commit');
  } catch (error) {
    await conn.run('rollback').catch(() => {});
    throw error;
  }
  // Deleted rows leave the table at once; the checkpoint writes the file without them.
  await conn.run('checkpoint');
  return { tables, quarantined };
}

async function resolve(conn: DuckDBConnection, request: ErasureRequest, graph: ErasureScope['graph']) {
  const requested: Identifier[] = [];
  for (const e of request.emails ?? []) for (const form of identifierForms('email', e)) requested.push({ kind: 'email', form, sourceId: null });
  for (const p of request.phones ?? []) {
    const e164 = toE164(p, request.country ?? null);
    for (const form of [...identifierForms('phone', p), ...(e164 ? [e164] : [])]) requested.push({ kind: 'phone', form, sourceId: null });
  }
  const requestedCustomers = [...(request.customerIds ?? [])].map((c) => c.trim()).filter((c) => c !== '');
  if (!graph || !(await relationExists(conn, graph.components)) || !(await relationExists(conn, graph.nodes))) {
    return { customers: requestedCustomers, identities: 0, identifiers: dedupe(requested), names: [], recordIds: [] };
  }
  await loadIdentifiers(conn, requested);
  await loadRows(conn, forgetTable('customer'), ['customer_id'], requestedCustomers.map((c) => [c]));
  const customerRows = await conn.runAndReadAll(
    `select distinct c.customer_id
       from ${graph.nodes} as n
       join ${graph.components} as c using (identity_key)
      where c.customer_id is not null
        and (list_has_any(n.emails, (select coalesce(list(form), []) from ${forgetTable('email')}))
             or n.phone_e164 in (select form from ${forgetTable('phone')})
             or c.customer_id in (select customer_id from ${forgetTable('customer')}))
      order by 1`,
  );
  const customers = customerRows.getRows().map((r) => String(r[0]));
  await loadRows(conn, forgetTable('customer'), ['customer_id'], customers.map((c) => [c]));
  // Names are read when the graph's nodes carry them (Tributary's do; a project's own may not).
  const nodeColumns = new Set((await conn.runAndReadAll(`select * from ${graph.nodes} limit 0`)).columnNames());
  const nameColumns = ['first_name', 'last_name'].filter((c) => nodeColumns.has(c)).map((c) => `n.${quoteIdent(c)}`);
  const identityRows = await conn.runAndReadAll(
    `select n.source, n.source_kind, n.source_id, n.source_record_id, n.emails, n.phone, n.phone_e164,${nameColumns.map((c) => ` ${c},`).join('')}
            -- a number some other customer's identity carries too is a shared line: not theirs alone
            n.phone_e164 is not null and exists (
                select 1 from ${graph.nodes} as o
                join ${graph.components} as oc using (identity_key)
                where o.phone_e164 = n.phone_e164 and oc.customer_id is distinct from c.customer_id
            ) as shared_phone
       from ${graph.nodes} as n
       join ${graph.components} as c using (identity_key)
      where c.customer_id in (select customer_id from ${forgetTable('customer')})`,
  );
  const found: Identifier[] = [...requested];
  const names = new Set<string>();
  const recordIds = new Set<string>();
  const rows = identityRows.getRowObjectsJS();
  for (const r of rows) {
    for (const name of [r.first_name, r.last_name]) if (typeof name === 'string' && name.trim() !== '') names.add(name.trim());
    if (r.source_record_id !== null && r.source_record_id !== undefined) recordIds.add(String(r.source_record_id));
    for (const e of (r.emails as string[] | null) ?? []) found.push({ kind: 'email', form: e, sourceId: null });
    if (!r.shared_phone) {
      for (const p of [r.phone, r.phone_e164]) if (typeof p === 'string') for (const form of identifierForms('phone', p)) found.push({ kind: 'phone', form, sourceId: null });
    }
    // A record's own id in its source: other rows of that source point at the person by it
    // (a Klaviyo event at its profile id, a site's events at a browser or user id), and
    // those rows carry no email to be found by.
    if (typeof r.source_record_id === 'string') {
      const kind: IdentifierKind = r.source === 'web' && r.source_kind === 'anonymous_id' ? 'online_identifier' : 'person_id';
      found.push({ kind, form: r.source_record_id, sourceId: typeof r.source_id === 'string' ? r.source_id : null });
    }
  }
  return { customers, identities: rows.length, identifiers: dedupe(found), names: [...names], recordIds: [...recordIds] };
}

/** Raw tables with at least one identifier-tagged column, and their primary keys. */
async function rawTables(conn: DuckDBConnection, primaryKeys: ErasureScope['primaryKeys']): Promise<RawTableSpec[]> {
  const reader = await conn.runAndReadAll(
    `select table_name, column_name, connector, stream, field_path, pii_tag from _tributary.raw_columns order by table_name, column_name`,
  );
  const byTable = new Map<string, { connector: string; stream: string; columns: IdentifierColumn[]; fields: Map<string, string> }>();
  for (const [table, column, connector, stream, fieldPath, tag] of reader.getRows().map((r) => r.map((v) => (v === null ? null : String(v))))) {
    let t = byTable.get(table!);
    if (!t) byTable.set(table!, (t = { connector: connector!, stream: stream!, columns: [], fields: new Map() }));
    t.fields.set(fieldPath!, column!);
    if (tag !== null && isIdentifierKind(tag)) t.columns.push({ column: column!, kind: tag });
  }
  const specs: RawTableSpec[] = [];
  for (const [table, t] of byTable) {
    if (t.columns.length === 0) continue;
    const pk = (primaryKeys.get(`${t.connector}.${t.stream}`) ?? []).map((path) => t.fields.get(path));
    specs.push({
      name: `raw.${table}`,
      table: quoteQualified('raw', table),
      columns: t.columns,
      primaryKey: pk.length > 0 && pk.every((c) => c !== undefined) ? (pk as string[]) : [],
    });
  }
  return specs;
}

/** A row of `t` that carries one of the identifiers, or is another version of such a record. */
function erasedRow(spec: RawTableSpec): string {
  const carries = (alias: string) => spec.columns.map((c) => identifierMatch(c, alias)).join(' or ');
  if (spec.primaryKey.length === 0) return `(${carries('t')})`;
  const key = ['_source_id', ...spec.primaryKey].map(quoteIdent);
  return `((${carries('t')}) or (${key.map((k) => `t.${k}`).join(', ')}) in (select ${key.map((k) => `v.${k}`).join(', ')} from ${spec.table} as v where ${carries('v')}))`;
}

/** `c` of the row `alias` hashes to one of the keys being erased. */
function identifierMatch(c: IdentifierColumn, alias: string): string {
  const col = `cast(${alias}.${quoteIdent(c.column)} as varchar)`;
  const hashed = (expr: string) => `sha256(${quoteLiteral(`${c.kind}:`)} || ${expr})`;
  switch (c.kind) {
    case 'email':
      // the normalize_email macro of the staging models (see identifiers.ts)
      return `${hashed(`lower(regexp_replace(${col}, '^[\\s\\x{00a0}]+|[\\s\\x{00a0}]+$', '', 'g'))`)} in ${keysOf('email')}`;
    case 'phone':
      // as typed and in E.164, the forms identifierForms keys
      return `(${hashed(`trim(${col})`)} in ${keysOf('phone')} or ${hashed(`tributary_e164(${col}, null)`)} in ${keysOf('phone')})`;
    case 'online_identifier':
    case 'person_id':
      // browser and user ids mean something only within the source that issued them
      return `exists (select 1 from ${KEYS} as k where k.kind = ${quoteLiteral(c.kind)} and k.key_hash = ${hashed(`trim(${col})`)} and k.source_id is not distinct from ${alias}._source_id)`;
  }
}

/** The key hashes of one kind, as a subquery. */
const keysOf = (kind: IdentifierKind): string => `(select k.key_hash from ${KEYS} as k where k.kind = ${quoteLiteral(kind)})`;

/**
 * A quarantined record (kept as JSON, as it arrived) carrying one of the person's
 * identifiers: any string value in it, or any address written inside a longer text,
 * that hashes to one of the keys.
 */
function quarantinedCopy(): string {
  const text = 'cast(q.record as varchar)';
  // JSON string values (escapes kept as written), and what looks like an address anywhere.
  const strings = `regexp_extract_all(${text}, ${quoteLiteral(String.raw`"((?:[^"\\]|\\.)*)"`)}, 1)`;
  const addresses = `regexp_extract_all(lower(${text}), ${quoteLiteral(String.raw`[^\s"<>(),;:]+@[^\s"<>(),;:]+`)})`;
  const hashed = (kind: IdentifierKind, expr: string) => `sha256(${quoteLiteral(`${kind}:`)} || ${expr}) in ${keysOf(kind)}`;
  return `exists (
    select 1 from (select trim(unnest(list_concat(${strings}, ${addresses}))) as v) as c
     where ${hashed('email', 'lower(c.v)')}
        or ${hashed('phone', 'c.v')}
        -- only what could be a phone number goes through the (JavaScript) E.164 parser
        or ${hashed('phone', `case when regexp_full_match(c.v, ${quoteLiteral('[-+0-9 ().]{6,30}')}) then tributary_e164(c.v, null) end`)}
        or ${hashed('online_identifier', 'c.v')}
        or ${hashed('person_id', 'c.v')})`;
}

/** (Re)fills the table of keys being erased. */
async function loadKeys(conn: DuckDBConnection, keys: readonly ErasureKey[]): Promise<void> {
  await loadRows(conn, KEYS, ['kind', 'key_hash', 'source_id'], keys.map((k) => [k.kind, k.keyHash, k.sourceId]));
}

/** (Re)fills the per-kind identifier tables. */
async function loadIdentifiers(conn: DuckDBConnection, identifiers: readonly Identifier[]): Promise<void> {
  for (const kind of ['email', 'phone'] as const) {
    await loadRows(conn, forgetTable(kind), ['form'], identifiers.filter((i) => i.kind === kind).map((i) => [i.form]));
  }
  for (const kind of ['online_identifier', 'person_id'] as const) {
    await loadRows(conn, forgetTable(kind), ['form', 'source_id'], identifiers.filter((i) => i.kind === kind).map((i) => [i.form, i.sourceId]));
  }
}

async function loadRows(conn: DuckDBConnection, table: string, columns: readonly string[], rows: readonly DuckDBValue[][]): Promise<void> {
  await conn.run(`create or replace temp table ${table} (${columns.map((c) => `${quoteIdent(c)} varchar`).join(', ')})`);
  const placeholders = columns.map((_, i) => `$${i + 1}`).join(', ');
  for (const row of rows) await conn.run(`insert into ${table} values (${placeholders})`, row);
}

async function relationExists(conn: DuckDBConnection, relation: string): Promise<boolean> {
  try {
    await conn.run(`select 1 from ${relation} limit 0`);
    return true;
  } catch {
    return false;
  }
}

function dedupe(ids: readonly Identifier[]): Identifier[] {
  const seen = new Map<string, Identifier>();
  for (const i of ids) seen.set(`${i.kind}\u0000${i.form}\u0000${i.sourceId ?? ''}`, i);
  return [...seen.values()];
}
