/**
 * Column lineage, one case per SQL construct, on a real in-memory DuckDB. The raw
 * tables and a staging model exist for real, so every query that should work is also
 * described by DuckDB itself: the output column names must be the ones DuckDB gives.
 */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ColumnResolutionError,
  SqlParseError,
  UnknownRelationError,
  UnsupportedSqlError,
  MapCatalog,
  loadCatalog,
  modelColumnLineage,
  type Catalog,
  type ModelLineage,
} from '../../../governance/lineage/index.js';

let instance: DuckDBInstance;
let conn: DuckDBConnection;
let catalog: Catalog;

beforeAll(async () => {
  instance = await DuckDBInstance.create(':memory:');
  conn = await instance.connect();
  await conn.run(`
    CREATE SCHEMA raw;
    CREATE TABLE raw.hubspot_contacts (id VARCHAR, properties__email VARCHAR, properties__firstname VARCHAR,
      properties__lastname VARCHAR, properties__phone VARCHAR, tags VARCHAR[], payload JSON, updated_at TIMESTAMP);
    CREATE TABLE raw.mailchimp_members (id VARCHAR, email_address VARCHAR, status VARCHAR, merge_fields JSON);
    CREATE TABLE raw.web_events (anonymous_id VARCHAR, user_id VARCHAR, event VARCHAR, ts TIMESTAMP, context_ip VARCHAR);
    CREATE TABLE main.stg_hubspot__contacts (contact_id VARCHAR, email VARCHAR, first_name VARCHAR, last_name VARCHAR);
  `);
  catalog = await loadCatalog(conn);
});

afterAll(() => {
  conn?.closeSync();
  instance?.closeSync();
});

/** `relation.column:transform`, sorted: compact and order-insensitive. */
function sourcesOf(lineage: ModelLineage, column: string): string[] {
  const col = lineage.columns.find((c) => c.column === column);
  if (col === undefined) throw new Error(`no output column "${column}" in ${lineage.columns.map((c) => c.column).join(', ')}`);
  return col.sources.map((s) => `${s.relation}.${s.column}:${s.transform}`).sort();
}

const HS = 'raw.hubspot_contacts';
const MC = 'raw.mailchimp_members';
const STG = 'main.stg_hubspot__contacts';

interface Case {
  readonly name: string;
  readonly sql: string;
  /** Output column names in order (also checked against DuckDB's own DESCRIBE). */
  readonly names?: readonly string[];
  /** Sources of some output columns. */
  readonly sources?: Readonly<Record<string, readonly string[]>>;
  /** Indirect uses that must be present, as `relation.column:kind`. */
  readonly indirect?: readonly string[];
  readonly relations?: readonly string[];
}

