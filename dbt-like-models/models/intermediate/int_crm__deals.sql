-- Every CRM deal once, from both CRMs, with the customers it was sold to: HubSpot deals
-- (through their associated contacts) and Salesforce opportunities (through their
-- OpportunityContactRoles). One row per (deal, customer); a deal none of whose people
-- is a known customer keeps one row with a null customer_id, so its revenue is not lost.
--
-- The same sale in both CRMs (the HubSpot–Salesforce sync copies deals both ways) is a
-- Salesforce opportunity that shares a customer, the amount (to the cent) and the close
-- day (UTC) with a HubSpot deal: `mirrors_deal_id` names that deal. A mirror adds no
-- touch of its own (the HubSpot deal's creation is already one), and adds revenue only
-- when it is won while its HubSpot twin is not yet (sales closes in Salesforce first,
-- the sync copies the stage later): `counts_revenue` is true on exactly one of the two.

with identities as (

    select customer_id, source, source_kind, source_id, source_record_id
    from {{ ref('customer_identities') }}
    where customer_id is not null

),

hubspot as (

    select
        'hubspot'                                   as crm,
        d.source_id,
        d.deal_id,
        i.customer_id,
        dc.contact_id,
        cast(d.amount as double)                    as amount,
        d.is_closed_won                             as is_won,
        d.created_at,
        coalesce(d.closed_at, d.created_at)         as closed_at,
        d.utm_campaign
    from {{ ref('stg_hubspot__deals') }} as d
    left join {{ ref('stg_hubspot__deal_contacts') }} as dc
        on dc.source_id = d.source_id
       and dc.deal_id = d.deal_id
    left join identities as i
        on i.source = 'hubspot' and i.source_kind = 'contacts'
       and i.source_id = dc.source_id
       and i.source_record_id = dc.contact_id
    -- each customer once per deal (two duplicate contacts of one person on one deal),
    -- by their first contact; a deal whose people are all customers drops its null row
    qualify row_number() over (partition by d.source_id, d.deal_id, i.customer_id order by dc.contact_id) = 1
        and (i.customer_id is not null
             or count(i.customer_id) over (partition by d.source_id, d.deal_id) = 0)

),

salesforce as (

    select
        'salesforce'                                as crm,
        o.source_id,
        o.opportunity_id                            as deal_id,
        i.customer_id,
        r.contact_id,
        cast(o.amount as double)                    as amount,
        o.is_won,
        o.created_at,
        cast(o.close_date as timestamp) at time zone 'UTC' as closed_at,
        c.utm_campaign
    from {{ ref('stg_salesforce__opportunities') }} as o
    left join {{ ref('stg_salesforce__campaigns') }} as c
        on c.source_id = o.source_id
       and c.salesforce_campaign_id = o.campaign_id
    left join {{ ref('stg_salesforce__opportunity_contact_roles') }} as r
        on r.source_id = o.source_id
       and r.opportunity_id = o.opportunity_id
    left join identities as i
        on i.source = 'salesforce' and i.source_kind = 'contacts'
       and i.source_id = r.source_id
       and i.source_record_id = r.contact_id
    qualify row_number() over (partition by o.source_id, o.opportunity_id, i.customer_id order by r.is_primary desc, r.contact_id) = 1
        and (i.customer_id is not null
             or count(i.customer_id) over (partition by o.source_id, o.opportunity_id) = 0)

),

mirrors as (

    -- the HubSpot deal a Salesforce opportunity mirrors (the first, should two qualify)
    select
        s.source_id,
        s.deal_id,
        arg_min(h.deal_id, h.source_id || ':' || h.deal_id) as mirrors_deal_id,
        bool_or(h.is_won)                           as twin_is_won
    from salesforce as s
    join hubspot as h
        on h.customer_id = s.customer_id
       and h.amount = s.amount
       and cast(h.closed_at at time zone 'UTC' as date) = cast(s.closed_at at time zone 'UTC' as date)
    group by s.source_id, s.deal_id

)

select
    crm,
    source_id,
    deal_id,
    customer_id,
    contact_id,
    amount,
    is_won,
    created_at,
    closed_at,
    utm_campaign,
    cast(null as varchar)                           as mirrors_deal_id,
    is_won and amount is not null                   as counts_revenue
from hubspot

union all

select
    s.crm,
    s.source_id,
    s.deal_id,
    s.customer_id,
    s.contact_id,
    s.amount,
    s.is_won,
    s.created_at,
    s.closed_at,
    s.utm_campaign,
    m.mirrors_deal_id,
    s.is_won and s.amount is not null and not coalesce(m.twin_is_won, false) as counts_revenue
from salesforce as s
left join mirrors as m
    on m.source_id = s.source_id
   and m.deal_id = s.deal_id
