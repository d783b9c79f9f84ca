-- Identity stitching, step 2: the links between identities, deterministic rules only.
--
--   email         a CRM contact or Mailchimp member → the node of its normalised email
--                 ('email:' || md5(address)); identities sharing an address meet there.
--   web_identify  a browser or site user → the email its identify traits carried, and a
--                 browser ↔ the user_id it was identified as (identify sets userId on the
--                 browser's later calls too, so any event carrying both is a link).
--   crm_xref      reserved for CRM cross-references (e.g. a Salesforce id on a HubSpot
--                 contact); no source provides one yet.
--
-- Email nodes are graph-only helpers: they never become identities or customers.

with nodes as (

    select identity_key, source, emails
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

)

select distinct from_key, to_key, match_rule from email_links
union
select from_key, to_key, match_rule from browser_user_links
