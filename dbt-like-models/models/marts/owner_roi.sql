-- Who determines the ROI: per budget owner (campaign_budget_plan), what their campaigns
-- cost and the revenue credited to them. A campaign belongs to the owner holding most of
-- its planned budget (ties: the owner's name); campaigns without a plan belong to
-- '(unplanned)', revenue no touch explains to '(no campaign touch)', so each revenue
-- column adds up to the won deals' total.

with owners as (

    select
        'cmp_' || left(md5(lower(trim(utm_campaign))), 12) as campaign_id,
        arg_max(trim(owner), (planned, trim(owner)))       as owner
    from (
        select utm_campaign, owner, sum(cast(planned_amount as double)) as planned
        from {{ ref('campaign_budget_plan') }}
        group by all
    )
    group by all

),

revenue as (

    select
        case
            when cr.campaign_id is null then '(no campaign touch)'
            else coalesce(o.owner, '(unplanned)')
        end                                         as owner,
        sum(cr.first_touch)                         as revenue_first_touch,
        sum(cr.last_touch)                          as revenue_last_touch,
        sum(cr.linear)                              as revenue_linear,
        sum(cr.position_based)                      as revenue_position_based,
        sum(cr.time_decay)                          as revenue_time_decay
    from {{ ref('int_attribution__credits') }} as cr
    left join owners as o
        on o.campaign_id = cr.campaign_id
    group by all

),

spend as (

    select coalesce(o.owner, '(unplanned)') as owner, sum(s.spend) as spend
    from {{ ref('int_attribution__spend') }} as s
    left join owners as o
        on o.campaign_id = s.campaign_id
    group by all

),

all_owners as (

    select owner from revenue
    union
    select owner from spend

)

select
    ao.owner,
    cast(round(coalesce(s.spend, 0), 2) as decimal(18, 2))                   as spend,
    cast(round(coalesce(r.revenue_first_touch, 0), 2) as decimal(18, 2))     as revenue_first_touch,
    cast(round(coalesce(r.revenue_last_touch, 0), 2) as decimal(18, 2))      as revenue_last_touch,
    cast(round(coalesce(r.revenue_linear, 0), 2) as decimal(18, 2))          as revenue_linear,
    cast(round(coalesce(r.revenue_position_based, 0), 2) as decimal(18, 2))  as revenue_position_based,
    cast(round(coalesce(r.revenue_time_decay, 0), 2) as decimal(18, 2))      as revenue_time_decay,
    case when s.spend > 0 then round((coalesce(r.revenue_linear, 0) - s.spend) / s.spend, 4) end as roi_linear
from all_owners as ao
left join revenue as r
    on r.owner = ao.owner
left join spend as s
    on s.owner = ao.owner
