-- Identity matching, step 4: the Fellegi–Sunter parameters of every comparison level,
-- estimated from this warehouse's own data, never hand-set.
--
--   u  P(level | the two records are different people), where almost every random pair
--      of identities is two different people: for `exact`, computed from the values'
--      frequencies (sum of c·(c−1) over n·(n−1), identity_exact_values); for the other
--      levels, measured on random pairs (var('identity_u_sample') identities a side,
--      chosen by hash so a rebuild picks the same ones), add-one smoothed so a level the
--      sample never reaches does not divide by zero.
--   m  P(level | the two records are the same person), from one of two estimates:
--      - deterministic matches: pairs of identities that share a normalised email or
--        (an unshared) phone are the same person, so their levels on the other fields
--        show how a true match looks (email's m from phone pairs, phone's from email
--        pairs, so neither field measures itself). Used for a field with at least
--        var('identity_min_training_pairs') such pairs where both sides have it.
--      - expectation–maximisation over the candidate pairs' comparison patterns (m
--        and the in-candidate u re-estimated alongside, var('identity_em_iterations') rounds (unrolled below; each round reads
--        the distinct patterns, not the pairs): for data with no shared identifiers
--        (names, addresses and birth dates only).
--      `m_source` says which.
--
-- tributary.yml may set m and/or u of any level by hand (identity.comparisons.<field>.levels;
-- var identity_level_overrides): the set value replaces the estimate, after the ordering
-- rule below (a hand-set value is taken as meant).
--
-- match_weight = log2(m / u): what one level adds to a pair's total weight. The row
-- with field '_prior' holds the prior, log2(p / (1 - p)) where p is the chance that two
-- random identities are one person: the matches EM expects among the candidate pairs
-- over all n·(n−1)/2 pairs.

{%- set sample = var('identity_u_sample', 400) %}
{%- set iterations = var('identity_em_iterations', 10) %}
{%- set fields = identity_fields() %}

with features as (

    select * from {{ ref('int_identity__features') }}

),

left_sample as (

    select * from features order by hash(identity_key || ':left'), identity_key limit {{ sample }}

),

right_sample as (

    select * from features order by hash(identity_key || ':right'), identity_key limit {{ sample }}

),

random_levels as (

    select {{ identity_comparison_levels('l', 'r') }}
    from left_sample as l
    cross join right_sample as r
    where l.identity_key <> r.identity_key

),

random_long as (

{%- for f in fields %}
    select '{{ f }}' as field, {{ f }}_level as level from random_levels where {{ f }}_level is not null
    {{ 'union all' if not loop.last }}
{%- endfor %}

),

u_sampled as (

    select
        field,
        level,
        (count(*) + 1) / (sum(count(*)) over (partition by field) + 1) as u
    from random_long
    group by field, level

),

u_exact as (
{%- for field, value in identity_exact_values().items() %}
    select '{{ field }}' as field, 'exact' as level,
           greatest(sum(c * (c - 1)), 1) / greatest(sum(c) * (sum(c) - 1), 1) as u
    from (select count(*) as c from features where ({{ value }}) is not null group by {{ value }})
    {{ 'union all' if not loop.last }}
{%- endfor %}

),

u_probabilities as materialized (

    select field, level, u from u_sampled where level <> 'exact'
    union all
    select field, level, u from u_exact

),

identified as (

    select identity_key, email_normalized, phone_e164 from features

),

-- Pairs the deterministic rules tie: the same email, or the same (unshared) phone.
-- Keys shared by more than a block's worth of identities are left out, as in blocking.
training_keys as (

    select 'email' as via, identity_key, email_normalized as k from identified
    where email_normalized is not null
      and split_part(email_normalized, '@', 1) not in ({{ identity_shared_inboxes() }})
    union all
    select 'phone', identity_key, phone_e164 from identified where phone_e164 is not null

),

training_pairs as (

    select distinct a.via, a.identity_key as left_key, b.identity_key as right_key
    from training_keys as a
    join training_keys as b
        on b.via = a.via
       and b.k = a.k
       and a.identity_key < b.identity_key
    where a.k in (
        select k from training_keys group by via, k having count(*) <= {{ var('identity_max_block_size', 100) }}
    )

),

training_levels as (

    select t.via, {{ identity_comparison_levels('l', 'r') }}
    from training_pairs as t
    join features as l
        on l.identity_key = t.left_key
    join features as r
        on r.identity_key = t.right_key

),

training_long as (

{%- for f in fields %}
    select '{{ f }}' as field, {{ f }}_level as level, via from training_levels where {{ f }}_level is not null
    {{ 'union all' if not loop.last }}
{%- endfor %}

),

m_from_training as materialized (

    select field, level, m, pairs
    from (
        select
            field,
            level,
            count(*) / sum(count(*)) over (partition by field) as m,
            sum(count(*)) over (partition by field)          as pairs
        from training_long
        -- a field never measures itself; and email not at all: a phone ties only
        -- identities with at most one email between them (the shared-line rule), so
        -- phone pairs would say a person never has two addresses
        where not (field = via) and field <> 'email'
        group by field, level
    )
    where pairs >= {{ var('identity_min_training_pairs', 50) }}

),

patterns as materialized (

    select
        row_number() over ()                        as pattern_id,
        count(*)                                    as pair_count,
        {% for f in fields %}{{ f }}_level{{ ', ' if not loop.last }}{% endfor %}
    from {{ ref('int_identity__comparisons') }}
    group by all

),

