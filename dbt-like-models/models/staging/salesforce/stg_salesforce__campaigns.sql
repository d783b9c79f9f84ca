-- Salesforce campaigns: the latest version of each, deleted ones dropped. The campaign
-- name is the human name of a marketing campaign ("Spring Sale Sep 2026"); snake-cased
-- it is the utm_campaign the other channels carry.

with latest as (

    select * from {{ ref('base_salesforce__campaigns') }}

)

select
    _source_id                                              as source_id,
    id                                                      as salesforce_campaign_id,
    nullif(trim(name), '')                                  as campaign_name,
    nullif(trim(both '_' from regexp_replace(lower(trim(name)), '[^a-z0-9]+', '_', 'g')), '') as utm_campaign,
    nullif(trim(type), '')                                  as campaign_type,
    nullif(trim(status), '')                                as status,
    try_cast(start_date as date)                            as start_date,
    try_cast(end_date as date)                              as end_date,
    try_cast(actual_cost as double)                         as actual_cost,
    try_cast(budgeted_cost as double)                       as budgeted_cost,
    _extracted_at
from latest
where not coalesce(_deleted, false)
  and not coalesce(is_deleted, false)
