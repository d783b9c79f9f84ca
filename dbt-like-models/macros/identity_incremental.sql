{#-
  What the incremental identity models share (int_identity__blocking_keys,
  int_identity__pair_changes, int_identity__compared_features).

  identity_blocking_keys(features): one row per identity, blocking rule and key
  (macros/identity.sql, identity_active_blocking_rules: the built-in rules with tributary.yml's
  additions and skips), distinct, from a relation or CTE with
  int_identity__features' columns. The first name is tried in each of its forms (Bob
  as bob and robert), so nicknames meet their formal name.
-#}
{%- macro identity_blocking_keys(features) -%}
{%- set rules = identity_active_blocking_rules() %}
with forms as (
    select
        *,
        unnest(case when len(first_name_forms) = 0 then [null]::varchar[] else first_name_forms end) as first_form
    from {{ features }}
)
{%- for rule in rules %}
select distinct {{ loop.index }} as rule_order, '{{ rule[0] }}' as blocking_rule, identity_key, block_key
from (
    select identity_key, {{ ('unnest(' ~ rule[1] ~ ')') if rule[1].startswith('[') else rule[1] }} as block_key
    from forms
)
where block_key is not null
{{ 'union all' if not loop.last }}
{%- endfor %}
{%- endmacro -%}

{#-
  identity_feature_hashes(features): identity_key and a digest of everything the pairs
  are computed from (every feature but the term frequencies, which move with every
  identity added anywhere and are read by int_identity__scored_pairs, which scores every
  pair on every build). Two builds giving an identity the same digest compared it alike.
-#}
{%- macro identity_feature_hashes(features) -%}
{#- Listed from the built relation (column lineage follows named columns, not a whole row). -#}
{%- set hashed = [] %}
{%- for c in adapter.get_columns_in_relation(features) %}
{%- if c.name not in ['identity_key', 'first_name_tf', 'last_name_tf'] %}{% do hashed.append(c) %}{% endif %}
{%- endfor %}
select
    f.identity_key,
    md5(cast({
        'identity_key': f.identity_key
        {%- for c in hashed %},
        '{{ c.name }}': f.{{ c.quoted }}
        {%- endfor %}
    } as varchar))                                  as feature_hash
from {{ features }} as f
{%- endmacro -%}


{#-
  identity_rules_in_use(): a SQL comment naming the blocking rules in use and their
  expressions. The incremental pair models (candidate_pairs, comparisons,
  compared_features) keep rows from earlier builds that were found by the rules of those
  builds; with this comment in their compiled SQL, changing the rules (tributary.yml
  identity.blocking_rules) changes their definition, and the next build starts them over.
-#}
{%- macro identity_rules_in_use() -%}
-- blocking rules in use: {% for rule in identity_active_blocking_rules() %}{{ rule[0] }} = {{ rule[1] | replace('\n', ' ') }}{{ '; ' if not loop.last }}{% endfor %}
{%- endmacro -%}
