/**
 * A tiny dbt-style project run the way the pipeline will: models in dependency
 * order, each one's lineage computed against a catalog of raw tables and the models
 * built before it, then added to the catalog. Shared by the graph and PII tests.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { LineageGraph, MapCatalog, modelColumnLineage, type FieldMapping } from '../../governance/lineage/index.js';

export const RAW = {
  'raw.hubspot_contacts': ['id', 'properties__email', 'properties__firstname', 'properties__lastname', 'updated_at'],
  'raw.mailchimp_members': ['id', 'email_address', 'status'],
  'raw.web_events': ['anonymous_id', 'user_id', 'context_ip', 'ts'],
} as const;

export const FIELDS: readonly FieldMapping[] = [
  { field: 'hubspot.contacts.properties.email', relation: 'raw.hubspot_contacts', column: 'properties__email' },
  { field: 'hubspot.contacts.properties.firstname', relation: 'raw.hubspot_contacts', column: 'properties__firstname' },
  { field: 'hubspot.contacts.id', relation: 'raw.hubspot_contacts', column: 'id' },
  { field: 'mailchimp.members.email_address', relation: 'raw.mailchimp_members', column: 'email_address' },
  { field: 'web_events.events.context.ip', relation: 'raw.web_events', column: 'context_ip' },
];

/** Models in dependency order: name → compiled SQL. */
export const MODELS: readonly (readonly [string, string])[] = [
  [
    'stg_hubspot__contacts',
    `select id as contact_id, lower(trim(properties__email)) as email, properties__firstname as first_name
       from raw.hubspot_contacts`,
  ],
  ['stg_mailchimp__members', `select id as member_id, lower(email_address) as email, status from raw.mailchimp_members`],
  ['stg_web__events', `select anonymous_id, user_id, context_ip as ip, ts from raw.web_events`],
  [
    'customers',
    `with unioned as (
       select email, first_name from main.stg_hubspot__contacts
       union all
       select email, null as first_name from main.stg_mailchimp__members
     )
     select md5(email) as customer_id, email, max(first_name) as first_name, count(*) as n_records
       from unioned group by email`,
  ],
  ['customer_stats', `select count(distinct email) as customers, sum(n_records) as records from main.customers`],
  [
    'web_sessions',
    `select e.user_id, c.customer_id, e.ip, count(*) as events
       from main.stg_web__events e left join main.customers c on md5(e.user_id) = c.customer_id
      group by all`,
  ],
];

export async function buildProjectGraph(): Promise<LineageGraph> {
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  try {
    const catalog = new MapCatalog(RAW);
    const graph = new LineageGraph().addFieldMappings(FIELDS);
    for (const [name, sql] of MODELS) {
      const lineage = await modelColumnLineage(conn, sql, catalog, name);
      graph.addModel(name, lineage);
      catalog.set(name, lineage.columns.map((c) => c.column));
    }
    return graph;
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}
