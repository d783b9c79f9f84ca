-- Mailchimp campaigns: the latest version of each campaign, tombstones dropped.
-- `tracking.google_analytics` is the utm_campaign slug Mailchimp appends to links: it
-- is what joins email to web traffic, Meta and CRM deals.

with latest as (

    select * from {{ ref('base_mailchimp__campaigns') }}

)

select
    _source_id                                          as source_id,
    id                                                  as mailchimp_campaign_id,
    nullif(trim(type), '')                              as campaign_type,
    nullif(lower(trim(status)), '')                     as status,
    nullif(trim(settings__title), '')                   as title,
    nullif(trim(settings__subject_line), '')            as subject_line,
    recipients__list_id                                 as list_id,
    nullif(lower(trim(tracking__google_analytics)), '') as utm_campaign,
    try_cast(emails_sent as bigint)                     as emails_sent,
    try_cast(create_time as timestamptz)                as created_at,
    try_cast(send_time as timestamptz)                  as sent_at,
    _extracted_at
from latest
where not coalesce(_deleted, false)
