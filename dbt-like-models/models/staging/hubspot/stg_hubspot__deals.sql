-- HubSpot deals: the latest version of each deal, tombstones and archived deals
-- dropped, amount and dates cast. The associated contact ids stay a list here;
-- stg_hubspot__deal_contacts explodes them.

with latest as (

    select * from {{ ref('base_hubspot__deals') }}

)

select
    _source_id                                              as source_id,
    id                                                      as deal_id,
    nullif(trim(properties__dealname), '')                  as deal_name,
    try_cast(properties__amount as decimal(18, 2))          as amount,
    nullif(lower(trim(properties__dealstage)), '')          as deal_stage,
    coalesce(lower(trim(properties__dealstage)) = 'closedwon', false) as is_closed_won,
    nullif(trim(properties__pipeline), '')                  as pipeline,
    try_cast(properties__closedate as timestamptz)          as closed_at,
    nullif(lower(trim(properties__utm_campaign)), '')       as utm_campaign,
    coalesce(
        try_cast(properties__createdate as timestamptz),
        try_cast(created_at as timestamptz)
    )                                                       as created_at,
    coalesce(
        try_cast(properties__hs_lastmodifieddate as timestamptz),
        try_cast(updated_at as timestamptz)
    )                                                       as updated_at,
    -- Associations arrive as a JSON array of id strings; accept numbers and
    -- `{"id": …}` objects too (associations v4 shape) so a connector change does
    -- not silently drop every link.
    coalesce(
        list_filter(
            list_transform(
                json_extract(cast(associations__contacts as json), '$[*]'),
                c -> coalesce(c ->> 'id', c ->> '$')
            ),
            c -> c is not null and c <> ''
        ),
        []::varchar[]
    )                                                       as contact_ids,
    _extracted_at
from latest
where not coalesce(_deleted, false)
  and not coalesce(archived, false)
