-- Which campaign paid off: Meta spend against the revenue of won HubSpot deals,
-- attributed to the campaigns that touched the deal's customers before it was won.
--
--   first_touch  the whole amount to the earliest touch
--   last_touch   the whole amount to the latest touch
--   linear       the amount split evenly over every touch
--
-- A touch is engagement a customer chose, carrying a campaign: an email open or click,
-- a campaign web visit, a form fill, a web conversion, or a CRM deal created with the
-- campaign as its source. Sends are not touches (every subscriber gets one), nor are
-- bounces. Only touches in the `attribution_window_days` (default 90) before the deal
-- was won count: its close date, or its creation when it has none. A deal with several
-- customers among its contacts is one deal: their touches are pooled and its amount
-- counted once.
--
-- Revenue that no touch explains lands on one row with a null campaign_id, so under
-- every model the revenue column adds up to the won deals' total.

with won_deals as (

    select
        source_id,
        deal_id,
        amount,
        coalesce(closed_at, created_at)             as won_at
    from {{ ref('stg_hubspot__deals') }}
    where is_closed_won
      and amount is not null
      and coalesce(closed_at, created_at) is not null

),

deal_customers as (

    select distinct
        dc.source_id,
        dc.deal_id,
        i.customer_id
    from {{ ref('stg_hubspot__deal_contacts') }} as dc
    join {{ ref('customer_identities') }} as i
        on i.source = 'hubspot' and i.source_kind = 'contacts'
       and i.source_id = dc.source_id
       and i.source_record_id = dc.contact_id

),

touches as (

    select distinct
        w.source_id,
        w.deal_id,
        t.touchpoint_id,
        t.campaign_id,
        t.occurred_at
    from won_deals as w
    join deal_customers as dc
        on dc.source_id = w.source_id
       and dc.deal_id = w.deal_id
    join {{ ref('touchpoints') }} as t
        on t.customer_id = dc.customer_id
    where t.campaign_id is not null
      and t.touchpoint_type in ('email_open', 'email_click', 'web_visit', 'form_fill', 'conversion', 'deal_created')
      and t.occurred_at <= w.won_at
      and t.occurred_at > w.won_at - to_days({{ var('attribution_window_days', 90) }})

),

ranked as (

    select
        *,
        row_number() over (partition by source_id, deal_id order by occurred_at, touchpoint_id) as from_first,
        row_number() over (partition by source_id, deal_id order by occurred_at desc, touchpoint_id desc) as from_last,
        count(*) over (partition by source_id, deal_id) as touch_count
    from touches

),

credits as (

    select
        r.source_id,
        r.deal_id,
        r.campaign_id,
        case when r.from_first = 1 then w.amount else 0 end as first_touch,
        case when r.from_last = 1 then w.amount else 0 end  as last_touch,
        -- double, not decimal: a third of a deal is not a whole number of cents
        cast(w.amount as double) / r.touch_count           as linear
    from ranked as r
    join won_deals as w
        on w.source_id = r.source_id
       and w.deal_id = r.deal_id

    union all

    select
        w.source_id,
        w.deal_id,
        cast(null as varchar)                       as campaign_id,
        w.amount                                    as first_touch,
        w.amount                                    as last_touch,
        cast(w.amount as double)                    as linear
    from won_deals as w
    where not exists (
        select 1 from touches as t
        where t.source_id = w.source_id
          and t.deal_id = w.deal_id
    )

),

revenue as (

    select
        campaign_id,
        count(distinct source_id || ':' || deal_id) as deals,
        sum(first_touch)                            as revenue_first_touch,
        sum(last_touch)                             as revenue_last_touch,
        sum(linear)                                 as revenue_linear
    from credits
    group by campaign_id

),

spend as (

    select campaign_id, sum(spend) as spend
    from {{ ref('campaign_performance') }}
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
        coalesce(r.revenue_linear, 0)               as revenue_linear
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
        revenue_linear
    from revenue
    where campaign_id is null

)

select
    campaign_id,
    campaign_name,
    utm_campaign,
    cast(spend as decimal(18, 2))                   as spend,
    cast(deals as bigint)                           as deals,
    cast(revenue_first_touch as decimal(18, 2))     as revenue_first_touch,
    cast(revenue_last_touch as decimal(18, 2))      as revenue_last_touch,
    cast(round(revenue_linear, 2) as decimal(18, 2)) as revenue_linear,
    -- return on ad spend (revenue / spend); null where nothing was spent
    case when spend > 0 then round(revenue_first_touch / spend, 2) end as roas_first_touch,
    case when spend > 0 then round(revenue_last_touch / spend, 2) end  as roas_last_touch,
    case when spend > 0 then round(revenue_linear / spend, 2) end      as roas_linear
from campaign_rows
