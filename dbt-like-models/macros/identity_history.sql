{#-
  identity_history's post-hook: a record that has left the identity graph (deleted at
  its source, or erased by `tributary forget`) leaves the history's identity_keys too,
  so no key of an erased person outlives the rebuild (the model's second post-hook then
  drops the changes left without any record).
-#}
{%- macro identity_history_drop_gone_records(history, components) -%}
update {{ history }} as h
set identity_keys = kept.identity_keys
from (
    select
        e.old_customer_id,
        e.new_customer_id,
        e.changed_at,
        coalesce(list(e.identity_key order by e.identity_key) filter (where c.identity_key is not null), []::varchar[]) as identity_keys
    from (
        select old_customer_id, new_customer_id, changed_at, unnest(identity_keys) as identity_key
        from {{ history }}
    ) as e
    left join {{ components }} as c
        on c.identity_key = e.identity_key
    group by e.old_customer_id, e.new_customer_id, e.changed_at
    having count(*) filter (where c.identity_key is null) > 0
) as kept
where h.old_customer_id is not distinct from kept.old_customer_id
  and h.new_customer_id = kept.new_customer_id
  and h.changed_at = kept.changed_at
{%- endmacro -%}
