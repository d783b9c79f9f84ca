-- depends_on: {{ ref('int_identity__blocking_keys') }}
-- Identity matching, step 2b: the identities whose pairs this build must recompute; the
-- pairs between two identities not listed here are kept from the previous build
-- (int_identity__candidate_pairs and int_identity__comparisons are incremental).
--
--   change    new      an identity the previous build did not compare
--             changed  one whose features (int_identity__features, term frequencies
--                      apart) differ from what the previous build compared
--             gone     one the previous build compared that has left (deleted, erased,
--                      no longer naming a person)
--             block    an unchanged identity in a block that crossed
--                      var('identity_max_block_size') because others joined or left
--                      it: its pairs in that block appear or go
--
-- What the previous build compared is int_identity__compared_features, written after
-- the comparisons (it reads this model's output through them, so it is read here as a
-- relation rather than a ref). A build stopped before it leaves it as it was: the next
-- build lists the same identities again. With no previous build every identity is new.

{%- set compared = load_relation(api.Relation.create(schema=this.schema, identifier='int_identity__compared_features')) %}

with current_hashes as (

    {{ identity_feature_hashes(ref('int_identity__features')) }}

),

{%- if compared is none %}

changes as (

    select identity_key, 'new' as change from current_hashes

)

{%- else %}

previous as (

    select identity_key, feature_hash, block_keys from {{ compared }}

),

changed as (

    select
        coalesce(c.identity_key, p.identity_key)    as identity_key,
        case when p.identity_key is null then 'new'
             when c.identity_key is null then 'gone'
             else 'changed' end                     as change
    from current_hashes as c
    full join previous as p
        on p.identity_key = c.identity_key
    where c.feature_hash is distinct from p.feature_hash

),

-- A block's size before this build: today's, less the changed identities that hold its
-- key now, plus those that held it before.
keys_now as (

    select k.rule_order, k.block_key, k.block_size
    from {{ ref('int_identity__blocking_keys') }} as k
    where k.identity_key in (select identity_key from changed)

),

keys_before as (

    select bk.rule_order, bk.block_key
    from (
        select unnest(block_keys) as bk
        from previous
        where identity_key in (select identity_key from changed)
    )

),

touched_blocks as (

    select
        coalesce(n.rule_order, b.rule_order)        as rule_order,
        coalesce(n.block_key, b.block_key)          as block_key,
        coalesce(n.block_size, 0)                   as size_now,
        coalesce(n.block_size, 0) - coalesce(n.joined, 0) + coalesce(b.left_before, 0) as size_before
    from (
        select rule_order, block_key, any_value(block_size) as block_size, count(*) as joined
        from keys_now group by rule_order, block_key
    ) as n
    full join (
        select rule_order, block_key, count(*) as left_before
        from keys_before group by rule_order, block_key
    ) as b
        on b.rule_order = n.rule_order
       and b.block_key = n.block_key

),

crossed as (

    select rule_order, block_key
    from touched_blocks
    where (size_now > {{ var('identity_max_block_size', 100) }}) <> (size_before > {{ var('identity_max_block_size', 100) }})

),

changes as (

    select identity_key, change from changed
    union all
    select distinct k.identity_key, 'block' as change
    from {{ ref('int_identity__blocking_keys') }} as k
    join crossed as x
        on x.rule_order = k.rule_order
       and x.block_key = k.block_key
    where k.identity_key not in (select identity_key from changed)

)

{%- endif %}

select identity_key, change from changes
