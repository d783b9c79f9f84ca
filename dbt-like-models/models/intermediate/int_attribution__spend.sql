-- What each campaign cost, per channel and day, from every paid source. The union
-- point: a new paid channel adds one `union all` branch here (as LinkedIn Ads did), and campaign_roi, channel_roi, owner_roi and
-- campaign_budget all pick it up.
--
--   paid_social  Meta Ads insights spend (the latest restatement of each day) and
--                LinkedIn Ads costInLocalCurrency per campaign and day
--   email        Mailchimp recipients and Klaviyo Received Email events × var email_cost_per_send (default 0: ESP fees
--                are usually a flat subscription, so a per-send cost is opt-in)
--   other        Salesforce campaign ActualCost beyond what the platforms above
--                report for the campaign: ActualCost is the campaign's total cost as
--                marketing ops enters it, which mirrors the ad spend Meta already
--                reports, so only the excess (events, agencies, content) is added —
--                greatest(ActualCost − reported spend, 0), booked on the campaign's
--                StartDate. A campaign with ActualCost below its ad spend adds nothing.

with meta_campaigns as (

    select source_id, meta_campaign_id, utm_campaign
    from {{ ref('stg_meta_ads__campaigns') }}

),

mailchimp_campaigns as (

    select source_id, mailchimp_campaign_id, utm_campaign, sent_at
    from {{ ref('stg_mailchimp__campaigns') }}

),

costs as (

    select
        coalesce(mc.utm_campaign, i.utm_campaign)   as utm_campaign,
        'paid_social'                               as channel,
        'meta_ads'                                  as cost_source,
        i.date_day,
        cast(i.spend as double)                     as spend
    from {{ ref('stg_meta_ads__insights') }} as i
    left join meta_campaigns as mc
        on mc.source_id = i.source_id
       and mc.meta_campaign_id = i.meta_campaign_id

    union all

    select
        utm_campaign,
        'paid_social',
        'linkedin_ads',
        date_day,
        cast(spend as double)
    from {{ ref('stg_linkedin_ads__ad_analytics') }}

    union all

    select
        mc.utm_campaign,
        'email',
        'mailchimp_sends',
        cast(mc.sent_at at time zone 'UTC' as date),
        cast({{ var('email_cost_per_send', 0) }} as double)
    from {{ ref('stg_mailchimp__sends') }} as s
    join mailchimp_campaigns as mc
        on mc.source_id = s.source_id
       and mc.mailchimp_campaign_id = s.mailchimp_campaign_id
    where mc.sent_at is not null

    union all

    select
        kc.utm_campaign,
        'email',
        'klaviyo_sends',
        cast(e.occurred_at at time zone 'UTC' as date),
        cast({{ var('email_cost_per_send', 0) }} as double)
    from {{ ref('stg_klaviyo__events') }} as e
    join {{ ref('stg_klaviyo__campaigns') }} as kc
        on kc.source_id = e.source_id
       and kc.klaviyo_campaign_id = e.klaviyo_campaign_id
    where e.email_action = 'sent'

),

platform_spend as (

    select utm_campaign, sum(spend) as spend
    from costs
    group by all

),

all_costs as (

    select * from costs

    union all

    select
        sc.utm_campaign,
        'other',
        'salesforce_campaign',
        sc.start_date,
        greatest(sc.actual_cost - coalesce(ps.spend, 0), 0)
    from (
        select utm_campaign, min(start_date) as start_date, sum(actual_cost) as actual_cost
        from {{ ref('stg_salesforce__campaigns') }}
        where actual_cost is not null
        group by all
    ) as sc
    left join platform_spend as ps
        on ps.utm_campaign = sc.utm_campaign

)

select
    c.campaign_id,
    s.channel,
    s.cost_source,
    s.date_day,
    strftime(s.date_day, '%Y-%m')                   as period,
    sum(s.spend)                                    as spend
from all_costs as s
join {{ ref('campaigns') }} as c
    on c.utm_campaign = s.utm_campaign
where s.date_day is not null
group by all
