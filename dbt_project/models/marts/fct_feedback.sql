-- One row per feedback ticket with the channel and category classified (the
-- ticket's own category mapped, or a keyword rule for an empty one) and the resolved
-- customer of the ticket (the ticket is itself a customer mention).

{%- set tz = var('reporting_timezone', 'Asia/Shanghai') %}

with

feedback as (

    select * from {{ ref('int_feedback_classified') }}

),

xref as (

    select mention_key, customer_id from {{ source('entity_resolution', 'customer_xref') }}

)

select
    feedback.ticket_id,
    feedback.mention_key,
    xref.customer_id,
    feedback.created_at,
    cast(timezone('{{ tz }}', timezone('UTC', feedback.created_at)) as date) as created_date,
    feedback.channel,
    feedback.source_channel,
    feedback.category,
    feedback.category_source,
    feedback.category_rule_id,
    feedback.source_category,
    feedback.satisfaction,
    feedback.status,
    -- open until resolved or closed; a ticket without a status counts as open
    coalesce(lower(trim(feedback.status)) not in ('resolved', 'closed', 'done', 'solved', '已解决', '已关闭', '已完成'), true) as is_open,
    feedback.content

from feedback
left join xref on feedback.mention_key = xref.mention_key
