-- rpt_sales_funnel reconciles EXACTLY with staging: per source, the stage counts sum
-- to the records of the source (HubSpot contacts, Salesforce opportunities, fxiaoke
-- accounts); Salesforce stage counts equal fct_opportunities', which equals
-- int_opportunities' rows.

with

staging as (

    select 'hubspot' as source_system, count(*) as record_count from {{ ref('stg_hubspot__contacts') }}
    union all
    select 'salesforce', count(*) from {{ ref('stg_salesforce__opportunities') }}
    union all
    select 'fxiaoke', count(*) from {{ ref('stg_fxiaoke__accounts') }}

),

funnel as (

    select source_system, sum(record_count) as record_count
    from {{ ref('rpt_sales_funnel') }}
    group by source_system

),

opportunity_stages as (

    select
        coalesce(f.lifecycle_stage, r.lifecycle_stage) as lifecycle_stage,
        coalesce(f.n, 0) as fct_count,
        coalesce(r.n, 0) as rpt_count
    from (select lifecycle_stage, count(*) as n from {{ ref('fct_opportunities') }} group by 1) as f
    full outer join (
        select lifecycle_stage, record_count as n from {{ ref('rpt_sales_funnel') }}
        where source_system = 'salesforce'
    ) as r on f.lifecycle_stage = r.lifecycle_stage

),

checks as (

    select
        'records ' || staging.source_system || ' staging vs funnel' as measure,
        staging.record_count as expected,
        funnel.record_count as actual
    from staging
    left join funnel on staging.source_system = funnel.source_system
    union all
    select 'salesforce ' || lifecycle_stage || ' fct vs funnel', fct_count, rpt_count from opportunity_stages
    union all
    select
        'opportunities int vs fct',
        (select count(*) from {{ ref('int_opportunities') }}),
        (select count(*) from {{ ref('fct_opportunities') }})

)

select * from checks where expected is distinct from actual
