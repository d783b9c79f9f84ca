{#-
  Probabilistic identity matching (Fellegi–Sunter), the parts a project may override:
  which email local parts are shared inboxes, the blocking rules, the comparison levels
  per field and the starting m probabilities of EM. Models: int_identity__features →
  candidate_pairs → comparisons → match_parameters → scored_pairs → edges.
-#}

{#- Local parts of role addresses many people read: they link nothing. -#}
{%- macro identity_shared_inboxes() -%}
'info', 'sales', 'contact', 'contacts', 'hello', 'admin', 'office', 'support', 'team', 'marketing',
'enquiries', 'inquiries', 'mail', 'email', 'noreply', 'no-reply', 'billing', 'accounts', 'hr', 'jobs',
'careers', 'press', 'help', 'service', 'reception', 'orders', 'webmaster', 'postmaster', 'kontakt', 'bureau'
{%- endmacro -%}

{#-
  Blocking rules: only identities sharing one of these keys are compared, so the work
  grows with the identities, not their square. A key shared by more than
  `identity_max_block_size` identities (a very common surname and initial) is skipped:
  it would add comparisons quadratically and almost no true match another rule misses.
  A rule's key may be a list (`[a, b]`): two identities meet when any key of one is any
  key of the other, which is how a name typed in the other field (first and last name
  swapped, one of them misspelt) still meets its record through the birth date or
  postcode beside the name that survived. Each rule needs one field to
  survive intact and the rules cover each other's gaps: a record with a typo in its
  surname still shares its birth date and postcode, one that moved still shares its
  names and birth date.
-#}
{%- macro identity_blocking_rules() -%}
{{ return([
    ['surname_initial', "last_name_std || ':' || left(first_form, 1)"],
    ['swapped_names', "least(first_form, last_name_std) || ':' || greatest(first_form, last_name_std)"],
    ['name_dob', "[first_form || ':' || date_of_birth_text, last_name_std || ':' || date_of_birth_text]"],
    ['name_postcode', "[first_form || ':' || postcode_std, last_name_std || ':' || postcode_std]"],
    ['first_name_city', "first_form || ':' || city_std"],
    ['dob_postcode', "date_of_birth_text || ':' || postcode_std"],
    ['dob_city', "date_of_birth_text || ':' || city_std"],
    ['street_postcode', "street_std || ':' || postcode_std"],
    ['email_local', "email_local"],
    ['phone', "phone_e164"],
]) }}
{%- endmacro -%}

{#-
  The rules candidate_pairs blocks on: identity_blocking_rules(), less those tributary.yml
  `identity.blocking_rules.skip` names (var identity_skipped_blocking_rules), plus those
  `identity.blocking_rules.add` declares (var identity_extra_blocking_rules: a name and the
  fields whose standardised values, joined, are the key).
-#}
{%- macro identity_active_blocking_rules() -%}
{%- set skipped = var('identity_skipped_blocking_rules', []) %}
{%- set columns = identity_blocking_columns() %}
{%- set rules = [] %}
{%- for rule in identity_blocking_rules() %}
{%- if rule[0] not in skipped %}{% do rules.append(rule) %}{% endif %}
{%- endfor %}
{%- for extra in var('identity_extra_blocking_rules', []) %}
{%- set parts = [] %}
{%- for f in extra.fields %}{% do parts.append(columns[f]) %}{% endfor %}
{%- do rules.append([extra.name, parts | join(" || ':' || ")]) %}
{%- endfor %}
{{ return(rules) }}
{%- endmacro -%}

{#- The standardised column (int_identity__features) an added blocking rule's field names. -#}
{%- macro identity_blocking_columns() -%}
{{ return({
    'first_name': 'first_form', 'last_name': 'last_name_std', 'date_of_birth': 'date_of_birth_text',
    'email_local': 'email_local', 'email_domain': 'email_domain', 'phone': 'phone_e164',
    'company': 'company_std', 'street': 'street_std', 'city': 'city_std', 'postcode': 'postcode_std'
}) }}
{%- endmacro -%}

{#-
  Comparison levels, per field, strongest first; a null when either side lacks the
  field (no evidence either way). `l` and `r` are the two sides' aliases.
-#}
{#-
  First and last name typed in each other's field, one of them perhaps misspelt
  (Delacy Erin / Erin Delcay): one piece of evidence, counted on the first name only.
-#}
{%- macro identity_names_swapped(l, r) -%}
({{ l }}.first_name_std <> {{ r }}.first_name_std
 and jaro_winkler_similarity({{ l }}.first_name_std, {{ r }}.last_name_std) >= 0.92
 and jaro_winkler_similarity({{ l }}.last_name_std, {{ r }}.first_name_std) >= 0.92)
{%- endmacro -%}

{%- macro identity_compare_first_name(l, r) -%}
case
    when {{ l }}.first_name_std is null or {{ r }}.first_name_std is null then null
    when {{ l }}.first_name_std = {{ r }}.first_name_std then 'exact'
    when {{ identity_names_swapped(l, r) }} then 'swapped'
    when list_has_any({{ l }}.first_name_forms, {{ r }}.first_name_forms) then 'nickname'
    when jaro_winkler_similarity({{ l }}.first_name_std, {{ r }}.first_name_std) >= 0.92 then 'jw_0.92'
    when jaro_winkler_similarity({{ l }}.first_name_std, {{ r }}.first_name_std) >= 0.80 then 'jw_0.80'
    when length({{ l }}.first_name_std) = 1 or length({{ r }}.first_name_std) = 1
         then case when left({{ l }}.first_name_std, 1) = left({{ r }}.first_name_std, 1) then 'initial' else 'different' end
    else 'different'
end
{%- endmacro -%}

{%- macro identity_compare_last_name(l, r) -%}
case
    when {{ l }}.last_name_std is null or {{ r }}.last_name_std is null then null
    when {{ l }}.last_name_std = {{ r }}.last_name_std then 'exact'
    -- swapped names are one piece of evidence, counted on the first name only
    when {{ l }}.first_name_std is not null and {{ r }}.first_name_std is not null and {{ identity_names_swapped(l, r) }} then null
    when jaro_winkler_similarity({{ l }}.last_name_std, {{ r }}.last_name_std) >= 0.92 then 'jw_0.92'
    when jaro_winkler_similarity({{ l }}.last_name_std, {{ r }}.last_name_std) >= 0.80 then 'jw_0.80'
    else 'different'
end
{%- endmacro -%}

{#-
  One edit counts an adjacent transposition as one (Damerau): 1973 typed as 1937 is a
  slip of two keys, not two mistakes. A side with only a year-less birthday (Mailchimp's
  BIRTHDAY, 'MM-DD') can only agree on month and day: `month_day_only`, a partial
  agreement that one in ~365 random pairs reaches, so weaker than a full date
  (int_identity__match_parameters never weighs it above `exact`); a different month
  and day is `different`.
-#}
{%- macro identity_compare_date_of_birth(l, r) -%}
case
    when {{ l }}.birth_month_day is null or {{ r }}.birth_month_day is null then null
    when {{ l }}.date_of_birth is null or {{ r }}.date_of_birth is null
         then case when {{ l }}.birth_month_day = {{ r }}.birth_month_day then 'month_day_only' else 'different' end
    when {{ l }}.date_of_birth = {{ r }}.date_of_birth then 'exact'
    when damerau_levenshtein({{ l }}.date_of_birth_text, {{ r }}.date_of_birth_text) <= 1
      or (year({{ l }}.date_of_birth) = year({{ r }}.date_of_birth)
          and month({{ l }}.date_of_birth) = day({{ r }}.date_of_birth)
          and day({{ l }}.date_of_birth) = month({{ r }}.date_of_birth)) then 'one_edit_or_day_month_swap'
    when abs(year({{ l }}.date_of_birth) - year({{ r }}.date_of_birth)) <= 1
         and month({{ l }}.date_of_birth) = month({{ r }}.date_of_birth) then 'same_month_year_close'
    else 'different'
end
{%- endmacro -%}

{#-
  A local part within two edits is a typo only when its digits agree: nicolas66 and
  nicolas83 are two people's addresses (the digits are a birth year or a counter), not
  one address mistyped.
-#}
{%- macro identity_compare_email(l, r) -%}
case
    when {{ l }}.email_local is null or {{ r }}.email_local is null then null
    when {{ l }}.email_local = {{ r }}.email_local and {{ l }}.email_domain = {{ r }}.email_domain then 'exact'
    -- a local part made of the names alone repeats the name comparison: no evidence
    when not ({{ l }}.email_local_is_distinctive and {{ r }}.email_local_is_distinctive) then null
    when {{ l }}.email_local = {{ r }}.email_local then 'local_part_exact'
    when damerau_levenshtein({{ l }}.email_local, {{ r }}.email_local) <= 2
         and regexp_replace({{ l }}.email_local, '[^0-9]', '', 'g') = regexp_replace({{ r }}.email_local, '[^0-9]', '', 'g')
         then 'local_part_typo'
    else 'different'
end
{%- endmacro -%}

{#-
  Street, postcode and city are one comparison: they are not independent (a street
  comes with its postcode and city), and summing three agreements would count one
  shared home three times — a household's members would look like one person.
  The street is compared as its name (letters only, so "livingstonavenue" is
  "livingston avenue") and its house number apart: the same street with another
  number is a neighbour as often as a typo, so it is a level of its own and the data
  says what it is worth. "The place agrees": same postcode, or same (or nearly the
  same) city.
-#}
{%- macro identity_place_agrees(l, r) -%}
({{ l }}.postcode_std = {{ r }}.postcode_std or jaro_winkler_similarity({{ l }}.city_std, {{ r }}.city_std) >= 0.88)
{%- endmacro -%}

{%- macro identity_compare_address(l, r) -%}
case
    when not (({{ l }}.street_std is not null and {{ r }}.street_std is not null)
           or ({{ l }}.postcode_std is not null and {{ r }}.postcode_std is not null)
           or ({{ l }}.city_std is not null and {{ r }}.city_std is not null)) then null
    when {{ l }}.street_std = {{ r }}.street_std and {{ l }}.postcode_std = {{ r }}.postcode_std then 'exact'
    when jaro_winkler_similarity({{ l }}.street_name, {{ r }}.street_name) >= 0.88 and {{ identity_place_agrees(l, r) }}
         then case
             when {{ l }}.street_number = {{ r }}.street_number or {{ l }}.street_number is null or {{ r }}.street_number is null then 'street_similar'
             when damerau_levenshtein({{ l }}.street_number, {{ r }}.street_number) <= 1 then 'street_number_one_edit'
             else 'street_other_number'
         end
    when {{ l }}.postcode_std = {{ r }}.postcode_std then 'postcode'
    when damerau_levenshtein({{ l }}.postcode_std, {{ r }}.postcode_std) <= 1
         and jaro_winkler_similarity({{ l }}.city_std, {{ r }}.city_std) >= 0.88 then 'postcode_one_edit_and_city'
    when left({{ l }}.postcode_std, 3) = left({{ r }}.postcode_std, 3) and {{ l }}.city_std = {{ r }}.city_std then 'postcode_prefix_3_and_city'
    when {{ l }}.city_std = {{ r }}.city_std then 'city'
    when jaro_winkler_similarity({{ l }}.city_std, {{ r }}.city_std) >= 0.88 then 'city_similar'
    else 'different'
end
{%- endmacro -%}

{%- macro identity_compare_phone(l, r) -%}
case
    when {{ l }}.phone_e164 is null or {{ r }}.phone_e164 is null then null
    when {{ l }}.phone_e164 = {{ r }}.phone_e164 then 'exact'
    when right({{ l }}.phone_e164, 7) = right({{ r }}.phone_e164, 7) then 'last_7_digits'
    else 'different'
end
{%- endmacro -%}

{%- macro identity_compare_company(l, r) -%}
case
    when {{ l }}.company_std is null or {{ r }}.company_std is null then null
    when {{ l }}.company_std = {{ r }}.company_std then 'exact'
    else 'different'
end
{%- endmacro -%}

{#- The compared fields: every one has a macro identity_compare_<field> above. -#}
{%- macro identity_fields() -%}
{{ return(['first_name', 'last_name', 'date_of_birth', 'email', 'address', 'phone', 'company']) }}
{%- endmacro -%}

{#-
  The value each field's `exact` level compares: u of `exact` is computed from these
  values' frequencies (the chance two random identities share one), exactly, instead of
  being sampled: an exact birth date is too rare for a sample to see often.
-#}
{%- macro identity_exact_values() -%}
{{ return({
    'first_name': 'first_name_std', 'last_name': 'last_name_std', 'date_of_birth': 'date_of_birth_text',
    'email': "email_local || '@' || email_domain", 'address': "street_std || '|' || postcode_std",
    'phone': 'phone_e164', 'company': 'company_std'
}) }}
{%- endmacro -%}

{#-
  One column per field: its comparison level for the pair (l, r); identity_fields() lists
  the same fields. A field tributary.yml turns off (`identity.comparisons.<field>.enabled:
  false`, var identity_comparisons_off) is null for every pair: no evidence either way,
  so it neither adds nor takes weight, and EM never sees it.
-#}
{%- macro identity_comparison_levels(l, r) -%}
    {{ identity_level('first_name', identity_compare_first_name(l, r)) }},
    {{ identity_level('last_name', identity_compare_last_name(l, r)) }},
    {{ identity_level('date_of_birth', identity_compare_date_of_birth(l, r)) }},
    {{ identity_level('email', identity_compare_email(l, r)) }},
    {{ identity_level('address', identity_compare_address(l, r)) }},
    {{ identity_level('phone', identity_compare_phone(l, r)) }},
    {{ identity_level('company', identity_compare_company(l, r)) }}
{%- endmacro -%}

{%- macro identity_level(field, comparison) -%}
{%- if field in var('identity_comparisons_off', []) -%}
cast(null as varchar) as {{ field }}_level
{%- else -%}
{{ comparison }} as {{ field }}_level
{%- endif -%}
{%- endmacro -%}

{#-
  tributary.yml `identity.comparisons.<field>.levels.<level>: { m, u }` (var
  identity_level_overrides) as rows (field, level, m, u); a null keeps the estimate.
  Names and numbers were validated when the config loaded (pipeline/config/identity-schema.ts);
  quoted and cast here as well, for vars passed by hand (`tributary run --vars`).
-#}
{%- macro identity_level_overrides() -%}
{%- set overrides = var('identity_level_overrides', []) %}
{%- if overrides | length == 0 -%}
select cast(null as varchar) as field, cast(null as varchar) as level, cast(null as double) as m, cast(null as double) as u where false
{%- else -%}
select * from (values
{%- for o in overrides %}
    ('{{ o.field | replace("'", "''") }}', '{{ o.level | replace("'", "''") }}', cast({{ 'null' if o.m == none else o.m | float }} as double), cast({{ 'null' if o.u == none else o.u | float }} as double)){{ ',' if not loop.last }}
{%- endfor %}
) as t(field, level, m, u)
{%- endif -%}
{%- endmacro -%}

{#-
  A generic data test: components with more identities than tributary.yml
  identity.max_component_size (var identity_max_component_size). On
  int_identity__components, severity warn: a customer grown that large is usually a key
  many people share (a switchboard, a team inbox), so it is reported, not accepted silently.
-#}
{% test within_max_component_size(model, column_name) %}
select * from {{ model }} where {{ column_name }} > {{ var('identity_max_component_size', 50) }}
{% endtest %}
