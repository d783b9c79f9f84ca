-- Instagram business media with their lifetime insights, one row per media item.
-- Captions carry no clickable links, so a campaign is tagged by a hashtag: every
-- hashtag of the caption, lower-cased, is a candidate utm_campaign (campaign_performance
-- keeps those that name a campaign). Engagements are likes + comments + shares + saves.

with media as (

    select * from {{ ref('base_organic_social__instagram_media') }}
    where not coalesce(_deleted, false)

),

metrics as (

    select
        _source_id,
        media_id,
        max(try_cast(json_extract_string("values", '$[0].value') as bigint)) filter (where name = 'reach')       as reach,
        max(try_cast(json_extract_string("values", '$[0].value') as bigint)) filter (where name = 'impressions') as impressions,
        max(try_cast(json_extract_string("values", '$[0].value') as bigint)) filter (where name = 'likes')       as likes,
        max(try_cast(json_extract_string("values", '$[0].value') as bigint)) filter (where name = 'comments')    as comments,
        max(try_cast(json_extract_string("values", '$[0].value') as bigint)) filter (where name = 'shares')      as shares,
        max(try_cast(json_extract_string("values", '$[0].value') as bigint)) filter (where name = 'saved')       as saves
    from {{ ref('base_organic_social__instagram_media_insights') }}
    where not coalesce(_deleted, false)
    group by all

)

select
    m._source_id                                                            as source_id,
    m.id                                                                    as media_id,
    try_cast(m."timestamp" as timestamptz)                                  as published_at,
    m.caption,
    m.media_type,
    m.media_product_type,
    m.permalink,
    list_sort(list_distinct(list_transform(regexp_extract_all(coalesce(m.caption, ''), '#([A-Za-z0-9_]+)', 1), x -> lower(x)))) as campaign_tags,
    coalesce(i.impressions, 0)                                              as impressions,
    coalesce(i.reach, 0)                                                    as reach,
    coalesce(i.likes, m.like_count, 0)                                      as likes,
    coalesce(i.comments, m.comments_count, 0)                               as comments,
    coalesce(i.shares, 0)                                                   as shares,
    coalesce(i.saves, 0)                                                    as saves,
    coalesce(i.likes, m.like_count, 0) + coalesce(i.comments, m.comments_count, 0)
        + coalesce(i.shares, 0) + coalesce(i.saves, 0)                      as engagements,
    m._extracted_at
from media as m
left join metrics as i
    on i._source_id = m._source_id
   and i.media_id = m.id
