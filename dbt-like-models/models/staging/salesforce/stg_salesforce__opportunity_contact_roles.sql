-- Salesforce opportunity contact roles: which contacts an opportunity was sold to (one
-- row per opportunity × contact), the latest version of each, deleted ones dropped. An
-- opportunity names an account, not a person: this is how a won opportunity reaches a
-- customer.

with latest as (

    select * from {{ ref('base_salesforce__opportunity_contact_roles') }}

)

select
    _source_id                                              as source_id,
    id                                                      as contact_role_id,
    nullif(trim(opportunity_id), '')                        as opportunity_id,
    nullif(trim(contact_id), '')                            as contact_id,
    nullif(trim(role), '')                                  as role,
    coalesce(try_cast(is_primary as boolean), false)        as is_primary,
    try_cast(created_date as timestamptz)                   as created_at,
    _extracted_at
from latest
where not coalesce(_deleted, false)
  and not coalesce(is_deleted, false)
  and nullif(trim(opportunity_id), '') is not null
  and nullif(trim(contact_id), '') is not null
