/**
 * Hand-built raw tables in the shape the pipeline lands them (flattened `a__b`
 * columns, API strings as VARCHAR, system columns), small enough to reason about row by
 * row. Values are always bound as parameters.
 */
import { createHash } from 'node:crypto';
import type { DuckDBConnection } from '@duckdb/node-api';

const quoteIdent = (s: string): string => '"' + s.replaceAll('"', '""') + '"';

type ColumnType = 'VARCHAR' | 'BOOLEAN' | 'DOUBLE' | 'JSON' | 'BIGINT';

/** Raw tables and their non-VARCHAR columns; everything else is VARCHAR. */
const RAW_TABLES: Record<string, { columns: readonly string[]; types?: Record<string, ColumnType> }> = {
  hubspot_contacts: {
    columns: ['id', 'properties__email', 'properties__firstname', 'properties__lastname', 'properties__phone', 'properties__company',
      'properties__country', 'properties__city', 'properties__lifecyclestage', 'properties__createdate',
      'properties__hs_lastmodifieddate', 'properties__hs_object_id', 'properties__jobtitle', 'properties__address', 'properties__zip',
      'properties__state', 'properties__date_of_birth', 'properties__mobilephone', 'properties__hs_additional_emails',
      'properties_with_history__lifecyclestage', 'created_at', 'updated_at', 'archived'],
    types: { archived: 'BOOLEAN', properties_with_history__lifecyclestage: 'JSON' },
  },
  hubspot_companies: {
    columns: ['id', 'properties__name', 'properties__domain', 'properties__industry', 'properties__country', 'properties__createdate',
      'properties__hs_lastmodifieddate', 'created_at', 'updated_at', 'archived'],
    types: { archived: 'BOOLEAN' },
  },
  hubspot_deals: {
    columns: ['id', 'properties__dealname', 'properties__amount', 'properties__dealstage', 'properties__closedate', 'properties__pipeline',
      'properties__utm_campaign', 'properties__createdate', 'properties__hs_lastmodifieddate', 'created_at', 'updated_at', 'archived',
      'associations__contacts'],
    types: { archived: 'BOOLEAN' },
  },
  salesforce_contacts: {
    columns: ['id', 'first_name', 'last_name', 'email', 'phone', 'mobile_phone', 'account_id', 'title', 'birthdate', 'mailing_street',
      'mailing_city', 'mailing_state', 'mailing_postal_code', 'mailing_country', 'lead_source',
      'created_date', 'last_modified_date', 'system_modstamp', 'is_deleted'],
    types: { is_deleted: 'BOOLEAN' },
  },
  salesforce_leads: {
    columns: ['id', 'first_name', 'last_name', 'email', 'phone', 'company', 'title', 'street', 'city', 'state', 'postal_code', 'country',
      'status', 'lead_source', 'is_converted', 'converted_contact_id', 'created_date', 'system_modstamp', 'is_deleted'],
    types: { is_converted: 'BOOLEAN', is_deleted: 'BOOLEAN' },
  },
  salesforce_accounts: {
    columns: ['id', 'name', 'website', 'industry', 'billing_country', 'type', 'created_date', 'last_modified_date', 'system_modstamp', 'is_deleted'],
    types: { is_deleted: 'BOOLEAN' },
  },
  salesforce_campaigns: {
    columns: ['id', 'name', 'type', 'status', 'start_date', 'end_date', 'actual_cost', 'budgeted_cost', 'system_modstamp', 'is_deleted'],
    types: { actual_cost: 'DOUBLE', budgeted_cost: 'DOUBLE', is_deleted: 'BOOLEAN' },
  },
  salesforce_opportunities: {
    columns: ['id', 'name', 'amount', 'stage_name', 'is_won', 'is_closed', 'close_date', 'account_id', 'campaign_id', 'lead_source',
      'created_date', 'system_modstamp', 'is_deleted'],
    types: { amount: 'DOUBLE', is_won: 'BOOLEAN', is_closed: 'BOOLEAN', is_deleted: 'BOOLEAN' },
  },
  salesforce_opportunity_contact_roles: {
    columns: ['id', 'opportunity_id', 'contact_id', 'role', 'is_primary', 'created_date', 'system_modstamp', 'is_deleted'],
    types: { is_primary: 'BOOLEAN', is_deleted: 'BOOLEAN' },
  },
  salesforce_campaign_members: {
    columns: ['id', 'campaign_id', 'contact_id', 'lead_id', 'status', 'has_responded', 'first_responded_date', 'created_date',
      'system_modstamp', 'is_deleted'],
    types: { has_responded: 'BOOLEAN', is_deleted: 'BOOLEAN' },
  },
  mailchimp_members: {
    columns: ['id', 'list_id', 'email_address', 'unique_email_id', 'full_name', 'status', 'merge_fields__fname', 'merge_fields__lname',
      'merge_fields__phone', 'merge_fields__birthday', 'merge_fields__address__addr1', 'merge_fields__address__addr2',
      'merge_fields__address__city', 'merge_fields__address__state', 'merge_fields__address__zip', 'merge_fields__address__country', 'timestamp_opt', 'timestamp_signup', 'last_changed', 'location__country_code', 'member_rating', 'vip'],
    types: { member_rating: 'DOUBLE', vip: 'BOOLEAN' },
  },
  mailchimp_campaigns: {
    columns: ['id', 'type', 'create_time', 'status', 'emails_sent', 'send_time', 'recipients__list_id', 'settings__subject_line',
      'settings__title', 'tracking__google_analytics'],
    types: { emails_sent: 'DOUBLE' },
  },
  mailchimp_email_activity: {
    columns: ['campaign_id', 'list_id', 'email_id', 'email_address', 'action', 'timestamp', 'url', 'ip'],
  },
  mailchimp_sent_to: {
    columns: ['campaign_id', 'list_id', 'email_id', 'email_address', 'status', 'open_count', 'last_open'],
    types: { open_count: 'DOUBLE' },
  },
  meta_ads_campaigns: {
    columns: ['id', 'name', 'account_id', 'objective', 'status', 'effective_status', 'daily_budget', 'created_time', 'updated_time',
      'start_time', 'stop_time'],
  },
  meta_ads_ads_insights: {
    columns: ['account_id', 'campaign_id', 'campaign_name', 'date_start', 'date_stop', 'impressions', 'clicks', 'spend', 'reach'],
  },
  ga4_traffic_by_campaign: {
    columns: ['property_id', 'date', 'session_campaign_name', 'session_source_medium', 'sessions', 'engaged_sessions', 'conversions', 'total_revenue'],
  },
  klaviyo_profiles: {
    columns: ['id', 'type', 'attributes__email', 'attributes__phone_number', 'attributes__external_id', 'attributes__first_name', 'attributes__last_name',
      'attributes__organization', 'attributes__location', 'attributes__properties', 'attributes__created', 'attributes__updated'],
    types: { attributes__location: 'JSON', attributes__properties: 'JSON' },
  },
  klaviyo_lists: { columns: ['id', 'type', 'attributes__name', 'attributes__created', 'attributes__updated'] },
  klaviyo_metrics: { columns: ['id', 'type', 'attributes__name', 'attributes__integration', 'attributes__created', 'attributes__updated'], types: { attributes__integration: 'JSON' } },
  klaviyo_campaigns: { columns: ['id', 'type', 'attributes__name', 'attributes__status', 'attributes__send_time', 'attributes__created_at', 'attributes__updated_at'] },
  klaviyo_events: {
    columns: ['id', 'type', 'attributes__datetime', 'attributes__timestamp', 'attributes__event_properties', 'relationships__profile__data__id', 'relationships__metric__data__id'],
    types: { attributes__timestamp: 'BIGINT', attributes__event_properties: 'JSON' },
  },
  linkedin_ads_campaigns: {
    columns: ['id', 'name', 'account', 'campaign_group', 'status', 'type', 'cost_type', 'objective_type', 'daily_budget__amount', 'daily_budget__currency_code',
      'run_schedule__start', 'run_schedule__end', 'change_audit_stamps__created__time', 'change_audit_stamps__last_modified__time'],
    types: { id: 'BIGINT', run_schedule__start: 'BIGINT', run_schedule__end: 'BIGINT', change_audit_stamps__created__time: 'BIGINT', change_audit_stamps__last_modified__time: 'BIGINT' },
  },
  linkedin_ads_ad_analytics: {
    columns: ['campaign_id', 'pivot_values', 'date_range__start__year', 'date_range__start__month', 'date_range__start__day', 'impressions', 'clicks', 'cost_in_local_currency'],
    types: { campaign_id: 'BIGINT', pivot_values: 'JSON', date_range__start__year: 'BIGINT', date_range__start__month: 'BIGINT', date_range__start__day: 'BIGINT', impressions: 'BIGINT', clicks: 'BIGINT' },
  },
  organic_social_facebook_posts: {
    columns: ['id', 'message', 'created_time', 'updated_time', 'permalink_url', 'status_type', 'attachments', 'shares__count', 'comments__summary__total_count'],
    types: { attachments: 'JSON', shares__count: 'BIGINT', comments__summary__total_count: 'BIGINT' },
  },
  organic_social_facebook_post_insights: {
    columns: ['id', 'post_id', 'name', 'period', 'values', 'title', 'description'],
    types: { values: 'JSON' },
  },
  organic_social_instagram_media: {
    columns: ['id', 'caption', 'media_type', 'media_product_type', 'permalink', 'timestamp', 'like_count', 'comments_count'],
    types: { like_count: 'BIGINT', comments_count: 'BIGINT' },
  },
  organic_social_instagram_media_insights: {
    columns: ['id', 'media_id', 'name', 'period', 'values', 'title', 'description'],
    types: { values: 'JSON' },
  },
  web_events: {
    columns: ['type', 'message_id', 'anonymous_id', 'user_id', 'timestamp', 'event', 'name', 'properties', 'traits__email',
      'traits__first_name', 'traits__last_name', 'traits__phone', 'context__ip', 'context__user_agent', 'context__page__url',
      'context__page__path', 'context__page__referrer', 'context__page__title', 'context__campaign__name', 'context__campaign__source',
      'context__campaign__medium'],
  },
};

