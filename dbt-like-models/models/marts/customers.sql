-- One row per real person: every component of the identity graph that has at least one
-- identity naming a person (a CRM contact or an email). Attributes are picked per column
-- from the best identity that has a value: HubSpot (the system of record) first, then
-- Salesforce, Mailchimp, then web identify traits; within a source the most recently
-- seen wins.

with identities as (

    select
        c.customer_id,
        n.*,
        case n.source when 'hubspot' then 1 when 'salesforce' then 2 when 'mailchimp' then 3 else 4 end as source_rank,
        -- HubSpot's default lifecycle stages, in funnel order: with duplicate contacts
        -- the furthest stage wins.
        case n.lifecycle_stage
            when 'subscriber' then 1
            when 'lead' then 2
            when 'marketingqualifiedlead' then 3
            when 'salesqualifiedlead' then 4
            when 'opportunity' then 5
            when 'customer' then 6
            when 'evangelist' then 7
            else 0
        end                                         as lifecycle_rank
    from {{ ref('int_identity__nodes') }} as n
    join {{ ref('int_identity__components') }} as c
        on c.identity_key = n.identity_key
    where c.customer_id is not null

)

select
    customer_id,
    first(email_normalized order by source_rank, last_seen_at desc nulls last, identity_key)
        filter (where email_normalized is not null)     as email,
    first(first_name order by source_rank, last_seen_at desc nulls last, identity_key)
        filter (where first_name is not null)           as first_name,
    first(last_name order by source_rank, last_seen_at desc nulls last, identity_key)
        filter (where last_name is not null)            as last_name,
    first(phone_e164 order by source_rank, last_seen_at desc nulls last, identity_key)
        filter (where phone_e164 is not null)           as phone,
    first(company order by source_rank, last_seen_at desc nulls last, identity_key)
        filter (where company is not null)              as company,
    first(country order by source_rank, last_seen_at desc nulls last, identity_key)
        filter (where country is not null)              as country,
    first(lifecycle_stage order by lifecycle_rank desc, last_seen_at desc nulls last, identity_key)
        filter (where lifecycle_stage is not null)      as lifecycle_stage,
    -- subscribed to at least one Mailchimp list; null when the person is on none
    bool_or(email_subscribed)                           as email_subscribed,
    min(first_seen_at)                                  as first_seen_at,
    max(last_seen_at)                                   as last_seen_at,
    list_sort(list(distinct source))                    as source_systems,
    count(identity_key)                                 as identity_count   -- the join key: never null
from identities
group by customer_id
