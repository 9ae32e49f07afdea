-- Company accounts of Salesforce (Account) and fxiaoke (客户), one row per account,
-- with the industry classified onto the taxonomy, the lifecycle stage unified
-- (Salesforce account Type, fxiaoke 成交状态), and contact / opportunity counts.
-- Accounts are companies, not customer mentions: they carry no mention_key or
-- customer_id. fxiaoke account names are not unique.

with

salesforce_accounts as (

    select * from {{ ref('stg_salesforce__accounts') }}

),

fxiaoke_accounts as (

    select * from {{ ref('stg_fxiaoke__accounts') }}

),

industries as (

    select * from {{ ref('int_industry_classified') }} where record_type = 'account'

),

stages as (

    select * from {{ ref('int_lifecycle_stages') }} where record_type = 'account'

),

salesforce_contacts as (

    select account_id, count(*) as contact_count
    from {{ ref('int_salesforce__contacts_joined_to_accounts') }}
    where is_account_found
    group by account_id

),

fxiaoke_contacts as (

    select account_id, count(*) as contact_count
    from {{ ref('int_fxiaoke__contacts_joined_to_accounts') }}
    where account_id is not null
    group by account_id

),

opportunities as (

    select
        account_id,
        count(*) as opportunity_count,
        count(*) filter (where not coalesce(is_closed, false)) as open_opportunity_count,
        count(*) filter (where is_won) as won_opportunity_count,
        coalesce(sum(amount) filter (where is_won), 0) as won_amount
    from {{ ref('fct_opportunities') }}
    where account_id is not null
    group by account_id

),

accounts as (

    select
        'salesforce' as source_system,
        account_id,
        account_name,
        account_type,
        cast(null as varchar) as account_level,
        billing_country as country,
        billing_state as province,
        billing_city as city,
        owner_id as owner,
        created_at
    from salesforce_accounts

    union all

    select
        'fxiaoke',
        account_id,
        account_name,
        cast(null as varchar),
        account_level,
        cast(null as varchar),
        province,
        city,
        owner_name,
        created_at
    from fxiaoke_accounts

)

select
    accounts.source_system || ':' || accounts.account_id as account_key,
    accounts.source_system,
    accounts.account_id,
    accounts.account_name,
    industries.source_industry,
    industries.industry,
    accounts.account_type,
    accounts.account_level,
    stages.source_stage,
    stages.lifecycle_stage,
    accounts.country,
    accounts.province,
    accounts.city,
    accounts.owner,
    accounts.created_at,
    coalesce(salesforce_contacts.contact_count, fxiaoke_contacts.contact_count, 0) as contact_count,
    (case when accounts.source_system = 'salesforce' then coalesce(opportunities.opportunity_count, 0) end)
        as opportunity_count,
    (case when accounts.source_system = 'salesforce' then coalesce(opportunities.open_opportunity_count, 0) end)
        as open_opportunity_count,
    (case when accounts.source_system = 'salesforce' then coalesce(opportunities.won_opportunity_count, 0) end)
        as won_opportunity_count,
    (case when accounts.source_system = 'salesforce' then coalesce(opportunities.won_amount, 0) end)
        as won_amount

from accounts
left join industries
    on accounts.source_system = industries.source_system
    and accounts.account_id = industries.record_id
left join stages
    on accounts.source_system = stages.source_system
    and accounts.account_id = stages.record_id
left join salesforce_contacts
    on accounts.source_system = 'salesforce'
    and accounts.account_id = salesforce_contacts.account_id
left join fxiaoke_contacts
    on accounts.source_system = 'fxiaoke'
    and accounts.account_id = fxiaoke_contacts.account_id
left join opportunities
    on accounts.source_system = 'salesforce'
    and accounts.account_id = opportunities.account_id
