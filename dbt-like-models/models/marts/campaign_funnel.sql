-- From lead to revenue, per campaign and month: how many customers the campaign touched
-- and how far they went — touched → lead → MQL → SQL → opportunity → won — with the
-- conversion rate between neighbouring stages and the median days between them.
--
-- A customer enters a campaign's funnel with their first touch of it (touchpoints, any
-- type but sends and bounces); the period is that touch's month. The stages reached
-- come from the CRMs: a HubSpot contact's lifecycle stage (lead, marketingqualifiedlead,
-- salesqualifiedlead, opportunity, customer) or a Salesforce lead (lead; a converted
-- one counts as SQL), a HubSpot deal or Salesforce opportunity sold to them
-- (opportunity; int_crm__deals) and a won one (won). A later stage implies the earlier ones, so every count is at most the one
-- before it.
--
-- Stage dates: lead = when the first CRM record was created, opportunity = the first
-- deal's creation, won = the first won deal's close (in either CRM). MQL and SQL have no date until
-- lifecycle-stage history is landed, so their medians are null. A median counts only
-- customers who reached the later stage after their touch; someone already a lead
-- when touched moves the counts but not the medians.

with first_touch as (

    select customer_id, campaign_id, min(occurred_at) as touched_at
    from {{ ref('touchpoints') }}
    where campaign_id is not null
      and customer_id is not null
      and touchpoint_type not in ('email_sent', 'email_bounce')
    group by all

),

identities as (

    select customer_id, source, source_kind, source_id, source_record_id
    from {{ ref('customer_identities') }}
    where customer_id is not null

),

crm_stage as (

    -- 1 lead, 2 MQL, 3 SQL, 4 opportunity, 5 won (customer)
    select
        i.customer_id,
        case c.lifecycle_stage
            when 'customer' then 5
            when 'opportunity' then 4
            when 'salesqualifiedlead' then 3
            when 'marketingqualifiedlead' then 2
            when 'lead' then 1
            when 'evangelist' then 5
            else 0
        end                                         as stage_rank,
        c.created_at                                as record_created_at
    from {{ ref('stg_hubspot__contacts') }} as c
    join identities as i
        on i.source = 'hubspot' and i.source_kind = 'contacts'
       and i.source_id = c.source_id
       and i.source_record_id = c.contact_id

    union all

    select
        i.customer_id,
        case when l.is_converted then 3 else 1 end,
        l.created_at
    from {{ ref('stg_salesforce__leads') }} as l
    join identities as i
        on i.source = 'salesforce' and i.source_kind = 'leads'
       and i.source_id = l.source_id
       and i.source_record_id = l.lead_id

),

deals as (

    -- HubSpot deals and Salesforce opportunities: a customer's first of either
    select
        customer_id,
        min(created_at)                                             as opportunity_at,
        min(closed_at) filter (where is_won)                        as won_at
    from {{ ref('int_crm__deals') }}
    where customer_id is not null
    group by all

),

people as (

    select
        ft.campaign_id,
        strftime(ft.touched_at at time zone 'UTC', '%Y-%m')         as period,
        ft.customer_id,
        ft.touched_at,
        greatest(
            coalesce(max(cs.stage_rank), 0),
            case when d.won_at is not null then 5 when d.opportunity_at is not null then 4 else 0 end
        )                                                           as stage_rank,
        min(cs.record_created_at) filter (where cs.stage_rank >= 1) as lead_at,
        d.opportunity_at,
        d.won_at
    from first_touch as ft
    left join crm_stage as cs
        on cs.customer_id = ft.customer_id
    left join deals as d
        on d.customer_id = ft.customer_id
    group by ft.campaign_id, ft.customer_id, ft.touched_at, d.opportunity_at, d.won_at

),

-- days between two stages, for those who reached the later one after the touch
spans as (

    select
        *,
        case when lead_at >= touched_at then epoch(lead_at - touched_at) / 86400.0 end                as touch_to_lead,
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
    cast(null as double)                            as median_days_lead_to_mql,
    cast(null as double)                            as median_days_mql_to_sql,
    round(c.median_days_lead_to_opportunity, 1)     as median_days_lead_to_opportunity,
    round(c.median_days_opportunity_to_won, 1)      as median_days_opportunity_to_won
from counts as c
join {{ ref('campaigns') }} as cp
    on cp.campaign_id = c.campaign_id
