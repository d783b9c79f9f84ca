/**
 * The people and campaigns of the model tests, landed into raw:
 *
 * - Alice: two duplicate HubSpot contacts (messy email case/space), a Mailchimp member,
 *   and a browser that visited anonymously in December and was identified in April
 *   (identify → user id + email trait), then ordered; one closed-won deal on both of her
 *   contacts.
 * - Bob: a HubSpot contact landed twice (the second version renamed him) and an
 *   unsubscribed Mailchimp member who bounced; an open deal he shares with Carol.
 * - Carol: a HubSpot contact later tombstoned (deleted at the source).
 * - Dave: only a browser, identified with an email, arriving from a Meta ad.
 * - anon-x: an anonymous-only browser with campaign visits (a visitor, not a customer).
 * - One campaign, spring_sale_2026, on email, Meta (with a restated day), web and CRM.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { land, md5 } from './raw-fixtures.js';

export const UTM = 'spring_sale_2026';
export const LIST = 'L1';
export const aliceMemberId = md5('alice@example.com');
export const bobMemberId = md5('bob@example.com');

/** customer_id the models must derive from an identity key. */
export const customerIdOf = (identityKey: string): string => 'cus_' + md5(identityKey).slice(0, 16);
export const campaignIdOf = (utm: string): string => 'cmp_' + md5(utm).slice(0, 12);

const contact = (id: string, email: string | null, first: string, last: string, created: string, extra: Record<string, string> = {}) => ({
  id,
  properties__email: email,
  properties__firstname: first,
  properties__lastname: last,
  properties__createdate: created,
  properties__hs_lastmodifieddate: extra.modified ?? created,
  properties__hs_object_id: id,
  properties__lifecyclestage: extra.stage ?? 'lead',
  properties__phone: extra.phone ?? null,
  properties__company: extra.company ?? null,
  properties__country: extra.country ?? null,
  created_at: created,
  updated_at: extra.modified ?? created,
  archived: false,
});

export const page = (messageId: string, anonymousId: string, timestamp: string, utm: Record<string, string> | null, userId: string | null = null) => ({
  type: 'page',
  message_id: messageId,
  anonymous_id: anonymousId,
  user_id: userId,
  timestamp,
  name: 'Home',
  properties: '{}',
  context__ip: '203.0.113.9',
  context__page__url: 'https://shop.example.com/',
  context__page__path: '/',
  context__campaign__name: utm?.name ?? null,
  context__campaign__source: utm?.source ?? null,
  context__campaign__medium: utm?.medium ?? null,
});

