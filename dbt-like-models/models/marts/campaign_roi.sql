-- Which campaign paid off: what every paid channel spent on a campaign against the
-- revenue of won HubSpot deals credited to it (int_attribution__credits: first touch,
-- last touch, linear, position-based 40/20/40 and time decay, over the lookback var
-- attribution_window_days). Revenue that no touch explains lands on one row with a null
-- campaign_id, so under every model the revenue column adds up to the won deals' total.

with revenue as (

    select
        campaign_id,
        count(distinct source_id || ':' || deal_id) as deals,
        sum(first_touch)                            as revenue_first_touch,
        sum(last_touch)                             as revenue_last_touch,
        sum(linear)                                 as revenue_linear,
        sum(position_based)                         as revenue_position_based,
        sum(time_decay)                             as revenue_time_decay
    from {{ ref('int_attribution__credits') }}
    group by campaign_id

),

spend as (

    select campaign_id, sum(spend) as spend
    from {{ ref('int_attribution__spend') }}
    group by campaign_id

),

campaign_rows as (

    select
        c.campaign_id,
        c.campaign_name,
        c.utm_campaign,
        coalesce(s.spend, 0)                        as spend,
        coalesce(r.deals, 0)                        as deals,
        coalesce(r.revenue_first_touch, 0)          as revenue_first_touch,
        coalesce(r.revenue_last_touch, 0)           as revenue_last_touch,
        coalesce(r.revenue_linear, 0)               as revenue_linear,
        coalesce(r.revenue_position_based, 0)       as revenue_position_based,
        coalesce(r.revenue_time_decay, 0)           as revenue_time_decay
    from {{ ref('campaigns') }} as c
    left join spend as s
        on s.campaign_id = c.campaign_id
    left join revenue as r
        on r.campaign_id = c.campaign_id

    union all

    select
        cast(null as varchar)                       as campaign_id,
        '(no campaign touch)'                       as campaign_name,
        cast(null as varchar)                       as utm_campaign,
        0                                           as spend,
        deals,
        revenue_first_touch,
        revenue_last_touch,
        revenue_linear,
        revenue_position_based,
        revenue_time_decay
    from revenue
    where campaign_id is null

)

select
    campaign_id,
    campaign_name,
    utm_campaign,
    cast(round(spend, 2) as decimal(18, 2))                  as spend,
    cast(deals as bigint)                                    as deals,
    cast(round(revenue_first_touch, 2) as decimal(18, 2))    as revenue_first_touch,
    cast(round(revenue_last_touch, 2) as decimal(18, 2))     as revenue_last_touch,
    cast(round(revenue_linear, 2) as decimal(18, 2))         as revenue_linear,
    cast(round(revenue_position_based, 2) as decimal(18, 2)) as revenue_position_based,
    cast(round(revenue_time_decay, 2) as decimal(18, 2))     as revenue_time_decay,
    -- return on ad spend (revenue / spend); null where nothing was spent
    case when spend > 0 then round(revenue_first_touch / spend, 2) end    as roas_first_touch,
    case when spend > 0 then round(revenue_last_touch / spend, 2) end     as roas_last_touch,
    case when spend > 0 then round(revenue_linear / spend, 2) end         as roas_linear,
    case when spend > 0 then round(revenue_position_based / spend, 2) end as roas_position_based,
    case when spend > 0 then round(revenue_time_decay / spend, 2) end     as roas_time_decay,
    -- ROI: what the campaign returned beyond its cost, per unit of cost (linear credit)
    case when spend > 0 then round((revenue_linear - spend) / spend, 4) end as roi_linear
from campaign_rows
