-- Planned against actual, per campaign, channel, owner and month: the plan is the
-- campaign_budget_plan seed (dbt-like-models/seeds: utm_campaign, channel, owner,
-- period YYYY-MM, planned_amount); the actual is what the paid sources report
-- (int_attribution__spend). Spend no plan line covers is kept, with a null owner and
-- planned_amount, so the actual column adds up to the total spend.

with plan as (

    select
        lower(trim(utm_campaign))                   as utm_campaign,
        lower(trim(channel))                        as channel,
        trim(owner)                                 as owner,
        left(cast(period as varchar), 7)            as period,
        sum(cast(planned_amount as double))         as planned_amount
    from {{ ref('campaign_budget_plan') }}
    group by all

),

actual as (

    select c.utm_campaign, s.channel, s.period, sum(s.spend) as actual_spend
    from {{ ref('int_attribution__spend') }} as s
    join {{ ref('campaigns') }} as c
        on c.campaign_id = s.campaign_id
    group by all

)

select
    'cmp_' || left(md5(coalesce(p.utm_campaign, a.utm_campaign)), 12)   as campaign_id,
    coalesce(p.utm_campaign, a.utm_campaign)                            as utm_campaign,
    coalesce(p.channel, a.channel)                                      as channel,
    p.owner,
    coalesce(p.period, a.period)                                        as period,
    cast(round(p.planned_amount, 2) as decimal(18, 2))                  as planned_amount,
    cast(round(coalesce(a.actual_spend, 0), 2) as decimal(18, 2))       as actual_spend,
    cast(round(coalesce(a.actual_spend, 0) - coalesce(p.planned_amount, 0), 2) as decimal(18, 2)) as variance,
    case when p.planned_amount > 0 then round(coalesce(a.actual_spend, 0) / p.planned_amount, 4) end as share_of_plan
from plan as p
full outer join actual as a
    on a.utm_campaign = p.utm_campaign
   and a.channel = p.channel
   and a.period = p.period
-- a channel that cost nothing (email without a per-send cost) is no unplanned spend
where p.utm_campaign is not null
   or a.actual_spend <> 0