const SYSTEM_COLUMNS = `_tributary_batch_id VARCHAR, _extracted_at TIMESTAMPTZ, _last_seen_at TIMESTAMPTZ,
  _source_id VARCHAR, _record_hash VARCHAR, _deleted BOOLEAN`;

export type RawTable = keyof typeof RAW_TABLES;
export type RawRow = Record<string, string | number | boolean | null>;

/** When and how a version was landed; defaults: extracted 2026-06-01, live, source id = the vendor. */
export interface Landing {
  readonly extractedAt?: string;
  readonly deleted?: boolean;
  readonly sourceId?: string;
}

export const md5 = (s: string): string => createHash('md5').update(s).digest('hex');

export async function createRawTables(conn: DuckDBConnection): Promise<void> {
  await conn.run('create schema if not exists raw');
  for (const [table, spec] of Object.entries(RAW_TABLES)) {
    const cols = spec.columns.map((c) => `${quoteIdent(c)} ${spec.types?.[c] ?? 'VARCHAR'}`).join(', ');
    await conn.run(`create table raw.${quoteIdent(table)} (${cols}, ${SYSTEM_COLUMNS})`);
  }
}

/** Appends one version of one record, the way the pipeline's landing does. */
export async function land(conn: DuckDBConnection, table: RawTable, row: RawRow, landing: Landing = {}): Promise<void> {
  const spec = RAW_TABLES[table];
  if (!spec) throw new Error(`unknown raw table ${table}`);
  for (const key of Object.keys(row)) if (!spec.columns.includes(key)) throw new Error(`${table} has no column ${key}`);
  const extractedAt = landing.extractedAt ?? '2026-06-01T00:00:00Z';
  const system: RawRow = {
    _tributary_batch_id: `batch-${extractedAt}`,
    _extracted_at: extractedAt,
    _last_seen_at: extractedAt,
    _source_id: landing.sourceId ?? table.split('_')[0]!.replace(/^meta$/, 'meta_ads').replace(/^organic$/, 'organic_social'),
    _record_hash: md5(JSON.stringify(row) + String(landing.deleted ?? false)),
    _deleted: landing.deleted ?? false,
  };
  const all = { ...row, ...system };
  const cols = Object.keys(all);
  const placeholders = cols.map((_, i) => `$${i + 1}`).join(', ');
  await conn.run(
    `insert into raw.${quoteIdent(table)} (${cols.map(quoteIdent).join(', ')}) values (${placeholders})`,
    cols.map((c) => all[c] ?? null),
  );
}