const cases: readonly Case[] = [
  {
    name: 'bare column and CAST are identity',
    sql: `select id, cast(updated_at as date) as updated_on, properties__email::varchar as email from raw.hubspot_contacts`,
    names: ['id', 'updated_on', 'email'],
    sources: { id: [`${HS}.id:identity`], updated_on: [`${HS}.updated_at:identity`], email: [`${HS}.properties__email:identity`] },
    relations: [HS],
  },
  {
    name: 'scalar functions are expressions; unaliased ones get DuckDB names',
    sql: `select lower(trim(properties__email)), properties__firstname || ' ' || properties__lastname as full_name from raw.hubspot_contacts`,
    names: ['lower(main."trim"(properties__email))', 'full_name'],
    sources: {
      'lower(main."trim"(properties__email))': [`${HS}.properties__email:expression`],
      full_name: [`${HS}.properties__firstname:expression`, `${HS}.properties__lastname:expression`],
    },
  },
  {
    name: 'CTE chain composes transforms',
    sql: `with a as (select id, properties__email as e from raw.hubspot_contacts),
               b as (select id, lower(e) as e from a),
               c as (select e as email, id from b)
          select email, id from c`,
    names: ['email', 'id'],
    sources: { email: [`${HS}.properties__email:expression`], id: [`${HS}.id:identity`] },
  },
  {
    name: 'join with aliases: qualified columns, ON columns are indirect',
    sql: `select h.id, m.status, h.properties__email as email
            from raw.hubspot_contacts as h
            left join raw.mailchimp_members m on lower(h.properties__email) = m.email_address
           where m.status <> 'cleaned'`,
    names: ['id', 'status', 'email'],
    sources: { id: [`${HS}.id:identity`], status: [`${MC}.status:identity`] },
    indirect: [`${HS}.properties__email:join`, `${MC}.email_address:join`, `${MC}.status:filter`],
    relations: [HS, MC],
  },
  {
    name: 'join USING: one merged column with both sides',
    sql: `select * from main.stg_hubspot__contacts
            join (select id as contact_id, status from raw.mailchimp_members) m using (contact_id)`,
    names: ['contact_id', 'email', 'first_name', 'last_name', 'status'],
    sources: { contact_id: [`${MC}.id:identity`, `${STG}.contact_id:identity`], status: [`${MC}.status:identity`] },
    indirect: [`${STG}.contact_id:join`, `${MC}.id:join`],
  },
  {
    name: 'SELECT * and t.* expand from the catalog',
    sql: `select s.*, w.event from main.stg_hubspot__contacts s, raw.web_events w where w.user_id = s.contact_id`,
    names: ['contact_id', 'email', 'first_name', 'last_name', 'event'],
    sources: { email: [`${STG}.email:identity`] },
  },
  {
    name: '* EXCLUDE and REPLACE',
    sql: `select * exclude (tags, payload) replace (lower(properties__email) as properties__email) from raw.hubspot_contacts`,
    names: ['id', 'properties__email', 'properties__firstname', 'properties__lastname', 'properties__phone', 'updated_at'],
    sources: { properties__email: [`${HS}.properties__email:expression`], properties__phone: [`${HS}.properties__phone:identity`] },
  },
  {
    name: 'UNION ALL is positional across branches',
    sql: `select email, first_name from main.stg_hubspot__contacts
          union all
          select lower(email_address), null from raw.mailchimp_members`,
    names: ['email', 'first_name'],
    sources: { email: [`${MC}.email_address:expression`, `${STG}.email:identity`], first_name: [`${STG}.first_name:identity`] },
  },
  {
    name: 'UNION BY NAME matches by name; EXCEPT takes the left side, the right one filters',
    sql: `select id, status from raw.mailchimp_members
          union by name
          select properties__email as status, id as x from raw.hubspot_contacts`,
    names: ['id', 'status', 'x'],
    sources: { status: [`${MC}.status:identity`, `${HS}.properties__email:identity`], x: [`${HS}.id:identity`] },
  },
  {
    name: 'EXCEPT: right-hand columns are indirect filters, ORDER BY 1 a sort',
    sql: `select id from raw.mailchimp_members except select id from raw.hubspot_contacts order by 1`,
    names: ['id'],
    sources: { id: [`${MC}.id:identity`] },
    indirect: [`${HS}.id:filter`, `${MC}.id:sort`],
  },
  {
    name: 'LATERAL subquery sees the left side',
    sql: `select h.id, s.y from raw.hubspot_contacts h, lateral (select lower(h.properties__email) as y) s`,
    names: ['id', 'y'],
    sources: { y: [`${HS}.properties__email:expression`] },
  },
  {
    name: 'select aliases usable in WHERE/GROUP BY, DISTINCT ON is a grouping',
    sql: `select distinct on (e) email as e, first_name from main.stg_hubspot__contacts where e like '%@%' order by e, contact_id`,
    names: ['e', 'first_name'],
    indirect: [`${STG}.email:filter`, `${STG}.email:group_by`, `${STG}.contact_id:sort`],
  },
  {
    name: 'aggregates break, group keys stay identity',
    sql: `select email, count(*) as n, count(distinct contact_id) as contacts, max(first_name) as any_name
            from main.stg_hubspot__contacts group by email`,
    names: ['email', 'n', 'contacts', 'any_name'],
    sources: {
      email: [`${STG}.email:identity`],
      n: [],
      contacts: [`${STG}.contact_id:aggregate`],
      any_name: [`${STG}.first_name:expression`],
    },
    indirect: [`${STG}.email:group_by`],
  },
  {
    name: 'md5 is a hash; an aggregate over it is stronger',
    sql: `with h as (select md5(lower(email)) as email_hash, email from main.stg_hubspot__contacts)
          select email_hash, count(distinct email_hash) as hashes, sha256(email) as s from h group by all`,
    names: ['email_hash', 'hashes', 's'],
    sources: { email_hash: [`${STG}.email:hash`], hashes: [`${STG}.email:aggregate`], s: [`${STG}.email:hash`] },
  },
  {
    name: 'CASE and COALESCE: every input is an expression source',
    sql: `select coalesce(h.properties__email, m.email_address) as email,
                 case when m.status = 'subscribed' then true else false end as subscribed
            from raw.hubspot_contacts h full join raw.mailchimp_members m on m.id = h.id`,
    sources: {
      email: [`${HS}.properties__email:expression`, `${MC}.email_address:expression`],
      subscribed: [`${MC}.status:expression`],
    },
  },
  {
    name: 'CASE: a column tested and output hashed stays hashed',
    sql: `select case when email is not null then 'cus_' || left(md5(email), 16) end as customer_id,
                 if(first_name is null, null, sha256(first_name)) as name_hash,
                 case when last_name is null then contact_id else email end as label
            from main.stg_hubspot__contacts`,
    sources: {
      customer_id: [`${STG}.email:hash`],
      name_hash: [`${STG}.first_name:hash`],
      label: [`${STG}.contact_id:expression`, `${STG}.email:expression`, `${STG}.last_name:expression`],
    },
  },
  {
    name: 'window functions: ranking has no value sources, partitions are indirect',
    sql: `select contact_id,
                 row_number() over (partition by email order by contact_id) as rn,
                 lag(first_name) over (order by contact_id) as previous_name,
                 count(*) over (partition by email) as dupes
            from main.stg_hubspot__contacts qualify rn = 1`,
    names: ['contact_id', 'rn', 'previous_name', 'dupes'],
    sources: { rn: [], previous_name: [`${STG}.first_name:expression`], dupes: [] },
    indirect: [`${STG}.email:window`, `${STG}.contact_id:window`],
  },
  {
    name: 'unnest in the select list and as a table function',
    sql: `select h.id, unnest(h.tags) as tag, t.x from raw.hubspot_contacts h, unnest(h.tags) as t(x)`,
    names: ['id', 'tag', 'x'],
    sources: { tag: [`${HS}.tags:expression`], x: [`${HS}.tags:expression`] },
  },
  {
    name: 'subquery in FROM, with column aliases',
    sql: `select s.e, s.n from (select lower(email_address), count(*) from raw.mailchimp_members group by 1) as s(e, n)`,
    names: ['e', 'n'],
    sources: { e: [`${MC}.email_address:expression`], n: [] },
  },
  {
    name: 'scalar and EXISTS subqueries, correlated',
    sql: `select h.id,
                 (select max(m.status) from raw.mailchimp_members m where m.id = h.id) as status,
                 exists (select 1 from raw.web_events w where w.user_id = h.id) as seen_on_web
            from raw.hubspot_contacts h`,
    sources: { status: [`${MC}.status:expression`], seen_on_web: [] },
    indirect: [`${MC}.id:filter`, `${HS}.id:filter`, 'raw.web_events.user_id:filter'],
  },
  {
    name: 'JSON ->> extraction and list lambdas',
    sql: `select payload->>'$.company' as company, list_transform(tags, t -> upper(t)) as tags_upper from raw.hubspot_contacts`,
    sources: { company: [`${HS}.payload:expression`], tags_upper: [`${HS}.tags:expression`] },
  },
  {
    name: 'recursive CTE: both branches, no endless loop',
    sql: `with recursive r(n, email) as (
            select 1, email from main.stg_hubspot__contacts
            union all
            select n + 1, upper(email) from r where n < 3)
          select n, email from r`,
    names: ['n', 'email'],
    sources: { n: [], email: [`${STG}.email:identity`] },
  },
  {
    name: 'recursive CTE with USING KEY reads recurring.<cte>',
    sql: `with recursive labels(node, label) using key (node) as (
            select contact_id, contact_id from main.stg_hubspot__contacts
            union
            select l.node, min(cur.label) from labels l join recurring.labels cur on cur.node = l.node group by l.node)
          select node, label from labels`,
    names: ['node', 'label'],
    sources: { node: [`${STG}.contact_id:identity`], label: [`${STG}.contact_id:identity`] },
  },
  {
    name: 'COLUMNS(regex) and COLUMNS([names]) inside aggregates',
    sql: `select min(columns('^properties__(first|last)')), count(columns(['id'])) from raw.hubspot_contacts`,
    names: ['properties__firstname', 'properties__lastname', 'id'],
    sources: { properties__lastname: [`${HS}.properties__lastname:expression`], id: [`${HS}.id:aggregate`] },
  },
  {
    name: 'SELECT * over a join: shared names are suffixed',
    sql: `select * exclude (tags, payload) from raw.mailchimp_members m join raw.hubspot_contacts h on h.id = m.id`,
    names: ['id', 'email_address', 'status', 'merge_fields', 'id_1', 'properties__email', 'properties__firstname',
      'properties__lastname', 'properties__phone', 'updated_at'],
    sources: { id_1: [`${HS}.id:identity`] },
  },
  {
    name: 'NATURAL join merges the shared column',
    sql: `select * from (select id, status from raw.mailchimp_members) natural join (select id, event from raw.web_events w join raw.mailchimp_members m on m.id = w.user_id)`,
    names: ['id', 'status', 'event'],
    sources: { id: [`${MC}.id:identity`] },
  },
  {
    name: 'duplicate names are suffixed like DuckDB does',
    sql: `select id, id, lower(properties__email), lower(properties__email) from raw.hubspot_contacts`,
    names: ['id', 'id_1', 'lower(properties__email)', 'lower(properties__email)_1'],
  },
];

