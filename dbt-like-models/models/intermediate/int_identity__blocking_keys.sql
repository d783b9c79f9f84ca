-- Identity matching, step 2a: every blocking key of every identity that names a person
-- (macros/identity.sql, identity_blocking_rules: surname + initial, swapped names, either
-- name + birth date or postcode, birth date + postcode or city, street + postcode, email
-- local part, phone), with how many identities share it. Two identities sharing a key
-- are compared (int_identity__candidate_pairs), unless more than
-- var('identity_max_block_size') identities share it (a very common surname in one
-- city): that would add comparisons quadratically.

with keyed as (

    {{ identity_blocking_keys(ref('int_identity__features')) }}

)

select
    rule_order,
    blocking_rule,
    identity_key,
    block_key,
    count(*) over (partition by rule_order, block_key) as block_size
from keyed
