/**
 * dbt's built-in macros (the `dbt` namespace: `dbt.dateadd`, `dbt.type_timestamp`, …)
 * written for DuckDB. Each is dispatched the way dbt does it, `adapter.dispatch(name,
 * 'dbt')`, so a project or package can override one with its own `duckdb__<name>` or
 * `default__<name>` (and a `dispatch:` entry for the `dbt` namespace). The SQL is
 * DuckDB's; the macro names and arguments are dbt's, since that is what packages call.
 */

interface BuiltinMacro {
  /** The macro's name in the `dbt` namespace. */
  readonly name: string;
  /** Its parameters, with Jinja defaults (`delimiter_text="','"`). */
  readonly params: string;
  /** The DuckDB implementation (the body of `default__<name>`). */
  readonly body: string;
}

const MACROS: readonly BuiltinMacro[] = [
  // Types.
  { name: 'type_string', params: '', body: 'varchar' },
  { name: 'type_timestamp', params: '', body: 'timestamp' },
  { name: 'type_int', params: '', body: 'integer' },
  { name: 'type_bigint', params: '', body: 'bigint' },
  { name: 'type_float', params: '', body: 'double' },
  { name: 'type_numeric', params: '', body: 'numeric(28,6)' },
  { name: 'type_boolean', params: '', body: 'boolean' },
  // Dates and times.
  { name: 'current_timestamp', params: '', body: 'now()' },
  { name: 'current_timestamp_backcompat', params: '', body: 'now()' },
  { name: 'current_timestamp_in_utc_backcompat', params: '', body: "(now() at time zone 'UTC')" },
  { name: 'dateadd', params: 'datepart, interval, from_date_or_timestamp', body: '({{ dbt._typed_date_literal(from_date_or_timestamp) }} + interval ({{ interval }}) {{ datepart }})' },
  // A bare string literal ('2018-01-01') has no type in DuckDB, so `+ interval` cannot pick
  // date or timestamp arithmetic; other databases read it as a timestamp, so cast it to one.
  {
    name: '_typed_date_literal',
    params: 'expr',
    body: "{% if expr is string and expr.strip().startswith(\"'\") and expr.strip().endswith(\"'\") %}cast({{ expr }} as timestamp){% else %}{{ expr }}{% endif %}",
  },
  {
    name: 'datediff',
    params: 'first_date, second_date, datepart',
    body: "date_diff('{{ datepart }}', cast({{ first_date }} as timestamp), cast({{ second_date }} as timestamp))",
  },
  { name: 'date_trunc', params: 'datepart, date', body: "date_trunc('{{ datepart }}', {{ date }})" },
  {
    name: 'last_day',
    params: 'date, datepart',
    body: "cast(date_trunc('{{ datepart }}', {{ date }}) + interval 1 {{ datepart }} - interval 1 day as date)",
  },
  { name: 'date', params: 'year, month, day', body: 'make_date({{ year }}, {{ month }}, {{ day }})' },
  // Strings.
  { name: 'concat', params: 'fields', body: "({{ fields | join(' || ') }})" },
  { name: 'hash', params: 'field', body: 'md5(cast({{ field }} as varchar))' },
  { name: 'length', params: 'expression', body: 'length({{ expression }})' },
  { name: 'position', params: 'substring_text, string_text', body: 'position({{ substring_text }} in {{ string_text }})' },
  { name: 'replace', params: 'field, old_chars, new_chars', body: 'replace({{ field }}, {{ old_chars }}, {{ new_chars }})' },
  { name: 'right', params: 'string_text, length_expression', body: 'right({{ string_text }}, {{ length_expression }})' },
  { name: 'split_part', params: 'string_text, delimiter_text, part_number', body: 'split_part({{ string_text }}, {{ delimiter_text }}, {{ part_number }})' },
  { name: 'escape_single_quotes', params: 'expression', body: `{{ expression | replace("'", "''") }}` },
  { name: 'string_literal', params: 'value', body: "'{{ value }}'" },
  {
    name: 'listagg',
    params: "measure, delimiter_text=\"','\", order_by_clause=none, limit_num=none",
    body:
      '{%- if limit_num -%}array_to_string(list_slice(list({{ measure }}{% if order_by_clause %} {{ order_by_clause }}{% endif %}), 1, {{ limit_num }}), {{ delimiter_text }})' +
      '{%- else -%}string_agg({{ measure }}, {{ delimiter_text }}{% if order_by_clause %} {{ order_by_clause }}{% endif %}){%- endif -%}',
  },
  // Casts and aggregates.
  { name: 'safe_cast', params: 'field, type', body: 'try_cast({{ field }} as {{ type }})' },
  { name: 'cast', params: 'field, type', body: 'cast({{ field }} as {{ type }})' },
  { name: 'cast_bool_to_text', params: 'field', body: 'cast({{ field }} as varchar)' },
  { name: 'any_value', params: 'expression', body: 'any_value({{ expression }})' },
  { name: 'bool_or', params: 'expression', body: 'bool_or({{ expression }})' },
  // Set operations.
  { name: 'except', params: '', body: 'except' },
  { name: 'intersect', params: '', body: 'intersect' },
  // Arrays.
  { name: 'array_construct', params: 'inputs=[], data_type=none', body: '[{{ inputs | join(", ") }}]' },
  { name: 'array_append', params: 'array, new_element', body: 'list_append({{ array }}, {{ new_element }})' },
  { name: 'array_concat', params: 'array_1, array_2', body: 'list_concat({{ array_1 }}, {{ array_2 }})' },
  // Series and spines.
  {
    name: 'generate_series',
    params: 'upper_bound',
    body: 'select cast(generated_number as integer) as generated_number from range(1, {{ upper_bound }} + 1) as t(generated_number)',
  },
  {
    name: 'date_spine',
    params: 'datepart, start_date, end_date',
    body:
      'select cast(d as timestamp) as date_{{ datepart }} from ' +
      "generate_series(cast({{ start_date }} as timestamp), cast({{ end_date }} as timestamp) - interval 1 microsecond, interval 1 {{ datepart }}) as t(d)",
  },
  // Naming: dbt's defaults (a custom schema is appended to the target's).
  {
    name: 'generate_schema_name',
    params: 'custom_schema_name=none, node=none',
    body: '{%- if custom_schema_name is none -%}{{ target.schema }}{%- else -%}{{ target.schema }}_{{ custom_schema_name | trim }}{%- endif -%}',
  },
  {
    name: 'generate_alias_name',
    params: 'custom_alias_name=none, node=none',
    body: '{%- if custom_alias_name -%}{{ custom_alias_name | trim }}{%- else -%}{{ node.name }}{%- endif -%}',
  },
  { name: 'generate_database_name', params: 'custom_database_name=none, node=none', body: '{{ custom_database_name or target.database }}' },
];

/** The name the dispatcher calls for macro `name` (the argument names, without defaults). */
function callArgs(params: string): string {
  // Parameter names are the identifiers that start the list or follow a comma (defaults here hold no such text).
  return [...params.matchAll(/(?:^|,)\s*([A-Za-z_][A-Za-z0-9_]*)/gu)].map((m) => m[1]).join(', ');
}

/** The source of the built-in `dbt` macro package, as one Jinja file. */
export const DBT_BUILTIN_MACROS: string = MACROS.map(
  (m) =>
    `{% macro ${m.name}(${m.params}) %}{{ return(adapter.dispatch('${m.name}', 'dbt')(${callArgs(m.params)})) }}{% endmacro %}\n` +
    `{% macro default__${m.name}(${m.params}) %}${m.body}{% endmacro %}\n`,
).join('');

/** The package name dbt's built-in macros live under. */
export const DBT_PACKAGE = 'dbt';
