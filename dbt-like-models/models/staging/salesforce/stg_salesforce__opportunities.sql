-- Salesforce opportunities: the latest version of each, deleted ones dropped, types
-- cast. `is_won` is Salesforce's own flag (set by the stage's "Closed Won" meaning, so a
-- renamed stage still counts); `close_date` is a date (the day the deal closed, or is
-- expected to). `campaign_id` is the opportunity's primary campaign source.

with latest as (

    select * from {{ ref('base_salesforce__opportunities') }}

)

select
    _source_id                                              as source_id,
    id                                                      as opportunity_id,
    nullif(trim(name), '')                                  as opportunity_name,
    try_cast(amount as decimal(18, 2))                      as amount,
    nullif(trim(stage_name), '')                            as stage_name,
    coalesce(try_cast(is_won as boolean), false)            as is_won,
    coalesce(try_cast(is_closed as boolean), false)         as is_closed,
    try_cast(close_date as date)                            as close_date,
    nullif(trim(account_id), '')                            as account_id,
    nullif(trim(campaign_id), '')                           as campaign_id,
    nullif(trim(lead_source), '')                           as lead_source,
    try_cast(created_date as timestamptz)                   as created_at,
    try_cast(system_modstamp as timestamptz)                as updated_at,
    _extracted_at
from latest
where not coalesce(_deleted, false)
  and not coalesce(is_deleted, false)
