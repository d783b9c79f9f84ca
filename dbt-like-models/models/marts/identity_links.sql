-- Why source records are one customer: one row per link between two source records,
-- with the rule that made it or, for a probabilistic link, its evidence.
--
-- The graph (int_identity__edges) ties an identity to an email or phone node, so
-- identities sharing an address meet at its node. Here each such node becomes links
-- between the records themselves: every record reaching the node is linked to the
-- node's first record (earliest identified, ties by key) — a star, k - 1 links for k
-- records instead of k(k - 1)/2, which still connects them all. Edges that already join
-- two records (browser → site user, converted lead → contact, probabilistic) are links
-- as they are. Two records sharing an email and a phone have two links, one per rule.
--
-- A probabilistic link carries the total match weight (log2 odds, prior included), its
-- probability, the blocking rule that compared the pair and, per field, the comparison
-- level and the weight it added (from the edge's evidence). `tributary identity
-- explain` reads this table.

{%- set fields = identity_fields() %}

with nodes as (

    select identity_key, identified_at
    from {{ ref('int_identity__nodes') }}

),

edges as (

    select from_key, to_key, match_rule, match_weight, evidence
    from {{ ref('int_identity__edges') }}

),

-- An email or phone node: a to_key that is no identity.
via_nodes as (

    select e.from_key, e.to_key as node_key, e.match_rule, n.identified_at
    from edges as e
    join nodes as n
        on n.identity_key = e.from_key
    where not exists (select 1 from nodes as t where t.identity_key = e.to_key)

),

centres as (

    select node_key, from_key as centre_key, match_rule as centre_rule
    from via_nodes
    qualify row_number() over (
        partition by node_key
        order by identified_at nulls last, from_key
    ) = 1

),

shared_node_links as (

    select
        c.centre_key                                as left_identity_key,
        v.from_key                                  as right_identity_key,
        -- a browser's identify call meeting a CRM email is web identify, not a shared email
        case when 'web_identify' in (c.centre_rule, v.match_rule) then 'web_identify'
             else v.match_rule end                  as match_rule,
        cast(null as double)                        as match_weight,
        cast(null as varchar)                       as evidence
    from via_nodes as v
    join centres as c
        on c.node_key = v.node_key
       and c.centre_key <> v.from_key

),

direct_links as (

    select
        from_key                                    as left_identity_key,
        to_key                                      as right_identity_key,
        match_rule,
        match_weight,
        evidence
    from edges
    where exists (select 1 from nodes as t where t.identity_key = edges.to_key)

),

links as (

    select distinct * from shared_node_links
    union all
    select * from direct_links

),

components as (

    select identity_key, customer_id
    from {{ ref('int_identity__components') }}

),

pairs as (

    select left_key, right_key, blocking_rule
    from {{ ref('int_identity__scored_pairs') }}
    where is_match

)

select
    c.customer_id,
    l.left_identity_key,
    l.right_identity_key,
    case when l.match_rule = 'probabilistic' then 'probabilistic' else 'deterministic' end as link_type,
    l.match_rule,
    l.match_weight,
    case when l.match_weight is not null then 1 / (1 + pow(2, -l.match_weight)) end as match_probability,
    p.blocking_rule,
    {%- for f in fields %}
    json_extract_string(l.evidence, '$.{{ f }}.level')                 as {{ f }}_level,
    cast(json_extract(l.evidence, '$.{{ f }}.weight') as double)       as {{ f }}_weight,
    {%- endfor %}
    l.evidence
from links as l
join components as c
    on c.identity_key = l.left_identity_key
left join pairs as p
    on p.left_key = l.left_identity_key
   and p.right_key = l.right_identity_key
-- visitor-only components (browsers never identified) are no customer
where c.customer_id is not null
