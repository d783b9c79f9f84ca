{#-
  Raw tables are append-only and hold every version of a record a source ever sent
  (and re-sent after a crash). The base models (models/staging/<source>/base/) keep one
  row per primary key: the version seen last (`_last_seen_at` moves when an unchanged
  record is re-read, so A -> B -> A ends at A), a tombstone winning a tie. Keys are
  scoped by `_source_id`, because two accounts of one vendor land in the same raw table.
  `keys` are bare column names.
-#}
{#-
  How: the winning version of each key is picked on narrow columns only (its
  _record_hash, unique in a raw table), and the wide rows are then fetched by a
  semi-join — a window over `select *` would carry every column of every version
  through the sort (4 M web events: most of the staging time, bench/identity.ts).
  The tuple order is the one a row_number() over (order by _last_seen_at desc,
  _extracted_at desc, _deleted desc, _record_hash desc) would use.

  Incrementally (the model's table exists), only keys with a version seen since the
  table was last built are looked at: their winner is recomputed over all their
  versions and replaces the old row (the model's unique_key is `_source_id` + `keys`).
  The table keeps each key's winner with its `_last_seen_at`, so its maximum is the
  newest raw row it has taken in (`>=`: a row landed in the same instant as that one
  is looked at again rather than missed; recomputing a winner is idempotent). A
  tombstone is kept as a row too, so a deletion replaces the live row it deletes.
-#}
{%- macro latest_records(relation, keys) -%}
{%- set key_list -%}_source_id{% for key in keys %}, "{{ key }}"{% endfor %}{%- endset -%}
    select *
    from {{ relation }}
    where _record_hash in (
        select arg_max(_record_hash, (_last_seen_at, _extracted_at, _deleted, _record_hash))
        from {{ relation }}
        {%- if is_incremental() %}
        where ({{ key_list }}) in (
            select {{ key_list }}
            from {{ relation }}
            where _last_seen_at >= (select coalesce(max(_last_seen_at), '-infinity'::timestamptz) from {{ this }})
        )
        {%- endif %}
        group by {{ key_list }}
    )
{%- endmacro -%}
