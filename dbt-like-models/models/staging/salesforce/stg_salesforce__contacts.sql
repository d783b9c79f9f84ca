-- Salesforce contacts: the latest version of each contact, deleted ones dropped,
-- types cast. `_source_id` is part of the key: two orgs may land in one raw table.

with latest as (

    select * from {{ ref('base_salesforce__contacts') }}

)

select
    _source_id                                              as source_id,
    id                                                      as contact_id,
    email,
    {{ normalize_email('email') }}                          as email_normalized,
    nullif(trim(first_name), '')                            as first_name,
    nullif(trim(last_name), '')                             as last_name,
    coalesce(nullif(trim(phone), ''), nullif(trim(mobile_phone), '')) as phone,
    nullif(trim(mailing_country), '')                       as country,
    nullif(trim(account_id), '')                            as account_id,
    try_cast(created_date as timestamptz)                   as created_at,
    coalesce(
        try_cast(system_modstamp as timestamptz),
        try_cast(last_modified_date as timestamptz)
    )                                                       as updated_at,
    _extracted_at
from latest
where not coalesce(_deleted, false)
  and not coalesce(is_deleted, false)
