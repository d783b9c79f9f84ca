-- Identity stitching, step 3: connected components of the identity graph as this
-- build sees it (int_identity__components then gives them their lasting customer ids).
--
-- Components: label propagation in SQL. Every node starts labelled with its own key;
-- each round, a node whose label changed pushes it to its neighbours, which keep the
-- smaller label. DuckDB's `USING KEY` makes the recursive CTE a key → label dictionary
-- (`recurring.labels` is its current state) instead of an ever-growing union, and the
-- recursion stops when no label shrinks. Deterministic: the label is the minimum key.
--
-- anchor: the member that first named a person (earliest identified_at, ties by key).
-- anchor_customer_id, 'cus_' || md5(anchor identity_key)[:16], is the id a customer
-- gets the first time it is seen; int_identity__components keeps ids across builds.
-- Components with no identified member (anonymous browsers only) are visitors, not
-- customers: their anchor is null.
--
-- Incremental: a nightly build recomputes only the components that hold a touched
-- identity — one that is new, gone or identified at another time, or an end of an edge
-- that appeared or went since the last build (int_identity__clustered_edges keeps the
-- edges that build saw), or that shares an email or phone node with such an edge — and
-- every member those components had. That set is closed (an edge leaving it would have
-- tied it to an untouched component before, or be new), so its components, their sizes,
-- anchors and rules come out as a full build gives them; every other row is kept. The
-- post-hook drops identities that left the graph.
--
-- match_rule: how the identity is tied to the rest of its customer, strongest first:
-- crm_xref, email (shares a normalised email with another identity), phone (shares an
-- E.164 number), web_identify, probabilistic (a match weight over the threshold with
-- another identity, int_identity__scored_pairs), or self (alone in its component).

{{ config(
    materialized='incremental',
    unique_key='identity_key',
    post_hook="delete from {{ this }} where identity_key not in (select identity_key from {{ ref('int_identity__nodes') }})"
) }}

{%- set clustered = load_relation(api.Relation.create(schema=this.schema, identifier='int_identity__clustered_edges')) %}

with recursive

all_edges as (

    select from_key, to_key, match_rule
    from {{ ref('int_identity__edges') }}

),

all_nodes as (

    select identity_key, identified_at
    from {{ ref('int_identity__nodes') }}

),

{%- if is_incremental() and clustered is not none %}

previous_edges as (

    select from_key, to_key, match_rule from {{ clustered }}

),

previous as (

    select identity_key, identified_at, component_key from {{ this }}

),

changed_edges as materialized (

    (select * from all_edges except select * from previous_edges)
    union all
    (select * from previous_edges except select * from all_edges)

),

-- (every edge starts at an identity; its other end may be an email or phone node)
touched as (

    select from_key as identity_key from changed_edges
    union
    select to_key from changed_edges
    union
    select coalesce(n.identity_key, p.identity_key)
    from all_nodes as n
    full join previous as p
        on p.identity_key = n.identity_key
    where n.identified_at is distinct from p.identified_at
       or n.identity_key is null
       or p.identity_key is null
    union
    select e.from_key
    from (select from_key, to_key from all_edges union all select from_key, to_key from previous_edges) as e
    where e.to_key in (select to_key from changed_edges)

),

affected as materialized (

    select identity_key from touched
    union
    select identity_key
    from previous
    where component_key in (select component_key from previous where identity_key in (select identity_key from touched))

),

edges as materialized (

    select * from all_edges where from_key in (select identity_key from affected)

),

nodes as (

    select * from all_nodes where identity_key in (select identity_key from affected)

),

{%- else %}

edges as (

    select * from all_edges

),

nodes as (

    select * from all_nodes

),

{%- endif %}

-- Materialized explicitly: the recursion joins it every round, and an inlined CTE
-- would be recomputed each time (minutes instead of seconds at a million identities).
undirected as materialized (

    select from_key as node_key, to_key as neighbour_key, match_rule from edges
    union
    select to_key as node_key, from_key as neighbour_key, match_rule from edges

),

graph_nodes as (

    select identity_key as node_key from nodes
    union
    select node_key from undirected

),

labels (node_key, component_key) using key (node_key) as (

    select node_key, node_key as component_key
    from graph_nodes

    union

    -- `labels` here is the working set: the nodes whose label changed last round.
    select
        u.neighbour_key                             as node_key,
        min(changed.component_key)                  as component_key
    from labels as changed
    join undirected as u
        on u.node_key = changed.node_key
    join recurring.labels as current_label
        on current_label.node_key = u.neighbour_key
    group by u.neighbour_key
    having min(changed.component_key) < min(current_label.component_key)

),

members as (

    select
        n.identity_key,
        n.identified_at,
        l.component_key
    from nodes as n
    join labels as l
        on l.node_key = n.identity_key

),

component_sizes as (

    select component_key, count(*) as component_identity_count
    from members
    group by component_key

),

anchors as (

    select component_key, identity_key as anchor_identity_key
    from members
    where identified_at is not null
    qualify row_number() over (
        partition by component_key
        order by identified_at, identity_key
    ) = 1

),

-- An email or phone node shared by two or more identities is what ties them together;
-- one reached by a single identity ties nothing.
match_node_degree as (

    select to_key, count(distinct from_key) as identity_count
    from edges
    where match_rule in ('email', 'phone')
    group by to_key

),

identity_rules as (

    select
        u.node_key                                  as identity_key,
        bool_or(u.match_rule = 'crm_xref')          as has_crm_xref,
        bool_or(u.match_rule = 'email' and d.identity_count > 1) as has_shared_email,
        bool_or(u.match_rule = 'phone' and d.identity_count > 1) as has_shared_phone,
        bool_or(u.match_rule = 'web_identify')      as has_web_identify,
        bool_or(u.match_rule = 'probabilistic')     as has_probabilistic
    from undirected as u
    left join match_node_degree as d
        on d.to_key = u.neighbour_key
    group by u.node_key

)

select
    m.identity_key,
    m.identified_at,
    m.component_key,
    s.component_identity_count,
    a.anchor_identity_key,
    case when a.anchor_identity_key is not null
         then 'cus_' || left(md5(a.anchor_identity_key), 16)
    end                                             as anchor_customer_id,
    case
        when s.component_identity_count = 1 then 'self'
        when r.has_crm_xref then 'crm_xref'
        when r.has_shared_email then 'email'
        when r.has_shared_phone then 'phone'
        when r.has_web_identify then 'web_identify'
        when r.has_probabilistic then 'probabilistic'
        else 'self'
    end                                             as match_rule
from members as m
join component_sizes as s
    on s.component_key = m.component_key
left join anchors as a
    on a.component_key = m.component_key
left join identity_rules as r
    on r.identity_key = m.identity_key
