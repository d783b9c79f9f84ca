-- The latest version of each mailchimp email activity record (tombstones included: the
-- staging model drops them), kept up to date incrementally from what landed since.
{{ config(materialized='incremental', unique_key=['_source_id', 'campaign_id', 'email_id', 'action', 'timestamp'], on_schema_change='append_new_columns') }}

{{ latest_records(source('mailchimp', 'email_activity'), ['campaign_id', 'email_id', 'action', 'timestamp']) }}
