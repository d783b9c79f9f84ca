-- Each won deal's revenue — HubSpot deals and Salesforce opportunities alike, a sale
-- both CRMs hold counted once (int_crm__deals) — credited to the touches before it under five models. One
-- row per (deal, touch), plus one row per deal no touch explains (null campaign), so
-- every model's column sums to the won deals' total:
--
--   first_touch     the whole amount to the earliest touch
--   last_touch      the whole amount to the latest touch
--   linear          split evenly over every touch
--   position_based  40 % first, 40 % last, 20 % split over the touches between (one
--                   touch: all of it; two: half each)
--   time_decay      weight 2^(-days before the win / var attribution_half_life_days,
--                   default 7), normalised per deal
--
-- A touch is engagement a customer chose, carrying a campaign: an email open or click,
-- a campaign web visit, a form fill, a web conversion, a Salesforce campaign response, or
-- a CRM deal created with the campaign as its source. Sends and bounces are not. Only touches in the lookback
-- (var attribution_window_days, default 90) before the deal was won count: its close
-- date, or its creation when it has none. A deal with several customers among its
-- contacts is one deal: their touches are pooled and its amount counted once.
-- Amounts are doubles: a third of a deal is not a whole number of cents.

with won_deals as (

    select distinct
        source_id,
        deal_id,
        amount,
        closed_at                                   as won_at
    from {{ ref('int_crm__deals') }}
    where counts_revenue
      and closed_at is not null

),

deal_customers as (

    select distinct source_id, deal_id, customer_id
    from {{ ref('int_crm__deals') }}
    where counts_revenue
      and customer_id is not null

),

touches as (

    select distinct
        w.source_id,
        w.deal_id,
        t.touchpoint_id,
        t.campaign_id,
        t.channel,
        t.occurred_at,
        epoch(w.won_at - t.occurred_at) / 86400.0   as days_before_win
    from won_deals as w
    join deal_customers as dc
        on dc.source_id = w.source_id
       and dc.deal_id = w.deal_id
    join {{ ref('touchpoints') }} as t
        on t.customer_id = dc.customer_id
    where t.campaign_id is not null
      and t.touchpoint_type in ('email_open', 'email_click', 'web_visit', 'form_fill', 'conversion', 'campaign_response', 'deal_created')
      and t.occurred_at <= w.won_at
      and t.occurred_at > w.won_at - to_days({{ var('attribution_window_days', 90) }})

),

ranked as (

    select
        *,
        row_number() over deal_order                                        as from_first,
        row_number() over (partition by source_id, deal_id order by occurred_at desc, touchpoint_id desc) as from_last,
        count(*) over (partition by source_id, deal_id)                     as touch_count,
        pow(2, -days_before_win / {{ var('attribution_half_life_days', 7) }}) as decay_weight
    from touches
    window deal_order as (partition by source_id, deal_id order by occurred_at, touchpoint_id)

),

weighted as (

    select
        *,
        case
            when touch_count = 1 then 1.0
            when touch_count = 2 then 0.5
            when from_first = 1 or from_last = 1 then 0.4
            else 0.2 / (touch_count - 2)
        end                                                                 as position_share,
        decay_weight / sum(decay_weight) over (partition by source_id, deal_id) as decay_share
    from ranked

)

select
    r.source_id,
    r.deal_id,
    w.won_at,
    r.touchpoint_id,
    r.campaign_id,
    r.channel,
    case when r.from_first = 1 then w.amount else 0 end                     as first_touch,
    case when r.from_last = 1 then w.amount else 0 end                      as last_touch,
    w.amount / r.touch_count                                                as linear,
    w.amount * r.position_share                                             as position_based,
    w.amount * r.decay_share                                                as time_decay
from weighted as r
join won_deals as w
    on w.source_id = r.source_id
   and w.deal_id = r.deal_id

union all

select
    w.source_id,
    w.deal_id,
    w.won_at,
    cast(null as varchar)                           as touchpoint_id,
    cast(null as varchar)                           as campaign_id,
    cast(null as varchar)                           as channel,
    w.amount                                        as first_touch,
    w.amount                                        as last_touch,
    w.amount                                        as linear,
    w.amount                                        as position_based,
    w.amount                                        as time_decay
from won_deals as w
where not exists (
    select 1 from touches as t
    where t.source_id = w.source_id
      and t.deal_id = w.deal_id
)
