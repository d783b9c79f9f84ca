-- Identity matching, step 3: the comparison level of every field for every candidate
-- pair (macros/identity.sql, identity_comparison_levels): exact, Jaro-Winkler bands,
-- nickname, swapped first/last name, birth date within one edit or with day and month
-- swapped, email local part exact or within two edits, postcode prefix … A null level
-- means one side lacks the field: no evidence either way.

select
    p.left_key,
    p.right_key,
    p.blocking_rule,
    {{ identity_comparison_levels('l', 'r') }},
    -- term frequency of an exactly agreeing name (int_identity__scored_pairs adjusts for it)
    case when l.first_name_std = r.first_name_std then l.first_name_tf end as first_name_tf,
    case when l.last_name_std = r.last_name_std then l.last_name_tf end    as last_name_tf
from {{ ref('int_identity__candidate_pairs') }} as p
join {{ ref('int_identity__features') }} as l
    on l.identity_key = p.left_key
join {{ ref('int_identity__features') }} as r
    on r.identity_key = p.right_key
