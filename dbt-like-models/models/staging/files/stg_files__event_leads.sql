-- Event leads from a files source's `event_leads` table (an agency's CSV drops): the
-- latest version of each (email, event) row. A workspace without such a table still
-- builds this model, empty, with the same columns: the table's name is the workspace's
-- choice, so its raw table exists only where it is declared.
{% set leads = source('files', 'event_leads') %}
{% if load_relation(leads) is not none %}

with latest as (

    {{ latest_records(leads, ['email', 'event']) }}

)

select
    _source_id                                          as source_id,
    {{ normalize_email('email') }} || ':' || trim(event) as lead_key,
    nullif(trim(name), '')                              as full_name,
    nullif(trim(split_part(trim(name), ' ', 1)), '')    as first_name,
    nullif(trim(regexp_replace(trim(name), '^\S+\s*', '')), '') as last_name,
    email,
    {{ normalize_email('email') }}                      as email_normalized,
    nullif(trim(company), '')                           as company,
    nullif(trim(phone), '')                             as phone,
    nullif(trim(event), '')                             as event_name,
    cast("date" as date)                                as event_date,
    _extracted_at
from latest
where not coalesce(_deleted, false)

{% else %}

select
    cast(null as varchar) as source_id, cast(null as varchar) as lead_key, cast(null as varchar) as full_name,
    cast(null as varchar) as first_name, cast(null as varchar) as last_name, cast(null as varchar) as email,
    cast(null as varchar) as email_normalized, cast(null as varchar) as company, cast(null as varchar) as phone,
    cast(null as varchar) as event_name, cast(null as date) as event_date, cast(null as timestamptz) as _extracted_at
where false

{% endif %}
