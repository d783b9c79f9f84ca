-- How far each customer went in the funnel and when they reached each stage, from
-- everything the CRMs say: 1 lead, 2 MQL, 3 SQL, 4 opportunity, 5 won.
--
--   stage_rank  the furthest stage any evidence shows: a HubSpot contact's current or
--               any past lifecycle stage, a Salesforce lead (a converted one is SQL), a
--               CRM deal (opportunity) or a won one (won); a later stage implies the
--               earlier ones
--   <stage>_at  the first time the customer entered that very stage: HubSpot's
--               lifecycle history (propertiesWithHistory), a deal's creation
--               (opportunity) and a won deal's close (won), and for lead also the
--               creation of a Salesforce lead or of a HubSpot contact without landed
--               history already at lead or beyond. A stage skipped (lead straight to
--               SQL) has no date: medians and journeys leave it out rather than
--               invent one.

with identities as (

    select customer_id, source, source_kind, source_id, source_record_id
    from {{ ref('customer_identities') }}
    where customer_id is not null

),

stage_ranks as (

    select * from (values
        ('subscriber', 0), ('lead', 1), ('marketingqualifiedlead', 2), ('salesqualifiedlead', 3),
        ('opportunity', 4), ('customer', 5), ('evangelist', 5), ('other', 0)
    ) as t(lifecycle_stage, stage_rank)

),

history as (

    select h.source_id, h.contact_id, r.stage_rank, h.entered_at
    from {{ ref('stg_hubspot__lifecycle_stages') }} as h
    join stage_ranks as r
        on r.lifecycle_stage = h.lifecycle_stage

),

with_history as (

    select distinct source_id, contact_id from history

),

-- (customer, stage rank reached, when it was entered — null where the rank is known but not its date)
evidence as (

    select
        i.customer_id,
        coalesce(r.stage_rank, 0)                   as stage_rank,
        case when coalesce(r.stage_rank, 0) >= 1 and wh.contact_id is null
            then c.created_at end                   as entered_at,
        1                                           as dated_rank
    from {{ ref('stg_hubspot__contacts') }} as c
    left join stage_ranks as r
        on r.lifecycle_stage = c.lifecycle_stage
    left join with_history as wh
        on wh.source_id = c.source_id
       and wh.contact_id = c.contact_id
    join identities as i
        on i.source = 'hubspot' and i.source_kind = 'contacts'
       and i.source_id = c.source_id
       and i.source_record_id = c.contact_id

    union all

    select i.customer_id, h.stage_rank, h.entered_at, h.stage_rank
    from history as h
    join identities as i
        on i.source = 'hubspot' and i.source_kind = 'contacts'
       and i.source_id = h.source_id
       and i.source_record_id = h.contact_id

    union all

    select
        i.customer_id,
        case when l.is_converted then 3 else 1 end,
        l.created_at,
        1
    from {{ ref('stg_salesforce__leads') }} as l
    join identities as i
        on i.source = 'salesforce' and i.source_kind = 'leads'
       and i.source_id = l.source_id
       and i.source_record_id = l.lead_id

    union all

    select customer_id, 4, created_at, 4
    from {{ ref('int_crm__deals') }}
    where customer_id is not null

    union all

    select customer_id, 5, closed_at, 5
    from {{ ref('int_crm__deals') }}
    where customer_id is not null
      and is_won

)

select
    customer_id,
    max(stage_rank)                                                 as stage_rank,
    min(entered_at) filter (where dated_rank = 1)                   as lead_at,
    min(entered_at) filter (where dated_rank = 2)                   as mql_at,
    min(entered_at) filter (where dated_rank = 3)                   as sql_at,
    min(entered_at) filter (where dated_rank = 4)                   as opportunity_at,
    min(entered_at) filter (where dated_rank = 5)                   as won_at
from evidence
group by customer_id
