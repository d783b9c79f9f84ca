-- GA4 daily traffic per session campaign and source/medium. Each run re-reads the last
-- days GA4 is still processing: the version seen last of each report row wins, which
-- makes the append-only raw table an upsert by key.
-- GA4's placeholders for traffic without a campaign ('(direct)', '(not set)',
-- '(organic)', '(referral)') are no utm_campaign.

with latest as (

    select * from {{ ref('base_ga4__traffic_by_campaign') }}

)

select
    _source_id                                              as source_id,
    property_id,
    try_strptime(date, '%Y%m%d')::date                      as date_day,
    session_campaign_name,
    case
        when trim(session_campaign_name) in ('', '(direct)', '(not set)', '(organic)', '(referral)') then null
        else lower(trim(session_campaign_name))
    end                                                     as utm_campaign,
    nullif(trim(split_part(session_source_medium, ' / ', 1)), '') as utm_source,
    nullif(trim(split_part(session_source_medium, ' / ', 2)), '') as utm_medium,
    coalesce(try_cast(sessions as bigint), 0)               as sessions,
    coalesce(try_cast(engaged_sessions as bigint), 0)       as engaged_sessions,
    coalesce(try_cast(conversions as double), 0)            as conversions,
    coalesce(try_cast(total_revenue as decimal(18, 2)), 0)  as revenue,
    _extracted_at
from latest
where not coalesce(_deleted, false)
