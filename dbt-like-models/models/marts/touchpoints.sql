-- Customer × campaign × time: every event that tied a known customer to a channel.
-- Email events resolve through the Mailchimp member (list_id:email_id) or the Klaviyo
-- profile, web events
-- through the browser (anonymous_id, falling back to user_id) — so a browser's visits
-- from before it was identified belong to the customer too — Salesforce campaign
-- responses through the member's contact or lead, and deals through their associated
-- contacts (HubSpot) or contact roles (Salesforce). Events of visitors who never became customers are not here
-- (campaign_performance still counts their sessions).

with identities as (

    select customer_id, source, source_kind, source_id, source_record_id
    from {{ ref('customer_identities') }}

),

campaigns as (

    select campaign_id, utm_campaign
    from {{ ref('campaigns') }}

),

mailchimp_campaigns as (

    select source_id, mailchimp_campaign_id, utm_campaign, sent_at
    from {{ ref('stg_mailchimp__campaigns') }}

),

email_sends as (

    select
        i.customer_id,
        'email'                                     as channel,
        'email_sent'                                as touchpoint_type,
        mc.sent_at                                  as occurred_at,
        'mailchimp'                                 as source,
        s.source_id,
        s.mailchimp_campaign_id || ':' || s.member_id as source_record_id,
        mc.utm_campaign,
        cast(null as decimal(18, 2))                as revenue
    from {{ ref('stg_mailchimp__sends') }} as s
    join mailchimp_campaigns as mc
        on mc.source_id = s.source_id
       and mc.mailchimp_campaign_id = s.mailchimp_campaign_id
    join identities as i
        on i.source = 'mailchimp' and i.source_kind = 'members'
       and i.source_id = s.source_id
       and i.source_record_id = s.member_key
    where mc.sent_at is not null

),

email_activity as (

    select
        i.customer_id,
        'email'                                     as channel,
        'email_' || a.action                        as touchpoint_type,
        a.occurred_at,
        'mailchimp'                                 as source,
        a.source_id,
        a.mailchimp_campaign_id || ':' || a.member_id || ':' || a.action || ':'
            || cast(epoch_ms(a.occurred_at) as varchar) as source_record_id,
        mc.utm_campaign,
        cast(null as decimal(18, 2))                as revenue
    from {{ ref('stg_mailchimp__email_activity') }} as a
    left join mailchimp_campaigns as mc
        on mc.source_id = a.source_id
       and mc.mailchimp_campaign_id = a.mailchimp_campaign_id
    join identities as i
        on i.source = 'mailchimp' and i.source_kind = 'members'
       and i.source_id = a.source_id
       and i.source_record_id = a.member_key
    where a.occurred_at is not null

),

-- Klaviyo's Received / Opened / Clicked Email events, through the profile.
klaviyo_email as (

    select
        i.customer_id,
        'email'                                     as channel,
        'email_' || e.email_action                  as touchpoint_type,
        e.occurred_at,
        'klaviyo'                                   as source,
        e.source_id,
        e.event_id                                  as source_record_id,
        kc.utm_campaign,
        cast(null as decimal(18, 2))                as revenue
    from {{ ref('stg_klaviyo__events') }} as e
    left join {{ ref('stg_klaviyo__campaigns') }} as kc
        on kc.source_id = e.source_id
       and kc.klaviyo_campaign_id = e.klaviyo_campaign_id
    join identities as i
        on i.source = 'klaviyo' and i.source_kind = 'profiles'
       and i.source_id = e.source_id
       and i.source_record_id = e.profile_id
    where e.email_action is not null
      and e.occurred_at is not null

),

-- An event lead attended (met the sales team at) an event.
event_leads as (

    select
        i.customer_id,
        'event'                                     as channel,
        'event_attended'                            as touchpoint_type,
        cast(l.event_date as timestamptz)           as occurred_at,
        'files'                                     as source,
        l.source_id,
        l.lead_key                                  as source_record_id,
        cast(null as varchar)                       as utm_campaign,
        cast(null as decimal(18, 2))                as revenue
    from {{ ref('stg_files__event_leads') }} as l
    join identities as i
        on i.source = 'files' and i.source_kind = 'event_leads'
       and i.source_id = l.source_id
       and i.source_record_id = l.lead_key
    where l.event_date is not null

),

