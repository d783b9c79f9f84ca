-- From lead to revenue, per campaign and month: how many customers the campaign touched
-- and how far they went — touched → lead → MQL → SQL → opportunity → won — with the
-- conversion rate between neighbouring stages and the median days between them.
--
-- A customer enters a campaign's funnel with their first touch of it (touchpoints, any
-- type but sends and bounces); the period is that touch's month. How far they went and
-- when they entered each stage come from int_crm__stage_dates: HubSpot lifecycle stages
-- (current and their history), Salesforce leads (a converted one counts as SQL), HubSpot
-- deals and Salesforce opportunities (opportunity) and won ones (won). A later stage
-- implies the earlier ones, so every count is at most the one before it.
--
-- A median counts only customers who entered the later stage after the touch (and after
-- the stage before it); someone already a lead when touched moves the counts but not
-- the medians, and a stage skipped (no date) leaves that customer out of its medians.

with first_touch as (

    select customer_id, campaign_id, min(occurred_at) as touched_at
    from {{ ref('touchpoints') }}
    where campaign_id is not null
      and customer_id is not null
      and touchpoint_type not in ('email_sent', 'email_bounce')
    group by all

),

people as (

    select
        ft.campaign_id,
        strftime(ft.touched_at at time zone 'UTC', '%Y-%m')         as period,
        ft.customer_id,
        ft.touched_at,
        coalesce(sd.stage_rank, 0)                                  as stage_rank,
        sd.lead_at,
        sd.mql_at,
        sd.sql_at,
        sd.opportunity_at,
        sd.won_at
    from first_touch as ft
    left join {{ ref('int_crm__stage_dates') }} as sd
        on sd.customer_id = ft.customer_id

),

-- days between two stages, for those who reached the later one after the touch
spans as (

    select
        *,
        case when lead_at >= touched_at then epoch(lead_at - touched_at) / 86400.0 end                as touch_to_lead,
        case when mql_at >= greatest(lead_at, touched_at) then epoch(mql_at - greatest(lead_at, touched_at)) / 86400.0 end as lead_to_mql,
        case when sql_at >= greatest(mql_at, touched_at) then epoch(sql_at - greatest(mql_at, touched_at)) / 86400.0 end as mql_to_sql,
        case when opportunity_at >= greatest(lead_at, touched_at) then epoch(opportunity_at - greatest(lead_at, touched_at)) / 86400.0 end as lead_to_opportunity,
        case when won_at >= opportunity_at and won_at >= touched_at then epoch(won_at - opportunity_at) / 86400.0 end as opportunity_to_won
    from people

),

counts as (

    select
        campaign_id,
        period,
        -- customer_id is never null here: the same count as count(*), and lineage can say what it counts
        count(customer_id)                          as touched,
        count(*) filter (where stage_rank >= 1)     as leads,
        count(*) filter (where stage_rank >= 2)     as mqls,
        count(*) filter (where stage_rank >= 3)     as sqls,
        count(*) filter (where stage_rank >= 4)     as opportunities,
        count(*) filter (where stage_rank >= 5)     as won,
        median(touch_to_lead)                       as median_days_touch_to_lead,
        median(lead_to_mql)                         as median_days_lead_to_mql,
        median(mql_to_sql)                          as median_days_mql_to_sql,
        median(lead_to_opportunity)                 as median_days_lead_to_opportunity,
        median(opportunity_to_won)                  as median_days_opportunity_to_won
    from spans
    group by all

)

select
    c.campaign_id,
    cp.campaign_name,
    c.period,
    cast(c.touched as bigint)                       as touched,
    cast(c.leads as bigint)                         as leads,
    cast(c.mqls as bigint)                          as mqls,
    cast(c.sqls as bigint)                          as sqls,
    cast(c.opportunities as bigint)                 as opportunities,
    cast(c.won as bigint)                           as won,
    round(c.leads / c.touched, 4)                   as touch_to_lead_rate,
    case when c.leads > 0 then round(c.mqls / c.leads, 4) end           as lead_to_mql_rate,
    case when c.mqls > 0 then round(c.sqls / c.mqls, 4) end             as mql_to_sql_rate,
    case when c.sqls > 0 then round(c.opportunities / c.sqls, 4) end    as sql_to_opportunity_rate,
    case when c.opportunities > 0 then round(c.won / c.opportunities, 4) end as opportunity_to_won_rate,
    round(c.median_days_touch_to_lead, 1)           as median_days_touch_to_lead,
    round(c.median_days_lead_to_mql, 1)             as median_days_lead_to_mql,
    round(c.median_days_mql_to_sql, 1)              as median_days_mql_to_sql,
    round(c.median_days_lead_to_opportunity, 1)     as median_days_lead_to_opportunity,
    round(c.median_days_opportunity_to_won, 1)      as median_days_opportunity_to_won
from counts as c
join {{ ref('campaigns') }} as cp
    on cp.campaign_id = c.campaign_id
