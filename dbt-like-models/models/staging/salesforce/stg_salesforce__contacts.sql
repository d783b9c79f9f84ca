-- Salesforce contacts: the latest version of each contact, deleted ones dropped,
-- types cast. `_source_id` is part of the key: two orgs may land in one raw table.
-- The company is the contact's account's name (Contact has no company field of its own).

with latest as (

    select * from {{ ref('base_salesforce__contacts') }}

),

accounts as (

    select _source_id, id, nullif(trim(name), '') as account_name
    from {{ ref('base_salesforce__accounts') }}
    where not coalesce(_deleted, false)
      and not coalesce(is_deleted, false)

)

select
    c._source_id                                            as source_id,
    c.id                                                    as contact_id,
    email,
    {{ normalize_email('email') }}                          as email_normalized,
    nullif(trim(first_name), '')                            as first_name,
    nullif(trim(last_name), '')                             as last_name,
    coalesce(nullif(trim(phone), ''), nullif(trim(mobile_phone), '')) as phone,
    nullif(trim(mailing_country), '')                       as country,
    nullif(trim(account_id), '')                            as account_id,
    a.account_name                                          as company,
    nullif(trim(title), '')                                 as job_title,
    nullif(trim(mailing_street), '')                        as street,
    nullif(trim(mailing_city), '')                          as city,
    nullif(trim(mailing_postal_code), '')                   as postcode,
    nullif(trim(mailing_state), '')                         as state,
    try_cast(birthdate as date)                             as date_of_birth,
    try_cast(created_date as timestamptz)                   as created_at,
    coalesce(
        try_cast(system_modstamp as timestamptz),
        try_cast(last_modified_date as timestamptz)
    )                                                       as updated_at,
    c._extracted_at
from latest as c
left join accounts as a
    on a._source_id = c._source_id
   and a.id = c.account_id
where not coalesce(c._deleted, false)
  and not coalesce(c.is_deleted, false)
