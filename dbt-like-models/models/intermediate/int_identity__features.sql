-- Identity matching, step 1 of the probabilistic path: the person fields of every
-- identity that names a person, standardised the same way for every source so the
-- comparisons (macros/identity_comparisons.sql) compare like with like.
--
--   first_name_std / last_name_std  lower case, accents and everything but letters removed
--   first_name_forms                the name and every formal name it is a nickname of
--                                   (int_identity__nicknames): Bob → [bob, robert]
--   email_local / email_domain      the primary email split; plus-tags dropped ('ann+news');
--                                   a shared inbox's local part (info@, sales@ …,
--                                   macros/identity_shared_inboxes) is null: it says
--                                   nothing about a person
--   street_number / street_name     the street's first run of digits, and its letters alone
--   postcode_std                    upper case, spaces and dashes removed
--   date_of_birth_text              'YYYYMMDD', what the one-edit comparison reads
--   birth_month_day                 'MM-DD' of the birth date, or the year-less birthday a
--                                   source gives instead (Mailchimp's BIRTHDAY)
--   phone_e164                      null for a shared line (two or more emails carry it)
--
-- With var('identity_probabilistic') false the model is empty, and so is every model
-- of the probabilistic path after it.
--
-- Web identities are left out: a browser or site user only ties to a person through
-- the deterministic rules (identify calls), never by a look-alike name.

with nodes as (

    select *
    from {{ ref('int_identity__nodes') }}
    where source <> 'web'

),

-- A phone carried by identities with two or more different emails or first initials is a
-- shared line (a switchboard, a household): as in the deterministic rules, it says nothing about who a record is.
shared_phones as (

    select phone_e164
    from nodes
    where phone_e164 is not null
    group by phone_e164
    having count(distinct email_normalized) > 1
        or count(distinct left(lower(strip_accents(first_name)), 1))
               filter (where lower(first_name) <> lower(coalesce(last_name, ''))) > 1

),

nicknames as (

    select nickname, list(distinct formal_name) as formal_names
    from {{ ref('int_identity__nicknames') }}
    group by nickname

),

standardised as (

    select
        identity_key,
        source,
        email_normalized,
        nullif(regexp_replace(lower(strip_accents(first_name)), '[^a-z]', '', 'g'), '') as first_name_std,
        nullif(regexp_replace(lower(strip_accents(last_name)), '[^a-z]', '', 'g'), '')  as last_name_std,
        nullif(regexp_replace(split_part(split_part(email_normalized, '@', 1), '+', 1), '\.', '', 'g'), '') as email_local_raw,
        nullif(split_part(email_normalized, '@', 2), '')                                  as email_domain,
        case when phone_e164 not in (select phone_e164 from shared_phones) then phone_e164 end as phone_e164,
        nullif(regexp_replace(lower(strip_accents(company)), '[^a-z0-9]', '', 'g'), '')  as company_std,
        nullif(regexp_replace(lower(strip_accents(street)), '[^a-z0-9 ]', '', 'g'), '')  as street_std,
        nullif(regexp_replace(lower(strip_accents(city)), '[^a-z ]', '', 'g'), '')       as city_std,
        nullif(upper(regexp_replace(postcode, '[\s\-]', '', 'g')), '')                    as postcode_std,
        date_of_birth,
        strftime(date_of_birth, '%Y%m%d')                                                 as date_of_birth_text,
        coalesce(strftime(date_of_birth, '%m-%d'), birthday)                              as birth_month_day,
        identified_at
    from nodes

)

select
    s.identity_key,
    s.source,
    s.email_normalized,
    s.first_name_std,
    s.last_name_std,
    case when s.first_name_std is null then []::varchar[]
         else list_distinct([s.first_name_std] || coalesce(n.formal_names, []::varchar[])) end as first_name_forms,
    case when s.email_local_raw in ({{ identity_shared_inboxes() }}) then null
         else s.email_local_raw end                                                        as email_local,
    s.email_domain,
    -- What the local part says beyond the names: 'john.smith' and 'jsmith' say nothing the
    -- name comparison has not already counted (two John Smiths have them too), 'jsmith84'
    -- keeps '84'. Shorter than two characters: null.
    coalesce(length(regexp_replace(
        replace(replace(regexp_replace(s.email_local_raw, '[^a-z0-9]', '', 'g'), coalesce(s.last_name_std, '#'), ''), coalesce(s.first_name_std, '#'), ''),
        '^[a-z]?$', ''
    )) >= 2, false)                                                                       as email_local_is_distinctive,
    s.phone_e164,
    s.company_std,
    s.street_std,
    -- the street apart: its house number (the first run of digits) and its name (letters only)
    nullif(regexp_extract(s.street_std, '[0-9]+'), '')                                  as street_number,
    nullif(regexp_replace(s.street_std, '[^a-z]', '', 'g'), '')                          as street_name,
    s.city_std,
    s.postcode_std,
    s.date_of_birth,
    s.date_of_birth_text,
    s.birth_month_day,
    s.identified_at
    -- term frequencies: the share of identities with this name (a common name agreeing is weaker evidence)
    , count(*) over (partition by s.first_name_std) / count(*) over () as first_name_tf
    , count(*) over (partition by s.last_name_std) / count(*) over ()  as last_name_tf
from standardised as s
left join nicknames as n
    on n.nickname = s.first_name_std
-- nothing to compare: no name at all
where (s.first_name_std is not null or s.last_name_std is not null)
  -- tributary.yml identity.probabilistic: false leaves the deterministic rules alone
  and {{ 'true' if var('identity_probabilistic', true) else 'false' }}
