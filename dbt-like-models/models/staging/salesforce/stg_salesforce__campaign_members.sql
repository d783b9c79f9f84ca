-- Salesforce campaign members: a lead or a contact on a campaign (exactly one of
-- contact_id / lead_id is set; a lead converted later keeps its lead membership), its
-- status, whether it responded and the day it first did. The latest version of each,
-- deleted ones dropped.

with latest as (

    select * from {{ ref('base_salesforce__campaign_members') }}

)

select
    _source_id                                              as source_id,
    id                                                      as campaign_member_id,
    nullif(trim(campaign_id), '')                           as salesforce_campaign_id,
    nullif(trim(contact_id), '')                            as contact_id,
    nullif(trim(lead_id), '')                               as lead_id,
    nullif(trim(status), '')                                as status,
    coalesce(try_cast(has_responded as boolean), false)     as has_responded,
    try_cast(first_responded_date as date)                  as first_responded_date,
    try_cast(created_date as timestamptz)                   as created_at,
    _extracted_at
from latest
where not coalesce(_deleted, false)
  and not coalesce(is_deleted, false)
