-- HubSpot contacts: the latest version of each contact, tombstones and archived
-- contacts dropped, types cast. `_source_id` is part of the key because two HubSpot
-- portals may land in the same raw table with overlapping record ids.

with latest as (

    select * from {{ ref('base_hubspot__contacts') }}

)

select
    _source_id                                              as source_id,
    id                                                      as contact_id,
    properties__email                                       as email,
    {{ normalize_email('properties__email') }}              as email_normalized,
    nullif(trim(properties__firstname), '')                 as first_name,
    nullif(trim(properties__lastname), '')                  as last_name,
    -- as typed at the source; E.164 normalisation happens in a later step
    nullif(trim(properties__phone), '')                     as phone,
    nullif(trim(properties__company), '')                   as company_name,
    nullif(trim(properties__country), '')                   as country,
    nullif(trim(properties__city), '')                      as city,
    nullif(trim(properties__jobtitle), '')                  as job_title,
    nullif(trim(properties__address), '')                   as street,
    nullif(trim(properties__zip), '')                       as postcode,
    nullif(trim(properties__state), '')                     as state,
    -- a HubSpot date property: 'YYYY-MM-DD' (or epoch ms at midnight UTC from older portals)
    coalesce(
        try_cast(properties__date_of_birth as date),
        cast(to_timestamp(try_cast(properties__date_of_birth as bigint) / 1000) as date)
    )                                                       as date_of_birth,
    nullif(trim(properties__mobilephone), '')               as mobile_phone,
    -- semicolon-separated; normalised like the primary address
    list_filter(
        list_transform(string_split(coalesce(properties__hs_additional_emails, ''), ';'), e -> {{ normalize_email('e') }}),
        e -> e is not null
    )                                                       as additional_emails,
    nullif(lower(trim(properties__lifecyclestage)), '')     as lifecycle_stage,
    coalesce(
        try_cast(properties__createdate as timestamptz),
        try_cast(created_at as timestamptz)
    )                                                       as created_at,
    coalesce(
        try_cast(properties__hs_lastmodifieddate as timestamptz),
        try_cast(updated_at as timestamptz)
    )                                                       as updated_at,
    _extracted_at
from latest
where not coalesce(_deleted, false)
  and not coalesce(archived, false)
