-- Klaviyo email campaigns: the latest version of each, tombstones dropped. The name is
-- the utm_campaign (Klaviyo's UTM tracking writes the campaign name into utm_campaign
-- by default), which joins Klaviyo to the other channels.

with latest as (

    select * from {{ ref('base_klaviyo__campaigns') }}

)

select
    _source_id                                          as source_id,
    id                                                  as klaviyo_campaign_id,
    nullif(trim(attributes__name), '')                  as campaign_name,
    nullif(lower(trim(attributes__name)), '')           as utm_campaign,
    nullif(lower(trim(attributes__status)), '')         as status,
    try_cast(attributes__send_time as timestamptz)      as sent_at,
    try_cast(attributes__created_at as timestamptz)     as created_at,
    try_cast(attributes__updated_at as timestamptz)     as updated_at,
    _extracted_at
from latest
where not coalesce(_deleted, false)
