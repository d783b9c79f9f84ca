-- The latest version of each GA4 report row (date × campaign × source/medium), kept up
-- to date incrementally from what landed since: the restated last days replace theirs.
{{ config(materialized='incremental', unique_key=['_source_id', 'property_id', 'date', 'session_campaign_name', 'session_source_medium'], on_schema_change='append_new_columns') }}

{{ latest_records(source('ga4', 'traffic_by_campaign'), ['property_id', 'date', 'session_campaign_name', 'session_source_medium']) }}
