-- Segment web events (page, track, identify): the latest version of each message,
-- tombstones dropped. UTM values are lower-cased so they join the other channels'
-- utm_campaign; revenue comes from `properties.revenue` (Order Completed).
--
-- A table, unlike the other staging models: web events outnumber every other source
-- by far, and five models read them — as a view, each would cast and parse every
-- event again. Incremental, because parsing a night's 1 % of events is what a sync
-- should pay, not parsing all of them again (bench/incremental.ts): only the base rows
-- seen since this table's newest one are taken in (`_last_seen_at` is the base
-- model's: a new version, a re-read or a tombstone all move it), replacing their
-- event's row; a tombstoned event's row is then deleted by the post-hook, as the batch
-- carries only live events.
{{ config(
    materialized='incremental',
    unique_key=['source_id', 'event_id'],
    on_schema_change='append_new_columns',
    post_hook="delete from {{ this }} where (source_id, event_id) in (select _source_id, message_id from {{ ref('base_web__events') }} where coalesce(_deleted, false))"
) }}

with latest as (

    select * from {{ ref('base_web__events') }}

)

select
    _source_id                                              as source_id,
    message_id                                              as event_id,
    lower(trim(type))                                       as event_type,
    nullif(trim(anonymous_id), '')                          as anonymous_id,
    nullif(trim(user_id), '')                               as user_id,
    try_cast("timestamp" as timestamptz)                    as occurred_at,
    nullif(trim(event), '')                                 as event_name,
    nullif(trim(name), '')                                  as page_name,
    try_cast(properties as json)                            as properties,
    try_cast(try_cast(properties as json) ->> 'revenue' as decimal(18, 2)) as revenue,
    traits__email                                           as email,
    {{ normalize_email('traits__email') }}                  as email_normalized,
    nullif(trim(traits__first_name), '')                    as first_name,
    nullif(trim(traits__last_name), '')                     as last_name,
    nullif(trim(traits__phone), '')                         as phone,
    nullif(trim(context__ip), '')                           as ip_address,
    context__user_agent                                     as user_agent,
    context__page__url                                      as page_url,
    context__page__path                                     as page_path,
    nullif(trim(context__page__referrer), '')               as referrer,
    context__page__title                                    as page_title,
    nullif(lower(trim(context__campaign__name)), '')        as utm_campaign,
    nullif(lower(trim(context__campaign__source)), '')      as utm_source,
    nullif(lower(trim(context__campaign__medium)), '')      as utm_medium,
    _extracted_at,
    _last_seen_at
from latest
where not coalesce(_deleted, false)
{%- if is_incremental() and '_last_seen_at' in (adapter.get_columns_in_relation(this) | map(attribute='name') | list) %}
  -- `>=`: a row seen in the same instant as the newest one is taken again, not missed
  and _last_seen_at >= (select coalesce(max(_last_seen_at), '-infinity'::timestamptz) from {{ this }})
{%- endif %}
{#- A table built before this model was incremental has no `_last_seen_at`: every live
    event is taken in once (replacing each row, the column added), the tombstoned ones
    deleted by the post-hook, and the next night merges as above. #}
