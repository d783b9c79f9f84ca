-- LinkedIn ad campaigns: the latest version of each, tombstones dropped. The name's
-- first part is the utm_campaign that joins LinkedIn to the other channels; times
-- arrive as epoch milliseconds.

with latest as (

    select * from {{ ref('base_linkedin_ads__campaigns') }}

)

select
    _source_id                                              as source_id,
    cast(id as varchar)                                     as linkedin_campaign_id,
    nullif(trim(name), '')                                  as campaign_name,
    nullif(lower(trim(split_part(name, ' | ', 1))), '')     as utm_campaign,
    nullif(trim(split_part(name, ' | ', 2)), '')            as audience,
    nullif(trim(objective_type), '')                         as objective,
    nullif(trim(status), '')                                as status,
    nullif(split_part(account, ':', 4), '')                 as account_id,
    try_cast(daily_budget__amount as decimal(18, 2))         as daily_budget,
    nullif(trim(daily_budget__currency_code), '')             as currency,
    to_timestamp(run_schedule__start / 1000)                 as started_at,
    to_timestamp(run_schedule__end / 1000)                   as ends_at,
    to_timestamp(change_audit_stamps__created__time / 1000)   as created_at,
    to_timestamp(change_audit_stamps__last_modified__time / 1000) as updated_at,
    _extracted_at
from latest
where not coalesce(_deleted, false)
