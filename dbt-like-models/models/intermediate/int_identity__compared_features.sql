-- depends_on: {{ ref('int_identity__comparisons') }}
-- depends_on: {{ ref('int_identity__pair_changes') }}
-- Identity matching, step 3b: what this build compared, per identity: the digest of its
-- features and its blocking keys. Built after int_identity__comparisons (hence the
-- depends_on above), so it only moves on once the pairs are; the next build's
-- int_identity__pair_changes reads it to find what changed since. Incremental: a
-- nightly build rewrites the rows of the identities int_identity__pair_changes listed,
-- and the post-hook drops those that are gone.
{{ identity_rules_in_use() }}

{{ config(
    materialized='incremental',
    unique_key='identity_key',
    post_hook="delete from {{ this }} where identity_key not in (select identity_key from {{ ref('int_identity__features') }})"
) }}

with hashes as (

    {{ identity_feature_hashes(ref('int_identity__features')) }}

),

keys as (

    select identity_key, list({'rule_order': rule_order, 'block_key': block_key} order by rule_order, block_key) as block_keys
    from {{ ref('int_identity__blocking_keys') }}
    {%- if is_incremental() %}
    where identity_key in (select identity_key from {{ ref('int_identity__pair_changes') }})
    {%- endif %}
    group by identity_key

)

select
    h.identity_key,
    h.feature_hash,
    coalesce(k.block_keys, []::struct(rule_order integer, block_key varchar)[]) as block_keys
from hashes as h
left join keys as k
    on k.identity_key = h.identity_key
{%- if is_incremental() %}
where h.identity_key in (select identity_key from {{ ref('int_identity__pair_changes') }})
{%- endif %}
