-- Every change of customer_id, one row per change: which id gave way to which, when,
-- why, and the source records (identity keys) that moved.
--
--   new    a customer seen for the first time (old_customer_id is null); a record
--          joining an existing customer changes no id and is no row
--   merge  old_customer_id retired: its records now belong to new_customer_id (the
--          older of the two, int_identity__components)
--   split  some of old_customer_id's records left it for new_customer_id; old_customer_id
--          lives on with the part holding its earliest member
--
-- Appended to on every build (incremental, and kept through --full-refresh): a build
-- adds the changes int_identity__components made since the newest row here. Records
-- that have left the graph (deleted at the source, or erased by `forget`) are dropped
-- from identity_keys by the post-hooks, and a change none of whose records is left goes
-- with them: an erased person's customer ids leave the history too.

{{ config(
    materialized='incremental',
    full_refresh=false,
    post_hook=[
        "{{ identity_history_drop_gone_records(this, ref('int_identity__components')) }}",
        "delete from {{ this }} where len(identity_keys) = 0"
    ]
) }}

with components as (

    select identity_key, customer_id, customer_assigned_at, assigned_at, replaced_customer_id
    from {{ ref('int_identity__components') }}

),

moves as (

    select
        replaced_customer_id                        as old_customer_id,
        customer_id                                 as new_customer_id,
        assigned_at                                 as changed_at,
        customer_assigned_at,
        identity_key
    from components
    where customer_id is not null
    {% if is_incremental() %}
      and assigned_at > (select coalesce(max(changed_at), '-infinity'::timestamptz) from {{ this }})
    {% endif %}

),

live_ids as (

    select distinct customer_id from components where customer_id is not null

),

changes as (

    select
        old_customer_id,
        new_customer_id,
        changed_at,
        case
            when old_customer_id is null then 'new'
            when old_customer_id in (select customer_id from live_ids) then 'split'
            else 'merge'
        end                                         as reason,
        list_sort(list(identity_key))               as identity_keys
    from moves
    -- a record new to a customer that already existed changes no id
    where old_customer_id is not null
       or customer_assigned_at = changed_at
    group by old_customer_id, new_customer_id, changed_at

)

select old_customer_id, new_customer_id, changed_at, reason, identity_keys
from changes
-- a part split off with a brand-new record in it is one split, not also a new customer
where not (
    reason = 'new'
    and new_customer_id in (select new_customer_id from changes where old_customer_id is not null)
)
