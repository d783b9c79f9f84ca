-- Per campaign and day (UTC): paid reach and cost from Meta (the latest restatement of
-- each day, already picked in staging), email volume from Mailchimp, and web sessions,
-- conversions and revenue from visits carrying the campaign's utm_campaign. Web numbers
-- include anonymous visitors, unlike touchpoints. GA4's own sessions, engaged sessions,
-- conversions and revenue (its latest restatement of each day) sit beside them in ga4_*
-- columns: the same visits measured by another tag, so never added to the web numbers.
-- Organic social (Facebook Page posts by their link's utm_campaign, Instagram media by a
-- caption hashtag naming the campaign) counts on the day a post was published: its
-- lifetime impressions, reach (summed over posts, so not unique people) and engagements.

with meta_campaigns as (

    select source_id, meta_campaign_id, utm_campaign
    from {{ ref('stg_meta_ads__campaigns') }}

),

mailchimp_campaigns as (

    select source_id, mailchimp_campaign_id, utm_campaign, sent_at
    from {{ ref('stg_mailchimp__campaigns') }}

),

paid as (

    select
        coalesce(mc.utm_campaign, i.utm_campaign)   as utm_campaign,
        i.date_day,
        sum(i.impressions)                          as impressions,
        sum(i.clicks)                               as clicks,
        sum(i.spend)                                as spend
    from {{ ref('stg_meta_ads__insights') }} as i
    left join meta_campaigns as mc
        on mc.source_id = i.source_id
       and mc.meta_campaign_id = i.meta_campaign_id
    group by all

),

sends as (

    select
        mc.utm_campaign,
        cast(mc.sent_at at time zone 'UTC' as date) as date_day,
        count(s.member_id)                          as sends    -- recipients (member_id is the sent-to key: never null)
    from {{ ref('stg_mailchimp__sends') }} as s
    join mailchimp_campaigns as mc
        on mc.source_id = s.source_id
       and mc.mailchimp_campaign_id = s.mailchimp_campaign_id
    where mc.sent_at is not null
    group by all

),

email_activity as (

    select
        mc.utm_campaign,
        cast(a.occurred_at at time zone 'UTC' as date) as date_day,
        count(*) filter (where a.action = 'open')   as opens,
        count(*) filter (where a.action = 'click')  as email_clicks
    from {{ ref('stg_mailchimp__email_activity') }} as a
    join mailchimp_campaigns as mc
        on mc.source_id = a.source_id
       and mc.mailchimp_campaign_id = a.mailchimp_campaign_id
    where a.occurred_at is not null
    group by all

),

web as (

    select
        utm_campaign,
        cast(occurred_at at time zone 'UTC' as date) as date_day,
        count(distinct coalesce(anonymous_id, 'user:' || user_id)) as sessions,
        count(*) filter (where lower(event_name) in ('form submitted', 'order completed')) as conversions,
        sum(revenue) filter (where lower(event_name) = 'order completed') as revenue
    from {{ ref('stg_web__events') }}
    where utm_campaign is not null
      and occurred_at is not null
    group by all

),

ga4 as (

    select
        utm_campaign,
        date_day,
        sum(sessions)                               as ga4_sessions,
        sum(engaged_sessions)                       as ga4_engaged_sessions,
        sum(conversions)                            as ga4_conversions,
        sum(revenue)                                as ga4_revenue
    from {{ ref('stg_ga4__traffic') }}
    where utm_campaign is not null
      and date_day is not null
    group by all

),

organic_posts as (

    select utm_campaign, post_id, published_at, impressions, reach, engagements
    from {{ ref('stg_organic_social__facebook_posts') }}
    where utm_campaign is not null
    union all
    select unnest(campaign_tags) as utm_campaign, media_id as post_id, published_at, impressions, reach, engagements
    from {{ ref('stg_organic_social__instagram_media') }}

),

organic as (

    select
        utm_campaign,
        cast(published_at at time zone 'UTC' as date) as date_day,
        count(post_id)                              as organic_posts,   -- counts posts by their id, so lineage names what it counts
        sum(impressions)                            as organic_impressions,
        sum(reach)                                  as organic_reach,
        sum(engagements)                            as organic_engagements
    from organic_posts
    where published_at is not null
    group by all

),

daily as (

    select utm_campaign, date_day, impressions, clicks, spend from paid
    union all by name
    select utm_campaign, date_day, sends from sends
    union all by name
    select utm_campaign, date_day, opens, email_clicks from email_activity
    union all by name
    select utm_campaign, date_day, sessions, conversions, revenue from web
    union all by name
    select utm_campaign, date_day, ga4_sessions, ga4_engaged_sessions, ga4_conversions, ga4_revenue from ga4
    union all by name
    select utm_campaign, date_day, organic_posts, organic_impressions, organic_reach, organic_engagements from organic

)

select
    c.campaign_id,
    d.utm_campaign,
    d.date_day                                              as "date",
    coalesce(sum(d.impressions), 0)::bigint                 as impressions,
    coalesce(sum(d.clicks), 0)::bigint                      as clicks,
    coalesce(sum(d.spend), 0)::decimal(18, 2)               as spend,
    coalesce(sum(d.sends), 0)::bigint                       as sends,
    coalesce(sum(d.opens), 0)::bigint                       as opens,
    coalesce(sum(d.email_clicks), 0)::bigint                as email_clicks,
    coalesce(sum(d.sessions), 0)::bigint                    as sessions,
    coalesce(sum(d.conversions), 0)::bigint                 as conversions,
    coalesce(sum(d.revenue), 0)::decimal(18, 2)             as revenue,
    coalesce(sum(d.ga4_sessions), 0)::bigint                as ga4_sessions,
    coalesce(sum(d.ga4_engaged_sessions), 0)::bigint        as ga4_engaged_sessions,
    coalesce(sum(d.ga4_conversions), 0)::double             as ga4_conversions,
    coalesce(sum(d.ga4_revenue), 0)::decimal(18, 2)         as ga4_revenue,
    coalesce(sum(d.organic_posts), 0)::bigint               as organic_posts,
    coalesce(sum(d.organic_impressions), 0)::bigint         as organic_impressions,
    coalesce(sum(d.organic_reach), 0)::bigint               as organic_reach,
    coalesce(sum(d.organic_engagements), 0)::bigint         as organic_engagements
from daily as d
join {{ ref('campaigns') }} as c
    on c.utm_campaign = d.utm_campaign
where d.date_day is not null
group by c.campaign_id, d.utm_campaign, d.date_day
