-- One row per live Salesforce opportunity: the raw StageName and its unified
-- lifecycle stage, the account with its classified industry, amount and outcome.
-- Opportunities belong to accounts, not to one person, so they carry no
-- mention_key / customer_id.

with

opportunities as (

    select * from {{ ref('int_opportunities') }}

),

stages as (

    select record_id, lifecycle_stage, stage_order
    from {{ ref('int_lifecycle_stages') }}
    where source_system = 'salesforce' and record_type = 'opportunity'

),

industries as (

    select record_id, industry
    from {{ ref('int_industry_classified') }}
    where source_system = 'salesforce' and record_type = 'account'

)

select
    opportunities.opportunity_key,
    opportunities.opportunity_id,
    opportunities.source_system,
    opportunities.opportunity_name,
    opportunities.account_id,
    opportunities.account_name,
    opportunities.is_account_found,
    opportunities.industry as source_industry,
    coalesce(industries.industry, 'Unknown') as industry,
    opportunities.stage_name,
    stages.lifecycle_stage,
    stages.stage_order,
    opportunities.amount,
    opportunities.close_date,
    opportunities.created_at,
    coalesce(opportunities.is_closed, stages.lifecycle_stage in ('customer', 'lost')) as is_closed,
    coalesce(opportunities.is_won, stages.lifecycle_stage = 'customer') as is_won,
    opportunities.lead_source,
    opportunities.owner_id

from opportunities
inner join stages on opportunities.opportunity_id = stages.record_id
left join industries on opportunities.account_id = industries.record_id
