-- HubSpot companies: the latest version of each company, tombstones and archived
-- companies dropped, types cast.

with latest as (

    select * from {{ ref('base_hubspot__companies') }}

)

select
    _source_id                                      as source_id,
    id                                              as company_id,
    nullif(trim(properties__name), '')              as company_name,
    nullif(lower(trim(properties__domain)), '')     as domain,
    nullif(trim(properties__industry), '')          as industry,
    nullif(trim(properties__country), '')           as country,
    coalesce(
        try_cast(properties__createdate as timestamptz),
        try_cast(created_at as timestamptz)
    )                                               as created_at,
    coalesce(
        try_cast(properties__hs_lastmodifieddate as timestamptz),
        try_cast(updated_at as timestamptz)
    )                                               as updated_at,
    _extracted_at
from latest
where not coalesce(_deleted, false)
  and not coalesce(archived, false)
