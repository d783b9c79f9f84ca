-- depends_on: {{ ref('int_identity__clusters') }}
-- Identity stitching, step 3b: the identity graph's edges as the last build clustered
-- them. Built after int_identity__clusters (hence the depends_on above), so it only
-- moves on once the components are; the next build's int_identity__clusters compares
-- the edges with it to find the components to recompute.

select from_key, to_key, match_rule
from {{ ref('int_identity__edges') }}
