/**
 * Record schemas of the Mailchimp streams, in Marketing API 3.0 field names.
 *
 * Every object is loose (`z.looseObject`): Mailchimp adds fields without notice and
 * drift must land, not crash. Fields Mailchimp leaves empty come back as `""` or
 * `null` depending on the endpoint (`timestamp_signup: ""`, `last_open: ""`,
 * `location.timezone: ""`), so strings are nullable and never format-checked; only
 * the identity and cursor fields are required.
 */
import { z } from 'zod';

const str = z.string().nullable().optional();
const num = z.number().nullable().optional();
const bool = z.boolean().nullable().optional();

export const listSchema = z.looseObject({
  id: z.string(),
  web_id: num,
  name: str,
  date_created: str,
  list_rating: num,
  stats: z
    .looseObject({
      member_count: num,
      unsubscribe_count: num,
      cleaned_count: num,
      campaign_count: num,
      campaign_last_sent: str,
      last_sub_date: str,
      last_unsub_date: str,
      open_rate: num,
      click_rate: num,
    })
    .optional(),
});

export const memberSchema = z.looseObject({
  id: z.string(),
  list_id: z.string(),
  email_address: z.string(),
  unique_email_id: str,
  contact_id: str,
  full_name: str,
  email_type: str,
  status: str,
  // The default audience's merge fields. ADDRESS is an object when set (the members read
  // turns Mailchimp's "" for an unset one into null); BIRTHDAY is 'MM/DD', no year.
  merge_fields: z
    .looseObject({
      FNAME: z.unknown().optional(),
      LNAME: z.unknown().optional(),
      PHONE: z.unknown().optional(),
      BIRTHDAY: z.unknown().optional(),
      ADDRESS: z.looseObject({ addr1: str, addr2: str, city: str, state: str, zip: str, country: str }).nullable().optional(),
    })
    .optional(),
  stats: z.looseObject({ avg_open_rate: num, avg_click_rate: num }).optional(),
  ip_signup: str,
  timestamp_signup: str,
  ip_opt: str,
  timestamp_opt: str,
  member_rating: num,
  last_changed: z.string(),
  language: str,
  vip: bool,
  location: z
    .looseObject({ latitude: num, longitude: num, gmtoff: num, dstoff: num, country_code: str, timezone: str })
    .optional(),
  source: str,
  tags_count: num,
  tags: z.array(z.looseObject({ id: num, name: str })).optional(),
});

export const campaignSchema = z.looseObject({
  id: z.string(),
  web_id: num,
  type: str,
  create_time: str,
  status: str,
  emails_sent: num,
  send_time: str,
  recipients: z.looseObject({ list_id: str, list_name: str, recipient_count: num }).optional(),
  settings: z.looseObject({ subject_line: str, title: str, from_name: str, reply_to: str }).optional(),
  tracking: z.looseObject({ opens: bool, html_clicks: bool, text_clicks: bool, google_analytics: str }).optional(),
});

export const reportSchema = z.looseObject({
  id: z.string(),
  campaign_title: str,
  type: str,
  list_id: str,
  emails_sent: num,
  send_time: str,
  unsubscribed: num,
  opens: z.looseObject({ opens_total: num, unique_opens: num, open_rate: num, last_open: str }).optional(),
  clicks: z
    .looseObject({ clicks_total: num, unique_clicks: num, unique_subscriber_clicks: num, click_rate: num, last_click: str })
    .optional(),
  bounces: z.looseObject({ hard_bounces: num, soft_bounces: num, syntax_errors: num }).optional(),
});

/** One activity action, flattened out of the email-activity report (as Airbyte does). */
export const emailActivitySchema = z.looseObject({
  campaign_id: z.string(),
  list_id: str,
  list_is_active: bool,
  email_id: z.string(),
  email_address: str,
  action: z.string(),
  timestamp: z.string(),
  url: str,
  ip: str,
});

export const sentToSchema = z.looseObject({
  email_id: z.string(),
  email_address: str,
  merge_fields: z.looseObject({ FNAME: z.unknown().optional(), LNAME: z.unknown().optional() }).optional(),
  vip: bool,
  status: str,
  open_count: num,
  last_open: str,
  absplit_group: str,
  gmt_offset: num,
  campaign_id: z.string(),
  list_id: str,
  list_is_active: bool,
});
