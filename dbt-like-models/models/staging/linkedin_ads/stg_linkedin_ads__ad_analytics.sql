-- LinkedIn daily campaign analytics, the latest reading of each (campaign, day). The
-- campaign is the URN in pivot_values; the utm_campaign comes from the campaign's name.

with latest as (

    select * from {{ ref('base_linkedin_ads__ad_analytics') }}

),

campaigns as (

    select source_id, linkedin_campaign_id, utm_campaign
    from {{ ref('stg_linkedin_ads__campaigns') }}

)

select
    a._source_id                                            as source_id,
    cast(a.campaign_id as varchar)                          as linkedin_campaign_id,
    c.utm_campaign,
    make_date(a.date_range__start__year, a.date_range__start__month, a.date_range__start__day) as date_day,
    coalesce(a.impressions, 0)                              as impressions,
    coalesce(a.clicks, 0)                                   as clicks,
    coalesce(try_cast(a.cost_in_local_currency as decimal(18, 2)), 0) as spend,
    a._extracted_at
from latest as a
left join campaigns as c
    on c.source_id = a._source_id
   and c.linkedin_campaign_id = cast(a.campaign_id as varchar)
where not coalesce(a._deleted, false)
