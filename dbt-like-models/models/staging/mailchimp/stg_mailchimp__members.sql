-- Mailchimp list members: the latest version of each (list, member), tombstones
-- dropped. Mailchimp returns '' for unset timestamps and merge fields, hence the
-- nullif/try_cast everywhere. `member_key` (`list_id:id`) is the identity key used by
-- identity stitching and by the email activity and sends.

with latest as (

    select * from {{ ref('base_mailchimp__members') }}

)

select
    _source_id                                      as source_id,
    list_id,
    id                                              as member_id,
    list_id || ':' || id                            as member_key,
    email_address                                   as email,
    {{ normalize_email('email_address') }}          as email_normalized,
    unique_email_id,
    nullif(trim(full_name), '')                     as full_name,
    nullif(trim(merge_fields__fname), '')           as first_name,
    nullif(trim(merge_fields__lname), '')           as last_name,
    nullif(trim(merge_fields__phone), '')           as phone,
    nullif(upper(trim(location__country_code)), '') as country_code,
    nullif(lower(trim(status)), '')                 as status,
    coalesce(lower(trim(status)) = 'subscribed', false) as is_subscribed,
    try_cast(timestamp_signup as timestamptz)       as signed_up_at,
    try_cast(timestamp_opt as timestamptz)          as opted_in_at,
    try_cast(last_changed as timestamptz)           as last_changed_at,
    try_cast(member_rating as integer)              as member_rating,
    coalesce(try_cast(vip as boolean), false)       as is_vip,
    _extracted_at
from latest
where not coalesce(_deleted, false)
