-- depends_on: {{ ref('int_identity__pair_changes') }}
-- Identity matching, step 2: the pairs worth comparing. Comparing every identity with
-- every other is quadratic; blocking compares only identities that share a key
-- (int_identity__blocking_keys, by the rules of macros/identity.sql; tributary.yml's
-- identity.blocking_rules may add or skip some: identity_active_blocking_rules), so the
-- comparisons grow with the identities. A key more than var('identity_max_block_size')
-- identities share is skipped. Each pair is kept once (left_key < right_key) with the
-- first rule that found it. The row count is the comparison count the demo and
-- bench/identity.ts print.
{{ identity_rules_in_use() }}
--
-- Incremental: a nightly build looks only at the identities int_identity__pair_changes
-- lists (new, changed, gone, or in a block that crossed the size limit): the pre-hook
-- deletes every pair touching one, and their keys are matched against every identity's
-- again. A pair of two identities not listed is kept: their keys, and the blocks they
-- share, are what they were.

{{ config(
    materialized='incremental',
    unique_key=['left_key', 'right_key'],
    pre_hook="{% if load_relation(this) is not none %}delete from {{ this }} where left_key in (select identity_key from {{ ref('int_identity__pair_changes') }}) or right_key in (select identity_key from {{ ref('int_identity__pair_changes') }}){% endif %}"
) }}

with in_blocks as materialized (

    select rule_order, blocking_rule, identity_key, block_key
    from {{ ref('int_identity__blocking_keys') }}
    where block_size between 2 and {{ var('identity_max_block_size', 100) }}

),

found as (

{%- if is_incremental() %}

    select
        least(t.identity_key, k.identity_key)       as left_key,
        greatest(t.identity_key, k.identity_key)    as right_key,
        t.rule_order,
        t.blocking_rule
    from in_blocks as t
    join in_blocks as k
        on k.rule_order = t.rule_order
       and k.block_key = t.block_key
       and k.identity_key <> t.identity_key
    where t.identity_key in (select identity_key from {{ ref('int_identity__pair_changes') }})

{%- else %}

    select
        l.identity_key                              as left_key,
        r.identity_key                              as right_key,
        l.rule_order,
        l.blocking_rule
    from in_blocks as l
    join in_blocks as r
        on r.rule_order = l.rule_order
       and r.block_key = l.block_key
       and l.identity_key < r.identity_key

{%- endif %}

)

select
    left_key,
    right_key,
    arg_min(blocking_rule, rule_order)              as blocking_rule
from found
group by left_key, right_key
