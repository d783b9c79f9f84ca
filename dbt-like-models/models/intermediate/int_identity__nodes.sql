-- Identity stitching, step 1: one row per source identity (a record that stands for a
-- person in one system), with what it tells us about that person.
--
--   source     source_kind    source_record_id
--   hubspot    contacts       contact id
--   salesforce contacts        contact id
--   salesforce leads           lead id
--   mailchimp  members        list_id:member id
--   klaviyo    profiles       profile id
--   files      event_leads    normalised email:event name
--   web        anonymous_id   the browser's anonymous id
--   web        user_id        the site's user id
--
-- `phone_e164` is the phone in E.164 ('+14155550100'), the form phone matching uses.
-- `birthday` is a birthday without its year ('MM-DD': Mailchimp's BIRTHDAY merge field),
-- where the source has no full `date_of_birth`.
--
-- `identity_key` (source:kind:source_id:record) is globally unique even when two
-- portals/accounts of one vendor land in the same raw table.
--
-- `identified_at` is when the identity first named a person: a CRM contact from its
-- creation, a Mailchimp member from sign-up/opt-in, a web identity from its first event
-- carrying an email trait; null for identities that never did (anonymous browsers).
-- The customer_id anchor is chosen on it, not on first_seen_at, so a browser that
-- browsed anonymously for months before signing up does not take the ID away from the
-- CRM contact that already named the person.

with hubspot_contacts as (

    select
        'hubspot'                                   as source,
        'contacts'                                  as source_kind,
        source_id,
        contact_id                                  as source_record_id,
        email_normalized,
        list_sort(list_distinct(
            case when email_normalized is null then []::varchar[] else [email_normalized] end
            || coalesce(additional_emails, []::varchar[])
        ))                                          as emails,
        first_name,
        last_name,
        phone,
        company_name                                as company,
        country,
        job_title,
        street,
        city,
        postcode,
        state,
        date_of_birth,
        lifecycle_stage,
        cast(null as boolean)                       as email_subscribed,
        coalesce(created_at, updated_at, _extracted_at) as first_seen_at,
        coalesce(updated_at, created_at, _extracted_at) as last_seen_at,
        coalesce(created_at, updated_at, _extracted_at) as identified_at
    from {{ ref('stg_hubspot__contacts') }}

),

-- Salesforce contacts and leads are identities alike; only the key and the date of birth
-- (a Contact field; Lead has none) differ. A contact's company is its account's name.
{%- for kind, model, id_column, date_of_birth in [
    ['contacts', 'stg_salesforce__contacts', 'contact_id', 'date_of_birth'],
    ['leads', 'stg_salesforce__leads', 'lead_id', 'cast(null as date)']
] %}
salesforce_{{ kind }} as (

    select
        'salesforce'                                as source,
        '{{ kind }}'                                as source_kind,
        source_id,
        {{ id_column }}                             as source_record_id,
        email_normalized,
        case when email_normalized is null then []::varchar[]
             else [email_normalized] end            as emails,
        first_name,
        last_name,
        phone,
        company,
        country,
        job_title,
        street,
        city,
        postcode,
        state,
        {{ date_of_birth }}                         as date_of_birth,
        cast(null as varchar)                       as lifecycle_stage,
        cast(null as boolean)                       as email_subscribed,
        coalesce(created_at, updated_at, _extracted_at) as first_seen_at,
        coalesce(updated_at, created_at, _extracted_at) as last_seen_at,
        coalesce(created_at, updated_at, _extracted_at) as identified_at
    from {{ ref(model) }}

),
{% endfor %}
mailchimp_activity as (

    select source_id, member_key, max(occurred_at) as last_activity_at
    from {{ ref('stg_mailchimp__email_activity') }}
    group by source_id, member_key

),

mailchimp_members as (

    select
        'mailchimp'                                 as source,
        'members'                                   as source_kind,
        m.source_id,
        m.member_key                                as source_record_id,
        m.email_normalized,
        case when m.email_normalized is null then []::varchar[]
             else [m.email_normalized] end          as emails,
        coalesce(m.first_name, nullif(trim(split_part(m.full_name, ' ', 1)), '')) as first_name,
        m.last_name,
        m.phone,
        cast(null as varchar)                       as company,
        m.country_code                              as country,
        m.street,
        m.city,
        m.postcode,
        m.state,
        m.birthday,
        cast(null as varchar)                       as lifecycle_stage,
        m.is_subscribed                             as email_subscribed,
        coalesce(m.signed_up_at, m.opted_in_at, m.last_changed_at, m._extracted_at) as first_seen_at,
        greatest(
            coalesce(m.last_changed_at, m.opted_in_at, m.signed_up_at, m._extracted_at),
            coalesce(a.last_activity_at, m.last_changed_at, m.opted_in_at, m.signed_up_at, m._extracted_at)
        )                                           as last_seen_at,
        case when m.email_normalized is not null
             then coalesce(m.signed_up_at, m.opted_in_at, m.last_changed_at, m._extracted_at)
        end                                         as identified_at
    from {{ ref('stg_mailchimp__members') }} as m
    left join mailchimp_activity as a
        on a.source_id = m.source_id
       and a.member_key = m.member_key

),

-- Klaviyo profiles (the shipped YAML connector): an email-first identity like a
-- Mailchimp member, named from its creation.
klaviyo_profiles as (

    select
        'klaviyo'                                   as source,
        'profiles'                                  as source_kind,
        source_id,
        profile_id                                  as source_record_id,
        email_normalized,
        case when email_normalized is null then []::varchar[]
             else [email_normalized] end            as emails,
        first_name,
        last_name,
        phone,
        organization                                as company,
        country,
        city,
        cast(null as varchar)                       as lifecycle_stage,
        cast(null as boolean)                       as email_subscribed,
        coalesce(created_at, updated_at, _extracted_at) as first_seen_at,
        coalesce(updated_at, created_at, _extracted_at) as last_seen_at,
        case when email_normalized is not null
             then coalesce(created_at, updated_at, _extracted_at)
        end                                         as identified_at
    from {{ ref('stg_klaviyo__profiles') }}

),

-- Event leads from an agency's files: one identity per person and event, named from the event.
event_leads as (

    select
        'files'                                     as source,
        'event_leads'                               as source_kind,
        source_id,
        lead_key                                    as source_record_id,
        email_normalized,
        case when email_normalized is null then []::varchar[]
             else [email_normalized] end            as emails,
        first_name,
        last_name,
        phone,
        company,
        cast(null as varchar)                       as country,
        cast(null as varchar)                       as lifecycle_stage,
        cast(null as boolean)                       as email_subscribed,
        coalesce(cast(event_date as timestamptz), _extracted_at) as first_seen_at,
        coalesce(cast(event_date as timestamptz), _extracted_at) as last_seen_at,
        case when email_normalized is not null
             then coalesce(cast(event_date as timestamptz), _extracted_at)
        end                                         as identified_at
    from {{ ref('stg_files__event_leads') }}

),

web_events as (

    select * from {{ ref('stg_web__events') }}

),

-- A browser (anonymous_id) and a site user (user_id) are each described by the latest
-- non-null trait of each kind their events carried (identify calls carry the traits).
{%- for web_kind in ['anonymous_id', 'user_id'] %}
web_{{ web_kind }} as (

    select
        'web'                                       as source,
        '{{ web_kind }}'                            as source_kind,
        source_id,
        {{ web_kind }}                              as source_record_id,
        arg_max(email_normalized, occurred_at) filter (where email_normalized is not null) as email_normalized,
        coalesce(list_sort(list(distinct email_normalized) filter (where email_normalized is not null)), []::varchar[]) as emails,
        arg_max(first_name, occurred_at) filter (where first_name is not null) as first_name,
        arg_max(last_name, occurred_at) filter (where last_name is not null)   as last_name,
        arg_max(phone, occurred_at) filter (where phone is not null)           as phone,
        cast(null as varchar)                       as company,
        cast(null as varchar)                       as country,
        cast(null as varchar)                       as lifecycle_stage,
        cast(null as boolean)                       as email_subscribed,
        min(occurred_at)                            as first_seen_at,
        max(occurred_at)                            as last_seen_at,
        min(occurred_at) filter (where email_normalized is not null) as identified_at
    from web_events
    where {{ web_kind }} is not null
    group by source_id, {{ web_kind }}

),
{% endfor %}
all_identities as (

    select * from hubspot_contacts
    union all by name
    select * from salesforce_contacts
    union all by name
    select * from salesforce_leads
    union all by name
    select * from mailchimp_members
    union all by name
    select * from klaviyo_profiles
    union all by name
    select * from event_leads
    union all by name
    select * from web_anonymous_id
    union all by name
    select * from web_user_id

),

-- E.164 via libphonenumber-js (a Tributary SQL function, pipeline/warehouse/sql-functions.ts),
-- parsed once per distinct (phone, country): the function runs on the JS thread, and
-- the same number recurs across sources. The record's ISO country is the default
-- region for national formats; a number that is not valid stays null rather than
-- guessed at. Web traits carry no country: only their international numbers parse.
phones as (

    select phone, country, tributary_e164(phone, country) as phone_e164
    from (select distinct phone, country from all_identities where phone is not null)

)

select
    source || ':' || source_kind || ':' || coalesce(source_id, '') || ':' || source_record_id as identity_key,
    source,
    source_kind,
    source_id,
    source_record_id,
    email_normalized,
    emails,
    first_name,
    last_name,
    a.phone,
    p.phone_e164,
    company,
    a.country,
    job_title,
    street,
    city,
    postcode,
    state,
    date_of_birth,
    birthday,
    lifecycle_stage,
    email_subscribed,
    first_seen_at,
    last_seen_at,
    identified_at
from all_identities as a
left join phones as p
    on p.phone = a.phone
   and p.country is not distinct from a.country
