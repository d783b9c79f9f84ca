-- Salesforce leads: the latest version of each lead, deleted ones dropped. A converted
-- lead keeps its row (it is still how the person first reached sales) and names the
-- contact it became, which identity stitching uses as a CRM cross-reference.

with latest as (

    select * from {{ ref('base_salesforce__leads') }}

)

select
    _source_id                                              as source_id,
    id                                                      as lead_id,
    email,
    {{ normalize_email('email') }}                          as email_normalized,
    nullif(trim(first_name), '')                            as first_name,
    nullif(trim(last_name), '')                             as last_name,
    nullif(trim(phone), '')                                 as phone,
    nullif(trim(company), '')                               as company,
    nullif(trim(title), '')                                 as job_title,
    nullif(trim(street), '')                                as street,
    nullif(trim(city), '')                                  as city,
    nullif(trim(postal_code), '')                           as postcode,
    nullif(trim(state), '')                                 as state,
    nullif(trim(country), '')                               as country,
    nullif(trim(status), '')                                as status,
    coalesce(is_converted, false)                           as is_converted,
    nullif(trim(converted_contact_id), '')                  as converted_contact_id,
    try_cast(created_date as timestamptz)                   as created_at,
    try_cast(system_modstamp as timestamptz)                as updated_at,
    _extracted_at
from latest
where not coalesce(_deleted, false)
  and not coalesce(is_deleted, false)
