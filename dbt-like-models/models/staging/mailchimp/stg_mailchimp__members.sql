-- Mailchimp list members: the latest version of each (list, member), tombstones
-- dropped, with the default audience's merge fields (FNAME, LNAME, PHONE, ADDRESS, BIRTHDAY). Mailchimp returns '' for unset timestamps and merge fields, hence the
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
    -- the ADDRESS merge field: street lines joined, as a CRM's street field holds them
    nullif(trim(concat_ws(' ', nullif(trim(merge_fields__address__addr1), ''), nullif(trim(merge_fields__address__addr2), ''))), '') as street,
    nullif(trim(merge_fields__address__city), '')   as city,
    nullif(trim(merge_fields__address__zip), '')    as postcode,
    nullif(trim(merge_fields__address__state), '')  as state,
    -- BIRTHDAY is 'MM/DD' without a year: kept as month and day, never a date of birth
    case when regexp_matches(trim(merge_fields__birthday), '^(0[1-9]|1[0-2])/(0[1-9]|[12][0-9]|3[01])$')
         then replace(trim(merge_fields__birthday), '/', '-') end as birthday,
    coalesce(
        nullif(upper(trim(location__country_code)), ''),
        nullif(upper(trim(merge_fields__address__country)), '')
    )                                               as country_code,
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
