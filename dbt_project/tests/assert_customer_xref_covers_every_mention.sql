-- The entity-resolution crosswalk must hold exactly one row per live customer mention
-- (uniqueness is tested on the source): a mention missing from it would lose its
-- customer_id in the marts. Returns the missing mentions.

select mentions.mention_key
from {{ ref('int_customer_mentions') }} as mentions
left join {{ source('entity_resolution', 'customer_xref') }} as xref
    on mentions.mention_key = xref.mention_key
where xref.mention_key is null
