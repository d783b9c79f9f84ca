-- Each customer's way through the funnel: one row per stage change with the touches
-- that came before it. The dated stage changes the CRMs give today are: lead (the
-- customer's first HubSpot contact or Salesforce lead was created), opportunity (their
-- first HubSpot deal or Salesforce opportunity was created) and won (their first won
-- deal or opportunity closed). MQL and SQL
-- changes join once lifecycle-stage history is landed. Touches are those of
-- campaign_funnel (no sends or bounces); "before" means at or before the change.

with identities as (

    select customer_id, source, source_kind, source_id, source_record_id
    from {{ ref('customer_identities') }}
    where customer_id is not null

),

crm_records as (

    select i.customer_id, c.created_at
    from {{ ref('stg_hubspot__contacts') }} as c
    join identities as i
        on i.source = 'hubspot' and i.source_kind = 'contacts'
       and i.source_id = c.source_id
       and i.source_record_id = c.contact_id

    union all

    select i.customer_id, l.created_at
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

changes as (

    select customer_id, 'lead' as stage, 1 as stage_order, min(created_at) as changed_at
    from crm_records
    where created_at is not null
    group by all

    union all

    select customer_id, 'opportunity', 4, opportunity_at from deals where opportunity_at is not null

    union all

    select customer_id, 'won', 5, won_at from deals where won_at is not null

),

touches as (

    select customer_id, campaign_id, channel, occurred_at
    from {{ ref('touchpoints') }}
    where customer_id is not null
      and touchpoint_type not in ('email_sent', 'email_bounce')

)

select
    ch.customer_id,
    ch.stage,
    ch.stage_order,
    ch.changed_at,
    count(t.occurred_at)                                                as touches_before,
    coalesce(list_sort(list(distinct t.campaign_id) filter (where t.campaign_id is not null)), []::varchar[]) as campaigns_before,
    coalesce(list_sort(list(distinct t.channel) filter (where t.channel is not null)), []::varchar[]) as channels_before,
    arg_max(t.campaign_id, t.occurred_at) filter (where t.campaign_id is not null) as last_campaign_id,
    max(t.occurred_at)                                                  as last_touch_at
from changes as ch
left join touches as t
    on t.customer_id = ch.customer_id
   and t.occurred_at <= ch.changed_at
group by ch.customer_id, ch.stage, ch.stage_order, ch.changed_at
