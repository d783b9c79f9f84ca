-- One row per campaign across channels, keyed by its utm_campaign: the value Mailchimp
-- puts in links (tracking.google_analytics), Klaviyo campaigns are named by, Meta campaigns carry in their name, web
-- visits bring in context.campaign.name, GA4 reports as the session campaign, HubSpot
-- deals record as their source and Salesforce campaigns are named by.

with activity as (

    select
        utm_campaign,
        'email'                                     as channel,
        'mailchimp'                                 as source,
        mailchimp_campaign_id                       as source_campaign_id,
        title                                       as campaign_name,
        coalesce(sent_at, created_at)               as activity_at
    from {{ ref('stg_mailchimp__campaigns') }}

    union all

    select
        utm_campaign,
        'email',
        'klaviyo',
        klaviyo_campaign_id,
        cast(null as varchar),
        coalesce(sent_at, created_at)
    from {{ ref('stg_klaviyo__campaigns') }}

    union all

    select
        utm_campaign,
        'paid_social',
        'meta_ads',
        meta_campaign_id,
        -- the Meta name is a naming convention, not a human name
        cast(null as varchar),
        coalesce(started_at, created_at)
    from {{ ref('stg_meta_ads__campaigns') }}

    union all

    select
        utm_campaign,
        'paid_social',
        'linkedin_ads',
        linkedin_campaign_id,
        cast(null as varchar),
        coalesce(started_at, created_at)
    from {{ ref('stg_linkedin_ads__campaigns') }}

    union all

    -- insights can name a campaign whose campaign record was not (yet) landed
    select
        utm_campaign,
        'paid_social',
        'meta_ads',
        meta_campaign_id,
        cast(null as varchar),
        cast(date_day as timestamp) at time zone 'UTC'
    from {{ ref('stg_meta_ads__insights') }}

    union all

    select
        utm_campaign,
        'web',
        'web',
        cast(null as varchar),
        cast(null as varchar),
        occurred_at
    from {{ ref('stg_web__events') }}

    union all

    -- GA4 sees the same site as the web events, through Google's tag: a campaign only
    -- GA4 reports (its events not collected by us) is still a campaign
    select
        utm_campaign,
        'web',
        'ga4',
        cast(null as varchar),
        cast(null as varchar),
        cast(date_day as timestamp) at time zone 'UTC'
    from {{ ref('stg_ga4__traffic') }}

    union all

    -- a Salesforce campaign record (its name snake-cased is the utm_campaign); the
    -- channels it ran on come from the platforms above
    select
        utm_campaign,
        'crm',
        'salesforce',
        salesforce_campaign_id,
        cast(null as varchar),
        cast(start_date as timestamp) at time zone 'UTC'
    from {{ ref('stg_salesforce__campaigns') }}

    union all

    select
        utm_campaign,
        'crm',
        'hubspot',
        cast(null as varchar),
        cast(null as varchar),
        created_at
    from {{ ref('stg_hubspot__deals') }}

)

select
    'cmp_' || left(md5(utm_campaign), 12)               as campaign_id,
    utm_campaign,
    coalesce(
        first(campaign_name order by activity_at desc nulls last, source_campaign_id)
            filter (where campaign_name is not null),
        utm_campaign
    )                                                   as campaign_name,
    list_sort(list(distinct channel))                   as channels,
    coalesce(
        list_sort(list(distinct source_campaign_id) filter (where source = 'mailchimp' and source_campaign_id is not null)),
        []::varchar[]
    )                                                   as mailchimp_campaign_ids,
    coalesce(
        list_sort(list(distinct source_campaign_id) filter (where source = 'meta_ads' and source_campaign_id is not null)),
        []::varchar[]
    )                                                   as meta_campaign_ids,
    cast(min(activity_at) at time zone 'UTC' as date)   as first_activity_date,
    cast(max(activity_at) at time zone 'UTC' as date)   as last_activity_date
from activity
where utm_campaign is not null
group by utm_campaign
