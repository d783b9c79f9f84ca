-- Identity matching, step 2: the pairs worth comparing. Comparing every identity with
-- every other is quadratic; blocking compares only identities that share a key of one
-- of the rules in macros/identity.sql (identity_blocking_rules: surname + initial,
-- swapped names, either name + birth date or postcode, birth date + postcode or city,
-- street + postcode, email local part, phone; tributary.yml identity.blocking_rules may add
-- or skip some: identity_active_blocking_rules), so the comparisons grow with the
-- identities. The first name is tried in each of its
-- forms (Bob as bob and robert), so nicknames meet their formal name.
--
-- A key more than var('identity_max_block_size') identities share is skipped (a very
-- common surname in one city): it would add comparisons quadratically. Each pair is
-- kept once (left_key < right_key) with the first rule that found it. The row count
-- is the comparison count the demo and bench/identity.ts print.

with features as (

    select
        *,
        unnest(case when len(first_name_forms) = 0 then [null]::varchar[] else first_name_forms end) as first_form
    from {{ ref('int_identity__features') }}

),

{%- set rules = identity_active_blocking_rules() %}
keyed as (
{%- for rule in rules %}
    select distinct {{ loop.index }} as rule_order, '{{ rule[0] }}' as blocking_rule, identity_key, block_key
    from (
        select identity_key, {{ ('unnest(' ~ rule[1] ~ ')') if rule[1].startswith('[') else rule[1] }} as block_key
        from features
    )
    where block_key is not null
    {{ 'union all' if not loop.last }}
{%- endfor %}

),

blocks as (

    select rule_order, block_key
    from keyed
    group by rule_order, block_key
    having count(distinct identity_key) between 2 and {{ var('identity_max_block_size', 100) }}

),

in_blocks as materialized (

    select k.rule_order, k.blocking_rule, k.identity_key, k.block_key
    from keyed as k
    join blocks as b
        on b.rule_order = k.rule_order
       and b.block_key = k.block_key

)

select
    l.identity_key                                  as left_key,
    r.identity_key                                  as right_key,
    arg_min(l.blocking_rule, l.rule_order)          as blocking_rule
from in_blocks as l
join in_blocks as r
    on r.rule_order = l.rule_order
   and r.block_key = l.block_key
   and l.identity_key < r.identity_key
group by l.identity_key, r.identity_key
