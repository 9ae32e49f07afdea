-- One row per interaction (Zoho calls, fxiaoke follow-ups) with the channel and
-- outcome classified and the resolved customer of the contact it refers to.
-- An interaction whose contact was never delivered keeps NULL mention_key and
-- customer_id (is_reference_resolved = false).

{%- set tz = var('reporting_timezone', 'Asia/Shanghai') %}

with

interactions as (

    select * from {{ ref('int_interactions_classified') }}

),

xref as (

    select mention_key, customer_id from {{ source('entity_resolution', 'customer_xref') }}

)

select
    interactions.interaction_key,
    interactions.source_record_id as interaction_id,
    interactions.source_system,
    interactions.interaction_type,
    interactions.mention_key,
    xref.customer_id,
    interactions.is_reference_resolved,
    interactions.channel,
    interactions.source_channel,
    interactions.direction,
    interactions.occurred_at,
    cast(timezone('{{ tz }}', timezone('UTC', interactions.occurred_at)) as date) as occurred_date,
    interactions.duration_seconds,
    interactions.outcome,
    interactions.source_outcome,
    interactions.is_follow_up_success,
    interactions.satisfaction,
    interactions.subject,
    interactions.content,
    interactions.owner_name,
    interactions.company

from interactions
left join xref on interactions.mention_key = xref.mention_key