web as (

    select
        coalesce(by_browser.customer_id, by_user.customer_id) as customer_id,
        -- a visit from a Meta ad is a paid-social touch; everything else on the site is web
        case
            when e.utm_source in ('facebook', 'fb', 'instagram', 'ig', 'meta')
             and e.utm_medium in ('paid_social', 'paidsocial', 'paid', 'cpc', 'ppc', 'social_paid')
                then 'paid_social'
            else 'web'
        end                                         as channel,
        case
            when e.event_type = 'page' then 'web_visit'
            when lower(e.event_name) in ('form submitted', 'signed up') then 'form_fill'
            when lower(e.event_name) = 'order completed' then 'conversion'
        end                                         as touchpoint_type,
        e.occurred_at,
        'web'                                       as source,
        e.source_id,
        e.event_id                                  as source_record_id,
        e.utm_campaign,
        case when lower(e.event_name) = 'order completed' then e.revenue end as revenue
    from {{ ref('stg_web__events') }} as e
    left join identities as by_browser
        on by_browser.source = 'web' and by_browser.source_kind = 'anonymous_id'
       and by_browser.source_id = e.source_id
       and by_browser.source_record_id = e.anonymous_id
    left join identities as by_user
        on by_user.source = 'web' and by_user.source_kind = 'user_id'
       and by_user.source_id = e.source_id
       and by_user.source_record_id = e.user_id
    where e.occurred_at is not null
      and (e.event_type = 'page'
           or lower(e.event_name) in ('form submitted', 'signed up', 'order completed'))

),

-- A Salesforce campaign member who responded (HasResponded), on the day they first did
-- (FirstRespondedDate; the membership's creation without one), as a contact or a lead.
campaign_responses as (

    select
        i.customer_id,
        'crm'                                       as channel,
        'campaign_response'                         as touchpoint_type,
        coalesce(cast(m.first_responded_date as timestamp) at time zone 'UTC', m.created_at) as occurred_at,
        'salesforce'                                as source,
        m.source_id,
        m.campaign_member_id                        as source_record_id,
        c.utm_campaign,
        cast(null as decimal(18, 2))                as revenue
    from (
        select
            *,
            case when contact_id is not null then 'contacts' else 'leads' end as member_kind,
            coalesce(contact_id, lead_id)           as member_record_id
        from {{ ref('stg_salesforce__campaign_members') }}
        where has_responded
    ) as m
    left join {{ ref('stg_salesforce__campaigns') }} as c
        on c.source_id = m.source_id
       and c.salesforce_campaign_id = m.salesforce_campaign_id
    join identities as i
        on i.source = 'salesforce' and i.source_kind = m.member_kind
       and i.source_id = m.source_id
       and i.source_record_id = m.member_record_id
    where coalesce(m.first_responded_date, m.created_at) is not null

),

-- A CRM deal (HubSpot deal or Salesforce opportunity) touches each customer it was sold
-- to once, even when two duplicate contacts of that customer are both on it; a Salesforce
-- opportunity mirroring a HubSpot deal adds no touch of its own (int_crm__deals).
deals as (

    select
        customer_id,
        'crm'                                       as channel,
        'deal_created'                              as touchpoint_type,
        created_at                                  as occurred_at,
        crm                                         as source,
        source_id,
        deal_id                                     as source_record_id,
        utm_campaign,
        -- the deal amount once won; repeated on each customer of a multi-contact deal
        case when is_won then cast(amount as decimal(18, 2)) end as revenue,
        contact_id
    from {{ ref('int_crm__deals') }}
    where customer_id is not null
      and mirrors_deal_id is null
      and created_at is not null

),

all_touchpoints as (

    select *, source_record_id as touchpoint_key from email_sends
    union all by name
    select *, source_record_id as touchpoint_key from email_activity
    union all by name
    select *, source_record_id as touchpoint_key from klaviyo_email
    union all by name
    select *, source_record_id as touchpoint_key from event_leads
    union all by name
    select *, source_record_id as touchpoint_key from web where customer_id is not null
    union all by name
    select *, source_record_id as touchpoint_key from campaign_responses
    union all by name
    -- keyed by deal and the customer's first contact, not by customer_id, so the
    -- touchpoint keeps its id when the customer later merges with another
    select * exclude (contact_id), source_record_id || ':' || contact_id as touchpoint_key from deals

)

select
    md5(concat_ws('|', t.source, coalesce(t.source_id, ''), t.touchpoint_type, t.touchpoint_key)) as touchpoint_id,
    t.customer_id,
    c.campaign_id,
    t.channel,
    t.touchpoint_type,
    t.occurred_at,
    t.source,
    t.source_record_id,
    t.revenue
from all_touchpoints as t
left join campaigns as c
    on c.utm_campaign = t.utm_campaign
