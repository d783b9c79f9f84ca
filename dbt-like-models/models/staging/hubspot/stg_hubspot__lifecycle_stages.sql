-- HubSpot contacts' lifecycle stage history: one row per stage a contact entered and
-- when (propertiesWithHistory.lifecyclestage, landed with each contact version). From
-- the latest version of each live contact; a stage entered twice (moved back, then on
-- again) keeps both rows.

with contacts as (

    select _source_id, id, properties_with_history__lifecyclestage as history, _extracted_at
    from {{ ref('base_hubspot__contacts') }}
    where not coalesce(_deleted, false)
      and not coalesce(archived, false)
      and properties_with_history__lifecyclestage is not null

),

versions as (

    select
        _source_id,
        id,
        unnest(from_json(cast(history as json), '[{"value": "VARCHAR", "timestamp": "VARCHAR", "sourceType": "VARCHAR"}]')) as version,
        _extracted_at
    from contacts

)

select
    _source_id                                              as source_id,
    id                                                      as contact_id,
    nullif(lower(trim(version.value)), '')                  as lifecycle_stage,
    try_cast(version.timestamp as timestamptz)              as entered_at,
    nullif(trim(version.sourceType), '')                    as change_source,
    _extracted_at
from versions
where nullif(trim(version.value), '') is not null
  and try_cast(version.timestamp as timestamptz) is not null
