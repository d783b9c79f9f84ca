-- Identity matching, step 5: every candidate pair's total match weight, the sum of
-- its levels' weights (int_identity__match_parameters; a missing field adds 0) and the
-- prior, with the evidence per field. A pair at or above var('identity_match_threshold')
-- (tributary.yml `identity: { match_threshold: … }`) is a match: it becomes a
-- 'probabilistic' edge of the identity graph. match_probability = 2^w / (1 + 2^w).
-- An exact first or last name is weighed by how common the name is here (term
-- frequency: u = the share of identities with that name, never below the level's u).
-- Every pair is scored on every build (the comparisons themselves are incremental): the
-- parameters and term frequencies are estimated afresh from all the data each time, so
-- a pair's weight is what a full rebuild would give it.

{%- set fields = identity_fields() %}

with params as (

    select * from {{ ref('int_identity__match_parameters') }}

),

prior as (

    select match_weight from params where field = '_prior'

),

weighted as (

    select
        c.*,
        {%- for f in fields %}
        {%- if f in ['first_name', 'last_name'] %}
        -- term-frequency adjusted: agreeing on Smith says less than agreeing on Wojciechowski
        coalesce(case when c.{{ f }}_level = 'exact' and tf.{{ f }}_tf is not null
                      then log2(w_{{ f }}.m / greatest(tf.{{ f }}_tf, w_{{ f }}.u))
                      else w_{{ f }}.match_weight end, 0) as {{ f }}_weight,
        {%- else %}
        coalesce(w_{{ f }}.match_weight, 0) as {{ f }}_weight,
        {%- endif %}
        {%- endfor %}
        (select match_weight from prior) as prior_weight
    from {{ ref('int_identity__comparisons') }} as c
    -- an exact level means both sides' names are equal: the left side's frequency is the name's
    left join {{ ref('int_identity__features') }} as tf
        on tf.identity_key = c.left_key
    {%- for f in fields %}
    left join params as w_{{ f }}
        on w_{{ f }}.field = '{{ f }}'
       and w_{{ f }}.level = c.{{ f }}_level
    {%- endfor %}

)

select
    left_key,
    right_key,
    blocking_rule,
    {%- for f in fields %}
    {{ f }}_level,
    {%- endfor %}
    prior_weight{% for f in fields %} + {{ f }}_weight{% endfor %} as match_weight,
    1 / (1 + pow(2, -(prior_weight{% for f in fields %} + {{ f }}_weight{% endfor %}))) as match_probability,
    prior_weight{% for f in fields %} + {{ f }}_weight{% endfor %} >= {{ var('identity_match_threshold', 10) }} as is_match,
    -- the threshold is_match was decided by, so `identity explain` reports this build's, not today's tributary.yml's
    cast({{ var('identity_match_threshold', 10) }} as double) as match_threshold,
    -- per field: the level and what it added, for `tributary identity explain`
    to_json({
        {%- for f in fields %}
        '{{ f }}': { 'level': {{ f }}_level, 'weight': round({{ f }}_weight, 2) }{{ ',' if not loop.last }}
        {%- endfor %}
    })::varchar as evidence
from weighted
