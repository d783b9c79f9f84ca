-- ROI per channel: the revenue each channel's touches earned under every attribution
-- model (a touch's channel: email, paid_social, web, crm) against what the channel cost
-- (int_attribution__spend). Revenue no touch explains is its own row, so each revenue
-- column adds up to the won deals' total.

with revenue as (

    select
        coalesce(channel, '(no campaign touch)')   as channel,
        sum(first_touch)                            as revenue_first_touch,
        sum(last_touch)                             as revenue_last_touch,
        sum(linear)                                 as revenue_linear,
        sum(position_based)                         as revenue_position_based,
        sum(time_decay)                             as revenue_time_decay
    from {{ ref('int_attribution__credits') }}
    group by all

),

spend as (

    select channel, sum(spend) as spend
    from {{ ref('int_attribution__spend') }}
    group by all

),

channels as (

    select channel from revenue
    union
    select channel from spend

)

select
    ch.channel,
    cast(round(coalesce(s.spend, 0), 2) as decimal(18, 2))                   as spend,
    cast(round(coalesce(r.revenue_first_touch, 0), 2) as decimal(18, 2))     as revenue_first_touch,
    cast(round(coalesce(r.revenue_last_touch, 0), 2) as decimal(18, 2))      as revenue_last_touch,
    cast(round(coalesce(r.revenue_linear, 0), 2) as decimal(18, 2))          as revenue_linear,
    cast(round(coalesce(r.revenue_position_based, 0), 2) as decimal(18, 2))  as revenue_position_based,
    cast(round(coalesce(r.revenue_time_decay, 0), 2) as decimal(18, 2))      as revenue_time_decay,
    case when s.spend > 0 then round((coalesce(r.revenue_linear, 0) - s.spend) / s.spend, 4) end as roi_linear,
    case when s.spend > 0 then round((coalesce(r.revenue_time_decay, 0) - s.spend) / s.spend, 4) end as roi_time_decay
from channels as ch
left join revenue as r
    on r.channel = ch.channel
left join spend as s
    on s.channel = ch.channel
