-- Identity stitching, step 2: the links between identities. The deterministic rules:
--
--   email         a CRM contact or Mailchimp member → the node of its normalised email
--                 ('email:' || md5(address)); identities sharing an address meet there.
--                 A shared inbox (info@, sales@ …: macros/identity.sql) links nothing.
--   web_identify  a browser or site user → the email its identify traits carried, and a
--                 browser ↔ the user_id it was identified as (identify sets userId on the
--                 browser's later calls too, so any event carrying both is a link).
--   phone         an identity → the node of its E.164 phone ('phone:' || md5(e164)): what
--                 ties in a CRM contact known by phone only. Phone is weaker evidence
--                 than email: a number whose identities carry two or more different
--                 emails, or first names with different initials, is a shared line (a
--                 switchboard, a household) or a reused number, and links nothing.
--   crm_xref      a CRM's own cross-reference: a converted Salesforce lead → the contact it
--                 became (Lead.ConvertedContactId), whatever either's email says.
--
-- And after them the probabilistic one:
--
--   probabilistic a pair of identities whose Fellegi–Sunter match weight reaches the
--                 threshold (int_identity__scored_pairs): the same person by name,
--                 birth date, address, email local part … without a shared identifier.
--                 match_weight and evidence (per field: level and weight) say why;
--                 both are null on deterministic edges.
--
-- Email and phone nodes are graph-only helpers: they never become identities or customers.

with nodes as (

    select identity_key, source, emails, phone_e164, first_name, last_name
    from {{ ref('int_identity__nodes') }}

),

email_links as (

    select
        identity_key                                as from_key,
        -- hashed so graph keys (and the component keys derived from them) carry no address
        'email:' || md5(email)                      as to_key,
        case when source = 'web' then 'web_identify' else 'email' end as match_rule
    from (
        select identity_key, source, unnest(emails) as email
        from nodes
    )
    -- a shared inbox (info@, sales@ …) is read by many people: it ties no one together
    where split_part(email, '@', 1) not in ({{ identity_shared_inboxes() }})

),

phone_lines as (

    select
        phone_e164,
        count(distinct email)                       as email_count,
        count(distinct initial)                     as first_initial_count
    from (
        select
            phone_e164,
            unnest(case when len(emails) = 0 then [null] else emails end) as email,
            -- a first-name field that repeats the surname (some lists do) says nothing
            case when lower(first_name) <> lower(coalesce(last_name, ''))
                 then left(lower(strip_accents(first_name)), 1) end as initial
        from nodes
        where phone_e164 is not null
    )
    group by phone_e164

),

phone_links as (

    select
        n.identity_key                              as from_key,
        'phone:' || md5(n.phone_e164)               as to_key,
        'phone'                                     as match_rule
    from nodes as n
    join phone_lines as l
        on l.phone_e164 = n.phone_e164
    where l.email_count <= 1
      and l.first_initial_count <= 1

),

-- The key expression must match int_identity__nodes.identity_key.
browser_user_links as (

    select distinct
        'web:anonymous_id:' || coalesce(source_id, '') || ':' || anonymous_id as from_key,
        'web:user_id:' || coalesce(source_id, '') || ':' || user_id           as to_key,
        'web_identify'                                                         as match_rule
    from {{ ref('stg_web__events') }}
    where anonymous_id is not null
      and user_id is not null

),

-- The key expressions must match int_identity__nodes.identity_key.
lead_conversions as (

    select
        'salesforce:leads:' || coalesce(source_id, '') || ':' || lead_id                  as from_key,
        'salesforce:contacts:' || coalesce(source_id, '') || ':' || converted_contact_id  as to_key,
        'crm_xref'                                                                          as match_rule
    from {{ ref('stg_salesforce__leads') }}
    where is_converted
      and converted_contact_id is not null

),

probabilistic_links as (

    select
        left_key                                    as from_key,
        right_key                                   as to_key,
        'probabilistic'                             as match_rule,
        match_weight,
        evidence
    from {{ ref('int_identity__scored_pairs') }}
    where is_match

),

deterministic as (

    select distinct from_key, to_key, match_rule from email_links
    union
    select from_key, to_key, match_rule from phone_links
    union
    select from_key, to_key, match_rule from browser_user_links
    union
    select from_key, to_key, match_rule from lead_conversions

)

select from_key, to_key, match_rule, cast(null as double) as match_weight, cast(null as varchar) as evidence
from deterministic
union all
select from_key, to_key, match_rule, match_weight, evidence
from probabilistic_links
