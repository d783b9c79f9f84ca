-- depends_on: {{ ref('int_identity__comparisons') }}
-- Identity matching, step 3b: what this build compared, per identity: the digest of its
-- features and its blocking keys. Built after int_identity__comparisons (hence the
-- depends_on above), so it only moves on once the pairs are; the next build's
-- int_identity__pair_changes reads it to find what changed since.

with hashes as (

    {{ identity_feature_hashes(ref('int_identity__features')) }}

),

keys as (

    select identity_key, list({'rule_order': rule_order, 'block_key': block_key} order by rule_order, block_key) as block_keys
    from {{ ref('int_identity__blocking_keys') }}
    group by identity_key

)

select
    h.identity_key,
    h.feature_hash,
    coalesce(k.block_keys, []::struct(rule_order integer, block_key varchar)[]) as block_keys
from hashes as h
left join keys as k
    on k.identity_key = h.identity_key
