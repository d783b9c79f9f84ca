-- Facebook Page posts with their lifetime insights, one row per post. A post joins a
-- campaign by the utm_campaign of the link it shares (attachments' unshimmed_url, the
-- target before Facebook's l.php redirect); a post without a tagged link is brand
-- content no campaign claims. Engagements are reactions + comments + shares, the way
-- the Page's Insights tab counts them.

with posts as (

    select * from {{ ref('base_organic_social__facebook_posts') }}
    where not coalesce(_deleted, false)

),

insights as (

    select
        _source_id,
        post_id,
        name,
        json_extract("values", '$[0].value')                    as value
    from {{ ref('base_organic_social__facebook_post_insights') }}
    where not coalesce(_deleted, false)

),

metrics as (

    select
        _source_id,
        post_id,
        max(try_cast(value::varchar as bigint)) filter (where name = 'post_impressions')        as impressions,
        max(try_cast(value::varchar as bigint)) filter (where name = 'post_impressions_unique') as reach,
        max(try_cast(value::varchar as bigint)) filter (where name = 'post_clicks')             as clicks,
        -- {like: n, love: n, …}: the total over every reaction type.
        max(list_sum(map_values(try_cast(value as map(varchar, bigint)))))
            filter (where name = 'post_reactions_by_type_total')                                 as reactions
    from insights
    group by all

),

shaped as (

    select
        p._source_id                                                        as source_id,
        p.id                                                                as post_id,
        try_cast(p.created_time as timestamptz)                             as published_at,
        p.message,
        p.permalink_url,
        p.status_type,
        nullif(json_extract_string(p.attachments, '$.data[0].unshimmed_url'), '') as link_url,
        coalesce(p.shares__count, 0)                                        as shares,
        coalesce(p.comments__summary__total_count, 0)                       as comments,
        coalesce(m.impressions, 0)                                          as impressions,
        coalesce(m.reach, 0)                                                as reach,
        coalesce(m.clicks, 0)                                               as clicks,
        coalesce(m.reactions, 0)                                            as reactions,
        p._extracted_at
    from posts as p
    left join metrics as m
        on m._source_id = p._source_id
       and m.post_id = p.id

)

select
    source_id,
    post_id,
    published_at,
    message,
    permalink_url,
    status_type,
    link_url,
    nullif(lower(url_decode(regexp_extract(link_url, '[?&]utm_campaign=([^&#]+)', 1))), '') as utm_campaign,
    impressions,
    reach,
    clicks,
    reactions,
    comments,
    shares,
    reactions + comments + shares                                           as engagements,
    _extracted_at
from shaped
