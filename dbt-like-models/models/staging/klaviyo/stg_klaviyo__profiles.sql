-- Klaviyo profiles: the latest version of each, tombstones dropped. Klaviyo keeps the
-- address as the subscriber typed it (normalised here like every source's) and SMS
-- numbers in E.164. `profile_id` is the identity key identity stitching uses.

with latest as (

    select * from {{ ref('base_klaviyo__profiles') }}

)

select
    _source_id                                          as source_id,
    id                                                  as profile_id,
    attributes__email                                   as email,
    {{ normalize_email('attributes__email') }}          as email_normalized,
    nullif(trim(attributes__phone_number), '')          as phone,
    nullif(trim(attributes__first_name), '')            as first_name,
    nullif(trim(attributes__last_name), '')             as last_name,
    nullif(trim(attributes__organization), '')          as organization,
    nullif(trim(attributes__location ->> 'city'), '')   as city,
    -- Klaviyo's country is free text ('United States'); only an ISO code can serve as a phone's region
    case when regexp_matches(trim(attributes__location ->> 'country'), '^[A-Za-z]{2}$')
         then upper(trim(attributes__location ->> 'country')) end as country,
    try_cast(attributes__created as timestamptz)        as created_at,
    try_cast(attributes__updated as timestamptz)        as updated_at,
    _extracted_at
from latest
where not coalesce(_deleted, false)
