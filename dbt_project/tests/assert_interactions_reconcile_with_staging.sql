-- Interactions reconcile EXACTLY: staging (Zoho calls + fxiaoke follow-ups) =
-- int_interactions = fct_interactions = sum over rpt_channel_effectiveness, in count,
-- successful and rated interactions, and satisfaction total (avg × rated).

with

staging as (

    select
        (select count(*) from {{ ref('stg_zoho_crm__calls') }})
        + (select count(*) from {{ ref('stg_fxiaoke__followups') }}) as interaction_count

),

intermediate as (

    select count(*) as interaction_count from {{ ref('int_interactions') }}

),

facts as (

    select
        count(*) as interaction_count,
        count(*) filter (where is_follow_up_success) as successful_count,
        count(is_follow_up_success) as with_outcome_count,
        count(satisfaction) as rated_count,
        count(*) filter (where interaction_type = 'call') as call_count
    from {{ ref('fct_interactions') }}

),

report as (

    select
        sum(interaction_count) as interaction_count,
        sum(successful_interaction_count) as successful_count,
        sum(interactions_with_outcome) as with_outcome_count,
        sum(rated_interaction_count) as rated_count,
        sum(call_count) as call_count
    from {{ ref('rpt_channel_effectiveness') }}

),

checks as (

    select 'interactions staging vs int' as measure, staging.interaction_count as expected, intermediate.interaction_count as actual from staging, intermediate
    union all
    select 'interactions int vs fct', intermediate.interaction_count, facts.interaction_count from intermediate, facts
    union all
    select 'interactions fct vs rpt', facts.interaction_count, report.interaction_count from facts, report
    union all
    select 'successful fct vs rpt', facts.successful_count, report.successful_count from facts, report
    union all
    select 'with outcome fct vs rpt', facts.with_outcome_count, report.with_outcome_count from facts, report
    union all
    select 'rated fct vs rpt', facts.rated_count, report.rated_count from facts, report
    union all
    select 'calls fct vs rpt', facts.call_count, report.call_count from facts, report

)

select * from checks where expected is distinct from actual
