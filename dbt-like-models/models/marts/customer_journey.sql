-- Each customer's way through the funnel: one row per stage change with the touches
-- that came before it. The dated stage changes the CRMs give today are: lead (the
-- customer's first HubSpot contact or Salesforce lead was created), opportunity (their
-- first HubSpot deal was created) and won (their first won deal closed). MQL and SQL
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

    select
        i.customer_id,
        min(d.created_at)                                           as opportunity_at,
        min(coalesce(d.closed_at, d.created_at)) filter (where d.is_closed_won) as won_at
    from {{ ref('stg_hubspot__deals') }} as d
    join {{ ref('stg_hubspot__deal_contacts') }} as dc
        on dc.source_id = d.source_id
       and dc.deal_id = d.deal_id
    join identities as i
        on i.source = 'hubspot' and i.source_kind = 'contacts'
       and i.source_id = dc.source_id
       and i.source_record_id = dc.contact_id
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
