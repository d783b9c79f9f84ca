-- Identity stitching, step 4: the lasting customer_id of every identity.
--
-- int_identity__clusters recomputes the graph's components on every build; this model
-- keeps their ids from one build to the next, reading the assignment it made last time
-- ({{ this }}):
--
--   unchanged  a component holding the members of one earlier customer keeps its id,
--              however many new identities joined it;
--   merge      a component holding members of several earlier customers keeps the id
--              given out first (customer_assigned_at; ids of one build: the one whose
--              earliest member was identified first); the others retire;
--   split      an earlier customer whose members now sit in several components: the
--              part holding its earliest member (earliest identified_at, ties by key)
--              keeps the id, the other parts get new ones;
--   new        a component with no earlier customer's member gets
--              'cus_' || md5(anchor identity_key)[:16] (see int_identity__clusters),
--              or, when an earlier customer already carries that id (a part split off
--              around the old anchor), the same hash salted with this build's time.
--
-- A nightly build rewrites only the rows of components that changed (see below).
--
-- On the first build (or after the table was dropped) every customer is new, so ids are
-- the anchor rule's. `full_refresh: false`: --full-refresh (and the rebuild after a
-- `forget`) still reads the previous assignment, so ids survive it; the post-hook
-- drops the rows of identities that left the graph (deleted or erased records).
-- identity_history (marts) records every id change this model makes.

{{ config(
    materialized='incremental',
    unique_key='identity_key',
    full_refresh=false,
    post_hook="delete from {{ this }} where identity_key not in (select identity_key from {{ ref('int_identity__clusters') }})"
) }}

with all_clusters as (

    select * from {{ ref('int_identity__clusters') }}

),

{%- if is_incremental() %}

-- A nightly build looks only at the components that changed: those of the identities
-- whose cluster row (component, its size, anchor, rule) differs from the one this model
-- holds or is new, before and after, with all their members then and now. An earlier
-- customer's members all sit in one of them (its component then), so the merge and split
-- rules see every claim on its id; every other row is kept as it is.
changed_components as (

    select c.component_key
    from all_clusters as c
    left join {{ this }} as p
        on p.identity_key = c.identity_key
    where p.identity_key is null
       or c.component_key is distinct from p.component_key
       or c.component_identity_count is distinct from p.component_identity_count
       or c.anchor_identity_key is distinct from p.anchor_identity_key
       or c.match_rule is distinct from p.match_rule
    union
    select p.component_key
    from {{ this }} as p
    left join all_clusters as c
        on c.identity_key = p.identity_key
    where c.identity_key is null
       or c.component_key is distinct from p.component_key
       or c.component_identity_count is distinct from p.component_identity_count
       or c.anchor_identity_key is distinct from p.anchor_identity_key
       or c.match_rule is distinct from p.match_rule

),

clusters as (

    select *
    from all_clusters
    where component_key in (select component_key from changed_components)
       or identity_key in (
           select identity_key from {{ this }}
           where component_key in (select component_key from changed_components)
       )

),

{%- else %}

clusters as (

    select * from all_clusters

),

{%- endif %}

previous as (

    {% if is_incremental() %}
    select identity_key, customer_id, customer_assigned_at, assigned_at, replaced_customer_id
    from {{ this }}
    {% else %}
    select
        cast(null as varchar)                       as identity_key,
        cast(null as varchar)                       as customer_id,
        cast(null as timestamptz)                   as customer_assigned_at,
        cast(null as timestamptz)                   as assigned_at,
        cast(null as varchar)                       as replaced_customer_id
    where false
    {% endif %}

),

-- Members of customer components (visitor-only components get no id), with the id each
-- carried before this build.
members as (

    select
        c.identity_key,
        c.identified_at,
        c.component_key,
        p.customer_id                               as previous_customer_id,
        p.customer_assigned_at
    from clusters as c
    left join previous as p
        on p.identity_key = c.identity_key
    where c.anchor_identity_key is not null

),

-- The split rule: each earlier id goes to the component of its earliest member.
claims as (

    select
        previous_customer_id                        as customer_id,
        component_key,
        customer_assigned_at,
        identified_at                               as earliest_identified_at
    from members
    where previous_customer_id is not null
    qualify row_number() over (
        partition by previous_customer_id
        order by identified_at nulls last, identity_key
    ) = 1

),

-- The merge rule: a component claiming several earlier ids keeps the one given out
-- first; ids given out in the same build, the one whose earliest member named a person first.
kept as (

    select component_key, customer_id, customer_assigned_at
    from claims
    qualify row_number() over (
        partition by component_key
        order by customer_assigned_at, earliest_identified_at nulls last, customer_id
    ) = 1

),

-- Components that kept no earlier id: new customers, or parts split off one.
fresh as (

    select distinct
        c.component_key,
        case when c.anchor_customer_id in (select customer_id from previous)
             then 'cus_' || left(md5(c.anchor_identity_key || '@' || cast(now() as varchar)), 16)
             else c.anchor_customer_id
        end                                         as customer_id,
        now()                                       as customer_assigned_at
    from clusters as c
    where c.anchor_identity_key is not null
      and c.component_key not in (select component_key from kept)

),

assigned as (

    select component_key, customer_id, customer_assigned_at from kept
    union all
    select component_key, customer_id, customer_assigned_at from fresh

)

select
    c.identity_key,
    c.component_key,
    c.component_identity_count,
    c.anchor_identity_key,
    a.customer_id,
    c.match_rule,
    -- when this customer_id was first given out: the age a merge compares
    a.customer_assigned_at,
    -- when this identity got its current customer_id, and the one it had before
    -- (null when it had none): what identity_history reads
    case when a.customer_id is distinct from p.customer_id then now()
         else p.assigned_at end                     as assigned_at,
    case when a.customer_id is distinct from p.customer_id then p.customer_id
         else p.replaced_customer_id end            as replaced_customer_id
from clusters as c
left join assigned as a
    on a.component_key = c.component_key
left join previous as p
    on p.identity_key = c.identity_key
