-- Meta daily campaign insights. Meta restates the last 28 days, so raw holds several
-- versions of one (account, campaign, day): only the most recently seen one counts.

with latest as (

    select * from {{ ref('base_meta_ads__ads_insights') }}

)

select
    _source_id                                              as source_id,
    account_id,
    campaign_id                                             as meta_campaign_id,
    nullif(trim(campaign_name), '')                         as campaign_name,
    nullif(lower(trim(split_part(campaign_name, ' | ', 1))), '') as utm_campaign,
    try_cast(date_start as date)                            as date_day,
    coalesce(try_cast(impressions as bigint), 0)            as impressions,
    coalesce(try_cast(clicks as bigint), 0)                 as clicks,
    coalesce(try_cast(reach as bigint), 0)                  as reach,
    coalesce(try_cast(spend as decimal(18, 2)), 0)          as spend,
    _extracted_at
from latest
where not coalesce(_deleted, false)