patterns_long as materialized (

{%- for f in fields %}
    select '{{ f }}' as field, {{ f }}_level as level, pattern_id, pair_count from patterns where {{ f }}_level is not null
    {{ 'union all' if not loop.last }}
{%- endfor %}

),

-- Every level a candidate pair reached, with u (a level random pairs never reached
-- gets the smallest u of its field, halved) and a starting m that only orders levels:
-- EM moves it.
levels as materialized (

    select
        p.field,
        p.level,
        coalesce(u.u, min(u.u) over (partition by p.field) / 2, 1e-4) as u,
        case p.level when 'exact' then 0.8 when 'different' then 0.05 else 0.15 end as m
    from (select distinct field, level from patterns_long) as p
    left join u_probabilities as u
        on u.field = p.field
       and u.level = p.level

),

params_0 as materialized (

    select field, level, m, u, 0.1 as match_share from levels

),
{%- for i in range(iterations) %}

scores_{{ i }} as materialized (

    select
        p.pattern_id,
        any_value(p.pair_count)                     as pair_count,
        1 / (1 + exp(-(ln(any_value(pr.match_share) / (1 - any_value(pr.match_share))) + sum(ln(pr.m / pr.u))))) as p_match
    from patterns_long as p
    join params_{{ i }} as pr
        on pr.field = p.field
       and pr.level = p.level
    group by p.pattern_id

),

params_{{ i + 1 }} as materialized (

    select
        l.field,
        l.level,
        greatest(
            coalesce(sum(s.pair_count * s.p_match), 0) / sum(sum(s.pair_count * s.p_match)) over (partition by l.field),
            1e-6
        )                                           as m,
        -- u moves too, within EM only: among candidate pairs the non-matches agree on
        -- the blocked fields far more than random pairs do, and with u held at its
        -- random-pair value EM would explain that agreement by calling them matches
        greatest(
            coalesce(sum(s.pair_count * (1 - s.p_match)), 0) / sum(sum(s.pair_count * (1 - s.p_match))) over (partition by l.field),
            1e-6
        )                                           as u,
        least(greatest((select sum(pair_count * p_match) / sum(pair_count) from scores_{{ i }}), 1e-6), 1 - 1e-6) as match_share
    from levels as l
    left join patterns_long as p
        on p.field = l.field
       and p.level = l.level
    left join scores_{{ i }} as s
        on s.pattern_id = p.pattern_id
    group by l.field, l.level

),
{%- endfor %}

em as (

    select * from params_{{ iterations }}

),

estimated as (

    select
        em.field,
        em.level,
        -- a level the training pairs never reached, on a field they measure: rare in a true match
        -- Rounded to single precision (7 significant digits): the sums above run in
        -- whatever order the pairs are stored, which differs between a nightly build
        -- (incremental comparisons) and a full one, and would otherwise move the last
        -- bits of every weight. The floors below then work on the rounded values.
        cast(cast(case when t_field.field is not null then coalesce(t.m, 0.5 / t_field.pairs)
             else em.m end as float) as double)     as m,
        cast(cast(l.u as float) as double)          as u,
        case when t_field.field is not null then 'deterministic_matches' else 'em' end as m_source
    from em
    join levels as l
        on l.field = em.field
       and l.level = em.level
    left join m_from_training as t
        on t.field = em.field
       and t.level = em.level
    left join (select field, any_value(pairs) as pairs from m_from_training group by field) as t_field
        on t_field.field = em.field

),

-- Levels are ordered: any agreement, however partial (a nickname, a birth date a year
-- off), is at least as likely in a true match as total disagreement. A level the
-- estimate saw too rarely (EM leaves its m near zero) would otherwise weigh less than
-- `different` and push a near-match below a pair that agrees on nothing; its m is
-- raised so its weight is at least `different`'s.
floored as (

    select
        e.field,
        e.level,
        case when e.level <> 'different' and d.m is not null
             then greatest(e.m, e.u * d.m / d.u) else e.m end as m,
        e.u,
        e.m_source
    from estimated as e
    left join estimated as d
        on d.field = e.field
       and d.level = 'different'

),

-- A year-less birthday agreeing (month and day only) is implied by a full date agreeing:
-- it never weighs more than `exact`, however few pairs the estimate saw.
final as (

    select
        f.field,
        f.level,
        case when f.field = 'date_of_birth' and f.level = 'month_day_only' and x.m is not null
             then least(f.m, f.u * x.m / x.u) else f.m end as m,
        f.u,
        f.m_source
    from floored as f
    left join floored as x
        on x.field = f.field
       and x.level = 'exact'

),

prior as (

    select
        (select any_value(match_share) from em) * (select sum(pair_count) from patterns)
            / greatest((select count(*) from features) * ((select count(*) from features) - 1) / 2, 1) as p

),

-- tributary.yml's hand-set m and/or u of a level (identity.comparisons.<field>.levels)
-- replace the estimates: `m_source` / `u_source` say 'config' where they did.
overrides as (

    {{ identity_level_overrides() }}

),

chosen as (

    select
        f.field,
        f.level,
        coalesce(o.m, f.m)                          as m,
        coalesce(o.u, f.u)                          as u,
        case when o.m is not null then 'config' else f.m_source end as m_source,
        case when o.u is not null then 'config' else 'data' end     as u_source
    from final as f
    left join overrides as o
        on o.field = f.field
       and o.level = f.level

)

select field, level, m, u, m_source, u_source, log2(m / u) as match_weight
from chosen
union all
-- The prior rounded as m and u are.
select '_prior', null, null, null, null, null, log2(p / (1 - p))
from (select cast(cast(least(greatest(p, 1e-12), 0.5) as float) as double) as p from prior)
