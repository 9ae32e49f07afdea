{{ config(materialized='table') }}

-- One row per live customer mention across the seven mention roles of the contract
-- ("Record identity"), keyed (source_system, source_record_id): first the canonical
-- columns as each source gives them (guards stripped, trimmed), then their
-- standardized twins (names split and in pinyin, E.164 phones, canonical emails,
-- company and address keys) that entity resolution compares.

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

-- Standardization: the std_* functions are Python (phonenumbers, pypinyin) registered on
-- dbt's DuckDB connection by the standardize.dbt_plugin; each is vectorized over Arrow
-- batches and computes every distinct input once. Every standardized column keeps its
-- raw twin above and a *_reject_reason when it came out NULL.
, presets as (

    select source_system, default_region from {{ source('ingestion', 'source_presets') }}

), parsed as (

    select
        m.*,
        std_name(m.full_name, m.given_name, m.family_name) as n,
        std_email(m.email) as e,
        std_country(m.country) as country_iso2,
        case when m.source_system = 'taobao' then std_cn_address(m.street) end as a,
        p.default_region
    from mentions as m
    left join presets as p using (source_system)

), hinted as (

    -- Which country's numbering plan to read a phone without a country code in:
    -- the record's own evidence first (country, a Chinese province, the email's
    -- country-code domain or a Chinese mail provider), the source's default last.
    select
        *,
        coalesce(a.country_iso2, country_iso2) as country_code,
        coalesce(
            a.country_iso2,
            country_iso2,
            case when std_cn_province(state_province) is not null then 'CN' end,
            case
                when e.domain in ('qq.com', '163.com', '126.com', 'sina.com', 'sina.cn', 'sohu.com', 'foxmail.com',
                                  'aliyun.com', 'yeah.net', '139.com') then 'CN'
                when regexp_matches(e.domain, '\.(cn|de|fr|au|sg|hk|tw|jp|kr|ca|uk)$')
                    then replace(upper(regexp_extract(e.domain, '\.([a-z]{2})$', 1)), 'UK', 'GB')
            end,
            default_region
        ) as phone_region
    from parsed

), first_read as (

    select
        *,
        std_phone(mobile_phone, phone_region) as pm1,
        std_phone(phone, phone_region) as pf1
    from hinted

), phoned as (

    -- A record's two phones vouch for each other: when one is read in another country
    -- (it carries its country code, or its grouping is North American), the other is
    -- read in that country first. Then the record's region, then the source default.
    select
        *,
        case
            when pf1.is_valid and pf1.region <> phone_region and std_phone(mobile_phone, pf1.region).is_valid
                then std_phone(mobile_phone, pf1.region)
            when pm1.is_valid or phone_region = default_region then pm1
            else std_phone(mobile_phone, default_region)
        end as pm,
        case
            when pm1.is_valid and pm1.region <> phone_region and std_phone(phone, pm1.region).is_valid
                then std_phone(phone, pm1.region)
            when pf1.is_valid or phone_region = default_region then pf1
            else std_phone(phone, default_region)
        end as pf
    from first_read

)

select
    * exclude (n, e, a, pm, pf, pm1, pf1, country_iso2, default_region, phone_region),

    ----------  names (pinyin for Han names, so 张伟 and Wei ZHANG compare)
    n.full_name as full_name_clean,
    n.name_script,
    case when n.name_script = 'han' then n.family_name end as family_name_han,
    case when n.name_script = 'han' then n.given_name end as given_name_han,
    n.family_name_latin,
    n.given_name_latin,
    n.given_name_canonical,
    n.full_name_latin,
    n.honorific,
    n.reject_reason as name_reject_reason,

    ----------  email
    e.email as email_normalized,
    case when e.is_valid then e.canonical end as email_canonical,
    e.domain as email_domain,
    coalesce(e.is_valid, false) as email_is_valid,
    e.reject_reason as email_reject_reason,

    ----------  phones: the mobile column first, then the other one
    coalesce(pm.e164, pf.e164) as phone_e164,
    case when pm.e164 is not null and pf.e164 is not null and pm.e164 <> pf.e164 then pf.e164 end as phone_e164_alt,
    case when pm.e164 is not null then pm.type else pf.type end as phone_type,
    case when pm.e164 is not null then pm.extension else pf.extension end as phone_extension,
    (pm.e164 is not null or pf.e164 is not null) as phone_is_valid,
    case when pm.e164 is null and pf.e164 is null
         then coalesce(nullif(pm.reject_reason, 'empty'), pf.reject_reason) end as phone_reject_reason,

    ----------  company and address
    std_company(company) as company_key,
    coalesce(a.province, std_cn_province(state_province)) as province_std,
    nullif(std_pinyin(regexp_replace(coalesce(a.city, city), '市$', '')), '') as city_key,
    coalesce(a.postal_code, regexp_replace(postal_code, '\s', '', 'g')) as postal_code_std,
    nullif(lower(regexp_replace(coalesce(a.street || coalesce(a.detail, ''), street), '[\s,.#\-()（）]+', '', 'g')), '')
        as address_key,

    ----------  birth date: placeholders and impossible values are flagged, not kept as facts
    case
        when birth_date_raw is null then null
        when birth_date_raw in (date '1900-01-01', date '1970-01-01') then 'placeholder'
        when birth_date_raw > coalesce(cast(updated_at as date), current_date) then 'future'
        when birth_date_raw < date '1900-01-02' then 'implausible'
    end as birth_date_reject_reason,
    case
        when birth_date_raw in (date '1900-01-01', date '1970-01-01') then null
        when birth_date_raw > coalesce(cast(updated_at as date), current_date) then null
        when birth_date_raw < date '1900-01-02' then null
        else birth_date_raw
    end as birth_date

from phoned
