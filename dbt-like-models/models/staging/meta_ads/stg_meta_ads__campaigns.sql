-- Meta ad campaigns: the latest version of each campaign, tombstones dropped. The
-- naming convention '<utm_campaign> | <audience> | <objective>' gives the utm_campaign
-- that joins paid social to the other channels. Budgets arrive in minor units.

with latest as (

    select * from {{ ref('base_meta_ads__campaigns') }}

)

select
    _source_id                                              as source_id,
    id                                                      as meta_campaign_id,
    account_id,
    nullif(trim(name), '')                                  as campaign_name,
    nullif(lower(trim(split_part(name, ' | ', 1))), '')     as utm_campaign,
    nullif(trim(split_part(name, ' | ', 2)), '')            as audience,
    nullif(trim(objective), '')                             as objective,
    nullif(trim(status), '')                                as status,
    nullif(trim(effective_status), '')                      as effective_status,
    try_cast(daily_budget as decimal(18, 2)) / 100          as daily_budget,
    try_cast(created_time as timestamptz)                   as created_at,
    try_cast(updated_time as timestamptz)                   as updated_at,
    try_cast(start_time as timestamptz)                     as started_at,
    try_cast(stop_time as timestamptz)                      as stopped_at,
    _extracted_at
from latest
where not coalesce(_deleted, false)
