-- The latest version of each Salesforce campaign record (tombstones included: the
-- staging model drops them), kept up to date incrementally from what landed since.
{{ config(materialized='incremental', unique_key=['_source_id', 'id']) }}

{{ latest_records(source('salesforce', 'campaigns'), ['id']) }}