export async function landBaseline(conn: DuckDBConnection): Promise<void> {
  // HubSpot: Alice twice (duplicates), Bob in two versions, Carol then her tombstone.
  await land(conn, 'hubspot_contacts', contact('101', ' Alice@Example.com ', 'Alice', 'Adams', '2026-01-10T10:00:00.000Z', {
    phone: ' +1 415 555 0100 ', company: 'Acme', country: 'United States', stage: 'lead', modified: '2026-03-01T00:00:00.000Z',
  }));
  await land(conn, 'hubspot_contacts', contact('102', 'alice@example.com', 'Alice', 'Adams', '2026-03-01T10:00:00.000Z', {
    stage: 'customer', modified: '2026-03-05T00:00:00.000Z',
  }));
  await land(conn, 'hubspot_contacts', contact('201', 'bob@example.com', 'Bob', 'Old', '2026-02-01T10:00:00.000Z'), {
    extractedAt: '2026-05-01T00:00:00Z',
  });
  await land(conn, 'hubspot_contacts', contact('201', 'bob@example.com', 'Bob', 'Builder', '2026-02-01T10:00:00.000Z', {
    modified: '2026-05-20T00:00:00.000Z',
  }), { extractedAt: '2026-06-01T00:00:00Z' });
  await land(conn, 'hubspot_contacts', contact('301', 'carol@example.com', 'Carol', 'Clark', '2026-01-05T10:00:00.000Z'), {
    extractedAt: '2026-05-01T00:00:00Z',
  });
  await land(conn, 'hubspot_contacts', { id: '301' }, { extractedAt: '2026-06-01T00:00:00Z', deleted: true });

  await land(conn, 'hubspot_companies', {
    id: '9', properties__name: 'Acme', properties__domain: 'ACME.example', properties__industry: 'Retail',
    properties__createdate: '2025-01-01T00:00:00Z', archived: false,
  });

  await land(conn, 'hubspot_deals', {
    id: 'd1', properties__dealname: 'Acme renewal', properties__amount: '1500.00', properties__dealstage: 'closedwon',
    properties__closedate: '2026-04-20T00:00:00Z', properties__pipeline: 'default', properties__utm_campaign: 'Spring_Sale_2026',
    properties__createdate: '2026-04-03T12:00:00Z', archived: false, associations__contacts: '["101","102"]',
  });
  await land(conn, 'hubspot_deals', {
    id: 'd2', properties__dealname: 'Bob & Carol', properties__amount: '300', properties__dealstage: 'appointmentscheduled',
    properties__createdate: '2026-04-04T12:00:00Z', archived: false, associations__contacts: '["201","301"]',
  });

  // Mailchimp: Alice (subscribed, messy case, '' signup time as Mailchimp sends it) and Bob (unsubscribed).
  await land(conn, 'mailchimp_members', {
    id: aliceMemberId, list_id: LIST, email_address: 'ALICE@example.com', status: 'subscribed', merge_fields__fname: 'Alice',
    merge_fields__lname: '', timestamp_opt: '2026-02-01T00:00:00+00:00', timestamp_signup: '', last_changed: '2026-02-01T00:00:00+00:00',
    location__country_code: 'us', member_rating: 3, vip: false,
  });
  await land(conn, 'mailchimp_members', {
    id: bobMemberId, list_id: LIST, email_address: 'bob@example.com ', status: 'unsubscribed', timestamp_opt: '2026-02-15T00:00:00+00:00',
    last_changed: '2026-04-10T00:00:00+00:00', member_rating: 2, vip: false,
  });
  await land(conn, 'mailchimp_campaigns', {
    id: 'mc1', type: 'regular', create_time: '2026-03-25T00:00:00+00:00', status: 'sent', emails_sent: 2,
    send_time: '2026-04-01T09:00:00+00:00', recipients__list_id: LIST, settings__subject_line: 'Spring is here',
    settings__title: 'Spring Sale 2026', tracking__google_analytics: UTM,
  });
  for (const [id, email] of [[aliceMemberId, 'ALICE@example.com'], [bobMemberId, 'bob@example.com ']] as const) {
    await land(conn, 'mailchimp_sent_to', { campaign_id: 'mc1', list_id: LIST, email_id: id, email_address: email, status: 'sent', open_count: 0 });
  }
  await land(conn, 'mailchimp_email_activity', {
    campaign_id: 'mc1', list_id: LIST, email_id: aliceMemberId, email_address: 'ALICE@example.com', action: 'open', timestamp: '2026-04-01T10:00:00+00:00',
  });
  await land(conn, 'mailchimp_email_activity', {
    campaign_id: 'mc1', list_id: LIST, email_id: aliceMemberId, email_address: 'ALICE@example.com', action: 'click',
    timestamp: '2026-04-01T10:05:00+00:00', url: 'https://shop.example.com/?utm_campaign=spring_sale_2026',
  });
  await land(conn, 'mailchimp_email_activity', {
    campaign_id: 'mc1', list_id: LIST, email_id: bobMemberId, email_address: 'bob@example.com ', action: 'bounce', timestamp: '2026-04-01T09:01:00+00:00',
  });

  // Meta: one campaign; 2026-04-01 landed twice (Meta restated it), 2026-04-02 once.
  await land(conn, 'meta_ads_campaigns', {
    id: '9001', name: 'Spring_Sale_2026 | lookalike | OUTCOME_TRAFFIC', account_id: 'act_1', objective: 'OUTCOME_TRAFFIC', status: 'ACTIVE',
    effective_status: 'ACTIVE', daily_budget: '5000', created_time: '2026-03-20T00:00:00+0000', start_time: '2026-03-28T00:00:00+0000',
  });
  const insight = (date: string, impressions: string, clicks: string, spend: string) => ({
    account_id: 'act_1', campaign_id: '9001', campaign_name: 'Spring_Sale_2026 | lookalike | OUTCOME_TRAFFIC', date_start: date,
    date_stop: date, impressions, clicks, spend, reach: impressions,
  });
  await land(conn, 'meta_ads_ads_insights', insight('2026-04-01', '100', '5', '10.00'), { extractedAt: '2026-04-02T03:00:00Z' });
  await land(conn, 'meta_ads_ads_insights', insight('2026-04-01', '120', '6', '12.50'), { extractedAt: '2026-04-05T03:00:00Z' });
  await land(conn, 'meta_ads_ads_insights', insight('2026-04-02', '200', '10', '20.00'), { extractedAt: '2026-04-05T03:00:00Z' });

  // Organic social: a Page post sharing a tagged link (its insights re-read once, grown),
  // a brand post no campaign claims, and an Instagram reel tagged #Spring_Sale_2026.
  await land(conn, 'organic_social_facebook_posts', {
    id: 'p_1', message: 'Spring is here', created_time: '2026-04-01T16:00:00+0000', status_type: 'shared_story', shares__count: 3, comments__summary__total_count: 4,
    attachments: JSON.stringify({ data: [{ type: 'share', unshimmed_url: 'https://shop.example.com/spring?utm_source=facebook&utm_medium=social&utm_campaign=Spring_Sale_2026' }] }),
  });
  await land(conn, 'organic_social_facebook_posts', { id: 'p_2', message: 'Behind the scenes', created_time: '2026-04-01T18:00:00+0000', shares__count: 1, comments__summary__total_count: 0 });
  const postMetric = (post: string, name: string, value: unknown) => ({ id: `${post}/insights/${name}/lifetime`, post_id: post, name, period: 'lifetime', values: JSON.stringify([{ value }]) });
  await land(conn, 'organic_social_facebook_post_insights', postMetric('p_1', 'post_impressions_unique', 500), { extractedAt: '2026-04-02T03:00:00Z' });
  await land(conn, 'organic_social_facebook_post_insights', postMetric('p_1', 'post_impressions_unique', 900), { extractedAt: '2026-04-05T03:00:00Z' });
  await land(conn, 'organic_social_facebook_post_insights', postMetric('p_1', 'post_impressions', 1200), { extractedAt: '2026-04-05T03:00:00Z' });
  await land(conn, 'organic_social_facebook_post_insights', postMetric('p_1', 'post_reactions_by_type_total', { like: 20, love: 5 }), { extractedAt: '2026-04-05T03:00:00Z' });
  await land(conn, 'organic_social_facebook_post_insights', postMetric('p_2', 'post_impressions_unique', 300), { extractedAt: '2026-04-05T03:00:00Z' });
  await land(conn, 'organic_social_instagram_media', { id: 'm_1', caption: 'New season ✨ #northwind #Spring_Sale_2026', media_type: 'VIDEO', media_product_type: 'REELS', timestamp: '2026-04-01T20:00:00+0000', like_count: 30, comments_count: 2 });
  const mediaMetric = (name: string, value: number) => ({ id: `m_1/insights/${name}/lifetime`, media_id: 'm_1', name, period: 'lifetime', values: JSON.stringify([{ value }]) });
  for (const [name, value] of [['reach', 400], ['impressions', 650], ['likes', 31], ['comments', 2], ['shares', 5], ['saved', 7]] as const) {
    await land(conn, 'organic_social_instagram_media_insights', mediaMetric(name, value), { extractedAt: '2026-04-05T03:00:00Z' });
  }

  // Web: Alice's browser, anonymous in December, identified in April, then an order.
  const email = { name: 'Spring_Sale_2026', source: 'mailchimp', medium: 'email' };
  const meta = { name: UTM, source: 'facebook', medium: 'paid_social' };
  await land(conn, 'web_events', page('w-a1', 'anon-a1', '2025-12-01T12:00:00.000Z', null));
  await land(conn, 'web_events', page('w-a2', 'anon-a1', '2026-04-01T10:06:00.000Z', email));
  await land(conn, 'web_events', {
    type: 'identify', message_id: 'w-a3', anonymous_id: 'anon-a1', user_id: 'u-alice', timestamp: '2026-04-01T10:10:00.000Z',
    traits__email: '\tAlice@Example.COM\u00a0', traits__first_name: 'Alice',
  });
  await land(conn, 'web_events', {
    type: 'track', message_id: 'w-a4', anonymous_id: 'anon-a1', user_id: 'u-alice', timestamp: '2026-04-01T10:15:00.000Z',
    event: 'Order Completed', properties: '{"order_id":"o1","revenue":120.5}', context__campaign__name: UTM,
    context__campaign__source: 'mailchimp', context__campaign__medium: 'email',
  });
  // anon-x: never identified.
  await land(conn, 'web_events', page('w-x1', 'anon-x', '2026-04-01T11:00:00.000Z', meta));
  await land(conn, 'web_events', page('w-x2', 'anon-x', '2026-04-02T11:00:00.000Z', meta));
  // Dave: identified by email only, from a Meta ad, then a form.
  await land(conn, 'web_events', page('w-d1', 'anon-d', '2026-04-02T08:00:00.000Z', meta));
  await land(conn, 'web_events', {
    type: 'identify', message_id: 'w-d2', anonymous_id: 'anon-d', timestamp: '2026-04-02T08:01:00.000Z', traits__email: 'dave@example.com',
  });
  await land(conn, 'web_events', {
    type: 'track', message_id: 'w-d3', anonymous_id: 'anon-d', timestamp: '2026-04-02T08:02:00.000Z', event: 'Form Submitted',
    properties: '{}', context__campaign__name: UTM, context__campaign__source: 'facebook', context__campaign__medium: 'paid_social',
  });
}
