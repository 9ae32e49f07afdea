-- Feedback by category and channel: tickets, satisfaction, open tickets, and how the
-- category was decided (the ticket's own, a keyword rule, or the default).

with

feedback as (

    select * from {{ ref('fct_feedback') }}

),

categories as (

    select category, sort_order from {{ ref('feedback_categories') }}

),

channels as (

    select channel, sort_order from {{ ref('channels') }}

),

summary as (

    select
        category,
        channel,
        count(*) as ticket_count,
        count(*) filter (where is_open) as open_ticket_count,
        count(distinct customer_id) as distinct_customers,
        count(satisfaction) as rated_ticket_count,
        avg(satisfaction) as avg_satisfaction,
        count(*) filter (where category_source = 'source') as source_categorized_count,
        count(*) filter (where category_source = 'rule') as rule_categorized_count,
        count(*) filter (where category_source = 'default') as default_categorized_count
    from feedback
    group by category, channel

)

select
    summary.category || ':' || summary.channel as feedback_summary_key,
    summary.category,
    summary.channel,
    categories.sort_order as category_sort_order,
    channels.sort_order as channel_sort_order,
    summary.ticket_count,
    round(summary.ticket_count / sum(summary.ticket_count) over (), 4) as share_of_tickets,
    summary.open_ticket_count,
    summary.distinct_customers,
    summary.rated_ticket_count,
    round(summary.avg_satisfaction, 2) as avg_satisfaction,
    summary.source_categorized_count,
    summary.rule_categorized_count,
    summary.default_categorized_count

from summary
left join categories on summary.category = categories.category
left join channels on summary.channel = channels.channel
