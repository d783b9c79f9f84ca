-- Klaviyo events with their metric's name, tombstones dropped. `email_action` maps the
-- email metrics onto the touchpoint vocabulary the Mailchimp models use (sent, open,
-- click); other metrics (placed order, viewed product …) keep a null action.
-- The campaign comes from `$message` (Klaviyo's campaign id on campaign email events).

with latest as (

    select * from {{ ref('base_klaviyo__events') }}

),

metrics as (

    select _source_id, id, attributes__name as metric_name
    from {{ ref('base_klaviyo__metrics') }}
    where not coalesce(_deleted, false)

)

select
    e._source_id                                        as source_id,
    e.id                                                as event_id,
    e.relationships__profile__data__id                  as profile_id,
    e.relationships__metric__data__id                   as metric_id,
    m.metric_name,
    case m.metric_name
        when 'Received Email' then 'sent'
        when 'Opened Email' then 'open'
        when 'Clicked Email' then 'click'
    end                                                 as email_action,
    -- a quoted key: a bare '$message' would be read as a JSON path
    nullif(trim(json_extract_string(e.attributes__event_properties, '$."$message"')), '') as klaviyo_campaign_id,
    try_cast(e.attributes__datetime as timestamptz)     as occurred_at,
    e._extracted_at
from latest as e
left join metrics as m
    on m._source_id = e._source_id
   and m.id = e.relationships__metric__data__id
where not coalesce(e._deleted, false)
