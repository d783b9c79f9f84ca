{#-
  Normalisation shared by every staging model, so identity matching treats all sources alike.
  DuckDB's trim() removes spaces only; sources also send tabs, newlines and no-break spaces.
-#}
{%- macro normalize_email(column) -%}
nullif(lower(regexp_replace({{ column }}, '^[\s\x{00a0}]+|[\s\x{00a0}]+$', '', 'g')), '')
{%- endmacro -%}
