{#-
  Raw tables are append-only and hold every version of a record a source ever sent
  (and re-sent after a crash). Staging keeps one row per primary key: the version seen
  last (`_last_seen_at` moves when an unchanged record is re-read, so A -> B -> A ends
  at A), a tombstone winning a tie. Keys are scoped by `_source_id`, because two
  accounts of one vendor land in the same raw table.
-#}
{%- macro latest_records(relation, keys) -%}
    select *
    from {{ relation }}
    qualify row_number() over (
        partition by _source_id{% for key in keys %}, {{ key }}{% endfor %}
        order by _last_seen_at desc, _extracted_at desc, _deleted desc, _record_hash desc
    ) = 1
{%- endmacro -%}
