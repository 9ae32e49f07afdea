-- Live Salesforce opportunities with their account (company name, industry).
-- An opportunity whose account is missing or deleted keeps NULL account fields and
-- is flagged by is_account_found = false. Opportunities belong to accounts, not to
-- one contact, so they carry no mention_key.

with

opportunities as (

    select * from {{ ref('stg_salesforce__opportunities') }}

),

accounts as (

    select * from {{ ref('stg_salesforce__accounts') }}

)

select
    'salesforce:' || opportunities.opportunity_id as opportunity_key,
    opportunities.opportunity_id,
    opportunities.source_system,
    opportunities.account_id,
    accounts.account_name,
    accounts.industry,
    accounts.account_type,
    accounts.account_id is not null as is_account_found,
    opportunities.opportunity_name,
    opportunities.stage_name,
    opportunities.lead_source,
    opportunities.amount,
    opportunities.close_date,
    opportunities.is_closed,
    opportunities.is_won,
    opportunities.owner_id,
    opportunities.created_at,
    opportunities.export_date,
    opportunities.ingested_at,
    opportunities.source_file_path,
    opportunities.source_record_number

from opportunities
left join accounts on opportunities.account_id = accounts.account_id
