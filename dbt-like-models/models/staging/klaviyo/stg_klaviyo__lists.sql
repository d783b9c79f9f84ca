-- Klaviyo lists: the latest version of each, tombstones dropped.

with latest as (

    select * from {{ ref('base_klaviyo__lists') }}

)

select
    _source_id                                          as source_id,
    id                                                  as list_id,
    nullif(trim(attributes__name), '')                  as list_name,
    try_cast(attributes__created as timestamptz)        as created_at,
    try_cast(attributes__updated as timestamptz)        as updated_at,
    _extracted_at
from latest
where not coalesce(_deleted, false)
