-- Mailchimp per-recipient email activity (open, click, bounce): the latest version of
-- each event, tombstones dropped. `email_id` is the member id, so `member_key`
-- (`list_id:email_id`) joins to stg_mailchimp__members. Sends are not here: they come
-- from stg_mailchimp__sends (a 'sent' action, if a connector ever lands one, is dropped
-- so sends are not counted twice).

with latest as (

    select * from {{ ref('base_mailchimp__email_activity') }}

)

select
    _source_id                                  as source_id,
    campaign_id                                 as mailchimp_campaign_id,
    list_id,
    email_id                                    as member_id,
    list_id || ':' || email_id                  as member_key,
    email_address                               as email,
    {{ normalize_email('email_address') }}      as email_normalized,
    lower(trim(action))                         as action,
    try_cast("timestamp" as timestamptz)        as occurred_at,
    nullif(trim(url), '')                       as url,
    nullif(trim(ip), '')                        as ip_address,
    _extracted_at
from latest
where not coalesce(_deleted, false)
  and lower(trim(action)) in ('open', 'click', 'bounce')
