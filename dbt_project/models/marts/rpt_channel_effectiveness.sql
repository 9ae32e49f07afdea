-- Per channel: how much contact happens there and how well it goes. Interactions
-- (fct_interactions: calls and follow-ups) and feedback tickets (fct_feedback) are
-- counted side by side; a channel appears when it has either.
--   follow_up_success_rate = successful / interactions with a known outcome
--   averages ignore missing satisfaction

with

interactions as (

    select * from {{ ref('fct_interactions') }}

),

feedback as (

    select * from {{ ref('fct_feedback') }}

),

channels as (

    select channel, sort_order from {{ ref('channels') }}

),

interaction_stats as (

    select
        channel,
        count(*) as interaction_count,
        count(*) filter (where interaction_type = 'call') as call_count,
        count(*) filter (where interaction_type = 'followup') as followup_count,
        count(distinct customer_id) as distinct_customers,
        count(*) filter (where customer_id is null) as unresolved_interaction_count,
        count(satisfaction) as rated_interaction_count,
        avg(satisfaction) as avg_satisfaction,
        count(is_follow_up_success) as interactions_with_outcome,
        count(*) filter (where is_follow_up_success) as successful_interaction_count,
        avg(duration_seconds) as avg_duration_seconds
    from interactions
    group by channel

),

feedback_stats as (

    select
        channel,
        count(*) as feedback_ticket_count,
        count(distinct customer_id) as feedback_distinct_customers,
        count(satisfaction) as rated_feedback_count,
        avg(satisfaction) as feedback_avg_satisfaction,
        count(*) filter (where is_open) as open_feedback_count
    from feedback
    group by channel

)

select
    channels.channel,
    channels.sort_order,
    coalesce(interaction_stats.interaction_count, 0) as interaction_count,
    coalesce(interaction_stats.call_count, 0) as call_count,
    coalesce(interaction_stats.followup_count, 0) as followup_count,
    coalesce(interaction_stats.distinct_customers, 0) as distinct_customers,
    coalesce(interaction_stats.unresolved_interaction_count, 0) as unresolved_interaction_count,
    coalesce(interaction_stats.rated_interaction_count, 0) as rated_interaction_count,
    round(interaction_stats.avg_satisfaction, 2) as avg_satisfaction,
    coalesce(interaction_stats.interactions_with_outcome, 0) as interactions_with_outcome,
    coalesce(interaction_stats.successful_interaction_count, 0) as successful_interaction_count,
    round(
        interaction_stats.successful_interaction_count / nullif(interaction_stats.interactions_with_outcome, 0), 4
    ) as follow_up_success_rate,
    round(interaction_stats.avg_duration_seconds, 1) as avg_duration_seconds,
    coalesce(feedback_stats.feedback_ticket_count, 0) as feedback_ticket_count,
    coalesce(feedback_stats.feedback_distinct_customers, 0) as feedback_distinct_customers,
    coalesce(feedback_stats.rated_feedback_count, 0) as rated_feedback_count,
    round(feedback_stats.feedback_avg_satisfaction, 2) as feedback_avg_satisfaction,
    coalesce(feedback_stats.open_feedback_count, 0) as open_feedback_count

from channels
left join interaction_stats on channels.channel = interaction_stats.channel
left join feedback_stats on channels.channel = feedback_stats.channel
where interaction_stats.channel is not null or feedback_stats.channel is not null
