{#-
  Raw tables are append-only and hold every version of a record a source ever sent
  (and re-sent after a crash). Staging keeps one row per primary key: the version seen
  last (`_last_seen_at` moves when an unchanged record is re-read, so A -> B -> A ends
  at A), a tombstone winning a tie. Keys are scoped by `_source_id`, because two
  accounts of one vendor land in the same raw table.
-#}
{#-
  How: the winning version of each key is picked on narrow columns only (its
  _record_hash, the raw table's primary key), and the wide rows are then fetched by a
  semi-join — a window over `select *` would carry every column of every version
  through the sort (4 M web events: most of the staging time, bench/identity.ts).
  The tuple order is the one a row_number() over (order by _last_seen_at desc,
  _extracted_at desc, _deleted desc, _record_hash desc) would use.
-#}
{%- macro latest_records(relation, keys) -%}
    select *
    from {{ relation }}
    where _record_hash in (
        select arg_max(_record_hash, (_last_seen_at, _extracted_at, _deleted, _record_hash))
        from {{ relation }}
        group by _source_id{% for key in keys %}, {{ key }}{% endfor %}
    )
{%- endmacro -%}
