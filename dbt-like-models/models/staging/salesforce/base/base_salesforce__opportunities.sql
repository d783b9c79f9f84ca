-- The latest version of each Salesforce opportunity record (tombstones included: the
-- staging model drops them), kept up to date incrementally from what landed since.
{{ config(materialized='incremental', unique_key=['_source_id', 'id'], on_schema_change='append_new_columns') }}

{{ latest_records(source('salesforce', 'opportunities'), ['id']) }}
