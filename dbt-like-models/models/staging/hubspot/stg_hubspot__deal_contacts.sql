-- One row per (deal, associated contact), exploded from stg_hubspot__deals so that
-- the latest-version and tombstone rules are applied once, upstream.

select distinct
    source_id,
    deal_id,
    unnest(contact_ids) as contact_id
from {{ ref('stg_hubspot__deals') }}
