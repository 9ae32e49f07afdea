-- Salesforce contacts with their account's company name and industry (via AccountId).
-- Live records only: deleted contacts and deleted accounts are already gone in staging,
-- so a contact whose account is missing or deleted keeps NULL company fields and is
-- flagged by is_account_found = false.

with

contacts as (

    select * from {{ ref('stg_salesforce__contacts') }}

),

accounts as (

    select * from {{ ref('stg_salesforce__accounts') }}

)

select
    contacts.*,
    accounts.account_name,
    accounts.industry,
    accounts.account_type,
    accounts.account_id is not null as is_account_found

from contacts
left join accounts on contacts.account_id = accounts.account_id