describe('modelColumnLineage', () => {
  it.each(cases)('$name', async (c) => {
    const lineage = await modelColumnLineage(conn, c.sql, catalog, 'test_model');
    if (c.names !== undefined) {
      expect(lineage.columns.map((x) => x.column)).toEqual(c.names);
      // DuckDB agrees on the names of the view a model becomes.
      await conn.run(`CREATE OR REPLACE TEMP VIEW probe AS ${c.sql}`);
      const described = await conn.runAndReadAll('DESCRIBE probe');
      expect(described.getRowObjectsJS().map((r) => r.column_name)).toEqual(c.names);
    }
    for (const [column, expected] of Object.entries(c.sources ?? {})) {
      expect(sourcesOf(lineage, column), column).toEqual([...expected].sort());
    }
    const indirect = lineage.indirect.map((i) => `${i.relation}.${i.column}:${i.kind}`);
    for (const i of c.indirect ?? []) expect(indirect).toContain(i);
    if (c.relations !== undefined) expect(lineage.relations).toEqual(c.relations);
  });

  const failures: readonly { name: string; sql: string; error: new (...args: never[]) => Error; message: RegExp }[] = [
    { name: 'unknown relation', sql: 'select id from raw.hubspot_deals', error: UnknownRelationError, message: /test_model.*raw\.hubspot_deals/ },
    { name: 'unknown unqualified relation', sql: 'select * from stg_missing', error: UnknownRelationError, message: /main\.stg_missing/ },
    { name: 'unparsable SQL', sql: 'selec id form raw.hubspot_contacts', error: SqlParseError, message: /test_model.*syntax error/ },
    { name: 'not a SELECT', sql: 'delete from raw.hubspot_contacts', error: SqlParseError, message: /test_model/ },
    { name: 'two statements', sql: 'select 1; select 2', error: SqlParseError, message: /exactly one SELECT/ },
    { name: 'ambiguous column', sql: 'select id from raw.hubspot_contacts, raw.mailchimp_members', error: ColumnResolutionError, message: /"id" is ambiguous/ },
    { name: 'unknown column', sql: 'select nope from raw.hubspot_contacts', error: ColumnResolutionError, message: /"nope" not found/ },
    { name: 'PIVOT', sql: "select * from raw.mailchimp_members pivot (count(*) for status in ('subscribed'))", error: UnsupportedSqlError, message: /PIVOT/ },
    { name: 'file reader', sql: "select * from read_csv('x.csv')", error: UnsupportedSqlError, message: /read_csv/ },
  ];
  it.each(failures)('fails clearly: $name', async (f) => {
    const attempt = modelColumnLineage(conn, f.sql, catalog, 'test_model');
    await expect(attempt).rejects.toBeInstanceOf(f.error);
    await expect(attempt).rejects.toThrow(f.message);
  });

  it('resolves an unqualified name that exists on one side only, even with USING on the other', async () => {
    const lineage = await modelColumnLineage(
      conn,
      `select contact_id, status from main.stg_hubspot__contacts s join raw.mailchimp_members m on m.id = s.contact_id`,
      catalog,
    );
    expect(sourcesOf(lineage, 'status')).toEqual([`${MC}.status:identity`]);
  });

  it('a CTE shadows a catalog table of the same name', async () => {
    const lineage = await modelColumnLineage(
      conn,
      `with stg_hubspot__contacts as (select id as contact_id from raw.hubspot_contacts) select contact_id from stg_hubspot__contacts`,
      catalog,
    );
    expect(sourcesOf(lineage, 'contact_id')).toEqual([`${HS}.id:identity`]);
    expect(lineage.relations).toEqual([HS]);
  });
});

