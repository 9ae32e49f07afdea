{{ config(materialized='table') }}

-- The cheap half of int_customer_mentions: one row per live customer mention across the
-- seven mention roles, canonical columns as each source gives them plus lineage, the
-- source's default phone region (the one preset value standardization reads), and
-- mention_row_hash, a fingerprint of the whole row. Pure SQL, rebuilt every night;
-- int_customer_mentions standardizes only the rows whose (mention_key, mention_row_hash)
-- it does not hold yet.

with

salesforce as (

    select
        'salesforce' as source_system,
        contact_id as source_record_id,
        coalesce(full_name, nullif(concat_ws(' ', first_name, last_name), '')) as full_name,
        first_name as given_name,
        last_name as family_name,
        email,
        phone,
        mobile_phone,
        account_name as company,
        job_title,
        industry,
        mailing_street as street,
        mailing_city as city,
        mailing_state as state_province,
        mailing_postal_code as postal_code,
        mailing_country as country,
        birth_date,
        created_at,
        updated_at,
        account_id as source_account_id,
        export_date,
        ingested_at,
        source_file_path,
        source_record_number

    from {{ ref('int_salesforce__contacts_joined_to_accounts') }}

),

hubspot as (

    select
        'hubspot' as source_system,
        contact_id as source_record_id,
        nullif(concat_ws(' ', first_name, last_name), '') as full_name,
        first_name as given_name,
        last_name as family_name,
        email,
        phone,
        mobile_phone,
        company_name as company,
        job_title,
        industry,
        street_address as street,
        city,
        state_region as state_province,
        postal_code,
        country_region as country,
        created_at,
        export_date,
        ingested_at,
        source_file_path,
        source_record_number

    from {{ ref('stg_hubspot__contacts') }}

),

zoho_crm as (

    select
        'zoho_crm' as source_system,
        contact_id as source_record_id,
        nullif(concat_ws(' ', first_name, last_name), '') as full_name,
        first_name as given_name,
        last_name as family_name,
        email,
        email_secondary,
        phone,
        mobile_phone,
        account_name as company,
        job_title,
        mailing_street as street,
        mailing_city as city,
        mailing_state as state_province,
        mailing_zip as postal_code,
        mailing_country as country,
        birth_date,
        created_at,
        updated_at,
        export_date,
        ingested_at,
        source_file_path,
        source_record_number

    from {{ ref('stg_zoho_crm__contacts') }}

),

fxiaoke as (

    select
        'fxiaoke' as source_system,
        contact_id as source_record_id,
        full_name,
        email,
        phone,
        mobile_phone,
        account_name as company,
        job_title,
        industry,
        street_address as street,
        district,
        city,
        province as state_province,
        birth_date,
        created_at,
        updated_at,
        account_id as source_account_id,
        is_account_ambiguous as is_company_ambiguous,
        export_date,
        ingested_at,
        source_file_path,
        source_record_number

    from {{ ref('int_fxiaoke__contacts_joined_to_accounts') }}

),

shopify as (

    -- one mention per order (not per line item): the billing identity
    select
        'shopify' as source_system,
        order_name as source_record_id,
        billing_name as full_name,
        email,
        -- Billing Phone, else Shipping Phone; the order's customer `Phone` as the second number
        coalesce(billing_phone, shipping_phone) as phone,
        customer_phone as mobile_phone,
        billing_street as street,
        billing_city as city,
        billing_province as state_province,
        billing_zip as postal_code,
        billing_country as country,
        created_at,
        export_date,
        ingested_at,
        source_file_path,
        source_record_number

    from {{ ref('stg_shopify__orders') }}

),

taobao as (

    -- the recipient; 收货地址 stays one string in `street` (parsed downstream)
    select
        'taobao' as source_system,
        order_id as source_record_id,
        recipient_name as full_name,
        phone,
        mobile_phone,
        buyer_nick as username,
        shipping_address as street,
        created_at,
        export_date,
        ingested_at,
        source_file_path,
        source_record_number

    from {{ ref('stg_taobao__orders') }}

),

feedback as (

    select
        'feedback' as source_system,
        ticket_id as source_record_id,
        customer_name as full_name,
        email,
        phone,
        created_at,
        export_date,
        ingested_at,
        source_file_path,
        source_record_number

    from {{ ref('stg_feedback__tickets') }}

),

unioned as (

    select * from salesforce
    union all by name
    select * from hubspot
    union all by name
    select * from zoho_crm
    union all by name
    select * from fxiaoke
    union all by name
    select * from shopify
    union all by name
    select * from taobao
    union all by name
    select * from feedback

)

, mentions as (

select
    source_system || ':' || source_record_id as mention_key,
    source_system,
    source_record_id,

    ----------  person
    cast(full_name as varchar) as full_name,
    cast(given_name as varchar) as given_name,
    cast(family_name as varchar) as family_name,
    cast(birth_date as date) as birth_date_raw,

    ----------  contact details
    cast(email as varchar) as email,
    cast(email_secondary as varchar) as email_secondary,
    cast(phone as varchar) as phone,
    cast(mobile_phone as varchar) as mobile_phone,
    cast(username as varchar) as username,

    ----------  organisation
    cast(company as varchar) as company,
    cast(job_title as varchar) as job_title,
    cast(industry as varchar) as industry,
    cast(source_account_id as varchar) as source_account_id,
    cast(coalesce(is_company_ambiguous, false) as boolean) as is_company_ambiguous,

    ----------  address
    cast(street as varchar) as street,
    cast(district as varchar) as district,
    cast(city as varchar) as city,
    cast(state_province as varchar) as state_province,
    cast(postal_code as varchar) as postal_code,
    cast(country as varchar) as country,

    ----------  timestamps (UTC)
    cast(created_at as timestamp) as created_at,
    cast(updated_at as timestamp) as updated_at,

    ----------  lineage
    export_date,
    ingested_at,
    source_file_path,
    source_record_number

from unioned

)

, presets as (

    select source_system, default_region from {{ source('ingestion', 'source_presets') }}

), with_region as (

    select m.*, cast(p.default_region as varchar) as default_region
    from mentions as m
    left join presets as p using (source_system)

)

-- md5 over the JSON of the whole row (column names, values and NULLs, lineage and the
-- default region included): any change of a value, of the lineage (a record re-exported in
-- a later export) or of the source's default region changes the hash.
select
    r.*,
    md5(to_json(r)) as mention_row_hash
from with_region as r
