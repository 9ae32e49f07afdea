-- Lifecycle funnel per source: how many records sit at each unified stage, and the
-- stage-to-stage conversion. Sources and grains:
--   hubspot     contacts       (`Lifecycle Stage`)
--   salesforce  opportunities  (`StageName`)
--   fxiaoke     accounts       (成交状态)
-- Every stage appears for every source (zero counts included). Conversion is from
-- the current snapshot, not from stage history (the exports carry none):
--   reached_count   records at this funnel stage or a later one
--                   (lead < qualified < opportunity < customer); lost and other
--                   records are outside the forward funnel and not counted
--   conversion_rate_from_previous = reached_count / reached_count of the previous
--                   funnel stage (NULL for lead and for lost / other)
--   win_rate        on the customer row: customer / (customer + lost), the share of
--                   closed records that were won

with

records as (

    select * from {{ ref('int_lifecycle_stages') }}

),

funnel_sources as (

    select * from (values
        ('hubspot', 'contact'),
        ('salesforce', 'opportunity'),
        ('fxiaoke', 'account')
    ) as t (source_system, record_type)

),

stages as (

    select * from {{ ref('lifecycle_stages') }}

),

grid as (

    select
        funnel_sources.source_system,
        funnel_sources.record_type,
        stages.lifecycle_stage,
        stages.stage_order,
        stages.is_funnel_stage
    from funnel_sources
    cross join stages

),

counts as (

    select
        source_system,
        record_type,
        lifecycle_stage,
        count(*) as record_count
    from records
    group by source_system, record_type, lifecycle_stage

),

counted as (

    select
        grid.*,
        coalesce(counts.record_count, 0) as record_count
    from grid
    left join counts
        on grid.source_system = counts.source_system
        and grid.record_type = counts.record_type
        and grid.lifecycle_stage = counts.lifecycle_stage

),

reached as (

    select
        *,
        (case when is_funnel_stage then
            sum(case when is_funnel_stage then record_count else 0 end) over (
                partition by source_system, record_type
                order by stage_order
                rows between current row and unbounded following
            )
        end) as reached_count,
        sum(record_count) over (partition by source_system, record_type) as source_record_count,
        sum(case when lifecycle_stage in ('customer', 'lost') then record_count else 0 end)
            over (partition by source_system, record_type) as closed_count
    from counted

),

with_previous as (

    select
        *,
        lag(reached_count) over (
            partition by source_system, record_type, is_funnel_stage
            order by stage_order
        ) as previous_reached_count
    from reached

)

select
    source_system || ':' || record_type || ':' || lifecycle_stage as funnel_key,
    source_system,
    record_type,
    lifecycle_stage,
    stage_order,
    is_funnel_stage,
    record_count,
    source_record_count,
    round(record_count / nullif(source_record_count, 0), 4) as share_of_records,
    cast(reached_count as bigint) as reached_count,
    (case when is_funnel_stage then
        round(reached_count / nullif(previous_reached_count, 0), 4)
    end) as conversion_rate_from_previous,
    (case when lifecycle_stage = 'customer' then
        round(record_count / nullif(closed_count, 0), 4)
    end) as win_rate

from with_previous