describe('selector aggregates', () => {
  it('arg_max(value, key) takes its value from the first argument; the key is indirect', async () => {
    const conn = await (await DuckDBInstance.create(':memory:')).connect();
    const catalog = new MapCatalog({ 'main.events': ['person', 'email', 'occurred_at'] });
    const lineage = await modelColumnLineage(conn, 'select person, arg_max(email, occurred_at) as email from events group by person', catalog);
    expect(lineage.columns.find((c) => c.column === 'email')!.sources).toEqual([{ relation: 'main.events', column: 'email', transform: 'expression' }]);
    expect(lineage.indirect).toContainEqual({ relation: 'main.events', column: 'occurred_at', kind: 'sort' });
    conn.closeSync();
  });
});

describe('columns that read no column', () => {
  it('tells literals (constant) from row counts and ranks (rows), through CTEs and star expansion', async () => {
    const lineage = await modelColumnLineage(
      conn,
      `with counted as (
         select contact_id, count(*) as n, row_number() over (order by contact_id) as rn, 'crm' as source, cast(null as double) as nothing
         from main.stg_hubspot__contacts group by contact_id
       )
       select *, n + 1 as n_plus_one, upper(source) as loud from counted`,
      catalog,
    );
    const sourceless = Object.fromEntries(lineage.columns.map((c) => [c.column, c.sourceless ?? null]));
    expect(sourceless).toEqual({ contact_id: null, n: 'rows', rn: 'rows', source: 'constant', nothing: 'constant', n_plus_one: 'rows', loud: 'constant' });
  });

  it("a statistic's FILTER is an input of its value; a value-returning aggregate's FILTER stays indirect", async () => {
    const lineage = await modelColumnLineage(
      conn,
      `select contact_id, count(*) filter (where email is not null) as with_email, first(first_name) filter (where last_name is not null) as first_name
       from main.stg_hubspot__contacts group by contact_id`,
      catalog,
    );
    expect(sourcesOf(lineage, 'with_email')).toEqual([`${STG}.email:aggregate`]);
    expect(lineage.columns.find((c) => c.column === 'with_email')!.sourceless).toBeUndefined();
    expect(sourcesOf(lineage, 'first_name')).toEqual([`${STG}.first_name:expression`]);
    expect(lineage.indirect).toContainEqual({ relation: STG, column: 'last_name', kind: 'filter' });
  });
});
