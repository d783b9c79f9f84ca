-- The latest version of each linkedin_ads ad analytics day (LinkedIn restates recent days:
-- the newest reading wins), kept up to date incrementally from what landed since.
{{ config(materialized='incremental', unique_key=['_source_id', 'campaign_id', 'date_range__start__year', 'date_range__start__month', 'date_range__start__day'], on_schema_change='append_new_columns') }}

{{ latest_records(source('linkedin_ads', 'ad_analytics'), ['campaign_id', 'date_range__start__year', 'date_range__start__month', 'date_range__start__day']) }}
