-- The latest version of each web events record (tombstones included: the
-- staging model drops them), kept up to date incrementally from what landed since.
{{ config(materialized='incremental', unique_key=['_source_id', 'message_id']) }}

{{ latest_records(source('web', 'events'), ['message_id']) }}
