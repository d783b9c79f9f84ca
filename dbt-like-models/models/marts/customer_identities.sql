-- Every source identity that resolved to a customer, with the rule that tied it in.
-- Identities in visitor-only components (anonymous browsers never identified) are
-- left out: they belong to no customer. They stay visible in int_identity__components.

select
    c.customer_id,
    n.identity_key,
    n.source,
    n.source_kind,
    n.source_id,
    n.source_record_id,
    n.email_normalized,
    c.match_rule,
    n.identity_key = c.anchor_identity_key          as is_anchor,
    n.first_seen_at,
    n.last_seen_at
from {{ ref('int_identity__nodes') }} as n
join {{ ref('int_identity__components') }} as c
    on c.identity_key = n.identity_key
where c.customer_id is not null
