-- Each customer's way through the funnel: one row per stage they entered, first time,
-- with the touches that came before it (int_crm__stage_dates): lead, mql and sql (HubSpot
-- lifecycle history; lead also the creation of a Salesforce lead or a HubSpot contact
-- without history), opportunity (first HubSpot deal or Salesforce opportunity, or the
-- opportunity lifecycle stage) and won (first won deal or opportunity, or the customer
-- stage). A stage skipped has no row. Touches are those of campaign_funnel (no sends or
-- bounces); "before" means at or before the change.

with stage_dates as (

    select * from {{ ref('int_crm__stage_dates') }}

),

changes as (

    select customer_id, 'lead' as stage, 1 as stage_order, lead_at as changed_at from stage_dates where lead_at is not null
    union all
    select customer_id, 'mql', 2, mql_at from stage_dates where mql_at is not null
    union all
    select customer_id, 'sql', 3, sql_at from stage_dates where sql_at is not null
    union all
    select customer_id, 'opportunity', 4, opportunity_at from stage_dates where opportunity_at is not null
    union all
    select customer_id, 'won', 5, won_at from stage_dates where won_at is not null

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
