-- Mailchimp campaign recipients (reports/{id}/sent-to): one row per (campaign, member),
-- latest version, tombstones dropped. The send time is the campaign's `send_time`,
-- joined on in the marts.

with latest as (

    select * from {{ ref('base_mailchimp__sent_to') }}

)

select
    _source_id                                  as source_id,
    campaign_id                                 as mailchimp_campaign_id,
    list_id,
    email_id                                    as member_id,
    list_id || ':' || email_id                  as member_key,
    email_address                               as email,
    {{ normalize_email('email_address') }}      as email_normalized,
    nullif(lower(trim(status)), '')             as send_status,
    coalesce(try_cast(open_count as bigint), 0) as open_count,
    try_cast(last_open as timestamptz)          as last_opened_at,
    _extracted_at
from latest
where not coalesce(_deleted, false)
