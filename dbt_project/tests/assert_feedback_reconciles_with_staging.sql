-- Feedback reconciles EXACTLY: staging tickets = int_feedback = fct_feedback = sum over
-- rpt_feedback_summary = sum of feedback tickets over rpt_channel_effectiveness, in
-- tickets, open tickets and rated tickets; and per category, fct = report.

with

staging as (

    select count(*) as ticket_count from {{ ref('stg_feedback__tickets') }}

),

intermediate as (

    select count(*) as ticket_count from {{ ref('int_feedback') }}

),

facts as (

    select
        count(*) as ticket_count,
        count(*) filter (where is_open) as open_count,
        count(satisfaction) as rated_count
    from {{ ref('fct_feedback') }}

),

summary as (

    select
        sum(ticket_count) as ticket_count,
        sum(open_ticket_count) as open_count,
        sum(rated_ticket_count) as rated_count,
        sum(source_categorized_count + rule_categorized_count + default_categorized_count) as categorized_count
    from {{ ref('rpt_feedback_summary') }}

),

channels as (

    select
        sum(feedback_ticket_count) as ticket_count,
        sum(open_feedback_count) as open_count,
        sum(rated_feedback_count) as rated_count
    from {{ ref('rpt_channel_effectiveness') }}

),

per_category as (

    select
        coalesce(f.category, s.category) as category,
        coalesce(f.n, 0) as fct_count,
        coalesce(s.n, 0) as rpt_count
    from (select category, count(*) as n from {{ ref('fct_feedback') }} group by 1) as f
    full outer join (select category, sum(ticket_count) as n from {{ ref('rpt_feedback_summary') }} group by 1) as s
        on f.category = s.category

),

checks as (

    select 'tickets staging vs int' as measure, staging.ticket_count as expected, intermediate.ticket_count as actual from staging, intermediate
    union all
    select 'tickets int vs fct', intermediate.ticket_count, facts.ticket_count from intermediate, facts
    union all
    select 'tickets fct vs summary', facts.ticket_count, summary.ticket_count from facts, summary
    union all
    select 'tickets fct vs summary categorization', facts.ticket_count, summary.categorized_count from facts, summary
    union all
    select 'tickets fct vs channel report', facts.ticket_count, channels.ticket_count from facts, channels
    union all
    select 'open fct vs summary', facts.open_count, summary.open_count from facts, summary
    union all
    select 'open fct vs channel report', facts.open_count, channels.open_count from facts, channels
    union all
    select 'rated fct vs summary', facts.rated_count, summary.rated_count from facts, summary
    union all
    select 'rated fct vs channel report', facts.rated_count, channels.rated_count from facts, channels
    union all
    select 'category ' || category || ' fct vs summary', fct_count, rpt_count from per_category

)

select * from checks where expected is distinct from actual
