-- depends_on: {{ ref('int_identity__pair_changes') }}
-- Identity matching, step 3: the comparison level of every field for every candidate
-- pair (macros/identity.sql, identity_comparison_levels): exact, Jaro-Winkler bands,
-- nickname, swapped first/last name, birth date within one edit or with day and month
-- swapped, email local part exact or within two edits, postcode prefix … A null level
-- means one side lacks the field: no evidence either way.
--
-- Incremental, as int_identity__candidate_pairs: a nightly build compares only the
-- pairs touching an identity int_identity__pair_changes lists (the pre-hook deletes
-- their old rows); the others keep their levels, which depend on the two identities'
-- features alone. (Term frequencies, which move with every identity added anywhere,
-- are read by int_identity__scored_pairs, not kept here.)
{{ identity_rules_in_use() }}

{{ config(
    materialized='incremental',
    unique_key=['left_key', 'right_key'],
    pre_hook="{% if load_relation(this) is not none %}delete from {{ this }} where left_key in (select identity_key from {{ ref('int_identity__pair_changes') }}) or right_key in (select identity_key from {{ ref('int_identity__pair_changes') }}){% endif %}"
) }}

select
    p.left_key,
    p.right_key,
    p.blocking_rule,
    {{ identity_comparison_levels('l', 'r') }}
from {{ ref('int_identity__candidate_pairs') }} as p
join {{ ref('int_identity__features') }} as l
    on l.identity_key = p.left_key
join {{ ref('int_identity__features') }} as r
    on r.identity_key = p.right_key
{%- if is_incremental() %}
where p.left_key in (select identity_key from {{ ref('int_identity__pair_changes') }})
   or p.right_key in (select identity_key from {{ ref('int_identity__pair_changes') }})
{%- endif %}
